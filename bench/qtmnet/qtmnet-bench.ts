/**
 * QTMnet throughput per tfjs backend in one process, same network, data and batch size: training samples/s
 * (the real training loop: batch packing, forward, backward, Adam; batch 64 as in the default config) and
 * inference samples/s (one sample = one voxel's neighbourhood; batch 4096 as `qtm infer`; maps only, and with
 * 8 MC-dropout passes), then the tensorflow / wasm ratios.
 * Rounds alternate the backends so that both see the same machine load; medians over rounds are printed.
 * Inputs are seeded random numbers: speed does not depend on what the patches mean. Never asserted in tests.
 * wasm runs its best setting under Node: SIMD, one thread (tfjs-backend-wasm 4.22 cannot start its threaded
 * build under Node). tensorflow uses TF_NUM_INTRAOP_THREADS (default: all cores).
 * Run: node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/qtmnet-bench.ts
 *      [--frames 60] [--batch 64] [--infer-batch 4096] [--rounds 5] [--steps 40] [--backends wasm,tensorflow]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import {
  type BackendName,
  describeBackend,
  parseBackendName,
  type SelectedBackend,
  selectBackend,
} from '../../perfusion/qtmnet/backend';
import { createNetwork } from '../../perfusion/qtmnet/create-network';
import type { PatchNetworkConfig } from '../../perfusion/qtmnet/network';
import { type PatchSample, type PatchShape, voxelsPerPatch } from '../../perfusion/qtmnet/patch-layout';
import type { PatchSource } from '../../perfusion/qtmnet/patch-source';
import { trainQtmnet } from '../../perfusion/qtmnet/training-loop';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import { createSeededRandom } from '../../perfusion/random/seeded-random';

/** The default model's network (experiments/qtmnet-default.yaml). */
const NETWORK: PatchNetworkConfig = { kind: 'patch', filters: [32, 32, 64], dense: 64, dropout: 0.2 };
const VOLUME: [number, number, number] = [32, 32, 4];
const MC_SAMPLES = 8;

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `count` samples of four subjects, three of which train (validation fraction 0.25). */
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

interface Rates {
  train: number;
  infer: number;
  inferMc: number;
}

/** Training samples/s over steps 2..n of one epoch (step 1 warms up kernels). */
async function trainingRate(source: PatchSource, batchSize: number): Promise<number> {
  const stamps: number[] = [];
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
    onProgress: () => stamps.push(performance.now()),
  });
  return ((stamps.length - 1) * batchSize * 1000) / (stamps[stamps.length - 1] - stamps[0]);
}

function inferenceRate(shape: PatchShape, batchSize: number, mcSamples: number): number {
  const net = createNetwork(NETWORK, shape, 1);
  const n = VOLUME[0] * VOLUME[1] * VOLUME[2];
  const rng = createSeededRandom(2);
  const vol = {
    dims: VOLUME,
    frames: shape.frames,
    concentration: Float32Array.from({ length: n * shape.frames }, () => rng.next()),
  };
  inferVolume(net, vol, { batchSize, mcSamples: 0, seed: 1 }); // warm-up
  const t0 = performance.now();
  inferVolume(net, vol, { batchSize, mcSamples, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  net.dispose();
  return n / seconds;
}

async function main(): Promise<void> {
  const shape: PatchShape = { frames: Number(argument('frames', '60')), side: 3 };
  const batchSize = Number(argument('batch', '64'));
  const inferBatch = Number(argument('infer-batch', '4096'));
  const rounds = Number(argument('rounds', '5'));
  const steps = Number(argument('steps', '40'));
  const names = argument('backends', 'wasm,tensorflow')
    .split(',')
    .map((b) => parseBackendName(b) as BackendName);
  const source = randomSource(shape, Math.ceil((steps * batchSize) / 0.75));
  const load = loadavg().map((x) => x.toFixed(2));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`QTMnet patch network ${JSON.stringify(NETWORK)}, ${shape.frames} frames, 3x3x3 neighbourhood`);
  out(
    `training batch ${batchSize}, inference batch ${inferBatch}, ${steps} training steps and a ${VOLUME.join('x')} volume per round, ${rounds} rounds alternating backends`,
  );
  out(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), load average at start ${load.join(' ')}, Node ${process.version}`,
  );

  const selected = new Map<BackendName, SelectedBackend>();
  const rates = new Map<BackendName, Rates[]>();
  for (const name of names) {
    try {
      selected.set(name, await selectBackend(name));
      rates.set(name, []);
    } catch (err) {
      out(`${name}: unavailable: ${(err as Error).message}`);
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const name of rates.keys()) {
      await selectBackend(name);
      rates.get(name)?.push({
        train: await trainingRate(source, batchSize),
        infer: inferenceRate(shape, inferBatch, 0),
        inferMc: inferenceRate(shape, inferBatch, MC_SAMPLES),
      });
    }
  }

  out(
    `load average at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  out(
    `${'backend'.padEnd(10)} ${'train samples/s'.padStart(16)} ${'infer samples/s'.padStart(16)} ${`+${MC_SAMPLES} MC samples/s`.padStart(18)}  provider`,
  );
  const medians = new Map<BackendName, Rates>();
  for (const [name, list] of rates) {
    const m = {
      train: median(list.map((x) => x.train)),
      infer: median(list.map((x) => x.infer)),
      inferMc: median(list.map((x) => x.inferMc)),
    };
    medians.set(name, m);
    out(
      `${name.padEnd(10)} ${m.train.toFixed(0).padStart(16)} ${m.infer.toFixed(0).padStart(16)} ${m.inferMc.toFixed(0).padStart(18)}  ${describeBackend(selected.get(name) as SelectedBackend)}`,
    );
  }
  const tf = medians.get('tensorflow');
  const wasm = medians.get('wasm');
  if (tf !== undefined && wasm !== undefined) {
    out(
      `tensorflow / wasm: training ${(tf.train / wasm.train).toFixed(2)}x, inference ${(tf.infer / wasm.infer).toFixed(2)}x, with MC dropout ${(tf.inferMc / wasm.inferMc).toFixed(2)}x`,
    );
  }
}

void main();
