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
import { agreementDifferences, blandAltman } from '../../perfusion/evaluation/bland-altman';
import { failureRate } from '../../perfusion/evaluation/fit-failure';
import { type SubjectSeries, subjectBootstrap } from '../../perfusion/evaluation/subject-bootstrap';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import { median } from '../../perfusion/math/quantile';
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

/** Median |d| of the finite values (NaN for none). */
export function medianAbsolute(d: Float64Array): number {
  const finite = d.filter(Number.isFinite).map(Math.abs);
  return finite.length > 0 ? median(finite) : Number.NaN;
}

/** A Bland-Altman quantity of pooled differences, NaN where fewer than 2 are finite (a resample of failures). */
function agreement(key: 'bias' | 'lower' | 'upper') {
  return ([d]: Float64Array[]) => {
    if (d.filter(Number.isFinite).length < 2) return Number.NaN;
    return blandAltman(d)[key];
  };
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
        const series = (scale: 'relative' | 'log'): SubjectSeries[] =>
          results.map((r) => [
            agreementDifferences(
              r.methods[method][roi].params[parameter] ?? [],
              r.truth[roi][parameter],
              scale,
            ),
          ]);
        const relative = series('relative');
        const scaled = series(p.metrics.agreementScale);
        rows.push({
          roi,
          parameter,
          method,
          voxels: relative.reduce((n, [d]) => n + Array.from(d).filter(Number.isFinite).length, 0),
          medianAbsRelativeError: subjectBootstrap(relative, ([d]) => medianAbsolute(d), o),
          bias: subjectBootstrap(scaled, agreement('bias'), o),
          lowerLimit: subjectBootstrap(scaled, agreement('lower'), o),
          upperLimit: subjectBootstrap(scaled, agreement('upper'), o),
          failedRate: subjectBootstrap(
            results.map((r) => [r.methods[method][roi].failed]),
            ([f]) => failureRate(f),
            o,
          ),
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
    const paired: SubjectSeries[] = num.map((r, i) => {
      if (den[i]?.seed !== r.seed)
        throw new CodedError(
          'ARM_RATIO_UNPAIRED',
          `arm ratio: subject ${i} is seed ${r.seed} in one condition and ${den[i]?.seed} in the other`,
        );
      return [errors(r, spec.numerator.method), errors(den[i], spec.denominator.method)];
    });
    const ratio = subjectBootstrap(paired, ([a, b]) => medianAbsolute(a) / medianAbsolute(b), p.bootstrap);
    return { parameter, ratio, margin: spec.margin, withinMargin: ratio.high < spec.margin };
  });
}
