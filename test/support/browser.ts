/**
 * Debian's Chromium driven by playwright-core for the console's browser tests: one headless
 * browser per test file, one context (its own sessionStorage) per signed-in user, and a watch on
 * every page that collects console errors and uncaught exceptions so a test can assert there were
 * none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '../../seeds/demo';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, reproducible headless Chromium: no sandbox (containers), no GPU, no background traffic. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Accept-Language and navigator.language as in the users' browsers.
  '--lang=zh-CN',
];

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

// A test run writes its screenshots to test-results/ (a run must not change tracked files);
// UPDATE_SCREENSHOTS=1 refreshes the README's pictures in docs/screenshots/.
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1'
  ? join(__dirname, '..', '..', 'docs', 'screenshots')
  : join(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * A response the test provokes or knows about (e.g. an endpoint the api has not shipped yet).
 * Chromium logs every 4xx/5xx fetch as a console error "Failed to load resource: the server
 * responded with a status of N"; only lines whose URL path and status match an entry here are
 * ignored, everything else counts.
 */
export interface ExpectedFailure {
  path: string | RegExp;
  status: number;
  why: string;
}

export interface BrowserProblem {
  kind: 'console' | 'pageerror';
  text: string;
  url?: string;
  page: string;
}

const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/** Collects console errors and page errors across every page of a browser. */
export class ConsoleWatch {
  readonly problems: BrowserProblem[] = [];
  readonly ignored: BrowserProblem[] = [];

  constructor(private readonly expected: ExpectedFailure[] = []) {}

  attach(page: Page, label: string): void {
    page.on('console', (msg) => this.onConsole(msg, label));
    page.on('pageerror', (err) => this.problems.push({ kind: 'pageerror', text: `${err.name}: ${err.message}`, page: label }));
  }

  private onConsole(msg: ConsoleMessage, label: string): void {
    if (msg.type() !== 'error') return;
    const url = msg.location().url;
    const entry: BrowserProblem = { kind: 'console', text: msg.text(), url, page: label };
    (this.isExpected(entry) ? this.ignored : this.problems).push(entry);
  }

  private isExpected(p: BrowserProblem): boolean {
    const m = FAILED_RESOURCE.exec(p.text);
    if (!m || !p.url) return false;
    const status = Number(m[1]);
    const path = new URL(p.url).pathname;
    return this.expected.some((e) => e.status === status && (typeof e.path === 'string' ? e.path === path : e.path.test(path)));
  }
}

export class ConsoleBrowser {
  private browser!: Browser;
  readonly watch: ConsoleWatch;

  constructor(readonly baseUrl: string, expected: ExpectedFailure[] = []) {
    this.watch = new ConsoleWatch(expected);
  }

  /** playwright's launch() gives every browser a fresh temporary user-data-dir of its own. */
  async start(): Promise<this> {
    // LANG as on a Chinese desktop: fontconfig then prefers the CJK font for Latin text too.
    this.browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'zh_CN.UTF-8' },
    });
    return this;
  }

  /** A new context (no shared session) and page at the given viewport, watched for errors. */
  async page(label: string, viewport = DESKTOP, watch = this.watch): Promise<Page> {
    const context: BrowserContext = await this.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: this.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    watch.attach(page, label);
    return page;
  }

  /** Signs in through the login form and waits for the shell to show the user. */
  async login(page: Page, username: string, path = '/'): Promise<void> {
    await page.goto(path);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator(`[data-testid="current-user"][data-username="${username}"]`).waitFor();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }
}

/**
 * A web-first check: reads `read` until it equals `expected` (the page renders asynchronously),
 * then returns; after the timeout, fails with the last value seen.
 */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves a screenshot under SCREENSHOT_DIR and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  // Fonts first: a screenshot taken before the CJK font has loaded shows boxes.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return path;
}
