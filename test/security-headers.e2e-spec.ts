/**
 * Issue 19 (pen test), item 1: security headers. Every answer carries a strict Content-Security-
 * Policy (helmet), nosniff, a referrer policy and refuses framing; every /api answer, errors
 * included, is `Cache-Control: no-store`. The policy is checked in Chromium: the console (its charts
 * and their tooltips included) and the Swagger UI at /docs work under it without one violation, and
 * the browser does refuse what the policy forbids (an injected inline script or handler).
 */
import type { Page } from 'playwright-core';
import { SystemUnderTest } from './support/system-under-test';
import { ConsoleWatch, DESKTOP, consoleInChromium, until } from './support/browser';
import { fileCase, housingFiling, stranger } from './support/fixtures';
import { assistance } from './queues-helpers';

/** The directives the pen test asked for, and those the console and Swagger UI are held to. */
const REQUIRED = [
  "default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
  "script-src 'self'", "script-src-attr 'none'", "connect-src 'self'",
];

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d]));
}

/** Violations the page reports (securitypolicyviolation), collected from every document it loads. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${location.pathname})`));
  });
  return seen;
}

describe('security headers and the Content-Security-Policy', () => {
  const sut = new SystemUnderTest();
  const browser = consoleInChromium(sut);

  beforeAll(async () => {
    // Cases this month, so the dispatch dashboard draws bars that have tooltips.
    await fileCase(sut, 'cun.yannali', housingFiling(stranger(801)));
    await fileCase(sut, 'cun.yannali', assistance(stranger(802)));
  });

  it('every answer — console, docs, api, api errors — carries the CSP, nosniff, a referrer policy and no framing', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const answers = {
      console: await sut.http().get('/'),
      consoleRoute: await sut.http().get('/inbox'),
      asset: await sut.http().get('/favicon.svg'),
      docs: await sut.http().get('/docs'),
      api: await sut.http().get('/api/cases').set('Authorization', `Bearer ${token}`),
      unauthorized: await sut.http().get('/api/cases'),
      notFound: await sut.http().get('/api/no-such-thing').set('Authorization', `Bearer ${token}`),
      badJson: await sut.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":'),
      badInput: await sut.http().post('/api/auth/login').send({ username: 'a\u202Eb', password: 'x' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]))).toEqual({
      console: 200, consoleRoute: 200, asset: 200, docs: 200, api: 200, unauthorized: 401, notFound: 404, badJson: 400, badInput: 400,
    });
    for (const [name, res] of Object.entries(answers)) {
      const csp = directives(res.headers['content-security-policy'] ?? '');
      for (const d of REQUIRED) expect({ name, directive: csp.get(d.split(' ')[0]) }).toEqual({ name, directive: d });
      // No inline or eval'd script anywhere; inline style only where the console's charts and Swagger UI need it.
      expect({ name, script: csp.get('script-src') }).not.toEqual({ name, script: expect.stringMatching(/unsafe|data:|\*/) });
      expect({ name, style: csp.get('style-src') }).toEqual({ name, style: name === 'docs' ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'" });
      expect({ name, img: csp.get('img-src') }).toEqual({ name, img: name === 'docs' ? "img-src 'self' data:" : "img-src 'self'" });
      expect({ name, nosniff: res.headers['x-content-type-options'] }).toEqual({ name, nosniff: 'nosniff' });
      expect({ name, referrer: res.headers['referrer-policy'] }).toEqual({ name, referrer: expect.stringMatching(/^(no-referrer|same-origin)$/) });
      expect({ name, frame: res.headers['x-frame-options'] }).toEqual({ name, frame: 'DENY' });
      expect({ name, poweredBy: res.headers['x-powered-by'] }).toEqual({ name, poweredBy: undefined });
    }
    // Every /api answer, errors included, is never stored by a browser or a shared cache.
    for (const name of ['api', 'unauthorized', 'notFound', 'badJson', 'badInput'] as const) {
      expect({ name, cache: answers[name].headers['cache-control'] }).toEqual({ name, cache: 'no-store' });
      if (answers[name].status >= 400) expect({ name, type: answers[name].headers['content-type'] }).toEqual({ name, type: expect.stringContaining('application/problem+json') });
    }
    // The console's static files may be cached (hashed names); they are not /api.
    expect(answers.asset.headers['cache-control']).not.toBe('no-store');
  });

  it('the console works under the policy in Chromium: sign-in, inbox, dispatch charts with tooltips — no violation, no error', async () => {
    const page = await browser.page('xian.liangshan.minzheng');
    const violations = await watchViolations(page);
    await browser.login(page, 'xian.liangshan.minzheng');
    await page.getByTestId('nav-inbox').click();
    await page.waitForLoadState('networkidle');
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('dispatch-table').waitFor();
    const chart = page.getByTestId('chart-volume');
    await chart.locator('svg').waitFor();
    // Hover across the chart: ECharts writes its tooltip as HTML with style attributes.
    const box = (await chart.boundingBox())!;
    for (let x = 0.2; x <= 0.8; x += 0.1) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6);
    // ECharts' tooltip: a div of the chart at z-index 9999999, shown with the hovered month's figures.
    const tooltipShown = () => page.evaluate(() => Array.from(document.querySelectorAll('[data-testid="chart-volume"] div')).some((d) => {
      const style = getComputedStyle(d);
      return style.zIndex === '9999999' && style.display !== 'none' && (d.textContent ?? '').trim() !== '';
    }));
    await until(tooltipShown, true);
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
    expect(browser.watch.problems).toEqual([]);
    await page.context().close();
  });

  it('the Swagger UI at /docs works under the policy: operations render and expand — no violation, no error', async () => {
    const page = await browser.page('docs');
    const violations = await watchViolations(page);
    await page.goto('/docs');
    const op = page.locator('.opblock').first();
    await op.waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    await op.locator('.opblock-summary').click();
    await page.locator('.opblock-body').first().waitFor();
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
    expect(browser.watch.problems).toEqual([]);
    await page.context().close();
  });

  it('the browser enforces it: an injected inline script, event handler or foreign script does not run', async () => {
    const page = await browser.page('probe', DESKTOP, new ConsoleWatch());
    const violations = await watchViolations(page);
    await page.goto('/login');
    const ran = await page.evaluate(async () => {
      (window as any).__ran = [];
      const s = document.createElement('script');
      s.textContent = 'window.__ran.push("inline")';
      document.body.appendChild(s);
      document.body.insertAdjacentHTML('beforeend', '<img src="/favicon.svg" onload="window.__ran.push(\'handler\')">');
      const foreign = document.createElement('script');
      foreign.src = 'https://example.com/x.js';
      document.body.appendChild(foreign);
      await new Promise((r) => setTimeout(r, 300));
      return (window as any).__ran;
    });
    expect(ran).toEqual([]);
    expect(violations.map((v) => v.split(' ')[0]).sort()).toEqual(expect.arrayContaining(['script-src-attr', 'script-src-elem']));
    await page.context().close();
  });
});
