/**
 * Runs dcmri_fit.py (the Python package dcmri, PyPI) on the same OSIPI curves, in bench/.venv, which it
 * creates and fills with `pip install dcmri==0.6.20` on first use. Returns null (with the reason printed)
 * when Python or the package cannot be had, so the TypeScript figures still print.
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

const DCMRI_VERSION = '0.6.20';

export function runDcmri(
  root: string,
  csvPath: string,
  model: '2cxm' | 'etm',
  repeat: number,
): DcmriResult | null {
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
    const out = execFileSync(
      python,
      [join(root, 'bench', 'fit', 'dcmri_fit.py'), csvPath, model, String(repeat)],
      { encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').pop() as string) as DcmriResult;
  } catch (err) {
    console.log(`dcmri comparison skipped: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}
