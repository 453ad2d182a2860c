/**
 * pROC reference values on its aSAH data (test/fixtures/roc/SOURCE.md; pROC tests/testthat at commit
 * ee2877e). pROC asserts its 15-digit values with relative tolerance ~1.5e-8; we use 1e-8 relative.
 */
import { delongCovariance, delongPlacements } from '../../../../perfusion/grading/delong';
import { analyseRoc } from '../../../../perfusion/grading/roc-analysis';
import { autoDirection, orient, splitByClass } from '../../../../perfusion/grading/roc-auc';
import { pairedDelongTest, unpairedDelongTest } from '../../../../perfusion/grading/roc-comparison';
import { loadAsah } from './asah-fixture';

const data = loadAsah();
type Marker = 's100b' | 'wfns' | 'ndka';
const split = (k: Marker) => splitByClass(data[k], data.isPoor, k);
const oriented = (k: Marker) => orient(split(k), 'higher');

function expectRel(actual: number, expected: number, rel = 1e-8): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-15);
}

describe('single curves (pROC test-auc.R, test-var.R, test-ci.auc.R)', () => {
  const ref = {
    s100b: {
      auc: 0.731368563685637,
      variance: 0.00266868245717244,
      ci: [0.630118211761623, 0.832618915609651],
    },
    wfns: {
      auc: 0.823678861788618,
      variance: 0.00146991470882363,
      ci: [0.748534887819453, 0.898822835757783],
    },
    ndka: {
      auc: 0.611957994579946,
      variance: 0.0031908105493913,
      ci: [0.501244999271703, 0.722670989888189],
    },
  };
  it.each(Object.keys(ref) as Marker[])('%s: direction, AUC, DeLong variance and CI', (k) => {
    expect(autoDirection(split(k))).toBe('higher');
    const r = analyseRoc(data[k], data.isPoor, {}, k);
    expect(r.positives).toBe(41);
    expect(r.negatives).toBe(72);
    expectRel(r.auc, ref[k].auc);
    if (!('variance' in r.delong)) throw new Error('DeLong CI should be defined');
    expectRel(r.delong.variance, ref[k].variance);
    expectRel(r.delong.lower, ref[k].ci[0]);
    expectRel(r.delong.upper, ref[k].ci[1]);
  });

  it('ndka on the Female subset (test-ci.auc.R:29, 10 decimals)', () => {
    const rows = require('node:fs')
      .readFileSync(require('./asah-fixture').ASAH_PATH, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l: string) => l.split(','))
      .filter((r: string[]) => r[2] === 'Female');
    const r = analyseRoc(
      rows.map((r: string[]) => Number(r[6])),
      rows.map((r: string[]) => r[1] === 'Poor'),
    );
    if (!('variance' in r.delong)) throw new Error('DeLong CI should be defined');
    expect(r.delong.lower).toBeCloseTo(0.5261398281, 9);
    expect(r.auc).toBeCloseTo(0.6671428571, 9);
    expect(r.delong.upper).toBeCloseTo(0.8081458862, 9);
  });
});

describe('DeLong covariances (test-cov.R:5-7)', () => {
  it.each([
    ['wfns', 'ndka', -0.000532967856762438],
    ['ndka', 's100b', -0.000756164938056579],
    ['s100b', 'wfns', 0.00119615567376754],
  ] as [Marker, Marker, number][])('%s, %s', (a, b, expected) => {
    expectRel(delongCovariance(delongPlacements(oriented(a)), delongPlacements(oriented(b))), expected);
  });
});

describe('paired DeLong test (test-roc.test.R)', () => {
  it.each([
    ['wfns', 's100b', 2.20898359144091, 0.0271757822291882, 0.0104061769564846, 0.174214419249478],
    ['wfns', 'ndka', 2.79777591868904, 0.00514557970691098, 0.0634011709339876, 0.3600405634833566],
    ['ndka', 's100b', -1.39077002573558, 0.164295175223054, -0.2876917446341914, 0.0488706064228094],
  ] as [Marker, Marker, number, number, number, number][])('%s vs %s', (a, b, z, p, lo, hi) => {
    const t = pairedDelongTest(oriented(a), oriented(b));
    expectRel(t.z, z);
    expectRel(t.pValue, p);
    expectRel(t.differenceCi[0], lo);
    expectRel(t.differenceCi[1], hi);
    const swapped = pairedDelongTest(oriented(b), oriented(a));
    expectRel(swapped.z, -z);
    expectRel(swapped.pValue, p);
  });

  it('one-sided p-values, also with both markers negated (lines 116-117, 214-215)', () => {
    for (const dir of ['higher', 'lower'] as const) {
      const neg = (k: Marker) =>
        splitByClass(
          data[k].map((v) => (dir === 'lower' ? -v : v)),
          data.isPoor,
        );
      const a = orient(neg('wfns'), dir);
      const b = orient(neg('s100b'), dir);
      expectRel(pairedDelongTest(a, b, { alternative: 'greater' }).pValue, 0.0135878911145941);
      expectRel(pairedDelongTest(a, b, { alternative: 'less' }).pValue, 0.986412108885406);
    }
  });

  it('identical curves give Z = 0 and p = 1 (lines 23-24)', () => {
    const t = pairedDelongTest(oriented('wfns'), oriented('wfns'));
    expect(t.z).toBe(0);
    expect(t.pValue).toBe(1);
  });
});

describe('unpaired DeLong test (test-roc.test.R:78-89, 134-135)', () => {
  it.each([
    ['wfns', 's100b', 1.43490640926908, 0.152825378808796],
    ['wfns', 'ndka', 3.10125096778969, 0.00220950791756457],
    ['ndka', 's100b', -1.55995743389685, 0.120192832430845],
  ] as [Marker, Marker, number, number][])('%s vs %s', (a, b, d, p) => {
    const t = unpairedDelongTest(oriented(a), oriented(b));
    expectRel(t.d, d);
    expectRel(t.pValue, p);
  });

  it('one-sided unpaired p-values', () => {
    expectRel(
      unpairedDelongTest(oriented('wfns'), oriented('s100b'), { alternative: 'greater' }).pValue,
      0.076412689404398,
    );
    expectRel(
      unpairedDelongTest(oriented('wfns'), oriented('s100b'), { alternative: 'less' }).pValue,
      0.923587310595602,
    );
  });
});

describe('stratified bootstrap (no portable reference: checked against the DeLong CI)', () => {
  it('2000 replicates land within 0.02 of the DeLong interval and are reproducible for a seed', () => {
    const opts = { bootstrap: { replicates: 2000, seed: 7 } };
    const r = analyseRoc(data.ndka, data.isPoor, opts);
    const again = analyseRoc(data.ndka, data.isPoor, opts);
    if (!r.bootstrap || !('lower' in r.bootstrap)) throw new Error('bootstrap interval should be defined');
    expect(r.bootstrap.lower).toBeCloseTo(0.501244999271703, 1);
    expect(Math.abs(r.bootstrap.lower - 0.501244999271703)).toBeLessThan(0.02);
    expect(Math.abs(r.bootstrap.upper - 0.722670989888189)).toBeLessThan(0.02);
    expect(again.bootstrap).toEqual(r.bootstrap);
  });
});
