/**
 * `qtm serve` on the real stack, in headless Chromium with DOM assertions: the experiment list, a report
 * whose every figure has loaded and that leads with the figures and the primary result, the lineage graph
 * of a metric, and a subject's map drawn by NiiVue (pixel variance of the canvas) with the tumour mask and
 * a colour bar in the map's unit. Also leaves a screenshot of the map viewer in .data/viewer.png (the
 * README's docs/viewer.png is a copy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readExperimentConfig } from '../../../formats/experiment-config';
import { dataDir } from '../../../runtime/project-paths';
import { openObjectStore } from '../../../storage/object-store-client';
import { openResultsRepository, type ResultsRepository } from '../../../storage/results-repository';
import { ViewerApi } from '../../../viewer/viewer-api';
import { type RunningViewer, startViewer } from '../../../viewer/viewer-server';
import { decodePng } from '../../unit/reports/plot-png-pixels';
import { runWorkersUntilDone, settingsFor, startExperiment } from '../support/experiment-run';
import { TINY_CONFIG } from '../support/qtm-cli';
import { launchChromium } from './headless-chromium';

const settings = settingsFor();
let results: ResultsRepository;
let viewer: RunningViewer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let experimentId: string;
let api: ViewerApi;

beforeAll(async () => {
  const result = await runWorkersUntilDone(
    settings,
    await startExperiment(settings, readExperimentConfig(TINY_CONFIG)),
  );
  experimentId = result.experimentId;
  results = await openResultsRepository(settings.databaseUrl);
  api = new ViewerApi(results, await openObjectStore(settings.s3));
  viewer = await startViewer(api, join(__dirname, '../../../dist/viewer'), 0);
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  await results?.close();
});

/** Opens a view and waits until its data (and images, canvases) are in the page. */
async function open(hash: string): Promise<void> {
  await page.goto(`${viewer.url}#${hash}`);
  // (page code is given as strings: the tests are type-checked without the DOM library)
  await page.waitForFunction(`document.body.dataset.ready === ${JSON.stringify(`#${hash}`)}`, null, {
    timeout: 60_000,
  });
  const error = await page.locator('.error').allTextContents();
  expect(error).toEqual([]);
}

test('listens on 127.0.0.1 only, GET only, and answers unknown things with 404', async () => {
  expect(viewer.server.address()).toMatchObject({ address: '127.0.0.1' });
  const missing = await fetch(`${viewer.url}api/datasets/${'0'.repeat(64)}`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('OBJECT_NOT_FOUND');
  expect((await fetch(`${viewer.url}api/experiments`, { method: 'POST' })).status).toBe(405);
});

test('the experiment list links to the experiment', async () => {
  await open('/');
  await expect(page.locator(`#experiments a[href="#/experiments/${experimentId}"]`).count()).resolves.toBe(1);
});

test('the experiment page shows every stage complete and links to the report and the subjects', async () => {
  await open(`/experiments/${experimentId}`);
  const names = await page.locator('#stages .stage strong').allTextContents();
  const counts = await page.locator('#stages .stage-count').allTextContents();
  expect(names.map((name, i) => [name, counts[i]])).toEqual([
    ['simulate', '6/6'],
    ['fit', '6/6'],
    ['train', '2/2'],
    ['infer', '6/6'],
    ['features', '6/6'],
    ['grade', '1/1'],
  ]);
  await expect(page.locator('a.subject-link').count()).resolves.toBe(6);
  await expect(page.locator('#report-link').count()).resolves.toBe(1);
});

test('the report leads with its figures, every one loaded, then the primary result, then the tables', async () => {
  await open(`/experiments/${experimentId}/report`);
  const images = (await page.evaluate(
    `[...document.querySelectorAll('#plots img')].map((i) => ({ src: i.getAttribute('src'), complete: i.complete, width: i.naturalWidth }))`,
  )) as Array<{ src: string; complete: boolean; width: number }>;
  expect(images.map((i) => i.src.split('/').pop()).sort()).toEqual(['features.png', 'roc.png']);
  for (const i of images) expect(i).toMatchObject({ complete: true, width: expect.any(Number) });
  expect(Math.min(...images.map((i) => i.width))).toBeGreaterThan(0);
  const headline = await page.locator('#headline p').allTextContents();
  expect(headline[0]).toMatch(/^primary features/);
  expect(headline[1]).toMatch(/^\s*2cxm: 2cxm_\w+, AUC \d\.\d{3}/);
  const order = (await page.evaluate(
    `['plots', 'headline', 'auc-table'].map((id) => document.getElementById(id).getBoundingClientRect().top)`,
  )) as number[];
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(await page.locator('#auc-table tbody tr').count()).toBeGreaterThan(10);
});

test('the lineage graph of a metric reaches back to the simulated subjects', async () => {
  const view = await api.experiment(experimentId);
  const metric = view.steps.find((s) => s.kind === 'grade-cohort')?.metrics[0];
  expect(metric).toBeDefined();
  await open(`/lineage/metric:${metric?.id}`);
  const kinds = await page
    .locator('g.lineage-node')
    .evaluateAll((nodes) =>
      nodes.map((n) => `${n.getAttribute('class')?.split(' ')[1]}: ${n.querySelector('text')?.textContent}`),
    );
  expect(kinds.filter((k) => k.startsWith('metric: auc:'))).toHaveLength(1);
  expect(kinds.filter((k) => k === 'run: grade-cohort')).toHaveLength(1);
  for (const kind of [
    'run: simulate-subject',
    'run: fit-2cxm',
    'run: infer-qtmnet',
    'dataset: dataset subject',
  ])
    expect(kinds.filter((k) => k === kind).length).toBe(6);
  expect(await page.locator('path.lineage-edge').count()).toBeGreaterThan(30);
});

test('a subject’s Ktrans map is drawn with the tumour mask over it and a colour bar in /min', async () => {
  const view = await api.experiment(experimentId);
  const subject = view.subjects.find((s) => s.meta.grade === 'hgg') ?? view.subjects[0];
  const loaded: string[] = [];
  page.on('response', (r) => {
    if (r.ok() && r.url().endsWith('.nii.gz')) loaded.push(r.url().split('/').pop() as string);
  });
  await open(`/experiments/${experimentId}/subjects/${subject.sha256}`);
  expect(loaded.sort()).toEqual(['ktrans_per_min.nii.gz', 'mask_tumour.nii.gz']);
  expect(await page.locator('#legend').getAttribute('data-unit')).toBe('/min');
  expect(await page.locator('#legend').textContent()).toMatch(/^Ktrans in \/min/);
  await page.waitForTimeout(500);
  const px = decodePng(await page.locator('#gl').screenshot());
  let sum = 0;
  let sq = 0;
  const n = px.width * px.height;
  for (let i = 0; i < n; i++) {
    const y = (px.rgb[3 * i] + px.rgb[3 * i + 1] + px.rgb[3 * i + 2]) / 3;
    sum += y;
    sq += y * y;
  }
  const variance = sq / n - (sum / n) ** 2;
  // a blank or single-colour canvas has variance 0; the drawn map is well above 100 (grey levels squared)
  expect(variance).toBeGreaterThan(100);
  mkdirSync(dataDir(), { recursive: true });
  writeFileSync(join(dataDir(), 'viewer.png'), await page.screenshot());
});
