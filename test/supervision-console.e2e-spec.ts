/**
 * Issue 20, 督办 and the lawyer picker in Chromium: the county approver opens an escalated case,
 * urges the township's task, reassigns it to a colleague chosen by name and caseload and records
 * an opinion; the township officer sees the urge in the inbox; the legal-aid officer assigns a
 * lawyer from a picker of names with open caseloads, never typing a login name.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { consoleInChromium, screenshot, until } from './support/browser';
import { PEOPLE, fileCase, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle, legalAid } from './queues-helpers';

describe('supervision and the lawyer picker in Chromium', () => {
  const sut = new SystemUnderTest();
  const browser = consoleInChromium(sut);

  it('the county approver urges, reassigns and writes an opinion from the case page; the township sees the urge', async () => {
    const c = await fileCase(sut, 'cun.yannali', assistance(stranger(951), { urgency: 'emergency', hardshipType: 'fire', requestedAmount: 1500 }));
    await eventually(async () => (await (await sut.as('xian.liangshan.minzheng')).get(`/api/cases/${c.id}/supervision`)).body.supervisor);

    const county = await browser.signedIn('xian.liangshan.minzheng', `/cases/${c.id}`);
    const panel = county.getByTestId('supervision-panel');
    await panel.waitFor();
    const task = panel.getByTestId('supervised-task');
    await county.getByTestId('urge-message').fill('先行救助已超时，请今日内办理');
    await county.getByTestId('urge-submit').click();
    await until(() => task.getByTestId('supervised-urges').isVisible(), true);
    await expect(task.getByTestId('supervised-urges').textContent()).resolves.toContain('已催办 1 次');

    // The picker names people and their loads, not login names.
    const options = await county.getByTestId('reassign-to').locator('option').allTextContents();
    expect(options.some((o) => /小路口镇 审核员二（在办 \d+ 件）/.test(o))).toBe(true);
    expect(options.join()).not.toContain('zhen.');
    await county.getByTestId('reassign-to').selectOption('zhen.xiaolukou2');
    await county.getByTestId('reassign-reason').fill('原经办人外出培训，改由同事办理');
    await county.getByTestId('reassign-submit').click();
    await until(() => task.textContent().then((s) => s?.includes('办理人：小路口镇 审核员二') ?? false), true);

    await county.getByTestId('opinion-text').fill('请小路口镇于今日内完成先行救助，并报县民政局备案');
    await county.getByTestId('opinion-submit').click();
    await until(() => county.getByTestId('supervision-flash').textContent(), '督办意见已记入案件记录');
    await screenshot(county, 'supervision-panel.png', { fullPage: true });
    expect((await sut.ds.query(`SELECT action FROM audit_entries WHERE chain_id = $1 AND action LIKE 'SUPERVISION_%' ORDER BY seq`, [`case:${c.id}`])).map((r: any) => r.action))
      .toEqual(['SUPERVISION_URGED', 'SUPERVISION_REASSIGNED', 'SUPERVISION_OPINION']);

    // The township officer now holding it sees the urge in the inbox.
    const township = await browser.signedIn('zhen.xiaolukou2', '/inbox');
    const row = township.locator(`[data-testid="inbox-row"][data-case-id="${c.id}"]`).first();
    await row.waitFor();
    await expect(row.getByTestId('urged').textContent()).resolves.toBe('已催办 1 次');

    // Nobody else gets the panel.
    const peer = await browser.signedIn('zhen.xiaolukou', `/cases/${c.id}`);
    await peer.getByTestId('case-page').waitFor();
    await peer.getByTestId('filing-data').waitFor();
    await expect(peer.getByTestId('supervision-panel').count()).resolves.toBe(0);
  });

  it('the legal-aid officer picks the lawyer by name and caseload', async () => {
    const busy = await fileAndSettle(sut, legalAid(PEOPLE.yanJianguo, '闫建国'));
    await step(sut, 'xian.liangshan.fayuan', busy.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕401号' });
    await step(sut, 'xian.liangshan.fayuan', busy.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    const v = await fileAndSettle(sut, legalAid(PEOPLE.yanXiuying, '闫秀英'));
    await step(sut, 'xian.liangshan.fayuan', v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕402号' });

    const page = await browser.signedIn('xian.liangshan.fayuan', `/cases/${v.id}`);
    const picker = page.getByTestId('field-payload.lawyer');
    await picker.waitFor();
    await until(() => picker.locator('option').count().then((n) => n >= 3), true);
    const options = await picker.locator('option').allTextContents();
    expect(options.some((o) => /^王律师（在办 [1-9]\d* 件）$/.test(o))).toBe(true);
    expect(options.some((o) => /^赵律师（在办 \d+ 件）$/.test(o))).toBe(true);
    expect(options.join()).not.toContain('lvshi.');
    await picker.selectOption('lvshi.zhao');
    await page.getByTestId('submit-event-ASSIGN_LAWYER').click();
    await page.locator('[data-testid="case-page"][data-state="in_service"]').waitFor();
    expect((await (await sut.as('xian.liangshan.fayuan')).get(`/api/cases/${v.id}`)).body.context.assignedLawyer).toBe('lvshi.zhao');
  });

  it('the browser logged no errors on the way', () => {
    expect(browser.watch.problems).toEqual([]);
  });
});
