/**
 * The last net before anything leaves the server (case views, history, lists, notices, flags, the
 * audit search and export): full ID numbers typed into free text (findings, notes, reasons,
 * opinions, names) are masked, and keyed hashes of ID numbers are dropped.
 *
 * The keyed hash (PiiCipher.indexOf) is a lookup index, not a secret-free token: anyone holding it
 * and the key recovers the number from its masked form by trying the hidden birth dates, so it
 * stays in the database. Entries written before issue 19 carry it as `applicant.idIndex`.
 */
import { maskIdNumber, validateIdNumber } from './id-number';

// 18 characters not touching other letters or digits (hashes and HMAC indexes are longer hex runs).
const CANDIDATE = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;

/** Keys that hold a keyed hash of an ID number wherever they appear. */
const KEYED_HASH_KEYS = new Set(['idIndex', 'id_index', 'applicantIdIndex', 'applicant_id_index']);
/** Keys that may hold one (`id:<hmac>` when the applicant has no registry household). */
const HOUSEHOLD_KEYS = new Set(['householdKey', 'household_key']);
/** A keyed hash as the engine writes it: 64 lowercase hex characters, maybe behind `id:`. */
const KEYED_HASH_VALUE = /^(?:id:)?[0-9a-f]{64}$/;

/**
 * Every GB 11643-valid 18-character number in the text masked (`370832********102X`). Only numbers
 * that pass the check are masked, so dates, amounts and hashes are left alone.
 */
export function maskIdNumbersIn(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text.replace(CANDIDATE, (m) => {
    if (!validateIdNumber(m).ok) return m;
    masked++;
    return maskIdNumber(m);
  });
  return { text: out, masked };
}

/**
 * A copy of a JSON-like value with full ID numbers masked in every string (values and keys) and
 * keyed hashes of ID numbers removed. Returns the value itself when there was nothing to change,
 * so the common case allocates nothing. Numbers are left as they are (an 18-digit JSON number is
 * not exact in JavaScript anyway).
 */
export function scrubPii<T>(value: T): T {
  return scrub(value, 0) as T;
}

/** How many ID numbers scrubPii would mask and keyed hashes it would drop (for logs: never the values). */
export function countPii(value: unknown): number {
  let n = 0;
  const walk = (v: unknown, depth: number) => {
    if (typeof v === 'string') n += maskIdNumbersIn(v).masked;
    else if (v && typeof v === 'object' && depth < MAX_DEPTH) {
      if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
      else {
        for (const [k, x] of Object.entries(v)) {
          if (isKeyedHash(k, x)) n++;
          else {
            n += maskIdNumbersIn(k).masked;
            walk(x, depth + 1);
          }
        }
      }
    }
  };
  walk(value, 0);
  return n;
}

const MAX_DEPTH = 64;

function isKeyedHash(key: string, v: unknown): boolean {
  if (KEYED_HASH_KEYS.has(key)) return true;
  return HOUSEHOLD_KEYS.has(key) && typeof v === 'string' && KEYED_HASH_VALUE.test(v);
}

/**
 * Copy on write: nothing is allocated until the first change, so an unchanged view (the common case,
 * every event's answer) costs a walk only. It was a full copy of every object and array first, about
 * 5 % of the api's allocations per event (ADR 0009).
 */
function scrub(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return v.length >= 18 ? maskIdNumbersIn(v).text : v;
  if (!v || typeof v !== 'object' || depth >= MAX_DEPTH || v instanceof Date) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = scrub(v[i], depth + 1);
      if (!out && y !== v[i]) out = v.slice(0, i);
      if (out) out.push(y);
    }
    return out ?? v;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = obj[k];
    const dropped = isKeyedHash(k, x);
    const key = dropped ? k : k.length >= 18 ? maskIdNumbersIn(k).text : k;
    const y = dropped ? x : scrub(x, depth + 1);
    if (!out && (dropped || key !== k || y !== x)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = obj[keys[j]];
    }
    if (out && !dropped) out[key] = y;
  }
  return out ?? v;
}
