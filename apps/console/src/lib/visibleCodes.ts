/**
 * Codes a person should never have to read: snake_case codes (`concealment_or_false_evidence`),
 * UPPER_SNAKE event names (`TASK_CLAIM_EXPIRED`) and UUIDs. The browser tests run this over a
 * page's visible text; a hit means a value lacks its title in the definitions or a display name.
 */
export const CODE_PATTERNS: readonly RegExp[] = [
  /\b[a-z]+_[a-z_]+\b/g,
  /\b[A-Z]+_[A-Z_]+\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
];

/** Every code in `text`, in order of the patterns, duplicates once. */
export function codesIn(text: string): string[] {
  const found = new Set<string>();
  for (const p of CODE_PATTERNS) for (const m of text.matchAll(p)) found.add(m[0]);
  return [...found];
}
