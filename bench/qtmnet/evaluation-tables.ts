/**
 * Markdown of the protocol-driven evaluation, ready to paste into bench/qtmnet/README.md: one table per
 * condition (each figure with its subject-level bootstrap 95% CI) and the arm-ratio table, each headed by the
 * command that regenerates it.
 */
import type { EvaluationCondition } from '../../contracts/evaluation-conditions';
import type { EvaluationProtocol, EvaluationRoi } from '../../contracts/evaluation-protocol';
import { ORACLE_AIF_NOTE, parseFitMethod } from '../../contracts/parameter-maps';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import type { PrimaryResults } from './evaluation-primary';
import type { ArmRatio, MetricRow } from './evaluation-scores';

/** `0.123 (0.100-0.150)`: estimate and interval, 3 significant decimals; percent when asked. */
export function withInterval(i: ClusterBootstrapInterval, percent = false): string {
  const f = (x: number) => (Number.isFinite(x) ? (percent ? (100 * x).toFixed(1) : x.toFixed(3)) : '-');
  return `${f(i.estimate)} (${f(i.low)} to ${f(i.high)})`;
}

export function conditionTable(
  c: EvaluationCondition,
  rows: readonly MetricRow[],
  p: EvaluationProtocol,
  subjects: { lgg: number; hgg: number },
  command: string,
): string {
  const scale = p.metrics.agreementScale === 'log' ? 'ln(est/true)' : '(est - true)/true';
  const oracle = rows.some((r) => parseFitMethod(r.method)?.aif === 'oracle');
  return [
    `#### ${c.name}: injection ${c.injection}, SNR ${c.snr}, frames every ${c.frameIntervalS} s, vessel density x${c.vesselDensity}`,
    '',
    `${subjects.lgg} LGG + ${subjects.hgg} HGG held-out subjects, up to ${p.voxelsPerRoi} voxels per subject and ROI; figures with subject-level bootstrap ${100 * p.bootstrap.level}% CIs (${p.bootstrap.replicates} replicates, seed ${p.bootstrap.seed}); MdARE = median |est - true| / true; Bland-Altman on ${scale}; failed = flagged, skipped or non-finite estimates.${oracle ? ` Methods ending in -oracle use ${ORACLE_AIF_NOTE}.` : ''}`,
    `Command: \`${command}\``,
    '',
    '| ROI | parameter | method | MdARE | BA bias | BA lower limit | BA upper limit | failed (%) | voxels |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.roi} | ${r.parameter} | ${r.method} | ${withInterval(r.medianAbsRelativeError)} | ${withInterval(r.bias)} | ${withInterval(r.lowerLimit)} | ${withInterval(r.upperLimit)} | ${withInterval(r.failedRate, true)} | ${r.voxels} |`,
    ),
    '',
  ].join('\n');
}

/**
 * The short form of a condition for bench/qtmnet/README.md: per method (rows) and parameter (columns) the median
 * absolute relative error in one ROI with its CI, and the method's failed-fit rate; the full table
 * (conditionTable) has Bland-Altman and the other ROI.
 */
export function conditionSummary(
  c: EvaluationCondition,
  rows: readonly MetricRow[],
  p: EvaluationProtocol,
  roi: EvaluationRoi,
  command: string,
): string {
  const parameters = p.metrics.parameters;
  const methods = [...new Set(rows.map((r) => r.method))];
  const cell = (method: string, parameter: string) => {
    const r = rows.find((x) => x.roi === roi && x.method === method && x.parameter === parameter);
    return r ? withInterval(r.medianAbsRelativeError) : '-';
  };
  const failed = (method: string) => {
    const r = rows.find((x) => x.roi === roi && x.method === method);
    return r ? withInterval(r.failedRate, true) : '-';
  };
  return [
    `#### ${c.name}: injection ${c.injection}, SNR ${c.snr}, frames every ${c.frameIntervalS} s, vessel density x${c.vesselDensity} (${roi} MdARE)`,
    '',
    `Median |est - true| / true in the ${roi} ROI with subject-level bootstrap ${100 * p.bootstrap.level}% CIs; failed = flagged, skipped or non-finite (%). Full table: \`${c.name}.md\`.`,
    `Command: \`${command}\``,
    '',
    `| method | ${parameters.join(' | ')} | failed (%) |`,
    `|---|${parameters.map(() => '---').join('|')}|---|`,
    ...methods.map((m) => `| ${m} | ${parameters.map((k) => cell(m, k)).join(' | ')} | ${failed(m)} |`),
    '',
  ].join('\n');
}

export function armRatioTable(ratios: readonly ArmRatio[], p: EvaluationProtocol, command: string): string {
  const spec = p.armRatio;
  if (!spec || ratios.length === 0) return '';
  return [
    `#### Arm ratio: ${spec.numerator.method} (${spec.numerator.condition}) / ${spec.denominator.method} (${spec.denominator.condition}), ${spec.roi}`,
    '',
    `Ratio of median absolute relative errors on the same subjects (paired by seed), subject-level bootstrap ${100 * p.bootstrap.level}% CI; acceptance: upper bound below ${spec.margin}.`,
    `Command: \`${command}\``,
    '',
    '| parameter | ratio | within margin |',
    '|---|---|---|',
    ...ratios.map((r) => `| ${r.parameter} | ${withInterval(r.ratio)} | ${r.withinMargin ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}

export function primaryOutcomesTable(r: PrimaryResults, p: EvaluationProtocol, command: string): string {
  const m = p.multiplicity;
  return [
    '#### Primary outcomes',
    '',
    `Pre-registered in the protocol; subject-level bootstrap ${100 * p.bootstrap.level}% CIs; two-sided bootstrap p-values of each comparison, adjusted by ${m.method} over all ${r.comparisons.length} comparisons (${m.family}), rejected at ${m.alpha}.`,
    `Command: \`${command}\``,
    '',
    '| outcome | method | estimate |',
    '|---|---|---|',
    ...r.estimates.map((e) => `| ${e.outcome} | ${e.method} | ${withInterval(e.value)} |`),
    '',
    '| outcome | comparison | contrast | p | adjusted p | rejected |',
    '|---|---|---|---|---|---|',
    ...r.comparisons.map(
      (c) =>
        `| ${c.outcome} | ${c.methods.join(c.contrast === 'ratio' ? ' / ' : ' - ')} | ${withInterval(c.value)} | ${c.p.toFixed(3)} | ${c.adjustedP.toFixed(3)} | ${c.rejected ? 'yes' : 'no'} |`,
    ),
    '',
  ].join('\n');
}
