/**
 * Whole-volume fitting speed: a 64 x 64 x 16 volume (65,536 voxels, all fitted), 60 frames at 5 s, tissue
 * curves from the 2CXM with parameters drawn from synthetic-curves.ts's 2CXM ranges plus noise SD 0.005 mM,
 * Parker plasma AIF on the frame grid. Every model fits the same volume, on one thread and on all cores.
 * Run: npm run build && node dist/bench/fit/volume-speed.js [--runs 1] [--size 64,64,16]
 */
import { availableParallelism } from 'node:os';
import { fitVolumeOnPool } from '../../compute/fit-on-pool';
import { WorkerPool } from '../../compute/worker-pool';
import { parkerPlasmaAif } from '../../perfusion/aif/parker-aif';
import { fitVolume } from '../../perfusion/fit/volume-fit';
import { KINETIC_MODELS } from '../../perfusion/models/model-registry';
import { createSeededRandom } from '../../perfusion/random/seeded-random';
import { timed } from './fit-speed-stats';
import { PARAMETER_RANGES, simulateCurve } from './synthetic-curves';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

async function main(): Promise<void> {
  const runs = Number(arg('--runs', '1'));
  const [nx, ny, nz] = arg('--size', '64,64,16').split(',').map(Number);
  const voxelCount = nx * ny * nz;
  const t = Float64Array.from({ length: 60 }, (_, i) => 5 * i);
  const ca = parkerPlasmaAif(t, { hct: 0.42, onsetS: 10 });
  const rng = createSeededRandom(11);
  const conc = new Float32Array(voxelCount * t.length);
  for (let v = 0; v < voxelCount; v++) {
    const p = Float64Array.from(
      PARAMETER_RANGES['2cxm'],
      ([lo, hi], j) => (lo + (hi - lo) * rng.next()) / KINETIC_MODELS['2cxm'].parameters[j].toOsipi,
    );
    const curve = simulateCurve('2cxm', p, t, ca, 0.005, rng);
    for (let f = 0; f < t.length; f++) conc[v + f * voxelCount] = curve[f];
  }
  const cores = availableParallelism();
  console.log(
    `volume-speed: ${nx}x${ny}x${nz} = ${voxelCount} voxels, 60 frames at 5 s, ${cores} cores, median of ${runs} run(s)`,
  );
  // All cores run on a pool warmed by one run. CPU seconds (process-wide, workers included) show the pool's
  // overhead even when other jobs share the cores and wall-clock scaling cannot show it.
  console.log('model   1 thread voxels/s  all cores voxels/s  scaling  CPU s (1 thread / all cores)');
  const pool = new WorkerPool(cores);
  for (const model of Object.keys(KINETIC_MODELS)) {
    const input = { model, conc, voxelCount, mask: null, t, ta: t, ca, fitDelay: false };
    fitVolume(input);
    let cpu = process.cpuUsage();
    const one = await timed(runs, async () => fitVolume(input));
    const cpuOne = cpuSeconds(cpu) / runs;
    await fitVolumeOnPool(input, { pool });
    cpu = process.cpuUsage();
    const all = await timed(runs, () => fitVolumeOnPool(input, { pool }));
    const cpuAll = cpuSeconds(cpu) / runs;
    const rate = (ms: number) => Math.round((voxelCount * 1000) / ms);
    console.log(
      `${model.padEnd(6)} ${String(rate(one)).padStart(18)} ${String(rate(all)).padStart(19)}  ${(one / all).toFixed(2)}x  ${cpuOne.toFixed(2)} / ${cpuAll.toFixed(2)}`,
    );
  }
  await pool.close();
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
