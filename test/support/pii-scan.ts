/**
 * Issue 9, item 6: finds full 居民身份证号码 in what the system under test wrote (log lines, api
 * responses). Two nets: the numbers the fixtures know (also glued into a longer digit run, or with
 * a mistyped check digit: the first 17 digits are the person), and any 18-character number that
 * passes GB 11643 validation. Text is folded first, so an escaped number is found too: JSON
 * \uXXXX escapes, URL %XX escapes, full-width digits, a lowercase x.
 *
 * Issue 19: the keyed hash of an ID number (PiiCipher.indexOf, with this run's PII_KEY) is as good
 * as the number (the masked form hides only the birth date), so it is looked for too: the hash of
 * every number the fixtures and the demo registry know, and of every valid number sent to the api
 * in a request (its URL or body: `watchRequest`) before it.
 *
 * Only the reveal endpoint may answer a full number; its responses are never inspected.
 */
import { PiiCipher, makeIdNumber, maskIdNumber, validateIdNumber } from '../../libs/registry/src';
import { loadSettings } from '../../libs/engine/src/settings';
import { DEMO_APPLICANTS } from '../../seeds/demo-data';
import { DEFAULT_DEMO_PASSWORD } from '../../seeds/demo-password';
// fixtures.ts imports the harness, which imports this module: read it lazily (at the first scan).
import { PEOPLE, stranger } from './fixtures';

/** `stranger(n)` numbers the scan knows by heart; the tests use n < 1000. */
const STRANGERS_KNOWN = 2000;

const REVEAL = /^\/api\/cases\/[^/?#]+\/applicant\/id-number\/?(?:[?#]|$)/;

/** The one route that answers a full ID number (CaseEngine.revealIdNumber). `url` may be absolute. */
export function isRevealRequest(method: string, url: string): boolean {
  return method.toUpperCase() === 'GET' && REVEAL.test(url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, ''));
}

let known17: Set<string> | undefined;

/** The first 17 digits of every number in the demo registry, PEOPLE and stranger(n). */
function knownPeople(): Set<string> {
  if (!known17) {
    const ids = [
      ...DEMO_APPLICANTS.map((a) => makeIdNumber(a.first17)),
      ...Object.values(PEOPLE),
      ...Array.from({ length: STRANGERS_KNOWN }, (_, n) => stranger(n)),
    ];
    known17 = new Set(ids.map((id) => id.slice(0, 17)));
  }
  return known17;
}

/**
 * Issue 9, item 5: passwords are never returned or logged, and neither are the secrets. The demo
 * users' password and the api's keys, as this run has them, are looked for in the same text.
 */
function secrets(): Array<{ name: string; value: string }> {
  const s = loadSettings();
  return [
    { name: 'the demo password', value: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD },
    { name: 'JWT_SECRET', value: s.jwtSecret },
    { name: 'PII_KEY', value: s.piiKey },
  ].filter((x) => x.value && x.value.length >= 8);
}

const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const URL_ESCAPES = /(?:%[0-9a-fA-F]{2})+/g;
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;

/** The text with escapes decoded and full-width digits folded, so a number has one spelling. */
export function foldEscapes(text: string): string {
  let out = text;
  if (out.includes('\\u')) out = out.replace(JSON_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (out.includes('%')) {
    out = out.replace(URL_ESCAPES, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  return out.replace(FULL_WIDTH, (c) => (c === '\uFF38' || c === '\uFF58' ? 'X' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)));
}

export interface IdNumberHit {
  /** The number as found (upper-cased); never print it, print maskIdNumber(id). */
  id: string;
  /** Where it starts in the folded text. */
  index: number;
  kind: 'fixture' | 'valid';
}

/** The key of the keyed hashes: this run's PII_KEY, read when a scan runs (the harness sets it per run). */
function currentPiiKey(): string | undefined {
  const key = process.env.PII_KEY;
  if (key) return key;
  try {
    return loadSettings().piiKey || undefined;
  } catch {
    return undefined;
  }
}

let hashCipher: { key: string; cipher: PiiCipher; known: Map<string, string> } | undefined;

/** The cipher of this run's PII_KEY and the keyed hash of every known person (hash → ID number). */
function keyedHashes(): { cipher: PiiCipher; known: Map<string, string> } | undefined {
  const key = currentPiiKey();
  if (!key) return undefined;
  if (hashCipher?.key !== key) {
    let cipher: PiiCipher;
    try {
      cipher = new PiiCipher(key);
    } catch {
      return undefined; // a key the api refuses too
    }
    const known = new Map<string, string>();
    for (const first17 of knownPeople()) {
      const id = makeIdNumber(first17);
      known.set(cipher.indexOf(id), id);
    }
    hashCipher = { key, cipher, known };
  }
  return hashCipher;
}

export interface KeyedHashHit {
  /** The person whose keyed hash it is; never print it, print maskIdNumber(id). */
  id: string;
  /** The hash as found; never print it either. */
  hash: string;
  index: number;
}

const HEX_RUN = /[0-9a-fA-F]{64,}/g;

/** Every keyed hash in already folded text of a person in `known` or `extra` (hash → ID number). */
export function findKeyedHashes(folded: string, known: Map<string, string>, extra?: Map<string, string>): KeyedHashHit[] {
  const hits: KeyedHashHit[] = [];
  for (const m of folded.matchAll(HEX_RUN)) {
    const run = m[0].toLowerCase();
    for (let i = 0; i + 64 <= run.length; i++) {
      const hash = run.slice(i, i + 64);
      const id = known.get(hash) ?? extra?.get(hash);
      if (id) hits.push({ id, hash, index: (m.index ?? 0) + i });
    }
  }
  return hits;
}

const DIGIT_RUN = /[0-9]{17,}[Xx]?/g;

/** Every full ID number in already folded text. */
export function findIdNumbers(folded: string): IdNumberHit[] {
  const hits: IdNumberHit[] = [];
  const people = knownPeople();
  for (const m of folded.matchAll(DIGIT_RUN)) {
    const run = m[0].toUpperCase();
    const at = m.index ?? 0;
    let fixture = false;
    for (let i = 0; i + 17 <= run.length; i++) {
      if (!people.has(run.slice(i, i + 17))) continue;
      hits.push({ id: run.slice(i, i + 18), index: at + i, kind: 'fixture' });
      fixture = true;
    }
    // A run of exactly 18: a number on its own; longer runs are other data (hashes, timestamps).
    if (!fixture && run.length === 18 && validateIdNumber(run).ok) hits.push({ id: run, index: at, kind: 'valid' });
  }
  return hits;
}

const LONG_DIGITS = /[0-9]{14,}[Xx]?/g;
const EXCERPT = 40;

/**
 * Every long digit run masked and every 64-hex run (a keyed hash, or a harmless SHA-256) replaced:
 * the report itself must not leak (a URL may carry the number or its hash too).
 */
const maskDigits = (folded: string) => folded.replace(HEX_RUN, '<64 hex>').replace(LONG_DIGITS, (d) => maskIdNumber(d));

/** Text around a hit, one line, masked. */
function excerpt(folded: string, hit: { index: number; length: number }): string {
  const from = Math.max(0, hit.index - EXCERPT);
  const to = Math.min(folded.length, hit.index + hit.length + EXCERPT);
  const text = maskDigits(folded.slice(from, to)).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${text}${to < folded.length ? '…' : ''}`;
}

export interface Finding {
  /** The log stream or `METHOD url -> status` the number appeared in (long digit runs masked). */
  where: string;
  masked: string;
  kind: IdNumberHit['kind'] | 'secret' | 'keyed-hash';
  excerpt: string;
}

const KIND_TEXT: Record<Finding['kind'], string> = {
  fixture: 'a fixture person',
  valid: 'a valid ID number',
  secret: 'a password or key',
  'keyed-hash': 'the keyed hash (PII_KEY HMAC) of an ID number',
};

const REPORTED = 20;

/** The findings of one test file's run, inspected as the text arrives (nothing is kept but hits). */
export class PiiScan {
  readonly findings: Finding[] = [];
  /** How much it read: a clean report means something only if this grew. */
  readonly read = { texts: 0, chars: 0 };
  private readonly seen = new Set<string>();
  /** Keyed hashes of the valid numbers requests carried (hash → number), with the key they were made with. */
  private requested = new Map<string, string>();
  private requestedKey: string | undefined;

  /**
   * A request's URL or body: the keyed hash of every valid ID number in it is looked for from now
   * on (the number itself is not a finding here: requests are what the tests send).
   */
  watchRequest(text: string): void {
    if (!text) return;
    const folded = foldEscapes(text);
    if (!/[0-9]{17}/.test(folded)) return;
    const hashes = keyedHashes();
    if (!hashes) return;
    if (this.requestedKey !== currentPiiKey()) {
      this.requested = new Map();
      this.requestedKey = currentPiiKey();
    }
    for (const hit of findIdNumbers(folded)) {
      if (hit.kind === 'fixture' && !validateIdNumber(hit.id).ok) continue;
      const hash = hashes.cipher.indexOf(hit.id);
      if (!hashes.known.has(hash)) this.requested.set(hash, hit.id);
    }
  }

  inspect(where: string, text: string): void {
    if (!text) return;
    this.read.texts++;
    this.read.chars += text.length;
    const folded = foldEscapes(text);
    for (const secret of secrets()) {
      if (!folded.includes(secret.value)) continue;
      const place = maskDigits(foldEscapes(where));
      const key = `${place}\n${secret.name}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const at = folded.indexOf(secret.value);
      const around = folded.slice(Math.max(0, at - EXCERPT), at + secret.value.length + EXCERPT).split(secret.value).join('******');
      this.findings.push({ where: place, masked: secret.name, kind: 'secret', excerpt: maskDigits(around).replace(/\s+/g, ' ') });
    }
    for (const hit of findIdNumbers(folded)) {
      const place = maskDigits(foldEscapes(where));
      const key = `${place}\n${hit.id}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.findings.push({ where: place, masked: maskIdNumber(hit.id), kind: hit.kind, excerpt: excerpt(folded, { index: hit.index, length: hit.id.length }) });
    }
    if (folded.length >= 64) {
      const hashes = keyedHashes();
      if (hashes) {
        for (const hit of findKeyedHashes(folded, hashes.known, this.requestedKey === currentPiiKey() ? this.requested : undefined)) {
          const place = maskDigits(foldEscapes(where));
          const key = `${place}\n#${hit.hash}`;
          if (this.seen.has(key)) continue;
          this.seen.add(key);
          this.findings.push({ where: place, masked: maskIdNumber(hit.id), kind: 'keyed-hash', excerpt: excerpt(folded, { index: hit.index, length: 64 }) });
        }
      }
    }
  }

  /** A message naming every place a number appeared (masked), or undefined when there is none. */
  report(): string | undefined {
    if (!this.findings.length) return undefined;
    const lines = this.findings.slice(0, REPORTED).map((f) => `  - ${f.where}: ${f.masked} (${KIND_TEXT[f.kind]}) in "${f.excerpt}"`);
    const more = this.findings.length > REPORTED ? [`  … and ${this.findings.length - REPORTED} more`] : [];
    return [`PII scan: ${this.findings.length} full ID number(s), keyed hash(es) or secret(s) appeared outside the reveal endpoint:`, ...lines, ...more].join('\n');
  }
}
