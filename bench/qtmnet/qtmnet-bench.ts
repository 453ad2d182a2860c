/**
 * QTMnet throughput per available tfjs backend: training samples/s (patch network, default size) and
 * inference voxels/s (maps only, and with 8 MC-dropout passes). Inputs are seeded random numbers: speed does
 * not depend on what the patches mean. Prints medians; never asserted in tests.
 * Run: npm run build && node dist/bench/qtmnet/qtmnet-bench.js [--frames 60] [--backends wasm,cpu]
 */
import { type BackendName, parseBackendName, selectBackend } from '../../perfusion/qtmnet/backend';
import { createNetwork } from '../../perfusion/qtmnet/create-network';
import type { PatchNetworkConfig } from '../../perfusion/qtmnet/network';
import { type PatchSample, type PatchShape, voxelsPerPatch } from '../../perfusion/qtmnet/patch-layout';
import type { PatchSource } from '../../perfusion/qtmnet/patch-source';
import { trainQtmnet } from '../../perfusion/qtmnet/training-loop';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import { createSeededRandom } from '../../perfusion/random/seeded-random';

const NETWORK: PatchNetworkConfig = { kind: 'patch', filters: [32, 32, 64], dense: 64, dropout: 0.2 };

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function randomSource(shape: PatchShape, count: number): PatchSource {
  const rng = createSeededRandom(1);
  const v = voxelsPerPatch(shape);
  const samples: PatchSample[] = Array.from({ length: count }, (_, i) => ({
    subject: `s${i % 4}`,
    concentration: Float32Array.from({ length: shape.frames * v }, () => rng.next()),
    labels: Float32Array.from({ length: v * 5 }, (_, j) => [1e-4, 5e-3, 1e-4, 0.03, 0.2][j % 5]),
  }));
  const subjectCounts: Record<string, number> = {};
  for (const s of samples) subjectCounts[s.subject] = (subjectCounts[s.subject] ?? 0) + 1;
  return {
    shape,
    frameIntervalS: 5,
    datasetHash: 'bench',
    shards: [{ subjectCounts }],
    readShard: async () => samples,
  };
}

async function benchBackend(name: BackendName, shape: PatchShape): Promise<string> {
  const chosen = await selectBackend(name);
  const slow = chosen.name === 'cpu';
  const batchSize = 64;
  // Three of four subjects train: steps per epoch = 0.75 * count / batch.
  const source = randomSource(shape, slow ? 4 * 64 : 4 * 640);
  const rates: number[] = [];
  await trainQtmnet({
    settings: {
      network: NETWORK,
      epochs: 1,
      batchSize,
      learningRate: 1e-3,
      seed: 1,
      validationFraction: 0.25,
      checkpointEverySteps: 1e9,
    },
    source,
    onProgress: (p) => {
      if (p.step > 1) rates.push(p.samplesPerSecond);
    },
  });
  const net = createNetwork(NETWORK, shape, 1);
  const dims: [number, number, number] = slow ? [8, 8, 2] : [32, 32, 4];
  const n = dims[0] * dims[1] * dims[2];
  const rng = createSeededRandom(2);
  const vol = {
    dims,
    frames: shape.frames,
    concentration: Float32Array.from({ length: n * shape.frames }, () => rng.next()),
  };
  const voxelRate = (mcSamples: number) => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      inferVolume(net, vol, { batchSize: 1024, mcSamples, seed: 1 });
      times.push((performance.now() - t0) / 1000);
    }
    return n / median(times);
  };
  const maps = voxelRate(0);
  const withMc = voxelRate(8);
  net.dispose();
  return `${chosen.name.padEnd(10)} ${chosen.provider.padEnd(22)} ${median(rates).toFixed(0).padStart(10)} ${maps.toFixed(0).padStart(12)} ${withMc.toFixed(0).padStart(14)}`;
}

async function main(): Promise<void> {
  const shape: PatchShape = { frames: Number(argument('frames', '60')), side: 3 };
  const backends = argument('backends', 'wasm,cpu')
    .split(',')
    .map((b) => parseBackendName(b) as BackendName);
  const lines = [
    `QTMnet patch network ${JSON.stringify(NETWORK)}, ${shape.frames} frames, 3x3x3 neighbourhood, batch 64`,
    `${'backend'.padEnd(10)} ${'provider'.padEnd(22)} ${'train/s'.padStart(10)} ${'infer vox/s'.padStart(12)} ${'+8 MC vox/s'.padStart(14)}`,
  ];
  for (const b of backends) {
    try {
      lines.push(await benchBackend(b, shape));
    } catch (err) {
      lines.push(`${b.padEnd(10)} unavailable: ${(err as Error).message}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
