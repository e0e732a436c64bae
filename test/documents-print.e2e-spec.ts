/**
 * Issue 20, printing in Chromium: every form of every process, opened from the case page as its
 * user would, printed to an A4 PDF by Chromium and read back — the title, the applicant with the
 * masked ID number, the amounts in figures and in words, the signature lines and the seal area
 * with the issuer — and a village's 公示 table listing only that village's households, masked.
 */
import type { Page } from 'playwright-core';
import { SystemUnderTest } from './support/system-under-test';
import { consoleInChromium, screenshot } from './support/browser';
import { PEOPLE, VILLAGE, stranger } from './support/fixtures';
import {
  DOCUMENT_TIME_SCALE, assistanceApproved, dibaoConfirmed, housingApproved, housingAtVillageNotice, legalAidAssigned, legalAidDenied,
} from './support/document-cases';
import { pdfText } from './support/pdf-text';

const MASKED_ID = /370832\*{8}\d{3}[\dX]/;

describe('printed forms in Chromium', () => {
  const sut = new SystemUnderTest({ timeScale: DOCUMENT_TIME_SCALE });
  const browser = consoleInChromium(sut);
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    [cases.housing, cases.granted, cases.denied, cases.dibao, cases.assistance] = await Promise.all([
      housingApproved(sut), legalAidAssigned(sut), legalAidDenied(sut), dibaoConfirmed(sut), assistanceApproved(sut),
    ]);
    [cases.yannaliA, cases.yannaliB, cases.leikou] = await Promise.all([
      housingAtVillageNotice(sut, 'cun.yannali', VILLAGE.yannali, '张平安', stranger(841)),
      housingAtVillageNotice(sut, 'cun.yannali', VILLAGE.yannali, '李秀兰', stranger(842)),
      housingAtVillageNotice(sut, 'cun.leikou', VILLAGE.leikou, '刘长顺', PEOPLE.liuChangshun),
    ]);
  });

  /** Opens the case as `user`, follows the documents panel's link to the form, and prints it. */
  async function printFromCase(page: Page, caseId: string, key: string): Promise<string> {
    await page.goto(`/cases/${caseId}`);
    await page.getByTestId(`document-link-${key}`).click();
    await page.locator(`[data-testid="print-sheet"][data-document="${key}"]`).waitFor();
    return printed(page);
  }

  async function printed(page: Page): Promise<string> {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    return pdfText(pdf).join('\n');
  }

  it('housing: the receipt and the approval form (30,000 元 in words, every level, the county seal area)', async () => {
    const clerk = await browser.signedIn('cun.yannali');
    const receipt = await printFromCase(clerk, cases.housing, 'receipt');
    expect(receipt).toContain('农村危房改造申请受理回执');
    expect(receipt).toContain('闫建国');
    expect(receipt).toMatch(MASKED_ID);
    expect(receipt).toContain(cases.housing.slice(0, 8));
    expect(receipt).toContain('闫那里村村民委员会');
    expect(receipt).toContain('（盖章）');

    const county = await browser.signedIn('xian.liangshan.zhujian');
    const form = await printFromCase(county, cases.housing, 'approval_form');
    await screenshot(county, 'document-approval-form.png', { fullPage: true });
    for (const words of ['农村危房改造申请审批表', '闫建国', '拆除重建', '30,000 元', '叁万元整', '材料齐全，情况属实，同意上报', '小路口镇 审核员', '县级审批人', '梁山县住房和城乡建设局', '（盖章）']) {
      expect(form).toContain(words);
    }
    expect(form).toMatch(MASKED_ID);
    expect(form).not.toContain(PEOPLE.yanJianguo);
    // The toolbar stays on the screen, not on the paper.
    expect(form).not.toContain('打印');
  });

  it('legal aid: the grant decision, the assignment notice (the lawyer by name) and, for a refusal, the refusal with its reason', async () => {
    const officer = await browser.signedIn('xian.liangshan.fayuan');
    const grant = await printFromCase(officer, cases.granted, 'grant_decision');
    expect(grant).toContain('给予法律援助决定书');
    expect(grant).toContain('梁法援决〔2026〕101号');
    expect(grant).toContain('梁山县法律援助中心');
    expect(grant).toMatch(MASKED_ID);

    const notice = await printFromCase(officer, cases.granted, 'assignment_notice');
    expect(notice).toContain('指派通知书');
    expect(notice).toContain('王律师');
    expect(notice).not.toContain('lvshi.wang');
    expect(notice).toContain('（盖章）');

    const refusal = await printFromCase(officer, cases.denied, 'denial_decision');
    expect(refusal).toContain('不予法律援助决定书');
    expect(refusal).toContain('张平');
    expect(refusal).toContain('家庭月收入高于当地最低工资标准');
    expect(refusal).toContain('异议');
    await officer.goto(`/cases/${cases.denied}`);
    await officer.getByTestId('documents-panel').waitFor();
    await expect(officer.getByTestId('document-link-grant_decision').count()).resolves.toBe(0);
  });

  it('低保 and temporary assistance: their approval forms with the amounts in figures and words', async () => {
    const civil = await browser.signedIn('xian.liangshan.minzheng');
    const dibao = await printFromCase(civil, cases.dibao, 'approval_form');
    for (const words of ['最低生活保障审批表', '闫秀英', '900 元', '玖佰元整', '李干事、赵干事', '梁山县民政局', '（盖章）']) expect(dibao).toContain(words);

    const township = await browser.signedIn('zhen.xiaolukou');
    const relief = await printFromCase(township, cases.assistance, 'approval_form');
    for (const words of ['临时救助审批表', '王桂兰', '2,000 元', '贰仟元整', '小路口镇 审核员二', '小路口镇人民政府', '（盖章）']) expect(relief).toContain(words);
    expect(relief).toMatch(MASKED_ID);
  });

  it('the village 公示 table lists only its village\'s households, names masked, with the seal area', async () => {
    const clerk = await browser.signedIn('cun.yannali');
    await clerk.goto(`/cases/${cases.yannaliA}`);
    await clerk.getByTestId('notice-table-link').click();
    await clerk.locator(`[data-testid="notice-table"][data-village="闫那里村"]`).waitFor();
    await expect(clerk.getByTestId('notice-table-row').count()).resolves.toBe(2);
    const yannali = await printed(clerk);
    await screenshot(clerk, 'notice-table.png', { fullPage: true });
    expect(yannali).toContain('闫那里村农村危房改造村级公示表');
    expect(yannali).toContain('张*安');
    expect(yannali).toContain('李*兰');
    expect(yannali).not.toMatch(/张平安|李秀兰|刘\*顺/);
    expect(yannali).toContain('闫那里村村民委员会');
    expect(yannali).toContain('（盖章）');
    expect(yannali).toContain('12317');

    const leikouClerk = await browser.signedIn('cun.leikou');
    await leikouClerk.goto(`/notice-tables/housing-renovation/village_notice/${VILLAGE.leikou}`);
    await leikouClerk.getByTestId('notice-table').waitFor();
    const leikou = await printed(leikouClerk);
    expect(leikou).toContain('刘*顺');
    expect(leikou).not.toMatch(/张\*安|李\*兰/);
  });

  it('the browser logged no errors on the way', () => {
    expect(browser.watch.problems).toEqual([]);
  });
});
