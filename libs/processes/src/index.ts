export * from './definition';
export * from './config-env';
export * from './registry';
export * from './describe';
