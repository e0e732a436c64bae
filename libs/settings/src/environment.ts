/**
 * The one place that reads the process environment (a spec fails on any other `process.env` in
 * apps/ and libs/). It is read when called, never cached at import: the e2e tests set variables
 * and then start an api or a worker in the same process.
 */
export type Env = Record<string, string | undefined>;

/** The environment as it is now. Callers validate it through the settings schema (settings-schema.ts). */
export function environment(): Env {
  return process.env;
}
