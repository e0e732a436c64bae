/**
 * Work-queue reads at volume (issue 5: "must stay fast and exact"): the inbox, queue statistics and
 * the monthly dispatch, straight from the transactional tables.
 *
 *   npm run build && node dist/bench/queues.js [--cases 1000000] [--open-share 0.2] [--runs 15] [--reuse]
 *
 * Creates its own database (casework_bench_queues), migrates and seeds it, then bulk-generates
 * synthetic cases in set-based SQL (three processes, all lanes; --open-share of them open, each with
 * one open task — 200,000 at the defaults — a fifth claimed, a third overdue; two to three audit
 * entries per case; relief clocks on emergency cases) and times each read through the same classes
 * the api's controllers call (the HTTP layer adds about 1–2 ms). Targets (issue 8): a county
 * officer's first inbox page p95 ≤ 20 ms, GET /api/cases with two filters p95 ≤ 50 ms. Prints one
 * line per figure (median and p95 over --runs) and a JSON summary.
 */
import 'reflect-metadata';
import { environment } from '../libs/settings/src';
import { execFileSync } from 'node:child_process';
import { findUserByUsername } from '@app/access';
import { createDataSource } from '@app/db';
import { runMigrations } from '../libs/db/src/migrate';
import { DispatchReports, JurisdictionDirectory, QueueStats, TaskQueue } from '@app/engine';
import { loadProcessRegistry } from '@app/processes';
import { seedDemo } from '../seeds/demo';
import { generateSecrets } from '../libs/engine/src/secrets';
import { CaseListing } from '../apps/api/src/cases/case-listing';
import { arg, percentile, round } from './common';

const args = process.argv.slice(2);
const CASES = Number(arg('cases', '1000000'));
const RUNS = Number(arg('runs', '15'));
const OPEN_SHARE = Number(arg('open-share', '0.2'));

async function main() {
  const db = 'casework_bench_queues';
  const admin = environment().BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(admin);
  url.pathname = `/${db}`;
  // --reuse: time the reads again on the database of an earlier run (generating takes minutes).
  if (!args.includes('--reuse')) {
    execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
    execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${db}`]);
    await runMigrations(url.toString());
  }
  const ds = createDataSource(url.toString(), 4);
  await ds.initialize();
  const t0 = Date.now();
  if (!args.includes('--reuse')) {
    await seedDemo(ds, { ...generateSecrets(), ...environment(), NODE_ENV: 'development', DEMO_MODE: '1' });
    await generate(ds, CASES, OPEN_SHARE);
    await ds.query('ANALYZE');
  }
  const counts = (await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM tasks)::int AS tasks,
    (SELECT count(*) FROM audit_entries)::int AS audit, (SELECT count(*) FROM sla_clocks)::int AS clocks`))[0];
  console.log(`${args.includes('--reuse') ? 'reusing' : `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s:`} ${JSON.stringify(counts)}`);

  const registry = loadProcessRegistry();
  const dir = new JurisdictionDirectory(ds);
  await dir.load();
  const queue = new TaskQueue(ds, registry, dir);
  const stats = new QueueStats(ds, dir);
  const dispatch = new DispatchReports(ds, registry, dir);
  const who = async (u: string) => (await findUserByUsername(ds, u))!;
  const township = await who('zhen.xiaolukou');
  const legal = await who('xian.liangshan.fayuan');
  const city = await who('jijian.shi');
  const civil = await who('xian.liangshan.minzheng');
  const [{ month }] = await ds.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month`);

  const figures: Record<string, { medianMs: number; p95Ms: number; rows: number }> = {};
  const time = async (name: string, fn: () => Promise<number>) => {
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = process.hrtime.bigint();
      rows = await fn();
      ms.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    ms.sort((a, b) => a - b);
    figures[name] = { medianMs: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)), rows };
    console.log(`${name.padEnd(44)} median ${figures[name].medianMs} ms  p95 ${figures[name].p95Ms} ms  (${rows} rows)`);
  };
  const listing = new CaseListing(ds, registry, dir);
  await time('inbox, county legal-aid officer, first page', async () => (await queue.inbox(legal, {})).items.length);
  await time('inbox, township officer, first page of 50', async () => (await queue.inbox(township, {})).items.length);
  await time('inbox, township officer, village filter', async () => (await queue.inbox(township, { villageCode: '370832001002' })).items.length);
  await time('inbox, county legal-aid officer, page 5', async () => (await queue.inbox(legal, { cursor: Buffer.from(JSON.stringify({ o: 200 })).toString('base64url') })).items.length);
  await time('cases, county officer, process + state', async () =>
    (await listing.list(civil, { processKey: 'temporary-assistance', state: 'township_review' })).items.length);
  await time('cases, county officer, process + lane', async () =>
    (await listing.list(civil, { processKey: 'temporary-assistance', lane: 'emergency' })).items.length);
  await time('cases, township officer, process + state', async () =>
    (await listing.list(township, { processKey: 'housing-renovation', state: 'township_audit' })).items.length);
  await time('queue stats, county', async () => (await stats.stats(civil, {})).items.length);
  await time('queue stats, whole city', async () => (await stats.stats(city, {})).items.length);
  const counties = dir.subtree('370800').filter((j) => j.level === 'county').map((j) => j.code);
  await time(`dispatch ${month}, one county (live)`, async () => (await dispatch.compute(ds, [month], ['370832'])).length);
  await time(`dispatch ${month}, whole city (live)`, async () => (await dispatch.compute(ds, [month], counties)).length);
  // 季汇总 and 半年通报 are always live: the quarter and half-year that hold this month.
  const [y, m] = month.split('-').map(Number);
  const quarter = `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
  const half = `${y}-H${m <= 6 ? 1 : 2}`;
  await time(`dispatch ${quarter}, whole city (live)`, async () => (await dispatch.get(city, { period: quarter })).rows.length);
  await time(`dispatch ${half}, whole city (live)`, async () => (await dispatch.get(city, { period: half })).rows.length);
  await dispatch.build(ds, month, counties, 'bench');
  await time(`dispatch ${month}, whole city (kept)`, async () => (await dispatch.get(city, { month })).rows.length);
  console.log(JSON.stringify({ cases: CASES, counts, figures }));
  await ds.destroy();
}


/**
 * Synthetic jurisdictions (a city of ten counties, fifteen townships each, twenty villages per
 * township, the demo townships included), then cases, tasks, audit entries and clocks in a few
 * set-based statements (bulk, as COPY would be, without a client round trip per row). Cases are spread evenly over the villages, so a township holds about a
 * three-hundredth of them — the shape of a real city, where no township sees the whole city's work.
 */
async function generate(ds: ReturnType<typeof createDataSource>, n: number, openShare: number) {
  await ds.query(
    `INSERT INTO jurisdictions (code, name, level, parent_code, city_code, county_code)
     SELECT c::text, '县' || c, 'county', '370800', '370800', c::text FROM generate_series(370840, 370847) c`,
  );
  await ds.query(
    `INSERT INTO jurisdictions (code, name, level, parent_code, city_code, county_code, township_code)
     SELECT c.code || t::text, '镇' || c.code || t, 'township', c.code, '370800', c.code, c.code || t::text
     FROM jurisdictions c, generate_series(101, 115) t WHERE c.level = 'county'`,
  );
  await ds.query(
    `INSERT INTO jurisdictions (code, name, level, parent_code, city_code, county_code, township_code)
     SELECT t.code || v::text, '村' || t.code || v, 'village', t.code, '370800', t.county_code, t.code
     FROM jurisdictions t, generate_series(101, 120) v WHERE t.level = 'township'`,
  );
  await ds.query(
    `WITH v AS (SELECT array_agg(code ORDER BY code) AS codes FROM jurisdictions WHERE level = 'village'),
          clerk AS (SELECT id FROM users WHERE username = 'cun.yannali')
     INSERT INTO cases (process_key, process_version, state, context, lane, outcome, village_code, township_code, county_code, city_code,
       applicant_name, applicant_id_cipher, applicant_id_index, applicant_id_masked, household_key, data, filed_by, filed_at, updated_at,
       state_entered_at, closed_at)
     SELECT x.pk, 1,
       CASE WHEN x.closed THEN x.final WHEN x.pk = 'temporary-assistance' AND x.lane = 'emergency' THEN 'emergency_relief'
            WHEN x.pk = 'temporary-assistance' THEN 'township_review' WHEN x.pk = 'housing-renovation' THEN 'township_audit' ELSE 'acceptance_review' END,
       '{}'::jsonb, x.lane, CASE WHEN x.closed THEN x.outcome END, x.vc, substr(x.vc, 1, 9), substr(x.vc, 1, 6), '370800',
       '演示', 'cipher', 'idx' || x.g, '370832********000X', 'hh' || x.g, '{}'::jsonb, clerk.id, x.filed, x.filed, x.filed,
       CASE WHEN x.closed THEN least(now(), x.filed + random() * interval '10 days') END
     FROM clerk, v, LATERAL (
       SELECT g, v.codes[1 + (g / 3) % array_length(v.codes, 1)] AS vc,
         (ARRAY['temporary-assistance','housing-renovation','legal-aid'])[1 + g % 3] AS pk,
         CASE WHEN g % 3 = 0 AND g % 20 = 0 THEN 'emergency' WHEN g % 3 = 2 AND g % 10 = 2 THEN 'fast' ELSE 'normal' END AS lane,
         (g % 1000) >= $2::numeric * 1000 AS closed,
         (ARRAY['closed','rejected','completed'])[1 + g % 3] AS final,
         (ARRAY['paid','rejected','completed'])[1 + g % 3] AS outcome,
         now() - random() * interval '60 days' AS filed
       FROM generate_series(1, $1) g) x`,
    [n, openShare],
  );
  const officer = `(SELECT id FROM users WHERE username = 'zhen.xiaolukou')`;
  await ds.query(
    `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code, county_code, city_code,
       lane, lane_rank, due_at, status, claimed_by, claimed_at, created_at)
     SELECT c.id, c.process_key, c.state, c.state, r.role, CASE WHEN r.role = 'legal_aid_officer' THEN c.county_code ELSE c.township_code END,
       c.village_code, c.township_code, c.county_code, c.city_code, c.lane,
       CASE c.lane WHEN 'emergency' THEN 0 WHEN 'fast' THEN 1 ELSE 2 END,
       c.filed_at + interval '1 day' * (10 + 30 * random() - 10), CASE WHEN random() < 0.2 THEN 'claimed' ELSE 'open' END, NULL, NULL, c.filed_at
     FROM cases c, LATERAL (SELECT CASE WHEN c.process_key = 'legal-aid' THEN 'legal_aid_officer' ELSE 'township_officer' END AS role) r
     WHERE c.closed_at IS NULL`,
  );
  await ds.query(`UPDATE tasks SET claimed_by = ${officer}, claimed_at = created_at + interval '1 hour' WHERE status = 'claimed'`);
  // Audit: FILE, one step, and the closing entry of finished cases (hashes are placeholders: this
  // database only measures reads).
  await ds.query(
    `INSERT INTO audit_entries (chain_id, seq, case_id, at, actor_id, actor_username, actor_role, jurisdiction_code, action, outcome,
       from_state, to_state, payload, prev_hash, hash, canonical)
     SELECT 'case:' || c.id, s.seq, c.id, s.at, NULL, 'bench', NULL, NULL, s.action, 'ok', s.from_state, s.to_state, '{}', 'x', 'x', 'x'
     FROM cases c, LATERAL (VALUES
       (1, c.filed_at, 'FILE', NULL, 'intake'),
       (2, c.filed_at + interval '2 hours', 'STEP', 'intake', CASE WHEN c.closed_at IS NULL THEN c.state ELSE 'review' END),
       (3, coalesce(c.closed_at, c.filed_at), 'CLOSE', 'review', c.state)) s(seq, at, action, from_state, to_state)
     WHERE s.seq < 3 OR c.closed_at IS NOT NULL`,
  );
  await ds.query(
    `INSERT INTO sla_clocks (case_id, name, started_at, warn_at, due_at, status, stopped_at)
     SELECT c.id, 'relief', c.filed_at, c.filed_at + interval '12 hours', c.filed_at + interval '1 day',
       CASE WHEN c.closed_at IS NOT NULL AND random() < 0.8 THEN 'met' WHEN c.closed_at IS NOT NULL THEN 'breached' ELSE 'running' END,
       c.closed_at
     FROM cases c WHERE c.lane = 'emergency'`,
  );
  // Money and flags for the dispatch's columns: paid cases were disbursed when they closed, and one
  // case in twenty carries a flag raised a day after filing.
  await ds.query(
    `INSERT INTO payments (case_id, period, status, payment_ref, amount, job_id, paid_at, closed_at)
     SELECT c.id, 'single', 'paid', 'PAY-' || c.id, 500 + (random() * 1500)::int, 'bench', c.closed_at, c.closed_at
     FROM cases c WHERE c.outcome = 'paid'`,
  );
  await ds.query(
    `UPDATE cases SET flags = jsonb_build_array(jsonb_build_object('code', 'sla_breached', 'at', filed_at + interval '1 day', 'detail', '{}'::jsonb))
     WHERE hashtext(id::text) % 20 = 0`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
