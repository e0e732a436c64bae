/**
 * Issue 20 in Chromium: the township officer's inbox shows 受理时间/等待天数, the amount and the
 * previous handler by name; two rows selected are claimed at once; "导出 Excel" downloads the
 * current filter as a real xlsx; and a new 急难 task appears without a reload, with an alert.
 * Real time (scale 1); the inbox polls with its ETag every LIVE_POLL_MS (10 s).
 */
import ExcelJS from 'exceljs';
import { SystemUnderTest } from './support/system-under-test';
import { consoleInChromium, screenshot, until } from './support/browser';
import { stranger } from './support/fixtures';
import { assistance, fileAndSettle } from './queues-helpers';

/** In the page, before the console loads: notifications granted, and recorded (headless Chromium shows none). */
function recordNotifications(): void {
  const shown: string[] = [];
  (window as any).__notified = shown;
  (window as any).Notification = class {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    constructor(title: string) {
      shown.push(title);
    }
  };
}

describe('the inbox for a day\'s work in Chromium', () => {
  const sut = new SystemUnderTest({ timeScale: 1 });
  const browser = consoleInChromium(sut);
  const cases: any[] = [];

  beforeAll(async () => {
    cases.push(await fileAndSettle(sut, assistance(stranger(3001), { requestedAmount: 1800 })));
    cases.push(await fileAndSettle(sut, assistance(stranger(3002), { requestedAmount: 600 })));
  });

  it('shows the columns, claims two tasks at once, exports the list as xlsx and updates by itself with an alert on a new 急难 task', async () => {
    const page = await browser.signedIn('zhen.xiaolukou', '/inbox', { prepare: (p) => p.addInitScript(recordNotifications) });
    const table = page.getByTestId('inbox-table');
    await table.waitFor();
    const head = await table.locator('thead').textContent();
    for (const column of ['受理时间', '金额', '办理时限', '上一经办人']) expect(head).toContain(column);
    const row = page.locator(`[data-testid="inbox-row"][data-case-id="${cases[0].id}"]`);
    await expect(row.getByTestId('amount').textContent()).resolves.toContain('1,800 元');
    await expect(row.getByTestId('amount').textContent()).resolves.toContain('申请金额');
    await expect(row.getByTestId('previous-handler').textContent()).resolves.toBe('闫那里村 经办员');
    await expect(row.getByTestId('waiting-days').textContent()).resolves.toContain('0 天');
    const visible = await page.getByTestId('inbox').innerText();
    expect(visible).not.toMatch(/township_review|temporary-assistance|cun\.yannali|[0-9a-f]{8}-[0-9a-f]{4}-/);

    // 批量认领: select both rows, one click.
    for (const c of cases) await page.locator(`[data-testid="inbox-row"][data-case-id="${c.id}"]`).getByTestId('select-task').check();
    await page.getByTestId('batch-claim').click();
    await expect(page.getByTestId('batch-result').textContent().then((x) => x?.trim())).resolves.toBe('已认领 2 件');
    for (const c of cases) {
      await until(() => page.locator(`[data-testid="inbox-row"][data-case-id="${c.id}"]`).getAttribute('data-status'), 'claimed');
    }
    const claimed = await sut.ds.query(`SELECT count(*)::int AS n FROM tasks WHERE case_id = ANY($1) AND status = 'claimed'`, [cases.map((c) => c.id)]);
    expect(claimed[0].n).toBe(2);

    // 导出 Excel: the download opens as a workbook with the Chinese headers and the listed rows.
    // (Headless Chromium saves non-ASCII names as "download": the name the page gave is read off the link.)
    await page.evaluate(() => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        (window as unknown as { savedAs: string }).savedAs = this.download;
        return click.call(this);
      };
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('inbox-export').click()]);
    await expect(page.evaluate(() => (window as unknown as { savedAs: string }).savedAs)).resolves.toMatch(/^待办任务-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['任务', '业务', '通道', '申请人', '村（社区）', '案件状态', '受理时间']);
    expect(ws.rowCount).toBe(1 + (await page.getByTestId('inbox-row').count()));
    await screenshot(page, 'inbox-lists.png');

    // Live: a new 急难 case reaches the inbox without a reload, with an alert and a notification.
    const urgent = await fileAndSettle(sut, assistance(stranger(3003), { hardshipType: 'fire', urgency: 'emergency', requestedAmount: 1500 }));
    expect(urgent.lane).toBe('emergency');
    await page.locator(`[data-testid="inbox-row"][data-case-id="${urgent.id}"]`).waitFor({ timeout: 30000 });
    await page.getByTestId('emergency-alert').waitFor();
    await expect(page.getByTestId('emergency-alert').textContent()).resolves.toContain('新的急难任务 1 件');
    await expect(page.evaluate(() => (window as any).__notified)).resolves.toEqual(['新的急难任务 1 件']);
    // The new task is first (急难 before everything).
    await expect(page.getByTestId('inbox-row').first().getAttribute('data-case-id')).resolves.toBe(urgent.id);
    expect(browser.watch.problems).toEqual([]);
    await page.context().close();
  }, 90000);
});
