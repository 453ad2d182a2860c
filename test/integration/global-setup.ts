/**
 * Integration and fault tests need the real stack (PostgreSQL, Temporal, S3). `npm test` and .ci/run start
 * it; this check fails the run at once, naming the server that does not answer, instead of letting every
 * test time out. Nothing is skipped and nothing is mocked. Then the suites get a database, a bucket and a
 * Temporal namespace of their own on those servers (support/isolated-stack.ts), dropped by the teardown.
 */
import { stackStatus } from '../../local-stack/stack';
import tensorflowGlobalSetup from '../unit/perfusion/qtmnet/tensorflow-global-setup';
import { createIsolatedStack } from './support/isolated-stack';

export default async function globalSetup(): Promise<void> {
  // Workers here select the tfjs backend automatically: tensorflow where it is installed.
  tensorflowGlobalSetup();
  const rows = await stackStatus(process.env);
  const down = rows.filter((r) => !r.healthy);
  if (down.length > 0) {
    const names = down.map((r) => `${r.name} at ${r.endpoint}`).join('; ');
    throw new Error(
      `integration tests need the local stack, but these servers do not answer: ${names}. Run \`npx qtm stack up\` (npm test does it for you).`,
    );
  }
  Object.assign(process.env, await createIsolatedStack());
}
