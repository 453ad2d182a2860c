// Unit tests run alone and fast; integration and fault tests talk to the real stack that
// `qtm stack up` (or .ci/run) started, and their global setup fails loudly if a server is down; they
// write only into a database, bucket and Temporal namespace of their own, dropped by the global teardown.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = {
  transform,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

// Sets TensorFlow's library settings where the test workers inherit them (its comment says why).
const tensorflowGlobalSetup = '<rootDir>/test/unit/perfusion/qtmnet/tensorflow-global-setup.ts';

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      globalSetup: tensorflowGlobalSetup,
    },
    // The QTMnet tests that train or infer, again on the tensorflow backend (test-backend.ts); the unit
    // project runs them on wasm.
    {
      ...common,
      displayName: 'unit-tensorflow',
      testMatch: [
        '<rootDir>/test/unit/perfusion/qtmnet/{training-loop,kill-and-resume,volume-inference,block-inference,networks}.test.ts',
      ],
      globalSetup: tensorflowGlobalSetup,
      setupFiles: ['<rootDir>/test/unit/perfusion/qtmnet/tensorflow-project-setup.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/fault/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/jest-timeout.ts'],
    },
  ],
};
