/** Logic of the administration pages (users, jurisdiction import), kept apart from React to be tested. */
import type { AdminRole, AdminUser, Level, Problem, UserPatch } from '../api/types';

/** Usernames the api accepts: 3–64 of lowercase letters, digits, `.`, `_`, `-`, not starting with a symbol. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Roles that may sit at a jurisdiction of this level (none until a jurisdiction is chosen). */
export function rolesAt(roles: AdminRole[], level: Level | undefined): AdminRole[] {
  return level ? roles.filter((r) => r.levels.includes(level)) : [];
}

/** The chosen roles still allowed after the jurisdiction (and so the level) changed. */
export function keepFitting(selected: string[], roles: AdminRole[], level: Level | undefined): string[] {
  const fit = new Set(rolesAt(roles, level).map((r) => r.role));
  return selected.filter((r) => fit.has(r));
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export interface UserDraft {
  displayName: string;
  roles: string[];
  jurisdictionCode: string;
}

/**
 * The PATCH body for an edit (only what changed) and whether the api will end the user's sessions
 * (roles or jurisdiction changed), which the confirmation must say. Null when nothing changed.
 */
export function userChanges(before: AdminUser, draft: UserDraft): { patch: UserPatch; endsSessions: boolean } | null {
  const patch: UserPatch = {};
  const displayName = draft.displayName.trim();
  if (displayName !== before.displayName) patch.displayName = displayName;
  if (!sameSet(draft.roles, before.roles)) patch.roles = draft.roles;
  if (draft.jurisdictionCode !== before.jurisdiction.code) patch.jurisdictionCode = draft.jurisdictionCode;
  if (Object.keys(patch).length === 0) return null;
  return { patch, endsSessions: patch.roles !== undefined || patch.jurisdictionCode !== undefined };
}

export interface ImportRowError {
  line: number | null;
  field: string;
  message: string;
}

/** A refused CSV import's row errors, in file order (errors without a line first). */
export function importErrorRows(problem: Problem | undefined): ImportRowError[] {
  const rows = (problem?.errors ?? []).map((e) => ({
    line: typeof e.line === 'number' && Number.isFinite(e.line) ? e.line : null,
    field: e.field ?? '',
    message: e.message ?? '',
  }));
  return rows.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The columns of the import file, in order. */
export const CSV_COLUMNS = ['code', 'name', 'parentCode', 'level'] as const;

/**
 * A CSV file's text: UTF-8 (a BOM is dropped), or GB18030 when the bytes are not UTF-8 (files
 * saved by Excel on Chinese Windows).
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

