/**
 * The headline of a grading report in a few lines, from its summary.json: the best feature of each method
 * with its AUC and DeLong interval, and the paired test between them. `qtm experiment report` prints it and
 * the viewer's report page leads with it.
 */

export interface GradingSummary {
  aucs?: Array<{ feature: string; auc: number; ciLow: number | null; ciHigh: number | null }>;
  comparison?: { a: string; b: string; z: number; p: number };
}

export function gradingSummaryLines(s: GradingSummary): string[] {
  const aucs = s.aucs ?? [];
  const lines: string[] = [];
  const methods = [...new Set(aucs.map((a) => a.feature.split('_')[0]))];
  for (const m of methods) {
    const best = aucs.find((a) => a.feature.startsWith(`${m}_`));
    if (!best) continue;
    const ci =
      best.ciLow === null || best.ciHigh === null
        ? 'CI undefined'
        : `95% CI ${best.ciLow.toFixed(3)}-${best.ciHigh.toFixed(3)}`;
    lines.push(`best ${m} feature: ${best.feature}, AUC ${best.auc.toFixed(3)} (${ci})`);
  }
  if (s.comparison)
    lines.push(
      `paired DeLong test ${s.comparison.a} vs ${s.comparison.b}: Z ${s.comparison.z.toFixed(2)}, p ${s.comparison.p.toFixed(3)}`,
    );
  lines.push(`(${aucs.length} features graded; a best AUC is a maximum over them and so optimistic)`);
  return lines;
}
