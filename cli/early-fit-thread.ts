/**
 * Starts `qtm fit --input`'s worker thread before the command line is loaded (cli/main.ts). On a 56 MB file the
 * fit runs for about a quarter of a second, and a worker started when the file is opened spends the first 70 ms
 * or so booting Node and loading the fitting code, and more compiling it; started from the raw arguments, that
 * boot overlaps this thread's own loading of commander and the command's modules, and the fit has both threads
 * from its first chunk (bench/fit/README.md). The pool that runFitCurves creates takes the thread
 * (compute/pool-thread.ts). Only when the fit will use a worker (its --threads, or the file's size,
 * jobs/curves-file-threads.ts): an unused thread would take CPU from the one that fits. Imports nothing heavier
 * than those two, so that nothing delays the start.
 */
import { prestartPoolThread } from '../compute/pool-thread';
import { curvesFileThreads } from '../jobs/curves-file-threads';

/**
 * True when `argv` (process.argv's layout) is a `qtm fit` on an --input file that will fit on more than one
 * thread: `--threads` above 1, or no --threads and a file that curvesFileThreads gives all cores. A guess from
 * the raw words, before commander parses them: a wrong one costs a thread start-up (or its absence the early
 * start), never a result, as an unused thread runs no work and does not keep the process alive.
 */
export function fitsOnWorker(argv: readonly string[]): boolean {
  if (argv[2] !== 'fit') return false;
  const args = argv.slice(3);
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return args[i] === name ? (args[i + 1] ?? '') : args[i].slice(name.length + 1);
  };
  const input = value('--input');
  if (input === undefined) return false;
  const threads = value('--threads');
  return (threads === undefined ? curvesFileThreads(input) : Number(threads)) > 1;
}

/** Starts the pool thread `qtm fit` will use when fitsOnWorker says it will use one. */
export function startFitThreadEarly(argv: readonly string[]): void {
  if (fitsOnWorker(argv)) prestartPoolThread();
}
