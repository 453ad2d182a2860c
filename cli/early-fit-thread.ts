/**
 * Starts `qtm fit --input`'s worker thread before the command line is loaded (cli/main.ts). On a 56 MB file the
 * fit runs for about a quarter of a second, and a worker started when the file is opened spends the first 70 ms
 * or so booting Node and loading the fitting code, and more compiling it; started from the raw arguments, that
 * boot overlaps this thread's own loading of commander and the command's modules, and the fit has both threads
 * from its first chunk (bench/fit/README.md). The pool that runFitCurves creates takes the thread
 * (compute/pool-thread.ts). Imports nothing but the thread starter, so that nothing delays it.
 */
import { availableParallelism } from 'node:os';
import { prestartPoolThread } from '../compute/pool-thread';

/**
 * True when `argv` (process.argv's layout) is a `qtm fit` on an --input file that may fit on more than one
 * thread (no `--threads 1`). A guess from the raw words, before commander parses them: a wrong guess costs a
 * thread start-up, never a result, as an unused thread neither runs work nor keeps the process alive.
 */
export function fitsOnWorker(argv: readonly string[]): boolean {
  if (argv[2] !== 'fit' || availableParallelism() < 2) return false;
  const args = argv.slice(3);
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return args[i] === name ? (args[i + 1] ?? '') : args[i].slice(name.length + 1);
  };
  return value('--input') !== undefined && value('--threads') !== '1';
}

/** Starts the pool thread `qtm fit` will use when fitsOnWorker says it will use one. */
export function startFitThreadEarly(argv: readonly string[]): void {
  if (fitsOnWorker(argv)) prestartPoolThread();
}
