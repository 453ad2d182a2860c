/** Routes the Temporal SDK's own logging through a level, once per process (Runtime can be installed once). */
import { DefaultLogger, type LogLevel, type LogMetadata, Runtime } from '@temporalio/worker';

/**
 * SDK messages that report this project's design, not a problem, with the level they are logged at instead:
 * a gpu worker registers no workflows on purpose (only cpu workers run workflow code), so the SDK's warning
 * that it does not poll for workflow tasks is a debug line. Every other message keeps its level.
 */
const DEMOTED: ReadonlyMap<string, LogLevel> = new Map([
  ['No workflows registered, not polling for workflow tasks', 'DEBUG'],
]);

export class DemotingLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    super.log(DEMOTED.get(message) ?? level, message, meta);
  }
}

const LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** The SDK level for a pino level name (QTM_LOG_LEVEL). */
export function temporalLogLevel(level: string): LogLevel {
  return LEVELS[level] ?? 'INFO';
}

let installed = false;

export function installTemporalRuntime(level: string): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DemotingLogger(temporalLogLevel(level)) });
}
