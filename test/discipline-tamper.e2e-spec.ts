/**
 * Issue 6, "must show" 1 and 2: tampering with the audit trail is detected — an edited entry, a
 * chain rewritten consistently, a deleted last entry (with and without the chain head rolled back)
 * and a deleted whole case — each with the chain and the seq; an untouched database verifies valid.
 * The offline verifier accepts an untouched export against a signed checkpoint with only the public
 * key, and rejects any changed byte.
 *
 * Tampering is done the way an insider with database superuser rights would: a separate connection
 * with session_replication_role = replica, which silences the append-only triggers and foreign keys.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { canonicalEntry, chainHash, factsOf } from '../libs/audit/src';
import { main as offlineCli, verifyExport } from '../libs/audit/src/offline-verify';
import { AuditCheckpointer } from '../apps/worker/src/audit-checkpointer';
import { SystemUnderTest } from './support/system-under-test';
import { fileCase, housingFiling, step, stranger, waitForState } from './support/fixtures';

describe('audit tampering is detected; exports verify offline', () => {
  // Checkpoints are taken explicitly here, so that each scenario knows what is pinned.
  // Case chains are edited, truncated and deleted here on purpose: no replay of them at stop().
  const sut = new SystemUnderTest({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '3600000' }, replayCheck: false });
  const cases: Record<'edited' | 'truncated' | 'deleted' | 'kept', string> = { edited: '', truncated: '', deleted: '', kept: '' };
  const dir = mkdtempSync(join(tmpdir(), 'audit-offline-'));

  const checkpoint = () => sut.worker!.get(AuditCheckpointer).runOnce();
  const verify = async (caseId?: string) => (await (await sut.as('jijian.shi')).get(`/api/audit/verify${caseId ? `?caseId=${caseId}` : ''}`)).body;
  const insider = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: sut.db.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      return await work(c);
    } finally {
      await c.end();
    }
  };
  const entry = async (caseId: string, seq: number) =>
    (await sut.ds.query(`SELECT * FROM audit_entries WHERE chain_id = $1 AND seq = $2`, [`case:${caseId}`, seq]))[0];

  beforeAll(async () => {
    await sut.start();
    let n = 700;
    for (const k of Object.keys(cases) as Array<keyof typeof cases>) {
      const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(n++)));
      await waitForState(sut, 'zhen.xiaolukou', c.id, 'identity_review');
      await step(sut, 'xian.liangshan.fupin', c.id, 'CONFIRM_IDENTITY', { note: `经入户核实，属新识别贫困户（${k}）` });
      cases[k] = c.id; // FILE, IDENTITY_UNVERIFIED, CONFIRM_IDENTITY: three entries, then the case waits for the village
    }
  });
  afterAll(async () => {
    await sut.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an untouched database verifies valid against a fresh signed checkpoint', async () => {
    await sut.token('jijian.shi'); // the reviewer's login is an entry too: before the checkpoint
    const out = await checkpoint();
    expect(out.written).toBeTruthy();
    const r = await verify();
    const [{ entries, chains }] = await sut.ds.query(`SELECT count(*)::int AS entries, count(DISTINCT chain_id)::int AS chains FROM audit_entries`);
    expect(r).toMatchObject({ valid: true, checked: entries, chains, firstBad: null });
    expect(r.checkpoint).toMatchObject({ signatureValid: true, headsValid: true, problem: null, chains, entries });
    expect((await verify(cases.kept)).valid).toBe(true);
  });

  it('the offline verifier accepts the untouched export and rejects a changed byte, a missing line, a forged checkpoint', async () => {
    const reviewer = await sut.as('jijian.shi');
    const exported = await reviewer.get('/api/audit/export?format=jsonl');
    expect(exported.status).toBe(200);
    expect((await checkpoint()).written).toBeTruthy(); // pins everything in the export, the export's own record included
    const cpRes = await reviewer.get('/api/audit/checkpoints/latest');
    expect(cpRes.status).toBe(200);
    const exportPath = join(dir, 'audit.jsonl');
    const cpPath = join(dir, 'checkpoint.json');
    writeFileSync(exportPath, exported.text);
    writeFileSync(cpPath, JSON.stringify(cpRes.body));
    const lines = exported.text.split('\n').filter(Boolean);
    expect(lines.at(-1)).toContain('"action":"EXPORT_AUDIT"');

    const ok = await verifyExport(exportPath, cpPath);
    expect(ok).toMatchObject({ valid: true, entries: lines.length, firstBad: null });
    const said: string[] = [];
    expect(await offlineCli([exportPath, cpPath], (s) => said.push(s))).toBe(0);
    expect(said.join('')).toMatch(/^有效/);
    // With the key fetched independently (pinned), and with a stranger's key.
    const keyPath = join(dir, 'public.pem');
    writeFileSync(keyPath, (await sut.http().get('/api/audit/public-key')).body.publicKey);
    expect(await offlineCli([exportPath, cpPath, '--public-key', keyPath], () => undefined)).toBe(0);
    const otherKey = join(dir, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(await offlineCli([exportPath, cpPath, '--public-key', otherKey], () => undefined)).toBe(1);

    const bytes = readFileSync(exportPath);
    const rejects = async (changed: Buffer) => {
      const p = join(dir, 'changed.jsonl');
      writeFileSync(p, changed);
      return (await verifyExport(p, cpPath)).firstBad;
    };
    // A meaningful edit: one character of a note, in the payload only.
    const text = exported.text;
    const at = text.indexOf('（kept）');
    const edited = Buffer.from(text.slice(0, at) + '（kepT）' + text.slice(at + 6));
    const bad = await rejects(edited);
    expect(bad).toMatchObject({ chainId: `case:${cases.kept}`, seq: 3 });
    // Any single byte, anywhere (seeded positions across the whole file).
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 60; i++) {
      const pos = Math.floor(rand() * bytes.length);
      const copy = Buffer.from(bytes);
      const b = copy[pos];
      copy[pos] = b >= 0x30 && b <= 0x39 ? 0x30 + ((b - 0x30 + 1) % 10) : b === 0x61 ? 0x62 : b === 0x0a ? 0x20 : b ^ 0x01;
      expect({ pos, rejected: !!(await rejects(copy)) }).toEqual({ pos, rejected: true });
    }
    // A missing line: the last (a chain's pinned head) and one in the middle (a gap).
    expect((await rejects(Buffer.from(lines.slice(0, -1).join('\n') + '\n')))!.reason).toMatch(/链尾缺失/);
    const gap = lines.findIndex((l, i) => i > 0 && JSON.parse(l).seq === 2);
    const gapLine = JSON.parse(lines[gap]);
    expect(await rejects(Buffer.from([...lines.slice(0, gap), ...lines.slice(gap + 1)].join('\n') + '\n'))).toMatchObject({ chainId: gapLine.chainId, seq: 2 });
    // A forged checkpoint: a head changed (root no longer matches) or the signed statement changed.
    const cp = cpRes.body;
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...cp, heads: cp.heads.map((h: any, i: number) => (i === 0 ? { ...h, seq: h.seq + 1 } : h)) }));
    expect((await verifyExport(exportPath, forged)).firstBad!.reason).toMatch(/检查点无效/);
    writeFileSync(forged, JSON.stringify({ ...cp, body: cp.body.replace(/"entries":\d+/, '"entries":1') }));
    expect((await verifyExport(exportPath, forged)).firstBad!.reason).toMatch(/签名无效/);
  });

  it('an edited entry is detected at its chain and seq, and a consistent rewrite of a chain by the checkpoint', async () => {
    const id = cases.edited;
    const original = await entry(id, 1);
    await insider((c) => c.query(`UPDATE audit_entries SET payload = jsonb_set(payload, '{data,houseDescription}', '"砖混结构，完好"') WHERE id = $1`, [original.id]));
    let r = await verify();
    expect(r).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, caseId: id, seq: 1 } });
    expect(r.firstBad.reason).toMatch(/修改/);
    expect((await verify(id)).firstBad).toMatchObject({ chainId: `case:${id}`, seq: 1 });
    await insider((c) => c.query(`UPDATE audit_entries SET payload = $2 WHERE id = $1`, [original.id, original.payload]));
    expect((await verify()).valid).toBe(true);

    // The insider rewrites the last entry and recomputes its canonical text, its hash and the head:
    // the chain is consistent again, but the checkpoint pinned the old hash.
    const last = await entry(id, 3);
    const facts = { ...factsOf(last), payload: { note: '经入户核实，不属贫困户' } };
    const canonical = canonicalEntry(facts, 3);
    const hash = chainHash(last.prev_hash, canonical);
    await insider(async (c) => {
      await c.query(`UPDATE audit_entries SET payload = $2, canonical = $3, hash = $4 WHERE id = $1`, [last.id, facts.payload, canonical, hash]);
      await c.query(`UPDATE audit_chains SET head_hash = $2 WHERE chain_id = $1`, [`case:${id}`, hash]);
    });
    r = await verify();
    expect(r).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, seq: 3 } });
    expect(r.firstBad.reason).toMatch(/检查点/);
    expect((await verify(id)).firstBad).toMatchObject({ chainId: `case:${id}`, seq: 3 });
    // The checkpoint job refuses to bless the rewrite.
    expect(await checkpoint()).toMatchObject({ written: null, reason: 'inconsistent', problem: { chainId: `case:${id}`, seq: 3 } });
    await insider(async (c) => {
      await c.query(`UPDATE audit_entries SET payload = $2, canonical = $3, hash = $4 WHERE id = $1`, [last.id, last.payload, last.canonical, last.hash]);
      await c.query(`UPDATE audit_chains SET head_hash = $2 WHERE chain_id = $1`, [`case:${id}`, last.hash]);
    });
    expect((await verify()).valid).toBe(true);
  });

  it('a deleted last entry is detected, by the chain head or, when the head was rolled back too, by the checkpoint', async () => {
    const id = cases.truncated;
    const last = await entry(id, 3);
    const before = await entry(id, 2);
    await insider((c) => c.query(`DELETE FROM audit_entries WHERE id = $1`, [last.id]));
    let r = await verify();
    expect(r).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, seq: 3 } });
    expect(r.firstBad.reason).toMatch(/链尾缺失/);

    await insider((c) => c.query(`UPDATE audit_chains SET head_seq = 2, head_hash = $2 WHERE chain_id = $1`, [`case:${id}`, before.hash]));
    r = await verify();
    expect(r).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, caseId: id, seq: 3 } });
    expect(r.firstBad.reason).toMatch(/链尾条目被删除/);
    expect(r.checkpoint.problem).toMatchObject({ chainId: `case:${id}`, seq: 3 });
    expect((await verify(id))).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, seq: 3 } });

    await insider(async (c) => {
      const cols = Object.keys(last);
      await c.query(`INSERT INTO audit_entries (${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`, cols.map((k) => last[k]));
      await c.query(`UPDATE audit_chains SET head_seq = 3, head_hash = $2 WHERE chain_id = $1`, [`case:${id}`, last.hash]);
    });
    expect((await verify()).valid).toBe(true);
  });

  it('a deleted whole case (row, chain and chain head) is detected by the checkpoint; the job will not checkpoint over it', async () => {
    const id = cases.deleted;
    await insider(async (c) => {
      await c.query(`DELETE FROM tasks WHERE case_id = $1`, [id]);
      await c.query(`DELETE FROM cases WHERE id = $1`, [id]);
      await c.query(`DELETE FROM audit_entries WHERE chain_id = $1`, [`case:${id}`]);
      await c.query(`DELETE FROM audit_chains WHERE chain_id = $1`, [`case:${id}`]);
    });
    const r = await verify();
    expect(r).toMatchObject({ valid: false, firstBad: { chainId: `case:${id}`, caseId: id, seq: 1 } });
    expect(r.firstBad.reason).toMatch(/整条链/);
    expect(await checkpoint()).toMatchObject({ written: null, reason: 'inconsistent', problem: { chainId: `case:${id}` } });
    // The other cases still verify on their own.
    expect((await verify(cases.kept)).valid).toBe(true);
  });
});
