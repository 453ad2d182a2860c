/** Routes the Temporal SDK's own logging through a level, once per process (Runtime can be installed once). */
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

let installed = false;

export function installTemporalRuntime(level: string): void {
  if (installed) return;
  installed = true;
  const map: Record<string, LogLevel> = {
    trace: 'TRACE',
    debug: 'DEBUG',
    info: 'INFO',
    warn: 'WARN',
    error: 'ERROR',
    fatal: 'ERROR',
    silent: 'ERROR',
  };
  Runtime.install({ logger: new DefaultLogger(map[level] ?? 'INFO') });
}
