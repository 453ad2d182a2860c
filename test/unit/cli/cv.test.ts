/** `qtm cv` on pROC's aSAH data and on bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCv } from '../../../cli/commands/cv';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';
import type { CvReport } from '../../../reports/grading-cv-report';
import type { SelectionReport } from '../../../reports/grading-selection-report';

const ASAH = join(__dirname, '../../fixtures/roc/aSAH.csv');
const base = {
  input: ASAH,
  label: 'outcome',
  positive: 'Poor',
  folds: 5,
  repeats: 3,
  seed: 1,
  permutations: 200,
  bootstrap: 200,
};

describe('qtm cv', () => {
  it('per-feature and combined cross-validated AUCs, deterministic for a seed', () => {
    const json = runCv({ ...base, features: ['wfns', 's100b', 'ndka'], json: true });
    const r = JSON.parse(json) as CvReport;
    expect(r.sets.map((s) => [s.features.join('+'), s.classifier])).toEqual([
      ['wfns', 'threshold'],
      ['s100b', 'threshold'],
      ['ndka', 'threshold'],
      ['wfns+s100b+ndka', 'logistic'],
    ]);
    const combined = r.sets[3];
    // The apparent AUCs are 0.82 (wfns) and 0.73 (s100b); CV estimates sit near or below them.
    expect(combined.pooledAucMean).toBeGreaterThan(0.7);
    expect(combined.pooledAucMean).toBeLessThan(0.9);
    expect(combined.pooledAucRange[0]).toBeLessThanOrEqual(combined.pooledAucMean);
    expect(runCv({ ...base, features: ['wfns', 's100b', 'ndka'], json: true })).toBe(json);
    const text = runCv({ ...base, features: ['wfns', 's100b'] });
    expect(text).toContain('stratified 5-fold x 3 repeats, seed 1');
    expect(text).toMatch(/all 2 features\s+logistic\s+0\.\d{3}/);
  });

  it('leave-one-out and default feature columns (all numeric but label and subject)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-cv-'));
    const p = join(dir, 'f.csv');
    const rows = Array.from(
      { length: 12 },
      (_, i) => `s${i},${i < 6 ? 'hgg' : 'lgg'},${i < 6 ? 10 + i : i - 6},site${i % 2}`,
    );
    writeFileSync(p, `subject,grade,u_mean,site\n${rows.join('\n')}\n`);
    const r = JSON.parse(
      runCv({ ...base, input: p, label: 'grade', positive: 'hgg', loo: true, json: true }),
    ) as CvReport;
    expect(r.sets[0].features).toEqual(['u_mean']);
    expect((r as CvReport & { skippedColumns: string[] }).skippedColumns).toEqual(['site']);
    expect(runCv({ ...base, input: p, label: 'grade', positive: 'hgg', loo: true })).toContain(
      'columns left out (not all cells are finite numbers): site',
    );
    expect(r.sets[0].perFoldAucMean).toBeNull();
    expect(r.sets[0].pooledAucMean).toBe(1);
  });

  it('too few subjects of a class in a training fold names fold and class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-cv-'));
    const p = join(dir, 'small.csv');
    writeFileSync(p, 'grade,x\nhgg,1\nhgg,2\nlgg,3\nlgg,4\nlgg,5\n');
    expect(() => runCv({ ...base, input: p, label: 'grade', positive: 'hgg', folds: 2 })).toThrow(
      expect.objectContaining({
        code: 'TOO_FEW_TRAINING_SUBJECTS',
        message: expect.stringMatching(/fold \d: the training part has 1 hgg subject/),
      }),
    );
  });

  it('--nested: the best feature chosen inside each training part, per method, with tests between methods', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-cv-'));
    const p = join(dir, 'f.csv');
    const rng = createSeededRandom(3);
    const rows = Array.from({ length: 24 }, (_, i) => {
      const hgg = i % 2 === 0;
      const v = () => rng.next().toFixed(4);
      return `s${i},${hgg ? 'hgg' : 'lgg'},${(Number(v()) + (hgg ? 1 : 0)).toFixed(4)},${v()},${v()},${v()}`;
    });
    writeFileSync(p, `subject,grade,good_x,good_y,poor_x,poor_y\n${rows.join('\n')}\n`);
    const opts = {
      ...base,
      input: p,
      label: 'grade',
      positive: 'hgg',
      nested: true,
      methods: ['good', 'poor'],
    };
    const json = runCv({ ...opts, json: true });
    const r = JSON.parse(json) as SelectionReport;
    expect(r.schema).toBe('qtm.nested-cv/1');
    expect(r.methods.map((m) => [m.method, m.candidates])).toEqual([
      ['good', 2],
      ['poor', 2],
    ]);
    expect(r.methods[0].nestedCvAuc).toBeGreaterThan(0.9);
    expect(r.methods[0].selected[0]).toEqual({ feature: 'good_x', folds: 15 });
    expect(r.comparisons).toEqual([expect.objectContaining({ a: 'good', b: 'poor' })]);
    expect(r.permutations.count).toBe(200);
    expect(runCv({ ...opts, json: true })).toBe(json);
    const text = runCv(opts);
    expect(text).toMatch(/good +2 +1\.000 +0\.\d{3} to 1\.000 +0\.00498 +good_x 1\.000 +good_x \(15\)/);
    expect(text).toContain('good - poor');
    expect(() => runCv({ ...opts, methods: ['good', 'qtmnet'] })).toThrow(
      expect.objectContaining({ code: 'NO_FEATURES', message: expect.stringContaining('"qtmnet_"') }),
    );
  });

  it('--nested without --methods: one group; selection costs AUC against the naive best', () => {
    const r = JSON.parse(
      runCv({ ...base, features: ['wfns', 's100b', 'ndka'], nested: true, json: true }),
    ) as SelectionReport;
    expect(r.methods).toHaveLength(1);
    expect(r.comparisons).toEqual([]);
    // wfns has the best apparent AUC (0.82); choosing it inside each fold cannot do better.
    expect(r.methods[0].naiveBest.feature).toBe('wfns');
    expect(r.methods[0].nestedCvAuc).toBeLessThan(r.methods[0].naiveBest.auc);
  });
});
