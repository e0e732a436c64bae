/** The audit page's words for hash chains: which one the badge verifies, and how a row names its chain. */

/**
 * Which chain the audit page's badge verifies. The case-number filter takes the 8-digit short
 * number the console shows, but the verify endpoint wants the whole id: verifying the typed short
 * number answered "案件不存在" beside a list full of that case's entries (issue 20). So the badge
 * takes the whole id from the rows found; with no case typed, the whole trail (undefined).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case id to verify, undefined for the whole trail, or null: nothing to verify (yet). */
export function chainToVerify(typed: string, rows: Array<{ caseId?: string | null }>, loading: boolean): string | undefined | null {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return undefined;
  if (UUID.test(wanted)) return wanted;
  if (loading) return null;
  const ids = new Set(rows.map((r) => r.caseId?.toLowerCase()).filter((id): id is string => !!id && id.startsWith(wanted)));
  return ids.size === 1 ? [...ids][0] : null;
}

/**
 * A row's chain as people read it: "case:<id>" is the case's chain, "actor:<id>" a person's own
 * entries (sign-ins, exports); each by its short number, never the first 8 characters of "case:ac7…".
 */
export function chainParts(chainId: string): { kind: 'case' | 'actor' | 'other'; short: string } {
  const m = /^(case|actor):(.+)$/.exec(chainId);
  if (!m) return { kind: 'other', short: chainId.length > 12 ? chainId.slice(0, 8) : chainId };
  return { kind: m[1] as 'case' | 'actor', short: m[2].slice(0, 8) };
}
