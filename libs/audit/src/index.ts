export * from './canonical-json';
export * from './audit-entry';
export * from './audit-log';
export * from './audit-verify';
