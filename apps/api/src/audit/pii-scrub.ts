/**
 * Entries never hold a full ID number (the engine writes the masked form); the export and the
 * search still check every text they write, so a number typed into free text cannot leak. The
 * scrubbers live in libs/registry (pii-scrub.ts): case views, history and lists use them too.
 */
export { maskIdNumbersIn, scrubPii } from '@app/registry';
