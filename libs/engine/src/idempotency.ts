import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/audit';
import { Sql, lastStatement } from '@app/db';
import { SessionNotConfirmed, conflict, invalid } from './errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** The longest Idempotency-Key kept (the column's own limit is the same). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** A key past the limit is bad input (400 naming the header), not a conflict with an earlier request. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalid([{ field: 'Idempotency-Key', message: `Idempotency-Key 过长（${key.length} 个字符，至多 ${MAX_IDEMPOTENCY_KEY_LENGTH} 个）`, en: `Idempotency-Key is too long (${key.length} characters, at most ${MAX_IDEMPOTENCY_KEY_LENGTH})` }]);
  }
}

export const requestHash = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * Claims an Idempotency-Key inside the request's transaction. The INSERT waits for a concurrent
 * holder of the same key to finish, so two identical requests never both run. Returns the stored
 * response when the key was already used for the same request; 409 when used for another.
 * If the transaction rolls back, the claim disappears with it.
 */
export async function claimIdempotencyKey(tx: Sql, userId: string, key: string, hash: string): Promise<StoredResponse | null> {
  checkIdempotencyKey(key);
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
    [userId, key, hash],
  );
  if (inserted.length > 0) return null;
  const [row] = await tx.query(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key]);
  if (row.request_hash !== hash) throw conflict({ zh: '该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键', en: 'This Idempotency-Key was used for a different request; use a new key' });
  return { status: row.status_code, body: row.response };
}

/** Stores the answer under its key, as the transaction's last statement (it carries the COMMIT). */
export async function storeIdempotentResponse(tx: Sql, userId: string, key: string, response: StoredResponse): Promise<void> {
  await lastStatement(tx, `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
    userId, key, response.status, JSON.stringify(response.body),
  ], true);
}

/**
 * The one Idempotency-Key pattern (filing, events, system events): inside the request's transaction,
 * `request` being what makes two requests the same (its hash is stored with the key),
 * claim the key (a repeat of the same request gets the stored response, another request with the key
 * a 409), do the work, store its response. Without a key the work just runs. A response marked
 * `store: false` leaves the claim without a response (a system event for a case that does not exist).
 * It is its transaction's whole work: the stored response goes with the COMMIT (ADR 0012).
 * `first`, the work's first read (an event's lock), is asked for in the same turn as the claim, so
 * both go to PostgreSQL in one round trip; the work gets its answer. After a claim that finds the key
 * used, that read's answer (or refusal) is dropped.
 */
export async function withIdempotency<T extends StoredResponse, F = void>(
  tx: Sql,
  principal: { id: string },
  key: string | undefined,
  request: unknown,
  work: (first: F) => Promise<T & { store?: false }>,
  first?: () => Promise<F>,
): Promise<T> {
  // Hashed only under a key: most events come without one (the benchmark's, every job's own key aside).
  const claimed = key ? claimIdempotencyKey(tx, principal.id, key, requestHash(request)) : undefined;
  const read = first?.();
  // Handled now: it may be refused (a 404) while the claim's answer is on its way.
  read?.catch(() => undefined);
  if (claimed) {
    const stored = await claimed;
    if (stored) {
      // Given only to a caller whose remembered session that read confirmed (ADR 0013); its other refusals are dropped.
      await read?.catch((err) => {
        if (err instanceof SessionNotConfirmed) throw err;
      });
      return stored as T;
    }
  }
  const { store, ...response } = await work((await read) as F);
  if (key && store !== false) await storeIdempotentResponse(tx, principal.id, key, response);
  return response as unknown as T;
}
