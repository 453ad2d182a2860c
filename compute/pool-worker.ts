/**
 * Worker-thread entry of the pool: runs named tasks from pool-tasks.ts (synchronous or async) on the chunks
 * it is sent, one at a time, posting progress and the result (or the error's code and message, so the main
 * thread can re-raise it). The thread lives as long as the pool keeps it, so module-level state in a task
 * (a loaded network) stays warm between chunks.
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

/**
 * The array buffers of an output's typed arrays, found through plain objects and arrays, to move them to
 * the caller instead of copying (a simulated subject's volumes, inference maps). Arrays that view only part
 * of a buffer (subarrays, Node's pooled Buffers) are copied, since moving would take the rest with them.
 */
function ownedBuffers(output: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer && value.byteLength === value.buffer.byteLength)
        buffers.add(value.buffer);
    } else for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
  };
  visit(output);
  return [...buffers];
}

const port = parentPort;
if (port) {
  port.on('message', async (request: ChunkRequest) => {
    const reply = (message: ChunkReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
    try {
      const run = POOL_TASKS[request.task] as (input: unknown, progress: (done: number) => void) => unknown;
      const output = await run(request.input, (done) => reply({ id: request.id, kind: 'progress', done }));
      reply({ id: request.id, kind: 'result', output }, ownedBuffers(output));
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
