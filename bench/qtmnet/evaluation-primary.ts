/**
 * The pre-registered primary outcomes of a protocol: each outcome's measure for each of its methods with its
 * subject-level bootstrap CI, and the paired comparison of its first method with each other one (same
 * subjects and voxels): the ratio of median absolute relative errors (null 1), or the difference of |bias|
 * or of failed-fit rates (null 0), with a two-sided bootstrap p-value, adjusted over all comparisons of all
 * primary outcomes by the protocol's multiplicity method (perfusion/evaluation/multiplicity.ts).
 */
import type { EvaluationProtocol } from '../../contracts/evaluation-protocol';
import { agreementDifferences } from '../../perfusion/evaluation/bland-altman';
import { bootstrapPValue } from '../../perfusion/evaluation/bootstrap-test';
import { adjustPValues } from '../../perfusion/evaluation/multiplicity';
import { pooledBootstrap } from '../../perfusion/evaluation/pooled-bootstrap';
import {
  type CountedStatistic,
  pooledAgreement,
  pooledRate,
} from '../../perfusion/evaluation/pooled-statistics';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import type { SubjectResult } from './evaluation-run';
import { pooledMedianAbsolute } from './evaluation-scores';

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

/** An outcome's measure of one method's voxels, per subject pooled, per resample. */
function measure(o: Outcome, p: EvaluationProtocol, results: readonly SubjectResult[]) {
  return (method: string): CountedStatistic<number> => {
    const est = results.map((r) => r.methods[method][o.roi]);
    if (o.measure === 'failed_fit_rate') return pooledRate(est.map((e) => e.failed));
    const scale = o.measure === 'bland_altman' ? p.metrics.agreementScale : 'relative';
    const d = est.map((e, i) =>
      agreementDifferences(e.params[o.parameter] ?? [], results[i].truth[o.roi][o.parameter], scale),
    );
    if (o.measure === 'median_abs_relative_error') return pooledMedianAbsolute(d);
    const agreement = pooledAgreement(d);
    return (counts) => Math.abs(agreement(counts).bias);
  };
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
    const of = o.methods.map(measure(o, p, results));
    const contrast = o.measure === 'median_abs_relative_error' ? 'ratio' : 'difference';
    // Each method's measure, then the first method against each other one, all on the same resamples.
    const { intervals, replicates } = pooledBootstrap(
      results.length,
      (counts) => {
        const [first, ...others] = of.map((m) => m(counts));
        return [first, ...others, ...others.map((x) => (contrast === 'ratio' ? first / x : first - x))];
      },
      p.bootstrap,
    );
    o.methods.forEach((method, k) => {
      estimates.push({ outcome: o.name, method, value: intervals[k] });
    });
    for (let k = 1; k < o.methods.length; k++) {
      const at = o.methods.length + k - 1;
      tests.push({
        outcome: o.name,
        methods: [o.methods[0], o.methods[k]],
        contrast,
        value: intervals[at],
        p: replicates[at].length > 0 ? bootstrapPValue(replicates[at], contrast === 'ratio' ? 1 : 0) : 1,
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
