/** Jest projects: unit (pure code), int (real PostgreSQL), web (jsdom), e2e (real browser). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
const esmPackages = ['@nestjs', 'file-type', 'load-esm', 'uid', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras'];
const base = {
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

module.exports = {
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'int',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/int/**/*.test.ts'],
      globalSetup: '<rootDir>/test/int/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/int/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/int/support/env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/int/support/timeout.ts'],
    },
    {
      ...base,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/web/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/test/web/setup.ts'],
      moduleNameMapper: { '\\.(css)$': '<rootDir>/test/web/style-stub.js' },
    },
    {
      ...base,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
