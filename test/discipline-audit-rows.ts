/**
 * Bulk audit entries for the export test: real, correctly chained entries (sealed with the same
 * code the api uses) on the actor chains of synthetic staff, inserted with one multi-row INSERT per
 * batch. Ten thousand take about a second instead of minutes of HTTP calls.
 */
import { DataSource } from 'typeorm';
import { GENESIS_HASH, SealedEntry, actorChain, seal } from '../libs/audit/src';

export interface SyntheticTrail {
  users: string[];
  entries: number;
}

export async function appendSyntheticEntries(
  ds: DataSource,
  opts: { users: number; perUser: number; noteChars: number; leak?: string },
): Promise<SyntheticTrail> {
  const users: Array<{ id: string; username: string }> = await ds.query(
    `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles)
     SELECT 'load.clerk' || g, '负载测试经办员' || g, 'scrypt$disabled', '370832001001', ARRAY['village_clerk'] FROM generate_series(1, $1) g
     RETURNING id, username`,
    [opts.users],
  );
  const note = '例行登录，核对本村帮扶对象台账。'.repeat(Math.ceil(opts.noteChars / 16)).slice(0, opts.noteChars);
  const base = Date.now() - 3600_000;
  const batch: SealedEntry[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const col = <K extends keyof SealedEntry>(k: K) => batch.map((e) => e[k]);
    await ds.query(
      `INSERT INTO audit_entries (chain_id, seq, case_id, at, actor_id, actor_username, actor_role, jurisdiction_code, action, outcome,
         from_state, to_state, payload, prev_hash, hash, canonical)
       SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[])`,
      [
        col('chainId'), col('seq'), col('caseId'), col('at'), col('actorId'), col('actorUsername'), col('actorRole'), col('jurisdictionCode'),
        col('action'), col('outcome'), col('fromState'), col('toState'), batch.map((e) => JSON.stringify(e.payload)), col('prevHash'), col('hash'), col('canonical'),
      ],
    );
    batch.length = 0;
  };
  let entries = 0;
  for (const [u, user] of users.entries()) {
    let prev = { seq: 0, hash: GENESIS_HASH };
    for (let i = 0; i < opts.perUser; i++) {
      const leak = opts.leak && u === 0 && i === opts.perUser - 1;
      const e = seal(
        {
          chainId: actorChain(user.id), caseId: null, at: new Date(base + entries), actorId: user.id, actorUsername: user.username,
          actorRole: 'village_clerk', jurisdictionCode: '370832001001', action: 'LOGIN', outcome: 'ok', fromState: null, toState: null,
          payload: { ip: `10.8.${u}.${i % 250}`, note: leak ? `误写入的完整号码 ${opts.leak}` : note },
        },
        prev.seq, prev.hash,
      );
      prev = { seq: e.seq, hash: e.hash };
      batch.push(e);
      entries++;
      if (batch.length >= 1000) await flush();
    }
    await ds.query(`INSERT INTO audit_chains (chain_id, head_seq, head_hash) VALUES ($1, $2, $3)`, [actorChain(user.id), prev.seq, prev.hash]);
  }
  await flush();
  return { users: users.map((x) => x.username), entries };
}
