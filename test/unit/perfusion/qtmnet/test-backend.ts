/**
 * The backend the QTMnet tests train and infer on: wasm in the `unit` jest project, tensorflow in the
 * `unit-tensorflow` project (jest.config.js sets QTM_TEST_BACKEND), so the same tests hold on both.
 */
import { type BackendName, parseBackendName } from '../../../../perfusion/qtmnet/backend';

export const testBackend: BackendName = parseBackendName(process.env.QTM_TEST_BACKEND) ?? 'wasm';

/** Where the architecture tests (shapes, finite differences) run: the pure-JS reference `cpu`, or tensorflow. */
export const architectureBackend: BackendName = testBackend === 'tensorflow' ? 'tensorflow' : 'cpu';
