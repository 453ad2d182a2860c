/**
 * The simulator's own subject exported to DICOM (fake patient data, uint16 signal with a rescale slope) and
 * imported back with `qtm import`'s job: concentration within what +-0.5 of each stored integer can change,
 * T10 within half the T1 map's quantum, 2CXM maps (artery-mask AIF) within 1% median and 5% at the 95th
 * percentile of the original's over enhancing tumour, and the automatic AIF correlated >= 0.95 with the mask AIF.
 * Needs Debian's dcm2niix and pydicom in .tools/venv (infra/bootstrap.sh installs both).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti } from '../../../formats/nifti';
import { readSubjectFolder } from '../../../formats/subject-folder';
import { runFitSubject } from '../../../jobs/fit-job';
import { runImportCohort } from '../../../jobs/import/import-job';
import { writeSimulatedSubject } from '../../../jobs/simulate-job';
import { reorientToGrid, type VoxelGrid } from '../../../perfusion/imaging/grid-reorient';
import { quantile } from '../../../perfusion/math/quantile';
import { concentrationFromBaseline } from '../../../perfusion/signal/spgr-signal';
import { DEFAULT_SIMULATION_CONFIG } from '../../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../../perfusion/simulate/subject-simulation';
import { exportFakeSubject, fakeIdentity, writeSourceLabels } from '../../fixtures/dicom/fake-source';

jest.setTimeout(900_000);

const root = mkdtempSync(join(tmpdir(), 'qtm-import-rt-'));
const simDir = join(root, 'simulated');
const sourceDir = join(root, 'source');
const settings = { baselineFrames: 0, skipFrames: 0, r1PerMmS: 4.97, hct: 0.42 };
let grid: VoxelGrid;
let scale: number;

beforeAll(() => {
  const config = structuredClone(DEFAULT_SIMULATION_CONFIG);
  config.imaging.matrix = [32, 32, 8];
  config.vessels.terminals = 400;
  const s = simulateSubject(config, 'hgg', 7003);
  writeSimulatedSubject(simDir, s, config, {});
  // The simulator's conc.nii.gz takes S0 from all frames before the subject's bolus onset: import the same way.
  settings.baselineFrames = Math.max(1, Math.floor(s.physiology.onsetS / config.protocol.frameIntervalS));
  expect(settings.baselineFrames).toBeGreaterThanOrEqual(2);
  const identity = fakeIdentity(0);
  exportFakeSubject(simDir, sourceDir, identity, { brain: true });
  writeSourceLabels(sourceDir, [{ identity, grade: 'hgg' }]);
  const t10 = readNifti(join(simDir, 't10.nii.gz'));
  grid = { dims: t10.dims as [number, number, number], affine: t10.affine ?? [] };
  const dce = readNifti(join(simDir, 'dce.nii.gz')).data;
  let max = 0;
  for (const x of dce) max = Math.max(max, x);
  scale = Math.floor(60000 / max); // as export_subject.py stores it
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const imports = new Map<string, ReturnType<typeof runImport>>();
/** The source imported with one AIF method (once per method): the subject folder, on the simulator's grid. */
function importWith(aif: 'mask' | 'auto') {
  if (!imports.has(aif)) imports.set(aif, runImport(aif));
  return imports.get(aif) as ReturnType<typeof runImport>;
}

async function runImport(aif: 'mask' | 'auto') {
  const out = join(root, `imported-${aif}`);
  const [subject] = await runImportCohort({
    ...settings,
    aif,
    source: sourceDir,
    out,
    secretsDir: join(root, 'secrets'),
  });
  const dir = join(out, subject.subject);
  const folder = readSubjectFolder(dir);
  const own: VoxelGrid = { dims: folder.geometry.dims, affine: folder.geometry.affine ?? [] };
  const nt = folder.protocol.frame_times_s.length;
  const back = <T extends Float32Array | Uint8Array>(data: T, frames: number) =>
    reorientToGrid(data, frames, own, grid);
  return {
    dir,
    folder,
    conc: back(folder.conc, nt),
    t10: back(folder.t10, 1),
    artery: back(folder.maskArtery, 1),
  };
}

describe('simulated subject -> DICOM with fake PHI -> qtm import', () => {
  it('gives concentration within the propagated +-0.5 of the stored integers, T10 within the map quantum', async () => {
    const imported = await importWith('mask');
    const sim = readSubjectFolder(simDir);
    const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
    const nt = sim.protocol.frame_times_s.length;
    expect(imported.folder.protocol).toEqual(sim.protocol);
    for (let v = 0; v < n; v++)
      expect(Math.abs(imported.t10[v] - sim.t10[v])).toBeLessThanOrEqual(0.05e-3 + 1e-6 * sim.t10[v]);
    // The reference: the simulator's float signal through the same conversion with the imported T10.
    const delta = 0.5 / scale;
    const p = { flipDeg: sim.protocol.flip_deg, trS: sim.protocol.TR_s, r1PerMmS: sim.protocol.r1_per_mM_s };
    // The importer converts inside the brain, tumour and artery masks and leaves the rest 0.
    const inside = (v: number) => sim.maskBrain[v] || sim.maskTumour[v] || sim.maskArtery[v];
    let worst = 0;
    for (let v = 0; v < n; v++) {
      if (!inside(v)) {
        for (let f = 0; f < nt; f++) expect(imported.conc[v + f * n]).toBe(0);
        continue;
      }
      const s = Float64Array.from({ length: nt }, (_, f) => sim.dce[v + f * n]);
      const s0 = s.subarray(0, settings.baselineFrames).reduce((a, b) => a + b, 0) / settings.baselineFrames;
      const protocol = { ...p, t10S: imported.t10[v] };
      const ref = concentrationFromBaseline(s, s0, protocol);
      const up = concentrationFromBaseline(
        s.map((x) => x + delta),
        s0,
        protocol,
      );
      const upBaseline = concentrationFromBaseline(s, s0 + delta, protocol);
      for (let f = 0; f < nt; f++) {
        const bound = Math.abs(up[f] - ref[f]) + Math.abs(upBaseline[f] - ref[f]);
        const error = Math.abs(imported.conc[v + f * n] - ref[f]);
        worst = Math.max(worst, error / (1.01 * bound + 1e-6 * Math.abs(ref[f]) + 1e-9));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(Array.from(imported.artery)).toEqual(Array.from(sim.maskArtery));
  });

  it('gives 2CXM maps within 1% (median) and 5% (95th percentile) over enhancing tumour with the mask AIF', async () => {
    const imported = await importWith('mask');
    const sim = readSubjectFolder(simDir);
    await runFitSubject({ model: '2cxm', subject: simDir, mask: 'tumour', fitDelay: false, threads: 1 });
    await runFitSubject({
      model: '2cxm',
      subject: imported.dir,
      mask: 'tumour',
      fitDelay: false,
      threads: 1,
    });
    const enhancing = [...sim.maskTumour.keys()].filter((v) => sim.maskTumour[v] === 1);
    expect(enhancing.length).toBeGreaterThan(200);
    const own: VoxelGrid = {
      dims: imported.folder.geometry.dims,
      affine: imported.folder.geometry.affine ?? [],
    };
    const summary: Record<string, { median: number; p95: number }> = {};
    for (const map of ['fp_ml_100ml_min', 'ps_per_min', 'vp', 've', 'ktrans_per_min']) {
      const original = readNifti(join(simDir, 'maps/2cxm', `${map}.nii.gz`)).data;
      const again = reorientToGrid(
        readNifti(join(imported.dir, 'maps/2cxm', `${map}.nii.gz`)).data as Float32Array,
        1,
        own,
        grid,
      );
      const relative = enhancing
        .filter((v) => Number.isFinite(original[v]) && original[v] !== 0)
        .map((v) => Math.abs(again[v] - original[v]) / Math.abs(original[v]));
      expect(relative.length).toBeGreaterThan(0.9 * enhancing.length);
      summary[map] = { median: quantile(relative, 0.5), p95: quantile(relative, 0.95) };
    }
    // Fails listing every map outside the limits, with its numbers.
    expect(Object.entries(summary).filter(([, q]) => !(q.median <= 0.01 && q.p95 <= 0.05))).toEqual([]);
  });

  it('selects an automatic AIF that correlates >= 0.95 with the artery-mask AIF', async () => {
    const auto = await importWith('auto');
    const mask = readSubjectFolder(join(root, 'imported-mask', auto.dir.split('/').pop() as string));
    const a = Array.from(auto.folder.aif.cpMm);
    const b = Array.from(mask.aif.cpMm);
    const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    const cov = a.reduce((s, x, i) => s + (x - ma) * (b[i] - mb), 0);
    const r =
      cov / Math.sqrt(a.reduce((s, x) => s + (x - ma) ** 2, 0) * b.reduce((s, y) => s + (y - mb) ** 2, 0));
    expect(r).toBeGreaterThanOrEqual(0.95);
    expect(auto.folder.maskArtery.some((m) => m === 1)).toBe(true);
  });
});
