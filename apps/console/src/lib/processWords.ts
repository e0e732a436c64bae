/**
 * The words of a process come from its definition (GET /api/processes): titles of its fields and
 * values, its flags and its outcomes. The dictionary keeps only the engine's own words (e.g. the
 * flags no process raises), so a new process needs nothing here.
 */
import type { ProcessInfo, ReportCategory, Text } from '../api/types';
import { useI18n } from '../i18n';
import { useSession } from '../session';

/** A flag's title: the process that declares it, else the api's list, else the dictionary (the engine's flags), else the code. */
export function useFlagTitle(fromApi?: Record<string, Text>): (code: string) => string {
  const { processes } = useSession();
  const { tx, label } = useI18n();
  return (code) => {
    for (const p of processes) {
      const f = p.flags?.[code];
      if (f) return tx(f.title);
    }
    return fromApi?.[code] ? tx(fromApi[code]) : label('flag', code);
  };
}

export function outcomeOf(def: ProcessInfo | undefined, outcome: string): { title?: Text; counts?: ReportCategory } {
  return def?.outcomes?.[outcome] ?? {};
}

/** Badge tone of a finished case by how its outcome counts. */
export const OUTCOME_TONE: Record<ReportCategory, string> = {
  completed: 'ok', refused: 'bad', terminated: 'bad', withdrawn: 'muted', exited: 'muted',
};
