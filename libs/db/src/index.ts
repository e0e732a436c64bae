export * from './data-source';
export * from './db.module';
export * from './sql';
export { pooledPreparedReads } from './prepared-statements';
