// Setup file of the `unit-tensorflow` jest project: its test files run on the tensorflow backend (test-backend.ts).
process.env.QTM_TEST_BACKEND = 'tensorflow';
