/**
 * Worker-thread entry of the pool: runs named tasks from pool-tasks.ts on the chunks it is sent, posting
 * progress and the result (or the error's code and message, so the main thread can re-raise it).
 */
import { parentPort } from 'node:worker_threads';
import { POOL_TASKS, type PoolTaskName } from './pool-tasks';

export interface ChunkRequest {
  id: number;
  task: PoolTaskName;
  input: unknown;
}

export type ChunkReply =
  | { id: number; kind: 'progress'; done: number }
  | { id: number; kind: 'result'; output: unknown }
  | { id: number; kind: 'error'; name: string; code?: string; message: string; stack?: string };

const port = parentPort;
if (port) {
  port.on('message', (request: ChunkRequest) => {
    const reply = (message: ChunkReply) => port.postMessage(message);
    try {
      const run = POOL_TASKS[request.task] as (input: unknown, progress: (done: number) => void) => unknown;
      const output = run(request.input, (done) => reply({ id: request.id, kind: 'progress', done }));
      reply({ id: request.id, kind: 'result', output });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as Error & { code?: unknown }).code;
      reply({
        id: request.id,
        kind: 'error',
        name: e.name,
        code: typeof code === 'string' ? code : undefined,
        message: e.message,
        stack: e.stack,
      });
    }
  });
}
