export * from './definition';
export * from './declarations';
export * from './config-env';
export * from './registry';
export * from './registry-checks';
export * from './describe';
export * from './process-settings';
