/**
 * Starts one worker thread of the pool (compute/pool-worker). Built JavaScript (dist/) runs pool-worker.js
 * directly. From TypeScript sources (jest, ts tooling) Node cannot load .ts files, so the thread first
 * installs a require hook that transpiles each .ts file with @swc/core (the dev dependency that runs the
 * tests) and then loads pool-worker.ts. This is the project's only worker-thread entry and only loader.
 *
 * A command that knows from its arguments alone that it will fit on a worker (`qtm fit --input`) starts the
 * thread before it loads its own modules (prestartPoolThread, from cli/main.ts): the thread's start-up, about
 * 70 ms of Node bootstrap and module loading, then runs on the second core while the command loads, instead
 * of after. The first pool that needs a thread takes that one (startPoolThread).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Default thread count of a pool: every core the process may use. */
export function defaultThreadCount(): number {
  return availableParallelism();
}

/** The thread prestartPoolThread started that no pool has taken yet. */
let prestarted: Worker | undefined;

/**
 * Starts a pool thread now for the next startPoolThread call to return. It does not keep the process alive
 * until a pool gives it work (a run that ends up needing no worker, or fails first, still exits), and one that
 * fails or exits before a pool takes it is dropped: the pool then starts a fresh one. Returns the thread.
 */
export function prestartPoolThread(): Worker {
  if (prestarted) return prestarted;
  const worker = newPoolThread();
  worker.unref();
  const drop = () => {
    if (prestarted === worker) prestarted = undefined;
  };
  worker.once('error', drop);
  worker.once('exit', drop);
  prestarted = worker;
  return worker;
}

/** A new pool thread, or the prestarted one when there is one. */
export function startPoolThread(): Worker {
  const worker = prestarted;
  if (worker === undefined) return newPoolThread();
  prestarted = undefined;
  return worker;
}

function newPoolThread(): Worker {
  const fromSource = __filename.endsWith('.ts');
  const entry = join(__dirname, `pool-worker${fromSource ? '.ts' : '.js'}`);
  if (!fromSource) return new Worker(entry);
  const loader = `
    const fs = require('node:fs');
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    require.extensions['.ts'] = (m, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' },
      });
      m._compile(code, filename);
    };
    require(${JSON.stringify(entry)});`;
  return new Worker(loader, { eval: true });
}
