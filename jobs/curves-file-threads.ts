/**
 * How many threads `qtm fit --input` fits an osipi file on when --threads is not given. Its own module, light
 * to load, because cli/early-fit-thread.ts asks it before the command line loads, to know whether to start the
 * fit's worker thread early.
 */
import { statSync } from 'node:fs';
import { defaultThreadCount } from '../compute/pool-thread';

/**
 * An osipi file smaller than this (bytes) is fitted on the command's own thread alone unless `threads` is
 * given: a worker thread's start-up and its compiling of the parse and fit code (about 0.1 s of CPU, on a core
 * that a one-thread run already keeps partly busy with V8's compiler and garbage collector threads) cost more
 * than it saves. Measured on 2 cores with the worker started early (bench/fit/README.md): 600 curves of 600
 * samples (14 MB) 107 ms on one thread and 131-139 ms on two; 2,400 curves (56 MB) 0.28-0.32 s either way;
 * 9,600 curves (225 MB) 1.05 s and 0.70-0.74 s.
 */
export const SINGLE_THREAD_INPUT_BYTES = 64 * 2 ** 20;

/**
 * Threads for an osipi file when none were asked for: one below SINGLE_THREAD_INPUT_BYTES, else all cores. A
 * path that is no file gets all cores; the reader then says what is wrong with it.
 */
export function curvesFileThreads(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() && stat.size < SINGLE_THREAD_INPUT_BYTES ? 1 : defaultThreadCount();
}
