import { environment } from '@app/settings';
import type { Env } from './config-env';
import type { ProcessDefinition } from './definition';
import { housingRenovation } from './housing-renovation';
import { temporaryAssistance } from './temporary-assistance';
import { legalAid } from './legal-aid';
import { minimumLivingAllowance } from './minimum-living-allowance';
import { auditRectification } from './audit-rectification';
import { assertDefinitions, guardRaisedFlags } from './registry-checks';

/**
 * The registered processes. Cases record key and version; a new machine version is added here
 * beside the old one, so old cases keep running on the version they started with.
 *
 * Every definition is checked against its machine first (registry-checks.ts): on a mismatch the
 * constructor throws with every problem listed, so the api and the worker refuse to start.
 */
export class ProcessRegistry {
  private readonly byKeyVersion = new Map<string, ProcessDefinition>();
  private readonly latestByKey = new Map<string, ProcessDefinition>();

  constructor(definitions: ProcessDefinition[]) {
    assertDefinitions(definitions);
    for (const d of definitions.map(guardRaisedFlags)) {
      this.byKeyVersion.set(`${d.key}@${d.version}`, d);
      const latest = this.latestByKey.get(d.key);
      if (!latest || latest.version < d.version) this.latestByKey.set(d.key, d);
    }
  }

  latest(key: string): ProcessDefinition | undefined {
    return this.latestByKey.get(key);
  }

  get(key: string, version: number): ProcessDefinition {
    const d = this.byKeyVersion.get(`${key}@${version}`);
    if (!d) throw new Error(`process ${key}@${version} is not registered`);
    return d;
  }

  all(): ProcessDefinition[] {
    return [...this.latestByKey.values()];
  }

  /** Every registered version, old ones included (reports count cases of every version). */
  everyVersion(): ProcessDefinition[] {
    return [...this.byKeyVersion.values()];
  }

  keys(): string[] {
    return [...this.latestByKey.keys()];
  }
}

/**
 * The one line a new process adds: its definition in this list. `extra` is for tests only
 * (test-only definitions beside the real ones, e.g. test/support/recurring-process.ts).
 */
export function loadProcessRegistry(env: Env = environment(), extra: ProcessDefinition[] = []): ProcessRegistry {
  return new ProcessRegistry([housingRenovation(env), temporaryAssistance(env), legalAid(env), minimumLivingAllowance(env), auditRectification(env), ...extra]);
}
