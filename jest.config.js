/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  // Builds dist/ (tsc -p .) once per run for the CLI tests that spawn dist/src/cli/index.js.
  globalSetup: '<rootDir>/tests/globalSetup.ts',
  testTimeout: 120000,
  // Transpile only (isolatedModules in tsconfig): npm test type-checks tests with tsconfig.test.json first.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: { warnOnly: false } }],
    // esptool-js (the ESP32 flasher's library) ships ES modules only. Node ≥ 20.19 require()s them natively, so
    // tinyfit's CommonJS build loads it as is; jest's module system does not, so jest transpiles that one package.
    '/node_modules/esptool-js/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!esptool-js/)'],
};
