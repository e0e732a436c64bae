import { DataSource } from 'typeorm';

export interface LoginLimits {
  /** Failures per account within the window before its backoff starts. */
  maxFailures: number;
  /** Failures per address within the window before the address gets 429. */
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

export interface LoginGate {
  /** 429 for this address: it has failed too often (whatever account it tries). */
  addressBlocked: boolean;
  /** Seconds until this account may be tried again from an address it never logged in from. */
  accountWaitSeconds: number;
  /** Failures of the account in the window so far. */
  accountFailures: number;
}

/**
 * Failed logins counted in PostgreSQL, so the limits hold for the cluster, not per api replica.
 *
 * An address that fails too often is refused outright. An account that fails too often is slowed,
 * not locked: each further failure doubles the wait (1 s, 2 s, 4 s … up to the window) before it may
 * be tried again from an unknown address, while its owner — the right password from an address the
 * account logged in from before — still gets in. So nobody can lock an officer (or the admin) out by
 * typing wrong passwords for them, and guessing stays slow.
 */
export class LoginThrottle {
  constructor(private readonly ds: DataSource, private readonly limits: LoginLimits) {}

  async gate(username: string, address: string): Promise<LoginGate> {
    const rows: Array<{ key: string; failures: number; ago: number }> = await this.ds.query(
      `SELECT key, failures, EXTRACT(EPOCH FROM (now() - last_at))::float8 AS ago
       FROM login_failures WHERE key = ANY($1) AND first_at > now() - make_interval(secs => $2)`,
      [[`u:${username}`, `a:${address}`], this.limits.windowSeconds],
    );
    const account = rows.find((r) => r.key === `u:${username}`);
    const byAddress = rows.find((r) => r.key === `a:${address}`);
    const accountFailures = account?.failures ?? 0;
    let accountWaitSeconds = 0;
    if (account && accountFailures >= this.limits.maxFailures) {
      const backoff = Math.min(2 ** (accountFailures - this.limits.maxFailures), this.limits.windowSeconds);
      accountWaitSeconds = Math.max(0, Math.ceil(backoff - account.ago));
    }
    return { addressBlocked: (byAddress?.failures ?? 0) >= this.limits.maxFailuresPerAddress, accountWaitSeconds, accountFailures };
  }

  /** Counts a failure for the account and the address; returns the account's failures in the window. */
  async fail(username: string, address: string): Promise<number> {
    const rows = await this.ds.query(
      `INSERT INTO login_failures AS f (key, failures, first_at, last_at)
       SELECT k, 1, now(), now() FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.first_at <= now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
         first_at = CASE WHEN f.first_at <= now() - make_interval(secs => $2) THEN now() ELSE f.first_at END,
         last_at = now()
       RETURNING key, failures`,
      [[`u:${username}`, `a:${address}`], this.limits.windowSeconds],
    );
    // Rows of a finished window are useless; a flood of made-up names must not grow the table for ever.
    if (Math.random() < 0.01) {
      await this.ds.query(`DELETE FROM login_failures WHERE last_at < now() - make_interval(secs => $1)`, [this.limits.windowSeconds]);
    }
    return rows.find((r: any) => r.key === `u:${username}`)?.failures ?? 1;
  }

  async succeed(username: string): Promise<void> {
    await this.ds.query(`DELETE FROM login_failures WHERE key = $1`, [`u:${username}`]);
  }

  async isKnownAddress(userId: string, address: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM login_known_addresses WHERE user_id = $1 AND address = $2`, [userId, address]);
    return rows.length > 0;
  }

  async remember(userId: string, address: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO login_known_addresses (user_id, address) VALUES ($1, $2)
       ON CONFLICT (user_id, address) DO UPDATE SET last_seen = now()`,
      [userId, address],
    );
  }
}
