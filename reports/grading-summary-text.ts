/**
 * The headline of a grading in a few lines, from its summary (summary.json of the report, or the workflow's
 * GradingOutcome): each method's pre-specified primary feature with its AUC and DeLong interval and the paired
 * tests between them, then each method's best of N features with its selection-aware (nested-CV) estimate and
 * the permutation tests between methods. `qtm experiment run` and `report` print it; the viewer leads with it.
 */
import type { GradingSummary } from '../contracts/step-outcomes';

const ci = (low: number | null, high: number | null) =>
  low === null || high === null ? 'CI undefined' : `95% CI ${low.toFixed(3)}-${high.toFixed(3)}`;
const pValue = (v: number) => (v < 1e-3 ? v.toExponential(1) : v.toFixed(3));

export function gradingSummaryLines(g: GradingSummary): string[] {
  // A report written before primary features existed (grade-cohort step version 2) has none of these lists.
  if (!Array.isArray(g.primary) || !Array.isArray(g.nestedCv))
    return ['a report of an earlier version, without pre-specified features: open its report.html'];
  return [
    'primary features (pre-specified in grading.primary):',
    ...g.primary.map(
      (a) => `  ${a.method}: ${a.feature}, AUC ${a.auc.toFixed(3)} (${ci(a.ciLow, a.ciHigh)}, DeLong)`,
    ),
    ...g.primaryTests.map(
      (t) =>
        `  paired DeLong test ${t.a} - ${t.b}: ${t.difference.toFixed(3)} (${ci(t.ciLow, t.ciHigh)}), p ${pValue(t.p)}`,
    ),
    'best feature of each method, selection-aware (chosen inside each training part of a nested CV):',
    ...g.nestedCv.map(
      (m) =>
        `  ${m.method}: nested-CV AUC ${m.auc.toFixed(3)} (${ci(m.ciLow, m.ciHigh)}, bootstrap; p vs chance ${pValue(m.chanceP)}); naive best of ${m.candidates}, ${m.naiveBest.feature} ${m.naiveBest.auc.toFixed(3)}, is optimistic`,
    ),
    ...g.permutationTests.map(
      (t) =>
        `  ${t.a} - ${t.b}: ${t.difference.toFixed(3)} (${ci(t.ciLow, t.ciHigh)}, bootstrap), label-permutation p ${pValue(t.p)} (${g.permutations} permutations)`,
    ),
  ];
}
