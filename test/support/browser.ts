/**
 * Debian's Chromium driven by playwright-core for the console's browser tests: one headless
 * browser per test file, one context (its own sessionStorage) per signed-in user, and a watch on
 * every page that collects console errors and uncaught exceptions so a test can assert there were
 * none. `consoleInChromium` is a browser test file's frame (the system and the browser started
 * and stopped); `signedIn` and `openCase` are its usual first steps.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page, type ViewportSize } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '../../seeds/demo';
import type { SystemUnderTest } from './system-under-test';

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

/** How a page is opened: its size, the label its problems are reported under, and what to set up before it signs in. */
export interface PageOptions {
  viewport?: ViewportSize;
  /** Defaults to the username. */
  label?: string;
  watch?: ConsoleWatch;
  /** Listeners, init scripts or permissions that must be in place before the first navigation. */
  prepare?: (page: Page) => Promise<unknown> | unknown;
}

export class ConsoleBrowser {
  private browser!: Browser;
  readonly watch: ConsoleWatch;
  private readonly url: () => string;

  /** `baseUrl` may be read late: the system under test knows its port only once started. */
  constructor(baseUrl: string | (() => string), expected: ExpectedFailure[] = []) {
    this.watch = new ConsoleWatch(expected);
    this.url = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  }

  get baseUrl(): string {
    return this.url();
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
    await this.submitLogin(page, username);
    await page.locator(`[data-testid="current-user"][data-username="${username}"]`).waitFor();
  }

  /** Fills the login form on the page and submits it; what follows (the shell, a forced password change) is the caller's to wait for. */
  async submitLogin(page: Page, username: string, password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD): Promise<void> {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  /** A new page (own session) signed in as `username` at `path`. */
  async signedIn(username: string, path = '/', opts: PageOptions = {}): Promise<Page> {
    const page = await this.page(opts.label ?? username, opts.viewport, opts.watch);
    await opts.prepare?.(page);
    await this.login(page, username, path);
    return page;
  }

  /** Signed in as `username` on the case's page, once it shows the case (in `state`, when given) and its first timeline entry. */
  async openCase(username: string, caseId: string, opts: PageOptions & { state?: string } = {}): Promise<Page> {
    const page = await this.signedIn(username, `/cases/${caseId}`, opts);
    const state = opts.state ? `[data-state="${opts.state}"]` : '';
    await page.locator(`[data-testid="case-page"][data-case-id="${caseId}"]${state}`).waitFor();
    // Attached, not visible: on a phone the history is folded (one tap away).
    await page.getByTestId('timeline-entry').first().waitFor({ state: 'attached' });
    return page;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }
}

export const CONSOLE_BUILD = join(__dirname, '..', '..', 'apps', 'console', 'dist', 'index.html');

/** The api serves the console's static build; without it every page would be a 404. */
export function requireConsoleBuild(): void {
  if (!existsSync(CONSOLE_BUILD)) {
    throw new Error('apps/console/dist is missing: run `npm run build --prefix apps/console` first (npm test does)');
  }
}

/**
 * A browser test file's frame, called in its describe(): before the tests, checks the console is
 * built, starts the system and a Chromium on it; after them, stops both. The browser may be used
 * from the file's own beforeAll (declared after this call) on. `expected`: see ExpectedFailure.
 */
export function consoleInChromium(sut: SystemUnderTest, expected: ExpectedFailure[] = []): ConsoleBrowser {
  const browser = new ConsoleBrowser(() => sut.baseUrl, expected);
  beforeAll(async () => {
    requireConsoleBuild();
    await sut.start();
    await browser.start();
  });
  afterAll(async () => {
    await browser.stop();
    await sut.stop();
  });
  return browser;
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
/** The housing filing form as a village clerk fills it for 闫建国's household (the demo's first applicant). */
export async function fillHousingFiling(page: Page, idNumber: string): Promise<void> {
  await page.getByTestId('field-applicant.name').fill('闫建国');
  await page.getByTestId('field-applicant.idNumber').fill(idNumber);
  await page.getByTestId('field-applicant.phone').fill('13800000000');
  await page.getByTestId('field-applicant.householdSize').fill('3');
  await page.getByTestId('field-data.category').selectOption('registered_poor');
  await page.getByTestId('field-data.houseDescription').fill('土坯房，墙体开裂，屋顶漏雨');
  await page.getByTestId('field-data.houseStructure').fill('土木');
  await page.getByTestId('field-data.builtYear').fill('1978');
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  // Fonts first: a screenshot taken before the CJK font has loaded shows boxes.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return path;
}

/**
 * What a person should never have to read (issue 20), as apps/console/src/lib/visibleCodes.ts
 * lists it — snake_case codes, UPPER_SNAKE event names, UUIDs — and besides: camelCase keys of raw
 * JSON (dueAt, escalationPath) and lowercase English words (a status like "armed", a key like
 * "clock"). Monospaced text (hashes, short numbers) and dotted names (a login, a file name) are not
 * words; they are looked at elsewhere.
 */
const VISIBLE_CODES = [
  /\b[a-z]+_[a-z_]+\b/g,
  /\b[A-Z]+_[A-Z_]+\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /(?<![.\w])[a-z]+(?:[A-Z][a-z]+)+(?![.\w])/g,
  /(?<![.\w-])[a-z]{3,}(?![.\w-])/g,
];

/** The codes and English words in the visible text of the page (or of the element with `testId`). */
export async function codesOnPage(page: Page, testId?: string): Promise<string[]> {
  const text = await visibleText(page, testId);
  return [...new Set(VISIBLE_CODES.flatMap((re) => [...text.matchAll(re)].map((m) => m[0])))];
}

/**
 * Bare jurisdiction codes (370832, 370832001, 12-digit villages) in the visible text: a place is
 * read by its name (issue 20). Not a digit run inside a longer one, nor a masked ID number's prefix
 * (370832********1234). Kept apart from codesOnPage: other pages show six-digit figures.
 */
export async function jurisdictionCodesOnPage(page: Page, testId?: string): Promise<string[]> {
  const text = await visibleText(page, testId);
  return [...new Set([...text.matchAll(/(?<![\d*])\d{6}(?:\d{3}){0,2}(?![\d*])/g)].map((m) => m[0]))];
}

/** The visible text of the page (or of the element with `testId`), monospaced text left out. */
async function visibleText(page: Page, testId?: string): Promise<string> {
  return page.evaluate((id) => {
    const root = id ? document.querySelector(`[data-testid="${id}"]`) : document.body;
    if (!root) return '';
    const parts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('.mono, code, script, style, [hidden]')) continue;
      // Not shown: hidden, or inside a closed <details> (content-visibility, so offsetParent would not tell).
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      parts.push(n.textContent ?? '');
    }
    return parts.join('\n');
  }, testId);
}
