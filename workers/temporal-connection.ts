/** Connects workers to Temporal, turning an unreachable address into one line naming TEMPORAL_ADDRESS. */
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { CodedError } from '../perfusion/errors';
import type { Settings } from '../runtime/settings';

export class TemporalUnreachableError extends CodedError {
  override readonly name = 'TemporalUnreachableError';
}

function unreachable(settings: Settings, cause: unknown): TemporalUnreachableError {
  return new TemporalUnreachableError(
    'TEMPORAL_UNREACHABLE',
    `TEMPORAL_ADDRESS ${settings.temporal.address}: no Temporal server answers there (${(cause as Error).message.split('\n')[0]}); run \`qtm stack up\` or fix TEMPORAL_ADDRESS`,
    { cause },
  );
}

/** The worker-side (native) connection. */
export async function connectTemporal(settings: Settings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address: settings.temporal.address });
  } catch (cause) {
    throw unreachable(settings, cause);
  }
}

/** The client-side connection (starting and watching workflows). */
export async function connectTemporalClient(settings: Settings): Promise<Connection> {
  try {
    return await Connection.connect({ address: settings.temporal.address, connectTimeout: 5000 });
  } catch (cause) {
    throw unreachable(settings, cause);
  }
}
