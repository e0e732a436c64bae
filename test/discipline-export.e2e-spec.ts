/**
 * Issue 6, "must show" 5: an export of 10,000+ entries streams with flat memory and its rows match
 * the audit search; the export is itself audited; no full ID number leaves, even one that a bug had
 * written into an entry (it is masked and the line marked `redacted`).
 *
 * Memory: the api and this client share one process, and the client keeps only chain:seq → hash
 * per row. The heap is sampled after a forced GC every 1,000 rows; an export held in memory
 * anywhere would show as growth of its own size (tens of MB).
 */
import { get } from 'node:http';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { PEOPLE } from './support/fixtures';
import { SystemUnderTest } from './support/system-under-test';
import { appendSyntheticEntries } from './discipline-audit-rows';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

describe('audit export at 10,000 entries', () => {
  const sut = new SystemUnderTest({ worker: false });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('streams with flat memory, matches the search row for row, is audited, and masks any full ID number', async () => {
    const trail = await appendSyntheticEntries(sut.ds, { users: 20, perUser: 500, noteChars: 600, leak: PEOPLE.zhangPing });
    expect(trail.entries).toBe(10000);
    const token = await sut.token('jijian.shi');

    gc();
    const base = process.memoryUsage();
    let maxHeap = base.heapUsed;
    let maxRss = base.rss;
    const exported = new Map<string, string>();
    let bytes = 0;
    let redacted = 0;
    let leaked = false;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const url = new URL('/api/audit/export?format=jsonl', sut.baseUrl);
      get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`export: ${res.statusCode}`));
        expect(res.headers['content-type']).toContain('application/x-ndjson');
        expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-.*\.jsonl"/);
        res.setEncoding('utf8');
        let rest = '';
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          rest += chunk;
          let nl: number;
          while ((nl = rest.indexOf('\n')) >= 0) {
            const line = rest.slice(0, nl);
            rest = rest.slice(nl + 1);
            if (line.includes(PEOPLE.zhangPing)) leaked = true;
            const e = JSON.parse(line);
            if (e.redacted) redacted++;
            exported.set(`${e.chainId}:${e.seq}`, e.hash);
            if (exported.size % 1000 === 0) {
              gc();
              const m = process.memoryUsage();
              maxHeap = Math.max(maxHeap, m.heapUsed);
              maxRss = Math.max(maxRss, m.rss);
            }
          }
        });
        res.on('end', () => (rest === '' ? resolve() : reject(new Error('unterminated last line'))));
        res.on('error', reject);
      }).on('error', reject);
    });
    const ms = Date.now() - started;
    const heapGrowth = (maxHeap - base.heapUsed) / MB;
    const rssGrowth = (maxRss - base.rss) / MB;
    // eslint-disable-next-line no-console
    console.log(`export: ${exported.size} entries, ${(bytes / MB).toFixed(1)} MB in ${ms} ms; heap growth ${heapGrowth.toFixed(1)} MB, rss growth ${rssGrowth.toFixed(1)} MB`);

    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries`);
    expect(exported.size).toBe(n); // everything, the export's own record included
    expect(exported.size).toBeGreaterThan(10000);
    expect(bytes).toBeGreaterThan(20 * MB);
    // Flat: far below the export's own size (a held export would add at least `bytes`).
    expect(heapGrowth).toBeLessThan(16);
    expect(heapGrowth * MB).toBeLessThan(bytes / 2);
    expect(leaked).toBe(false);
    expect(redacted).toBe(1);

    // Row for row the same as the search (newest first, keyset pages of 500).
    const reviewer = await sut.as('jijian.shi');
    const searched = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const page: any = await reviewer.get(`/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const e of page.body.items) searched.set(`${e.chainId}:${e.seq}`, e.hash);
      expect(JSON.stringify(page.body)).not.toContain(PEOPLE.zhangPing);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(searched.size).toBe(exported.size);
    expect([...searched].sort()).toEqual([...exported].sort());

    // The export is an audit entry of its own: who, when, what.
    const audited = (await reviewer.get('/api/audit?action=EXPORT_AUDIT')).body.items;
    expect(audited[0]).toMatchObject({ actor: 'jijian.shi', outcome: 'ok', payload: { format: 'jsonl', scope: '370800' } });

    // CSV: the same rows for spreadsheets, BOM and header first, the number masked there too.
    const csv = await reviewer.get('/api/audit/export?format=csv&action=LOGIN');
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFF序号,时间,案件编号,操作人,操作人账号')).toBe(true); // Chinese headers, local time (issue 20)
    const rows = csv.text.split('\r\n').filter(Boolean);
    const [{ logins }] = await sut.ds.query(`SELECT count(*)::int AS logins FROM audit_entries WHERE action = 'LOGIN'`);
    expect(rows).toHaveLength(logins + 1);
    expect(csv.text).not.toContain(PEOPLE.zhangPing);
    expect(csv.text).toContain(`${PEOPLE.zhangPing.slice(0, 6)}********${PEOPLE.zhangPing.slice(14)}`);
    // Filters are checked like the search's.
    const bad = await reviewer.get('/api/audit/export?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('format');
  });
});
