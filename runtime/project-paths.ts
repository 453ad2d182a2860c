/** Where the project lives on disk, found from this file's location so `npx qtm` works from any folder. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'prisma'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The folder holding the local stack's data, logs and state (QTM_DATA_DIR, default <project>/.data). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.QTM_DATA_DIR ?? join(projectRoot(), '.data'));
}
