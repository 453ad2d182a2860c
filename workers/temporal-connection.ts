/**
 * Connects workers and clients to Temporal, turning an unreachable address into one line naming
 * TEMPORAL_ADDRESS; every client is made here, so each uses the configured namespace and payload codec.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { CodedError } from '../perfusion/errors';
import type { Settings } from '../runtime/settings';
import { dataConverterFor } from './payload-codec';

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

/** A client in the configured namespace that encrypts and decrypts payloads as the workers do. */
export function temporalClient(connection: Connection, settings: Settings): Client {
  return new Client({
    connection,
    namespace: settings.temporal.namespace,
    dataConverter: dataConverterFor(settings.payloadKeys),
  });
}
