/**
 * Issue 9 item 5: the pre-registered evaluation, driven by a protocol file (contracts/evaluation-protocol.ts).
 * Per condition it re-acquires the noise-free held-out subjects, runs every method (QTMnet arms, kinetic fits
 * with each AIF option) and writes <condition>.json (metrics with subject-level bootstrap CIs), <condition>.md
 * (the table for bench/qtmnet/README.md) and <condition>.png (estimate vs truth); then arm-ratio.json/.md,
 * primary-outcomes.json, tables.md (every table) and summary.md (the primary outcomes, the arm ratio and each
 * condition's <condition>.summary.md, tumour errors per method). See bench/qtmnet/README.md.
 * Run: nice node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/evaluate-protocol.ts \
 *        --protocol FILE [--out DIR] [--model ARM=DIR ...] \
 *        [--per-grade N] [--conditions a,b] [--save FILE | --from FILE,FILE]
 * --save writes the subject results, --from scores saved ones instead of running (evaluation-results-file.ts):
 * run disjoint --conditions in one process per core, then score them together.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { protocolConditions } from '../../contracts/evaluation-protocol';
import { readEvaluationProtocol } from '../../formats/evaluation-protocol';
import { CodedError } from '../../perfusion/errors';
import { selectBackend } from '../../perfusion/qtmnet/backend';
import { renderVegaLite } from '../../reports/plot-render';
import { codeVersion } from '../../runtime/code-version';
import { projectRoot } from '../../runtime/project-paths';
import { loadArms, modelOverrides } from './evaluation-arms';
import { type ScatterPoint, scatterSpec } from './evaluation-plots';
import { primaryOutcomes } from './evaluation-primary';
import { readSubjectResults, writeSubjectResults } from './evaluation-results-file';
import { runEvaluation, type SubjectResult } from './evaluation-run';
import { armRatios, scoreCondition } from './evaluation-scores';
import { armRatioTable, conditionSummary, conditionTable, primaryOutcomesTable } from './evaluation-tables';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
/** Points per method, parameter and ROI in a PNG: enough to see the spread, few enough to stay readable. */
const SCATTER_POINTS = 1000;

/** Estimate vs truth of every method and parameter, every k-th voxel of each subject (about SCATTER_POINTS per panel and ROI). */
function scatterPoints(results: readonly SubjectResult[], voxelsPerRoi: number): ScatterPoint[] {
  const stride = Math.max(3, Math.ceil((results.length * voxelsPerRoi) / SCATTER_POINTS));
  return results.flatMap((r) =>
    Object.entries(r.methods).flatMap(([method, rois]) =>
      Object.entries(rois).flatMap(([roi, est]) =>
        Object.entries(est.params).flatMap(([parameter, values]) =>
          Array.from(values)
            .map((estimate, k) => ({
              roi,
              parameter,
              method,
              truth: r.truth[roi as 'tumour'][parameter as 'fp'][k],
              estimate,
            }))
            .filter((_, k) => k % stride === 0),
        ),
      ),
    ),
  );
}

async function main(): Promise<void> {
  const protocolPath = arg('protocol');
  if (!protocolPath)
    throw new CodedError('MISSING_OPTION', 'give the protocol file: --protocol FILE (docs/evaluation.md)');
  const p = readEvaluationProtocol(protocolPath);
  const outDir = arg('out') ?? path.join(projectRoot(), '.data/evaluation', p.name);
  const perGrade = arg('per-grade') === undefined ? undefined : Number(arg('per-grade'));
  const only = arg('conditions')?.split(',');
  const command = ['node bench/qtmnet/evaluate-protocol.ts', ...process.argv.slice(2)].join(' ');
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  const from = arg('from')?.split(',');
  // Scoring saved results needs no model and no backend: those belong to the runs that saved them.
  const backend = from ? undefined : await selectBackend('wasm');
  const results = from
    ? readSubjectResults(from, p.name)
    : runEvaluation(p, await loadArms(p, modelOverrides(process.argv)), {
        perGrade,
        conditions: only,
        onSubject: (what) => process.stderr.write(`${what} (${seconds()} s)\n`),
      });
  const save = arg('save');
  if (save) {
    writeSubjectResults(save, p.name, results);
    process.stderr.write(`subject results saved to ${save} (${seconds()} s)\n`);
  }
  mkdirSync(outDir, { recursive: true });
  const provenance = {
    protocol: protocolPath,
    command,
    codeVersion: codeVersion(),
    backend,
    models: p.methods.qtmnet.map((a) => ({ arm: a.name })),
  };
  const tables: string[] = [];
  const summaries: string[] = [];
  for (const c of protocolConditions(p).filter((c) => results.has(c.name))) {
    const subjects = results.get(c.name) ?? [];
    const rows = scoreCondition(subjects, p);
    const counts = {
      lgg: subjects.filter((s) => s.grade === 'lgg').length,
      hgg: subjects.filter((s) => s.grade === 'hgg').length,
    };
    const table = conditionTable(c, rows, p, counts, command);
    tables.push(table);
    writeFileSync(path.join(outDir, `${c.name}.md`), table);
    const summary = conditionSummary(c, rows, p, 'tumour', command);
    summaries.push(summary);
    writeFileSync(path.join(outDir, `${c.name}.summary.md`), summary);
    writeFileSync(
      path.join(outDir, `${c.name}.json`),
      `${JSON.stringify({ condition: c, subjects: subjects.map((s) => ({ grade: s.grade, seed: s.seed })), rows, ...provenance }, null, 2)}\n`,
    );
    const spec = scatterSpec(
      scatterPoints(subjects, p.voxelsPerRoi),
      `${p.name}, ${c.name}: estimate vs truth`,
    );
    // scale 1: a 7 x 5 grid of panels stays legible at about 1,500 px and a few hundred KB
    writeFileSync(path.join(outDir, `${c.name}.png`), (await renderVegaLite(spec, { scale: 1 })).png);
    process.stderr.write(`${c.name}: scored (${seconds()} s)\n`);
  }
  const ratios = armRatios(results, p);
  const ratioTable = armRatioTable(ratios, p, command);
  if (ratioTable) {
    tables.push(ratioTable);
    writeFileSync(path.join(outDir, 'arm-ratio.md'), ratioTable);
    writeFileSync(
      path.join(outDir, 'arm-ratio.json'),
      `${JSON.stringify({ spec: p.armRatio, ratios, ...provenance }, null, 2)}\n`,
    );
  }
  const primary = primaryOutcomes(results, p);
  const primaryTable = primaryOutcomesTable(primary, p, command);
  tables.unshift(primaryTable);
  writeFileSync(path.join(outDir, 'primary-outcomes.md'), primaryTable);
  writeFileSync(
    path.join(outDir, 'primary-outcomes.json'),
    `${JSON.stringify({ outcomes: p.primaryOutcomes, ...primary, multiplicity: p.multiplicity, ...provenance, seconds: Number(seconds()) }, null, 2)}\n`,
  );
  writeFileSync(path.join(outDir, 'tables.md'), tables.join('\n'));
  writeFileSync(path.join(outDir, 'summary.md'), [primaryTable, ratioTable, ...summaries].join('\n'));
  process.stdout.write(`${tables.join('\n')}\nwritten to ${outDir} in ${seconds()} s\n`);
}

void main();
