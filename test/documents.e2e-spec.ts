/**
 * Issue 20, printing over HTTP: every process's forms come from its declared documents through one
 * route — authorized like the case (404 outside it), by the document's roles (403), by the stage
 * reached (422); values in words (enum titles, people's names), amounts as numbers; every print an
 * audit entry naming the case. The village 公示 table lists only that village's households, masked.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SystemUnderTest } from './support/system-under-test';
import { NOTICE_TABLE_SCHEMA } from '../apps/api/src/documents/documents.schema';
import { PEOPLE, VILLAGE, fileCase, housingFiling, stranger } from './support/fixtures';
import {
  DOCUMENT_TIME_SCALE, assistanceApproved, dibaoConfirmed, housingApproved, housingAtVillageNotice, legalAidAssigned, legalAidDenied,
} from './support/document-cases';

const field = (doc: any, key: string) => doc.sections.flatMap((s: any) => s.fields).find((f: any) => f.key === key)?.value;

describe('printed forms (GET /api/cases/:id/documents/:key)', () => {
  const sut = new SystemUnderTest({ timeScale: DOCUMENT_TIME_SCALE });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const get = async (user: string, url: string) => (await sut.as(user)).get(url);
  const prints = (caseId: string, user: string) =>
    sut.ds.query(`SELECT payload FROM audit_entries WHERE case_id = $1 AND action = 'DOCUMENT_PRINTED' AND actor_username = $2 AND chain_id LIKE 'actor:%'`, [caseId, user]);

  it('housing: the approval form collects every level in words, with the seal; printing is audited', async () => {
    const id = await housingApproved(sut);
    const list = await get('zhen.xiaolukou', `/api/cases/${id}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: any) => d.key).sort()).toEqual(['approval_form', 'receipt']);

    const res = await get('xian.liangshan.zhujian', `/api/cases/${id}/documents/approval_form`);
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.title.zh).toBe('农村危房改造申请审批表');
    expect(doc.issuer).toMatchObject({ level: 'county', name: '梁山县', department: { zh: '住房和城乡建设局' } });
    expect(doc.seal).toBe(true);
    expect(doc.signatures.map((s: any) => s.zh)).toContain('县级审批人');
    expect(field(doc, 'applicant')).toBe('闫建国');
    expect(field(doc, 'idNumber')).toMatch(/^370832\*{8}\d{3}[\dX]$/);
    expect(field(doc, 'category')).toMatchObject({ zh: expect.any(String) });
    expect(field(doc, 'grade').zh).toContain('D');
    expect(field(doc, 'method').zh).toBe('拆除重建');
    expect(field(doc, 'subsidy')).toBe(30000);
    expect(field(doc, 'votesFor')).toBe(29);
    expect(field(doc, 'townshipOpinion')).toBe('材料齐全，情况属实，同意上报');
    expect(field(doc, 'townshipBy')).toBe('小路口镇 审核员');
    expect(field(doc, 'countyBy')).toBe('梁山县住建局 审批员');
    expect(field(doc, 'countyAt')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // No full ID number anywhere in the form.
    expect(JSON.stringify(doc)).not.toContain(PEOPLE.yanJianguo);

    expect(await prints(id, 'xian.liangshan.zhujian')).toEqual([{ payload: { document: 'approval_form' } }]);
  });

  it('403 for a role the form does not name, 404 outside the case, 404 for an unknown form, 422 before its stage', async () => {
    const fresh = await fileCase(sut, 'cun.yannali', housingFiling(stranger(731), { applicant: { name: '张平安', idNumber: stranger(731), householdSize: 2 } }));
    // The county's civil-affairs approver sees the case (their subtree) but prints no housing form.
    const civil = await get('xian.liangshan.minzheng', `/api/cases/${fresh.id}/documents/receipt`);
    expect(civil.status).toBe(403);
    expect(civil.headers['content-type']).toContain('application/problem+json');
    expect((await get('xian.liangshan.minzheng', `/api/cases/${fresh.id}/documents`)).body.items).toEqual([]);
    // Another county's village clerk does not see it at all.
    expect((await get('cun.jinzhuang', `/api/cases/${fresh.id}/documents/receipt`)).status).toBe(404);
    expect((await get('cun.yannali', `/api/cases/${fresh.id}/documents/no_such_form`)).status).toBe(404);
    expect((await get('cun.yannali', `/api/cases/not-a-uuid/documents/receipt`)).status).toBe(404);
    // The receipt prints at once; the approval form not before the township audit.
    const receipt = await get('cun.yannali', `/api/cases/${fresh.id}/documents/receipt`);
    expect(receipt.status).toBe(200);
    expect(field(receipt.body, 'caseNo')).toBe(fresh.id.slice(0, 8));
    expect(field(receipt.body, 'filedAt')).toBe(fresh.filedAt);
    const early = await get('cun.yannali', `/api/cases/${fresh.id}/documents/approval_form`);
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('尚未到');
    // Refused prints are not recorded as prints.
    expect(await prints(fresh.id, 'xian.liangshan.minzheng')).toEqual([]);
    expect((await prints(fresh.id, 'cun.yannali')).length).toBe(1);
  });

  it('legal aid: the grant decision and the assignment notice name the lawyer by name; a refusal prints only its own decision', async () => {
    const [granted, denied] = await Promise.all([legalAidAssigned(sut), legalAidDenied(sut)]);
    const officer = 'xian.liangshan.fayuan';
    expect((await get(officer, `/api/cases/${granted}/documents`)).body.items.map((d: any) => d.key).sort()).toEqual(['assignment_notice', 'grant_decision']);
    const notice = (await get(officer, `/api/cases/${granted}/documents/assignment_notice`)).body;
    expect(notice.title.zh).toBe('指派通知书');
    expect(field(notice, 'lawyer')).toBe('王律师');
    expect(field(notice, 'decisionNo')).toBe('梁法援决〔2026〕101号');
    expect(field(notice, 'matterType').zh).toBeTruthy();
    const grant = (await get(officer, `/api/cases/${granted}/documents/grant_decision`)).body;
    expect(grant.issuer).toMatchObject({ name: '梁山县', department: { zh: '法律援助中心' } });

    expect((await get(officer, `/api/cases/${denied}/documents`)).body.items.map((d: any) => d.key)).toEqual(['denial_decision']);
    const refusal = (await get(officer, `/api/cases/${denied}/documents/denial_decision`)).body;
    expect(refusal.title.zh).toBe('不予法律援助决定书');
    expect(field(refusal, 'reason')).toContain('家庭月收入高于当地最低工资标准');
    expect(refusal.closing.zh).toContain('异议');
    expect((await get(officer, `/api/cases/${denied}/documents/grant_decision`)).status).toBe(422);
    // The lawyer is not among the roles that print the centre's decisions.
    expect((await get('lvshi.wang', `/api/cases/${granted}/documents/assignment_notice`)).status).toBe(403);
  });

  it('低保 and temporary assistance print their approval forms with the amounts', async () => {
    const [dibao, assistance] = await Promise.all([dibaoConfirmed(sut), assistanceApproved(sut)]);
    const d = (await get('xian.liangshan.minzheng', `/api/cases/${dibao}/documents/approval_form`)).body;
    expect(d.title.zh).toBe('最低生活保障审批表');
    expect(field(d, 'confirmedAmount')).toBe(900);
    expect(field(d, 'investigators')).toEqual(['李干事', '赵干事']);
    expect(field(d, 'confirmedBy')).toBe('梁山县民政局 审批员');
    const t = (await get('zhen.xiaolukou', `/api/cases/${assistance}/documents/approval_form`)).body;
    expect(t.title.zh).toBe('临时救助审批表');
    expect(field(t, 'approvedAmount')).toBe(2000);
    expect(field(t, 'requestedAmount')).toBe(2000);
    expect(field(t, 'hardshipType').zh).toBeTruthy();
    expect(field(t, 'approvedBy')).toBe('小路口镇 审核员二');
  });

  it('the village 公示 table lists only that village\'s households in the notice, names and ID numbers masked; audited', async () => {
    await Promise.all([
      housingAtVillageNotice(sut, 'cun.yannali', VILLAGE.yannali, '张平安', stranger(741)),
      housingAtVillageNotice(sut, 'cun.yannali', VILLAGE.yannali, '李秀兰', stranger(742)),
      housingAtVillageNotice(sut, 'cun.leikou', VILLAGE.leikou, '刘长顺', PEOPLE.liuChangshun),
    ]);
    const res = await get('zhen.xiaolukou', `/api/notice-tables/housing-renovation/village_notice?villageCode=${VILLAGE.yannali}`);
    expect(res.status).toBe(200);
    expect(res.body.village).toBe('闫那里村');
    expect(res.body.issuer).toMatchObject({ level: 'village', name: '闫那里村', department: { zh: '村民委员会' } });
    const names = res.body.rows.map((r: any) => r.nameMasked).sort();
    expect(names).toEqual(['张*安', '李*兰']);
    expect(res.body.rows.every((r: any) => /^\d{6}\*+\d{3}[\dX]$/.test(r.idNumberMasked) && r.period.to)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/张平安|李秀兰|刘/);
    // The table with rows matches its documented schema (the OpenAPI test's fast clock leaves no case in a notice).
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const table = ajv.compile(NOTICE_TABLE_SCHEMA);
    expect([table(res.body), ajv.errorsText(table.errors)]).toEqual([true, 'No errors']);

    const leikou = await get('cun.leikou', `/api/notice-tables/housing-renovation/village_notice?villageCode=${VILLAGE.leikou}`);
    expect(leikou.body.rows.map((r: any) => r.nameMasked)).toEqual(['刘*顺']);
    // A village clerk prints only their own village; a village of another county is not found.
    expect((await get('cun.leikou', `/api/notice-tables/housing-renovation/village_notice?villageCode=${VILLAGE.yannali}`)).status).toBe(404);
    expect((await get('zhen.xiaolukou', `/api/notice-tables/housing-renovation/village_notice?villageCode=${VILLAGE.jinzhuang}`)).status).toBe(404);
    const missing = await get('zhen.xiaolukou', `/api/notice-tables/housing-renovation/village_notice`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('villageCode');
    expect((await get('zhen.xiaolukou', `/api/notice-tables/housing-renovation/township_audit?villageCode=${VILLAGE.yannali}`)).status).toBe(404);
    const [audit] = await sut.ds.query(`SELECT payload FROM audit_entries WHERE action = 'NOTICE_TABLE_PRINTED' AND actor_username = 'cun.leikou'`);
    expect(audit.payload).toMatchObject({ processKey: 'housing-renovation', state: 'village_notice', villageCode: VILLAGE.leikou });
    expect(audit.payload.caseIds).toHaveLength(1);
  });
});
