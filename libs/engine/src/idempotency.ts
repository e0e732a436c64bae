import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/audit';
import { Sql } from '@app/db';
import { conflict } from './errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export const requestHash = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * Claims an Idempotency-Key inside the request's transaction. The INSERT waits for a concurrent
 * holder of the same key to finish, so two identical requests never both run. Returns the stored
 * response when the key was already used for the same request; 409 when used for another.
 * If the transaction rolls back, the claim disappears with it.
 */
export async function claimIdempotencyKey(tx: Sql, userId: string, key: string, hash: string): Promise<StoredResponse | null> {
  if (key.length > 200) throw conflict('Idempotency-Key 过长（至多 200 个字符）');
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
    [userId, key, hash],
  );
  if (inserted.length > 0) return null;
  const [row] = await tx.query(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key]);
  if (row.request_hash !== hash) throw conflict('该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键');
  return { status: row.status_code, body: row.response };
}

export async function storeIdempotentResponse(tx: Sql, userId: string, key: string, response: StoredResponse): Promise<void> {
  await tx.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
    userId, key, response.status, JSON.stringify(response.body),
  ]);
}
