/**
 * Labels for generated inputs and shown values. A bilingual schema title ({zh, en}) wins; then the
 * process's own titles (GET /api/processes: titles.fields / titles.values, and its state titles for
 * values that name a state, and flag codes by the process declaring them); then the console's dictionary, which holds only words of the api
 * contract itself (the filing envelope: `field.villageCode`, `field.applicant.<key>` under the
 * 'applicant' namespace); then a plain string title; then the code itself.
 */
import type { JsonSchema, Text } from '../api/types';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { EnumOption } from './schema';

const isText = (x: unknown): x is Text => !!x && typeof x === 'object' && 'zh' in (x as object);

export interface Labels {
  field(key: string, schema?: JsonSchema, dictKey?: string): string;
  option(option: EnumOption): string;
  /** A value shown read-only: an enum value or a state id of the process, else undefined. */
  value(value: string): string | undefined;
  hint(schema: JsonSchema): string | undefined;
}

export function useLabels(processKey?: string): Labels {
  const { tx, maybe } = useI18n();
  const { process, processes } = useSession();
  const def = processKey ? process(processKey) : undefined;
  const value = (v: string): string | undefined => {
    const title = def?.titles?.values?.[v] ?? def?.states.find((s) => s.id === v)?.title;
    if (title) return tx(title);
    // A flag code (an audit finding's 所涉预警): the process that declares it, else the engine's word.
    const flag = processes.find((p) => p.flags?.[v])?.flags[v].title;
    return flag ? tx(flag) : maybe(`flag.${v}`);
  };
  return {
    field(key, schema, dictKey) {
      if (isText(schema?.title)) return tx(schema.title);
      const k = dictKey ?? key;
      const own = def?.titles?.fields?.[k] ?? def?.titles?.fields?.[key];
      return (
        (own ? tx(own) : undefined) ??
        // A namespace of the api contract's own fields (FilingPage passes 'applicant' for the applicant block).
        (processKey ? maybe(`field.${processKey}.${k}`) : undefined) ??
        maybe(`field.${k}`) ??
        (typeof schema?.title === 'string' ? schema.title : undefined) ??
        key
      );
    },
    option(option) {
      if (isText(option.title)) return tx(option.title);
      return value(String(option.value)) ?? (typeof option.title === 'string' ? option.title : String(option.value));
    },
    value,
    hint(schema) {
      const d = schema.description;
      return isText(d) ? tx(d) : typeof d === 'string' ? d : undefined;
    },
  };
}
