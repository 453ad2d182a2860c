/**
 * Starts one worker thread of the pool (compute/pool-worker). Built JavaScript (dist/) runs pool-worker.js
 * directly. From TypeScript sources (jest, ts tooling) Node cannot load .ts files, so the thread first
 * installs a require hook that transpiles each .ts file with @swc/core (the dev dependency that runs the
 * tests) and then loads pool-worker.ts. This is the project's only worker-thread entry and only loader.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export function startPoolThread(): Worker {
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
