/** One structured (pino) logger per process, passed down; level from QTM_LOG_LEVEL (see settings). */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'qtm'): Logger {
  return pino({ name, level }, pino.destination(2));
}
