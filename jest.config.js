/** Unit tests (libs, apps) and e2e tests (test/) share one config; e2e files end in .e2e-spec.ts. */
const moduleNameMapper = {
  '^@app/processes$': '<rootDir>/libs/processes/src',
  '^@app/processes/(.*)$': '<rootDir>/libs/processes/src/$1',
  '^@app/(engine|audit|db|queues|access|registry|settings)$': '<rootDir>/libs/$1/src',
  '^@app/(engine|audit|db|queues|access|registry|settings)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// Transpile only (types are checked by `npm run typecheck`): keeps the suite fast on two cores.
const transform = {
  '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  // NestJS 12 and some of its dependencies are ES modules, which Jest on Node < 24.9 cannot require.
  '^.+\\.m?js$': '<rootDir>/test/support/esm-package-transform.js',
};
// node_modules is transformed too (the transform passes CommonJS files through untouched).
const transformIgnorePatterns = [];
module.exports = {
  // e2e tests wait for timers and jobs; the unit suite's 1M-row CSV test also needs more than 5 s.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/apps/worker'],
      testMatch: ['**/*.spec.ts'],
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
