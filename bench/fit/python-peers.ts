/**
 * The Python peers the fitting bench compares with, run on the same OSIPI curves in bench/.venv, which is
 * created and filled with `pip install dcmri==0.6.20` (numpy and scipy come with it) on first use:
 * dcmri_fit.py (dcmri's nonlinear fits) and osipi_llsq.py (OSIPI's linear 2CXM fitter). A peer that cannot
 * be run returns null, with the reason printed, so the TypeScript figures still print.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface DcmriResult {
  model: string;
  fits: number;
  seconds: number;
  fits_per_s: number;
  passed: number;
  cases: number;
  max_abs_error: Record<string, number>;
}

export interface OsipiLlsqResult {
  fits: number;
  seconds: number;
  fits_per_s: number;
  passed: number;
  cases: number;
  numpy: string;
}

const DCMRI_VERSION = '0.6.20';

/** dcmri on `csvPath` (`repeat` passes over its curves). */
export function runDcmri(
  root: string,
  csvPath: string,
  model: '2cxm' | 'etm',
  repeat: number,
): DcmriResult | null {
  return runPeer(root, 'dcmri_fit.py', [csvPath, model, String(repeat)]);
}

/** OSIPI's linear 2CXM fitter on `csvPath` (`repeat` passes over its curves), one thread. */
export function runOsipiLlsq(root: string, csvPath: string, repeat: number): OsipiLlsqResult | null {
  return runPeer(root, 'osipi_llsq.py', [csvPath, String(repeat)]);
}

function runPeer<T>(root: string, script: string, args: string[]): T | null {
  const venv = join(root, 'bench', '.venv');
  const python = join(venv, 'bin', 'python');
  try {
    if (!existsSync(python)) {
      console.log(`creating ${venv} and installing dcmri==${DCMRI_VERSION} (first run only)...`);
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
      execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', `dcmri==${DCMRI_VERSION}`], {
        stdio: 'inherit',
      });
    }
    const out = execFileSync(python, [join(root, 'bench', 'fit', script), ...args], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop() as string) as T;
  } catch (err) {
    console.log(`${script} skipped: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}
