/**
 * The metrics of one condition with subject-level bootstrap 95% CIs (perfusion/evaluation): per method, ROI
 * and parameter, the median absolute relative error |est - true| / true, the Bland-Altman bias and limits of
 * agreement on the protocol's scale, and per method and ROI the failed-fit rate; and the ratio of two arms'
 * median relative errors on the same subjects (paired by seed). Every bootstrap uses the protocol's seed, so
 * all of them draw the same subject resamples. Failed estimates (non-finite) are left out of the error
 * metrics and counted in the failed-fit rate; flagged fits (a bound reached) stay in both.
 */
import type {
  EvaluationParameter,
  EvaluationProtocol,
  EvaluationRoi,
} from '../../contracts/evaluation-protocol';
import { CodedError } from '../../perfusion/errors';
import { agreementDifferences } from '../../perfusion/evaluation/bland-altman';
import { pooledBootstrap } from '../../perfusion/evaluation/pooled-bootstrap';
import {
  type CountedStatistic,
  pooledAgreement,
  pooledMedian,
  pooledRate,
} from '../../perfusion/evaluation/pooled-statistics';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import type { SubjectResult } from './evaluation-run';

export interface MetricRow {
  roi: EvaluationRoi;
  parameter: EvaluationParameter;
  method: string;
  /** Voxels with a finite relative error, over all subjects. */
  voxels: number;
  medianAbsRelativeError: ClusterBootstrapInterval;
  bias: ClusterBootstrapInterval;
  lowerLimit: ClusterBootstrapInterval;
  upperLimit: ClusterBootstrapInterval;
  failedRate: ClusterBootstrapInterval;
}

/** The median |d| of the finite differences of the pooled subjects (NaN for none), per resample. */
export function pooledMedianAbsolute(subjects: readonly Float64Array[]): CountedStatistic<number> {
  return pooledMedian(subjects.map((d) => d.map(Math.abs)));
}

/** Every metric row of one condition's subject results. */
export function scoreCondition(results: readonly SubjectResult[], p: EvaluationProtocol): MetricRow[] {
  const o = p.bootstrap;
  const rows: MetricRow[] = [];
  const methods = Object.keys(results[0]?.methods ?? {});
  for (const roi of p.metrics.rois)
    for (const parameter of p.metrics.parameters)
      for (const method of methods) {
        if (!results[0].methods[method][roi].params[parameter]) continue;
        const differences = (scale: 'relative' | 'log'): Float64Array[] =>
          results.map((r) =>
            agreementDifferences(
              r.methods[method][roi].params[parameter] ?? [],
              r.truth[roi][parameter],
              scale,
            ),
          );
        const relative = differences('relative');
        const error = pooledMedianAbsolute(relative);
        const scale = p.metrics.agreementScale;
        const agreement = pooledAgreement(scale === 'relative' ? relative : differences(scale));
        const failed = pooledRate(results.map((r) => r.methods[method][roi].failed));
        const [median, bias, lower, upper, rate] = pooledBootstrap(
          results.length,
          (counts) => {
            const ba = agreement(counts);
            return [error(counts), ba.bias, ba.lower, ba.upper, failed(counts)];
          },
          o,
        ).intervals;
        rows.push({
          roi,
          parameter,
          method,
          voxels: relative.reduce((n, d) => n + d.filter(Number.isFinite).length, 0),
          medianAbsRelativeError: median,
          bias,
          lowerLimit: lower,
          upperLimit: upper,
          failedRate: rate,
        });
      }
  return rows;
}

export interface ArmRatio {
  parameter: EvaluationParameter;
  /** Median absolute relative error of the numerator arm / that of the denominator arm. */
  ratio: ClusterBootstrapInterval;
  margin: number;
  /** The acceptance: the ratio's upper bound below the margin. */
  withinMargin: boolean;
}

/**
 * The protocol's arm ratio per parameter, subjects paired by seed across the two conditions; none when either
 * condition was not run (a --conditions subset).
 */
export function armRatios(byCondition: Map<string, SubjectResult[]>, p: EvaluationProtocol): ArmRatio[] {
  const spec = p.armRatio;
  if (!spec) return [];
  const num = byCondition.get(spec.numerator.condition);
  const den = byCondition.get(spec.denominator.condition);
  if (!num || !den) return [];
  return spec.parameters.map((parameter) => {
    const errors = (r: SubjectResult, method: string) =>
      agreementDifferences(
        r.methods[method][spec.roi].params[parameter] ?? [],
        r.truth[spec.roi][parameter],
        'relative',
      );
    num.forEach((r, i) => {
      if (den[i]?.seed !== r.seed)
        throw new CodedError(
          'ARM_RATIO_UNPAIRED',
          `arm ratio: subject ${i} is seed ${r.seed} in one condition and ${den[i]?.seed} in the other`,
        );
    });
    const a = pooledMedianAbsolute(num.map((r) => errors(r, spec.numerator.method)));
    const b = pooledMedianAbsolute(num.map((_, i) => errors(den[i], spec.denominator.method)));
    const [ratio] = pooledBootstrap(num.length, (counts) => [a(counts) / b(counts)], p.bootstrap).intervals;
    return { parameter, ratio, margin: spec.margin, withinMargin: ratio.high < spec.margin };
  });
}
