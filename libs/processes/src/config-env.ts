/**
 * Reads one numeric setting of a process from the environment, falling back to its documented
 * default. Every local-rule number (notice days, limits, deadlines) goes through here so that the
 * README's configuration table and the code agree.
 */
export type Env = Record<string, string | undefined>;

export function numberSetting(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`配置项 ${name} 必须是非负数字，当前为 "${raw}"`);
  }
  return value;
}

export function listSetting(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}
