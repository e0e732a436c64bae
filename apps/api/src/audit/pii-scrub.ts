import { maskIdNumber, validateIdNumber } from '@app/registry';

// 18 characters not touching other letters or digits (hashes and HMAC indexes are longer hex runs).
const CANDIDATE = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;

/**
 * Entries never hold a full ID number (the engine writes the masked form and the keyed index);
 * the export still checks every text it writes, so a future mistake cannot leak one. Only numbers
 * that pass the GB 11643 check are masked, so dates and amounts are left alone.
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
