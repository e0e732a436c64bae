export * from './password';
export * from './password-policy';
export * from './principal';
export * from './role-levels';
export * from './sessions';
export * from './tokens';
export * from './users';
