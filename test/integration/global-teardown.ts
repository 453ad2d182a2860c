/** Drops the tests' own database, bucket and Temporal namespace that the global setup created. */
import { dropIsolatedStack } from './support/isolated-stack';

export default async function globalTeardown(): Promise<void> {
  await dropIsolatedStack();
}
