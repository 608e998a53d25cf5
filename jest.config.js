// Two projects: unit specs beside the code, integration/e2e suites in test/ against real
// Postgres and Redis (each file on its own database cloned from a migrated template).
const moduleNameMapper = {
  '^@app/config(|/.*)$': '<rootDir>/libs/config/src$1',
  '^@app/database(|/.*)$': '<rootDir>/libs/database/src$1',
  '^@app/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@app/queue(|/.*)$': '<rootDir>/libs/queue/src$1',
};
const transform = { '^.+\\.ts$': ['ts-jest', {}] };
const common = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/typeorm-storage-per-file.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.test-build'],
};

module.exports = {
  maxWorkers: 2,
  // Node 20 keeps every finished test file's vm context alive (jestjs/jest#11956, fixed upstream
  // in Node 21.1): a worker grew by about 16 MB a file, to 500-650 MB, and then took longer to
  // exit than Jest waits ("A worker process has failed to exit gracefully"). Jest's own remedy: a
  // worker past this size after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '300MB',
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      // The benchmark's own tests: generator on a real database, harness on a stand-in api.
      displayName: 'bench',
      testMatch: ['<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
