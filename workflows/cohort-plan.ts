/** Pure planning of a simulated cohort (used inside the workflow, so it must stay deterministic). */
import type { CohortStepConfig } from '../contracts/experiment-config';

export interface PlannedSubject {
  subject: string;
  grade: 'lgg' | 'hgg';
  seed: number;
}

/** LGG subjects first, then HGG; subject k is sub-<k+1> with seed `seed + k` (as `qtm simulate cohort`). */
export function planCohort(c: CohortStepConfig): PlannedSubject[] {
  const grades = [...Array<'lgg'>(c.lgg).fill('lgg'), ...Array<'hgg'>(c.hgg).fill('hgg')];
  return grades.map((grade, k) => ({
    subject: `sub-${String(k + 1).padStart(3, '0')}`,
    grade,
    seed: c.seed + k,
  }));
}
