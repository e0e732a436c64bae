/**
 * Field paths join server errors to inputs. The api names fields like `applicant.idNumber`,
 * `data.requestedAmount` or `payload.inspectors[0]`; it might also send JSON pointers
 * (`/data/requestedAmount`). Everything is normalised to dots: `payload.inspectors.0`.
 */
export function normalizeFieldPath(field: string): string {
  let p = field.trim();
  if (p.startsWith('#')) p = p.slice(1);
  if (p.startsWith('/')) p = p.slice(1).split('/').map(unescapePointer).join('.');
  p = p.replace(/\[(\d+)\]/g, '.$1').replace(/\[["']?([^\]"']+)["']?\]/g, '.$1');
  return p.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function joinPath(base: string, key: string | number): string {
  return base ? `${base}.${key}` : String(key);
}

/** A DOM id from a path: dots become dashes, anything else unusual becomes "_". */
export function domId(scope: string, path: string): string {
  return `${scope}--${path}`.replace(/\./g, '-').replace(/[^\w-]/g, '_');
}

export type FieldErrors = Record<string, string>;

/** Server field errors keyed by normalised path; the first message per field wins. */
export function fieldErrorsFrom(errors: Array<{ field: string; message: string }> | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors ?? []) {
    const key = normalizeFieldPath(e.field ?? '');
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}

/** Errors whose path no input claims (shown above the form so none is lost). */
export function unclaimedErrors(errors: FieldErrors, claimed: Set<string>): Array<[string, string]> {
  return Object.entries(errors).filter(([path]) => !claimed.has(path));
}
