/** Connects workers to Temporal, turning an unreachable address into one line naming TEMPORAL_ADDRESS. */
import { NativeConnection } from '@temporalio/worker';
import type { Settings } from '../storage/settings';

export class TemporalUnreachableError extends Error {
  readonly code = 'TEMPORAL_UNREACHABLE';
}

export async function connectTemporal(settings: Settings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address: settings.temporal.address });
  } catch (cause) {
    throw new TemporalUnreachableError(
      `TEMPORAL_ADDRESS ${settings.temporal.address}: no Temporal server answers there (${(cause as Error).message}); run \`qtm stack up\` or fix TEMPORAL_ADDRESS`,
      { cause },
    );
  }
}
