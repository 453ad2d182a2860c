/**
 * writeGradingReport on a synthetic cohort: files, tables, PNGs of the expected size with ink, and the HTML
 * page rendered by headless Chromium (Debian `chromium`) into a non-blank screenshot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGradingReport } from '../../../reports/grading-report';
import { syntheticCohort } from './grading-report-cohort';
import { decodePng, inkStats } from './plot-png-pixels';

const CHROMIUM = '/usr/bin/chromium';
jest.setTimeout(60000);

describe('writeGradingReport', () => {
  const out = mkdtempSync(join(tmpdir(), 'qtm-report-'));
  const { table, panels } = syntheticCohort();
  const reportPromise = writeGradingReport(out, {
    title: 'Grading report: synthetic cohort',
    table,
    label: 'grade',
    positive: 'hgg',
    rocScores: ['qtmnet_u_mm_s_mean', '2cxm_fp_ml_100ml_min_mean'],
    boxPlotFeatures: Array.from(table.columns.keys()),
    bootstrap: { replicates: 500, seed: 1 },
    cv: { kind: 'kfold', folds: 5, repeats: 5, seed: 1 },
    montage: { title: 'Parameter maps, subject 1, axial slice', panels },
    generated: 'test run',
  });

  it('writes the page, its JSON and SVG + PNG figures, with every table', async () => {
    const r = await reportPromise;
    for (const f of ['report.html', 'report.json', 'roc.png', 'roc.svg', 'features.png', 'montage.png'])
      expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('Best AUC:');
    expect(html).toContain('optimistic');
    expect(html).toContain('qtmnet_u_mm_s_mean vs 2cxm_fp_ml_100ml_min_mean');
    expect(html).toContain('Cross-validated AUC (stratified 5-fold x 5, seed 1)');
    expect(r.auc.scores).toHaveLength(4);
    expect(r.cv?.sets).toHaveLength(5);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.paired[0].score1).toBe('qtmnet_u_mm_s_mean');
  });

  it('PNGs have the size their SVGs declare (x2) and are not blank', async () => {
    await reportPromise;
    for (const name of ['roc', 'features', 'montage']) {
      const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
      const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
      const px = decodePng(readFileSync(join(out, `${name}.png`)));
      expect([px.width, px.height]).toEqual([2 * Number(w), 2 * Number(h)]);
      const ink = inkStats(px);
      expect(ink.inkFraction).toBeGreaterThan(0.02);
      expect(ink.colours).toBeGreaterThan(50);
    }
  });

  it('renders in headless Chromium to a non-blank screenshot', async () => {
    const r = await reportPromise;
    const shot = join(out, 'screenshot.png');
    const run = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
        '--window-size=1000,1400',
        `--screenshot=${shot}`,
        `file://${r.html}`,
      ],
      { timeout: 50000, encoding: 'utf8' },
    );
    expect({ status: run.status, error: run.error?.message }).toEqual({ status: 0, error: undefined });
    const px = decodePng(readFileSync(shot));
    expect([px.width, px.height]).toEqual([1000, 1400]);
    const ink = inkStats(px);
    expect(ink.inkFraction).toBeGreaterThan(0.03);
    expect(ink.colours).toBeGreaterThan(100);
  });
});
