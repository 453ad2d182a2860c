import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerSimulate } from '../../../cli/commands/simulate';
import { readLabels } from '../../../formats/cohort-labels';
import { readNifti } from '../../../formats/nifti';
import { readSimulationConfig } from '../../../formats/simulation-config';
import { readSubjectFolder } from '../../../formats/subject-folder';
import { runSimulateCohort, runSimulateSubject } from '../../../jobs/simulate-job';

const dir = mkdtempSync(join(tmpdir(), 'qtm-sim-'));
const configPath = join(dir, 'tiny.yaml');
writeFileSync(
  configPath,
  [
    'imaging: { matrix: [16, 16, 6] }',
    'protocol: { frameCount: 16 }',
    'vessels: { terminals: 80 }',
    'transport: { timeStepS: 0.5 }',
    'lgg: { radiusMm: [3, 4] }',
    'hgg: { radiusMm: [4, 5], necrosisFraction: [0.4, 0.5], oedemaMarginMm: [1, 2] }',
  ].join('\n'),
);
const config = readSimulationConfig(configPath);

describe('qtm simulate', () => {
  it('subject: writes a readable subject folder with OSIPI-unit truth, provenance and a preview PNG', async () => {
    const out = join(dir, 'subject');
    const s = await runSimulateSubject({ grade: 'hgg', seed: 4, out, config, preview: true });
    const folder = readSubjectFolder(out);
    expect(folder.geometry.dims).toEqual([16, 16, 6]);
    expect(folder.protocol.frame_times_s).toHaveLength(16);
    expect(readNifti(join(out, 'dce.nii.gz')).frameIntervalS).toBe(5);
    expect(folder.truth?.ktrans_per_min?.[100]).toBeCloseTo(s.truth.ktransPerS[100] * 60, 5);
    expect(folder.truth?.fp_ml_100ml_min?.[100]).toBeCloseTo(s.truth.fpPerS[100] * 6000, 2);
    expect(folder.provenance).toMatchObject({ tool: 'qtm simulate', grade: 'hgg', seed: 4 });
    // The injection draw is recorded, and the analysis is told the dose (not the subject's haematocrit).
    const drawn = folder.provenance.drawn_parameters as { physiology: typeof s.physiology };
    expect(drawn.physiology).toEqual(s.physiology);
    expect(folder.protocol.dose_mmol_per_kg).toBe(s.physiology.doseMmolPerKg);
    expect(folder.protocol.hct).toBe(0.42);
    // Vein mask, venous output, oracle AIF, supply truth and the true T10 travel with the subject.
    expect(Array.from(folder.maskVein ?? [])).toEqual(Array.from(s.maskVein));
    expect(folder.vof?.cpMm).toEqual(Array.from(s.vofMeasured));
    expect(folder.aifOracle?.cpMm).toEqual(Array.from(s.aifRoot));
    expect(folder.truthSupply?.fp_ml_100ml_min?.[100]).toBeCloseTo(s.truthSupply.fpPerS[100] * 6000, 2);
    expect(folder.t10True?.[100]).toBe(s.t10TrueS[100]);
    expect(folder.t10[100]).toBe(s.t10S[100]);
    expect(readFileSync(join(out, 'preview.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('cohort: LGG then HGG subjects with seeds S + k and labels.csv; same seed, same bytes', () => {
    const a = join(dir, 'cohort-a');
    const b = join(dir, 'cohort-b');
    runSimulateCohort({ lgg: 1, hgg: 1, seed: 20, out: a, config });
    runSimulateCohort({ lgg: 1, hgg: 1, seed: 20, out: b, config });
    expect(readLabels(a)).toEqual([
      { subject: 'sub-001', grade: 'lgg' },
      { subject: 'sub-002', grade: 'hgg' },
    ]);
    expect(readSubjectFolder(join(a, 'sub-002')).provenance.seed).toBe(21);
    for (const f of [
      'conc.nii.gz',
      'dce.nii.gz',
      'truth/u_mm_s.nii.gz',
      'truth_supply/fp_ml_100ml_min.nii.gz',
      'aif.csv',
      'vof.csv',
      'mask_vein.nii.gz',
    ]) {
      expect(readFileSync(join(a, 'sub-002', f)).equals(readFileSync(join(b, 'sub-002', f)))).toBe(true);
    }
    expect(existsSync(join(a, 'sub-001', 'preview.png'))).toBe(false);
  });

  it('qtm simulate rejects a bad config before anything is written', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'hgg:\n  tumour:\n    vp: [0.05, 0.7]\n    ve: [0.2, 0.5]\n');
    const program = new Command().exitOverride();
    registerSimulate(program);
    const argv = ['simulate', 'subject', '--grade', 'hgg', '--seed', '1', '--out', join(dir, 'never')];
    await expect(program.parseAsync([...argv, '--config', bad], { from: 'user' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/bad\.yaml: hgg\.tumour\.vp \+ hgg\.tumour\.ve: /),
    });
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
