export * from './id-number';
export * from './pii-crypto';
export * from './registry-csv';
export * from './pii-scrub';
