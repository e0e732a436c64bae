/**
 * Issue 19, finding 1: the keyed hash of an ID number (PiiCipher.indexOf) left the server — every
 * FILE entry carried `applicant.idIndex`, shown by the case history, the audit search and the
 * export; with PII_KEY the masked number (only the birth date hidden) gave the number back in under
 * a second. Now no new entry holds it, and no view, list, history, search, flag, task or export
 * answers it (nor `household_key` `id:<hmac>`). Entries written before the fix are never rewritten
 * (hash chain): history and search drop the key, the JSONL export keeps such an entry byte-exact
 * so the offline verifier can still check it.
 *
 * The run's PII scan (test/support/pii-scan.ts) fails this file if the keyed hash of any fixture
 * person, or of any number a request carried, appears in any response or log line.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit, caseChain, chainHash, parseExportLine } from '../libs/audit/src';
import { inTransaction } from '../libs/db/src';
import { PiiCipher, makeIdNumber, maskIdNumber } from '../libs/registry/src';
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, fileCase, housingFiling, stranger } from './support/fixtures';

describe('issue 19: keyed hashes of ID numbers never leave the server', () => {
  const sut = new SystemUnderTest({ worker: false });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const cipher = () => new PiiCipher(process.env.PII_KEY!);
  const download = (user: string, url: string) => sut.download(user, url);

  it('a new filing writes no keyed index into its audit entry, and no answer carries one', async () => {
    // 张平 is not in the registry: the case's household_key is `id:<hmac>`, the worst case.
    const c = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.zhangPing));
    const hash = cipher().indexOf(PEOPLE.zhangPing);
    const [row] = await sut.ds.query(`SELECT household_key, applicant_id_index FROM cases WHERE id = $1`, [c.id]);
    expect(row).toEqual({ household_key: `id:${hash}`, applicant_id_index: hash });

    const [entry] = await sut.ds.query(`SELECT payload, canonical FROM audit_entries WHERE chain_id = $1 AND action = 'FILE'`, [caseChain(c.id)]);
    expect(entry.payload.applicant).toEqual({ name: '闫建国', idNumberMasked: maskIdNumber(PEOPLE.zhangPing) });
    expect(entry.canonical).not.toContain(hash);

    const clerk = await sut.as('cun.yannali');
    const reviewer = await sut.as('jijian.shi');
    const answers = [
      await clerk.get(`/api/cases/${c.id}`),
      await clerk.get(`/api/cases/${c.id}/history`),
      await clerk.get('/api/cases'),
      await clerk.post('/api/staff/relatives', { name: '张平', relation: 'sibling', idNumber: stranger(11) }),
      await clerk.get('/api/staff/relatives'),
      await (await sut.as('xian.liangshan.fupin')).get('/api/tasks'),
      await reviewer.get(`/api/cases/${c.id}`),
      await reviewer.get(`/api/audit?caseId=${c.id}`),
      await reviewer.get('/api/audit?limit=500'),
      await reviewer.get('/api/flags'),
      await download('jijian.shi', `/api/audit/export?format=jsonl&caseId=${c.id}`),
      await download('jijian.shi', `/api/audit/export?format=csv&caseId=${c.id}`),
    ];
    const relativeHash = cipher().indexOf(stranger(11));
    for (const res of answers) {
      expect(res.status).toBeLessThan(300);
      const text = res.text;
      expect(text).not.toContain(hash);
      expect(text).not.toContain(relativeHash);
      expect(text).not.toMatch(/idIndex|id_index|household_key|householdKey/);
    }
    const history = (await clerk.get(`/api/cases/${c.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ action: 'FILE', payload: { applicant: { name: '闫建国', idNumberMasked: maskIdNumber(PEOPLE.zhangPing) } } });
    expect(history[0].redacted).toBeUndefined();
  });

  it('an entry written before the fix: history and search drop its keyed index, the export keeps it verifiable', async () => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.zhangPing));
    // A number no request of this run carries, so the scan does not know its hash: the export must
    // keep this entry as stored (its canonical text and hash cover the index).
    const legacyPerson = makeIdNumber('11010819550505005');
    const legacyHash = cipher().indexOf(legacyPerson);
    await inTransaction(sut.ds, (tx) =>
      appendAudit(tx, {
        chainId: caseChain(c.id), caseId: c.id, at: new Date(), actorId: null, actorUsername: 'system', actorRole: null, jurisdictionCode: null,
        action: 'LEGACY_FILE_RECORD', outcome: 'ok', fromState: c.state, toState: c.state,
        payload: { applicant: { name: '旧档', idNumberMasked: maskIdNumber(legacyPerson), idIndex: legacyHash }, note: randomUUID() },
      }),
    );
    const clerk = await sut.as('cun.yannali');
    const reviewer = await sut.as('jijian.shi');

    const history = await clerk.get(`/api/cases/${c.id}/history`);
    expect(history.text).not.toContain(legacyHash);
    const old = history.body.items.find((e: any) => e.action === 'LEGACY_FILE_RECORD');
    expect(old).toMatchObject({ redacted: true, payload: { applicant: { name: '旧档', idNumberMasked: maskIdNumber(legacyPerson) } } });
    expect(old.payload.applicant.idIndex).toBeUndefined();

    const search = await reviewer.get(`/api/audit?caseId=${c.id}&action=LEGACY_FILE_RECORD`);
    expect(search.text).not.toContain(legacyHash);
    expect(search.body.items[0].payload.applicant).toEqual({ name: '旧档', idNumberMasked: maskIdNumber(legacyPerson) });

    // The export: the stored entry as it is (a reviewer's offline check needs every hashed byte).
    const exported = await download('jijian.shi', `/api/audit/export?format=jsonl&caseId=${c.id}`);
    const lines = exported.text.trim().split('\n').map((l) => parseExportLine(l)!);
    expect(lines.every(Boolean)).toBe(true);
    const line = lines.find((l) => l.action === 'LEGACY_FILE_RECORD')!;
    expect(line.redacted).toBeUndefined();
    expect((line.payload as any).applicant.idIndex).toBe(legacyHash);
    expect(chainHash(line.prevHash, line.canonical)).toBe(line.hash);
    // The new filing's own entry in the same export carries none.
    expect(JSON.stringify(lines.find((l) => l.action === 'FILE')!.payload)).not.toMatch(/idIndex/);
  });
});
