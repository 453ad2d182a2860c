/**
 * The pre-registered primary outcomes of a protocol: each outcome's measure for each of its methods with its
 * subject-level bootstrap CI, and the paired comparison of its first method with each other one (same
 * subjects and voxels): the ratio of median absolute relative errors (null 1), or the difference of |bias|
 * or of failed-fit rates (null 0), with a two-sided bootstrap p-value, adjusted over all comparisons of all
 * primary outcomes by the protocol's multiplicity method (perfusion/evaluation/multiplicity.ts).
 */
import type { EvaluationProtocol } from '../../contracts/evaluation-protocol';
import { agreementDifferences, blandAltman } from '../../perfusion/evaluation/bland-altman';
import { bootstrapPValue } from '../../perfusion/evaluation/bootstrap-test';
import { failureRate } from '../../perfusion/evaluation/fit-failure';
import { adjustPValues } from '../../perfusion/evaluation/multiplicity';
import {
  type SubjectSeries,
  subjectBootstrap,
  subjectBootstrapReplicates,
} from '../../perfusion/evaluation/subject-bootstrap';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import type { SubjectResult } from './evaluation-run';
import { medianAbsolute } from './evaluation-scores';

type Outcome = EvaluationProtocol['primaryOutcomes'][number];

export interface PrimaryComparison {
  outcome: string;
  methods: [string, string];
  /** `ratio` (first / second) or `difference` (first - second) of the outcome's measure. */
  contrast: 'ratio' | 'difference';
  value: ClusterBootstrapInterval;
  p: number;
  adjustedP: number;
  rejected: boolean;
}

export interface PrimaryResults {
  estimates: Array<{ outcome: string; method: string; value: ClusterBootstrapInterval }>;
  comparisons: PrimaryComparison[];
}

/** One method's voxel series of an outcome, per subject, and the measure of pooled series. */
function measure(o: Outcome, p: EvaluationProtocol) {
  const series = (r: SubjectResult, method: string): Float64Array => {
    const est = r.methods[method][o.roi];
    if (o.measure === 'failed_fit_rate') return est.failed;
    const scale = o.measure === 'bland_altman' ? p.metrics.agreementScale : 'relative';
    return agreementDifferences(est.params[o.parameter] ?? [], r.truth[o.roi][o.parameter], scale);
  };
  const of = (d: Float64Array): number => {
    if (o.measure === 'failed_fit_rate') return failureRate(d);
    if (o.measure === 'median_abs_relative_error') return medianAbsolute(d);
    return d.filter(Number.isFinite).length < 2 ? Number.NaN : Math.abs(blandAltman(d).bias);
  };
  return { series, of };
}

export function primaryOutcomes(
  byCondition: Map<string, SubjectResult[]>,
  p: EvaluationProtocol,
): PrimaryResults {
  const estimates: PrimaryResults['estimates'] = [];
  const tests: Array<Omit<PrimaryComparison, 'adjustedP' | 'rejected'>> = [];
  for (const o of p.primaryOutcomes) {
    const results = byCondition.get(o.condition);
    if (!results) continue;
    const { series, of } = measure(o, p);
    for (const method of o.methods) {
      const value = subjectBootstrap(
        results.map((r): SubjectSeries => [series(r, method)]),
        ([d]) => of(d),
        p.bootstrap,
      );
      estimates.push({ outcome: o.name, method, value });
    }
    const [first, ...others] = o.methods;
    const contrast = o.measure === 'median_abs_relative_error' ? 'ratio' : 'difference';
    const stat = ([a, b]: Float64Array[]) => (contrast === 'ratio' ? of(a) / of(b) : of(a) - of(b));
    for (const other of others) {
      const paired = results.map((r): SubjectSeries => [series(r, first), series(r, other)]);
      const replicates = subjectBootstrapReplicates(paired, stat, p.bootstrap);
      tests.push({
        outcome: o.name,
        methods: [first, other],
        contrast,
        value: subjectBootstrap(paired, stat, p.bootstrap),
        p: replicates.length > 0 ? bootstrapPValue(replicates, contrast === 'ratio' ? 1 : 0) : 1,
      });
    }
  }
  const adjusted = adjustPValues(
    tests.map((t) => t.p),
    p.multiplicity.method,
  );
  return {
    estimates,
    comparisons: tests.map((t, i) => ({
      ...t,
      adjustedP: adjusted[i],
      rejected: adjusted[i] < p.multiplicity.alpha,
    })),
  };
}
