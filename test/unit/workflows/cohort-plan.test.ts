import { planCohort } from '../../../workflows/cohort-plan';

test('LGG first, then HGG, with consecutive seeds and zero-padded names (as qtm simulate cohort)', () => {
  expect(planCohort({ lgg: 2, hgg: 1, seed: 100, simulator: {} })).toEqual([
    { subject: 'sub-001', grade: 'lgg', seed: 100 },
    { subject: 'sub-002', grade: 'lgg', seed: 101 },
    { subject: 'sub-003', grade: 'hgg', seed: 102 },
  ]);
});
