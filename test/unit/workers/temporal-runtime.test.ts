/** The gpu worker's "No workflows registered" warning is a debug line; every other SDK warning stays one. */
import type { LogEntry } from '@temporalio/worker';
import { DemotingLogger, temporalLogLevel } from '../../../workers/temporal-runtime';

function logged(level: string): LogEntry[] {
  const entries: LogEntry[] = [];
  const logger = new DemotingLogger(temporalLogLevel(level), (e) => entries.push(e));
  logger.warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'qtm-gpu' });
  logger.warn('Activity heartbeat timed out');
  return entries;
}

test('at the default levels the no-workflows message is dropped and other warnings kept', () => {
  for (const level of ['info', 'warn'])
    expect(logged(level).map((e) => [e.level, e.message])).toEqual([
      ['WARN', 'Activity heartbeat timed out'],
    ]);
});

test('at debug level it is shown, as a debug line', () => {
  expect(logged('debug').map((e) => [e.level, e.message])).toEqual([
    ['DEBUG', 'No workflows registered, not polling for workflow tasks'],
    ['WARN', 'Activity heartbeat timed out'],
  ]);
});
