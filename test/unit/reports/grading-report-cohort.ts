/**
 * A small seeded synthetic cohort for report tests: 15 HGG + 15 LGG subjects, two "methods" whose mean
 * features separate the grades with different strength, and a montage of one 24 x 24 slice per method.
 */

import type { ScoreTable } from '../../../formats/grading-score-table';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';
import type { MontagePanel } from '../../../reports/grading-montage';

export function syntheticCohort(seed = 5): { table: ScoreTable; panels: MontagePanel[] } {
  const rng = createSeededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const isPositive = Array.from({ length: 30 }, (_, i) => i < 15);
  const feature = (effect: number, base: number, sd: number) =>
    Float64Array.from(isPositive, (p) => base + sd * (gauss() + (p ? effect : 0)));
  const columns = new Map<string, Float64Array>([
    ['qtmnet_u_mm_s_mean', feature(2.2, 1.0, 0.25)],
    ['qtmnet_u_mm_s_p90', feature(1.6, 1.8, 0.4)],
    ['2cxm_fp_ml_100ml_min_mean', feature(1.4, 40, 10)],
    ['2cxm_ps_per_min_mean', feature(0.8, 0.1, 0.03)],
  ]);
  const n = 24;
  const slice = (scale: number) =>
    Float32Array.from({ length: n * n }, (_, i) => {
      const r = Math.hypot((i % n) - 12, Math.floor(i / n) - 11);
      return scale * (r < 6 ? 2 + 0.5 * gauss() : r < 9 ? 1 : 0.3);
    });
  return {
    table: { negative: 'lgg', isPositive, columns },
    panels: [
      { title: 'qtmnet |u| (mm/s)', values: slice(1), width: n, height: n },
      { title: '2cxm Fp (mL/100 mL/min)', values: slice(30), width: n, height: n },
    ],
  };
}
