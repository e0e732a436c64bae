export * from './queue-names';
export * from './job-contracts';
export * from './outbox';
