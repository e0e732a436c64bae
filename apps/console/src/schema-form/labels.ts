/**
 * Labels for generated inputs. A bilingual schema title ({zh, en}) wins; then the console's
 * dictionary (process-specific `field.<process>.<key>`, then `field.<key>`); then a plain string
 * title; then the property name itself.
 */
import type { JsonSchema, Text } from '../api/types';
import { useI18n } from '../i18n';
import type { EnumOption } from './schema';

const isText = (x: unknown): x is Text => !!x && typeof x === 'object' && 'zh' in (x as object);

export interface Labels {
  field(key: string, schema?: JsonSchema, dictKey?: string): string;
  option(option: EnumOption): string;
  hint(schema: JsonSchema): string | undefined;
}

export function useLabels(processKey?: string): Labels {
  const { tx, maybe } = useI18n();
  return {
    field(key, schema, dictKey) {
      if (isText(schema?.title)) return tx(schema.title);
      const k = dictKey ?? key;
      return (
        (processKey ? maybe(`field.${processKey}.${k}`) : undefined) ??
        maybe(`field.${k}`) ??
        (typeof schema?.title === 'string' ? schema.title : undefined) ??
        key
      );
    },
    option(option) {
      if (isText(option.title)) return tx(option.title);
      return maybe(`enum.${option.value}`) ?? (typeof option.title === 'string' ? option.title : String(option.value));
    },
    hint(schema) {
      const d = schema.description;
      return isText(d) ? tx(d) : typeof d === 'string' ? d : undefined;
    },
  };
}
