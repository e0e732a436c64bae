/**
 * Issue 19, finding 2: 梁山县's poverty office imported a row for a person registered in 泗水县 with
 * a 梁山县 village code and another category, and the import rewrote the entry — it moved the person
 * into its county and changed the category. Now a row whose person is already registered outside
 * the importer's jurisdiction is refused and reported by line like any other row error; the other
 * rows import as before, and the entry and its history are untouched.
 */
import { PiiCipher, makeIdNumber } from '../libs/registry/src';
import { DEMO_APPLICANTS } from '../seeds/demo-data';
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, stranger } from './support/fixtures';

const HEADER = 'idNumber,name,villageCode,category,status,householdId';
/** 孔德华: registered_poor, 金庄村 of 泗水县 in the demo registry. */
const kong = DEMO_APPLICANTS.find((a) => a.name === '孔德华')!;
const KONG = makeIdNumber(kong.first17);

describe('issue 19: a registry import never rewrites another county’s row', () => {
  const sut = new SystemUnderTest({ worker: false });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const importCsv = async (user: string, rows: string[]) =>
    sut.http().post('/api/registry/import').set('Authorization', `Bearer ${await sut.token(user)}`).set('Content-Type', 'text/csv').send([HEADER, ...rows].join('\n'));
  /** The stored entry, found by keyed hash as the api finds it (this run's PII_KEY). */
  const entryOf = (idNumber: string) =>
    sut.ds.query(
      `SELECT e.name, e.village_code, e.category, e.status, e.household_id,
         (SELECT count(*)::int FROM registry_entry_history h WHERE h.id_index = e.id_index) AS history
       FROM registry_entries e WHERE e.id_index = $1`,
      [new PiiCipher(process.env.PII_KEY!).indexOf(idNumber)],
    );

  it('refuses the other county’s row by line, imports the rest, and leaves the entry and its history as they were', async () => {
    const before = await entryOf(KONG);
    expect(before).toEqual([{ name: '孔德华', village_code: '370831001001', category: 'registered_poor', status: 'lifted_with_policy', household_id: 'HH-JZ-001', history: 0 }]);
    const newcomer = stranger(901);

    const res = await importCsv('xian.liangshan.fupin', [
      `${KONG},孔德华,370832001001,dibao,not_lifted,HH-YNL-900`, // line 2: the attack
      `${newcomer},新识别户,370832001002,registered_poor,new,HH-LK-901`, // line 3: a new 梁山县 person
      `${PEOPLE.liuChangshun},刘长顺,370832001002,tekun,lifted_with_policy,HH-LK-001`, // line 4: 梁山县's own row, changed
      `${stranger(902)},外县户,370831001001,dibao,not_lifted,HH-JZ-902`, // line 5: a village outside the county
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsTotal: 4, imported: 2, unchanged: 0, failed: 2 });
    expect(res.body.errors.map((e: any) => [e.line, e.field])).toEqual([[2, 'idNumber'], [5, 'villageCode']]);
    expect(res.body.errors[0].message).toContain('本辖区以外');
    // The refusal says neither the number nor where the person is registered.
    expect(JSON.stringify(res.body)).not.toContain(KONG);
    expect(JSON.stringify(res.body)).not.toMatch(/泗水|370831/);

    expect(await entryOf(KONG)).toEqual(before);
    const [imp] = await sut.ds.query(`SELECT rows_total, rows_imported, rows_unchanged, rows_failed, errors FROM registry_imports WHERE id = $1`, [res.body.importId]);
    expect(imp).toMatchObject({ rows_total: 4, rows_imported: 2, rows_unchanged: 0, rows_failed: 2 });
    expect(imp.errors.map((e: any) => e.line)).toEqual([2, 5]);
    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM registry_entry_history WHERE import_id = $1`, [res.body.importId]);
    expect(n).toBe(2);
    const audit = (await (await sut.as('jijian.shi')).get('/api/audit?action=REGISTRY_IMPORT&actor=xian.liangshan.fupin')).body.items;
    expect(audit[0].payload).toMatchObject({ importId: res.body.importId, imported: 2, unchanged: 0, failed: 2 });

    // A second try changes nothing either; the same file's own rows are unchanged now.
    const again = await importCsv('xian.liangshan.fupin', [
      `${KONG},孔德华,370832001001,dibao,not_lifted,HH-YNL-900`,
      `${newcomer},新识别户,370832001002,registered_poor,new,HH-LK-901`,
    ]);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 1, failed: 1 });
    expect(await entryOf(KONG)).toEqual(before);
  });

  it('many rows: a refused row in a later batch is still reported by its line, in line order with the others', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => `${stranger(3000 + i)},批量户${i},370832001001,dibao,not_lifted,HH-B-${i}`);
    // The refusal sits in the second batch of 2,000 (the database finds it when that batch is
    // written, after the parser has reported the bad village of the last line).
    rows[2050] = `${KONG},孔德华,370832001001,dibao,not_lifted,HH-YNL-900`;
    rows[2099] = `${stranger(5200)},外县户,370831001001,dibao,not_lifted,HH-B-last`;
    const res = await importCsv('xian.liangshan.fupin', rows);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsTotal: 2100, imported: 2098, unchanged: 0, failed: 2 });
    expect(res.body.errors.map((e: any) => [e.line, e.field])).toEqual([[2052, 'idNumber'], [2101, 'villageCode']]);
    expect(await entryOf(KONG)).toEqual([expect.objectContaining({ village_code: '370831001001', category: 'registered_poor' })]);
  });

  it('an administrator of the city (whose subtree holds both counties) may move the person', async () => {
    const res = await importCsv('admin', [`${KONG},孔德华,370832001001,registered_poor,lifted_with_policy,HH-YNL-900`]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 1, failed: 0 });
    expect(await entryOf(KONG)).toEqual([expect.objectContaining({ village_code: '370832001001', history: 1 })]);
  });
});
