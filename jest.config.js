/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  // Builds dist/ (tsc -p .) once per run for the CLI tests that spawn dist/src/cli/index.js.
  globalSetup: '<rootDir>/tests/globalSetup.ts',
  testTimeout: 120000,
  // Transpile only (isolatedModules in tsconfig): npm test type-checks tests with tsconfig.test.json first.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { warnOnly: false } }] },
};
