/**
 * The code version recorded with every experiment and run: QTM_CODE_VERSION when set (container images
 * bake it in), else the git commit of the checkout, marked "-dirty" when files differ from it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-paths';

/** The project's release version, from package.json (printed by `qtm --version` beside the code version). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

let cached: string | undefined;

export function codeVersion(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QTM_CODE_VERSION) return env.QTM_CODE_VERSION;
  if (cached !== undefined) return cached;
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: projectRoot(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    cached = `git:${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    cached = 'unknown (no git checkout and QTM_CODE_VERSION unset)';
  }
  return cached;
}
