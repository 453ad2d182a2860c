/**
 * The job behind `qtm simulate subject|cohort`: fluid-mechanics DCE-MRI subjects (perfusion/simulate) written as subject
 * folders (docs/subject-folder.md) with OSIPI-unit ground truth and provenance; a cohort adds labels.csv. Subject k of
 * a cohort uses seed S + k, so any subject can be regenerated alone. `--preview` writes preview.png.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../formats/atomic-write';
import { writeLabels } from '../formats/cohort-labels';
import { writeSubjectFolder } from '../formats/subject-folder';
import type { SimulationConfig } from '../perfusion/simulate/simulation-config';
import {
  type Grade,
  type SimulatedSubject,
  type SimulationProgress,
  simulateSubject,
} from '../perfusion/simulate/subject-simulation';
import { renderSimulationPreview } from '../reports/simulation-preview';
import { codeVersion } from '../runtime/code-version';

export interface SimulateSubjectOptions {
  grade: Grade;
  seed: number;
  out: string;
  /** The complete simulator configuration (formats/simulation-config.ts reads one from YAML). */
  config: SimulationConfig;
  preview?: boolean;
  onProgress?: (p: SimulationProgress) => void;
}

/** Converts a simulated subject to the folder contract (OSIPI units at the edge) and writes it. */
export function writeSimulatedSubject(
  dir: string,
  s: SimulatedSubject,
  config: SimulationConfig,
  provenance: Record<string, unknown>,
): void {
  const p = config.protocol;
  const scale = (a: Float32Array, k: number) => a.map((v) => v * k);
  const osipi = (t: SimulatedSubject['truth']) => ({
    u_mm_s: t.speedMmS,
    fp_ml_100ml_min: scale(t.fpPerS, 6000),
    ps_per_min: scale(t.psPerS, 60),
    vp: t.vp,
    ve: t.ve,
    ktrans_per_min: scale(t.ktransPerS, 60),
  });
  writeSubjectFolder(dir, {
    geometry: { dims: s.dims, voxelSizeMm: s.voxelSizeMm },
    protocol: {
      frame_times_s: Array.from(s.frameTimesS),
      TR_s: p.trS,
      flip_deg: p.flipDeg,
      r1_per_mM_s: p.r1PerMmS,
      hct: p.hct,
      field_T: p.fieldT,
      dose_mmol_per_kg: s.physiology.doseMmolPerKg,
    },
    dce: s.signal,
    conc: s.concentration,
    t10: s.t10S,
    maskBrain: s.maskBrain,
    maskTumour: s.maskTumour,
    maskArtery: s.maskArtery,
    maskVein: s.maskVein,
    aif: { tS: s.frameTimesS, cpMm: s.aifMeasured },
    vof: { tS: s.frameTimesS, cpMm: s.vofMeasured },
    aifOracle: { tS: s.frameTimesS, cpMm: s.aifRoot },
    truth: osipi(s.truth),
    truthSupply: osipi(s.truthSupply),
    t10True: s.t10TrueS,
    provenance: {
      tool: 'qtm simulate',
      code_version: codeVersion(),
      command: ['qtm', ...process.argv.slice(2)].join(' '),
      grade: s.grade,
      seed: s.seed,
      config,
      drawn_parameters: { ...s.parameters, physiology: s.physiology },
      diagnostics: s.diagnostics,
      tracer_budget_final: {
        injected: s.budget.injected.at(-1),
        held: s.budget.held.at(-1),
        drained: s.budget.drained.at(-1),
        unit: 'mM mm^3',
      },
      conc_note:
        "conc.nii.gz is converted back from the noisy SPGR signal (dce.nii.gz) with the T10 a simulated variable-flip-angle acquisition estimates (t10.nii.gz; the true T10 is truth/t10_s.nii.gz), as an analysis would; aif.csv and vof.csv divide by 1 - protocol hct, the haematocrit an analysis assumes (the subject's own is drawn_parameters.physiology.hct)",
      truth_note:
        "truth/ holds what each voxel's tracer kinetics encode (Fp = plasma flow through the voxel's tissue, vp with the vessel lumens' plasma); truth_supply/ the configured supply perfusion (docs/simulator.md)",
      ...provenance,
    },
  });
}

export async function runSimulateSubject(o: SimulateSubjectOptions): Promise<SimulatedSubject> {
  const started = new Date().toISOString();
  const s = simulateSubject(o.config, o.grade, o.seed, o.onProgress);
  writeSimulatedSubject(o.out, s, o.config, { started, finished: new Date().toISOString() });
  if (o.preview) writeFileAtomic(join(o.out, 'preview.png'), (await renderSimulationPreview(s)).png);
  return s;
}

export interface SimulateCohortOptions {
  lgg: number;
  hgg: number;
  seed: number;
  out: string;
  config: SimulationConfig;
  onSubject?: (name: string, index: number, total: number) => void;
}

/** Simulates LGG subjects first, then HGG; subject k is sub-<k+1> with seed S + k. */
export function runSimulateCohort(o: SimulateCohortOptions): Array<{ subject: string; grade: Grade }> {
  const { config } = o;
  const grades: Grade[] = [...Array<Grade>(o.lgg).fill('lgg'), ...Array<Grade>(o.hgg).fill('hgg')];
  const labels = grades.map((grade, k) => ({ subject: `sub-${String(k + 1).padStart(3, '0')}`, grade }));
  labels.forEach(({ subject, grade }, k) => {
    o.onSubject?.(subject, k, labels.length);
    const started = new Date().toISOString();
    const s = simulateSubject(config, grade, o.seed + k);
    writeSimulatedSubject(join(o.out, subject), s, config, {
      started,
      finished: new Date().toISOString(),
      cohort_seed: o.seed,
    });
  });
  writeLabels(o.out, labels);
  return labels;
}
