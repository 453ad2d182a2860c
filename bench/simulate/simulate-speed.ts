/**
 * Simulator speed (issue 4): wall time of a default subject (64x64x16 imaging voxels, 64x64x32 cells of 1 mm,
 * 60 frames at 5 s, 0.1 s transport step), cell updates per second of the capillary transport step, and in
 * the same run a memory-bandwidth probe (streaming copy of a 256 MB Float64Array), printing the ratio of the
 * transport step's streamed bytes to that bandwidth. Medians of --runs runs; one core.
 * Run: npm run build && node dist/bench/simulate/simulate-speed.js [--runs 3]
 */
import { createSeededRandom } from '../../perfusion/random/seeded-random';
import { type BedState, buildBedTransport, stepBed } from '../../perfusion/simulate/capillary-transport';
import { DEFAULT_SIMULATION_CONFIG as config } from '../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../perfusion/simulate/subject-simulation';
import { generateTissueMaps } from '../../perfusion/simulate/tissue-maps';
import { generateTissueGeometry } from '../../perfusion/simulate/tumour-geometry';
import { buildVascularNetwork } from '../../perfusion/simulate/vascular-network';
import { carveSinus, venousSinus } from '../../perfusion/simulate/venous-sinus';

const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 3;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function subjectSeconds(): number[] {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    simulateSubject(config, r % 2 ? 'lgg' : 'hgg', 500 + r);
    out.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return out;
}

/** Cell updates per second of stepBed on a default subject's bed, with a bolus-like inflow. */
function transportRate(): { rate: number; cells: number; inflowsPerCell: number } {
  const sim = { nx: 64, ny: 64, nz: 32, h: 1 };
  const geometry = generateTissueGeometry(
    sim,
    config.hgg,
    config.normal.gmFraction,
    createSeededRandom(1),
    'hgg',
  );
  const maps = generateTissueMaps(sim, geometry, config.normal, config.hgg, createSeededRandom(2));
  const sinus = venousSinus(sim, config.sinus.radiusMm);
  carveSinus(maps, geometry.label, sinus);
  const circulation = { hct: config.protocol.hct, venousRootMm: sinus.venousRootMm };
  const net = buildVascularNetwork(sim, maps, config, circulation, createSeededRandom(3));
  const bed = buildBedTransport(net.darcy, net.vp, net.ve, net.psPerS);
  const m = bed.order.length;
  let state: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  let next: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  const inflow = bed.sourceFlow.map((q) => q * 5);
  const steps = 300;
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < steps; k++) {
      stepBed(bed, state, next, inflow, inflow, 0.1, 0.5);
      [state, next] = [next, state];
    }
    rates.push((steps * m) / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return { rate: median(rates), cells: m, inflowsPerCell: bed.inFrom.length / m };
}

/** Streaming copy bandwidth, bytes/s (read + write counted). */
function copyBandwidth(): number {
  const n = 32 * 1024 * 1024; // 256 MB of float64
  const a = new Float64Array(n).fill(1);
  const b = new Float64Array(n);
  const out: number[] = [];
  for (let r = 0; r < Math.max(3, RUNS); r++) {
    const t0 = process.hrtime.bigint();
    b.set(a);
    out.push((2 * 8 * n) / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(out);
}

const subject = subjectSeconds();
const transport = transportRate();
const bandwidth = copyBandwidth();
// Bytes a cell update streams: 9 per-cell float64 arrays (cp, ce, new cp, new ce, inflow old/new, vpV, veV,
// psV) + outFlow + sinkFlow + inPtr, and per inflow face: index (4) + flow (8) + two upstream cp reads (16).
const bytesPerUpdate = 11 * 8 + 4 + transport.inflowsPerCell * 28;
const streamed = transport.rate * bytesPerUpdate;
process.stdout.write(
  `${[
    `default subject (64x64x16 voxels, 64x64x32 cells of 1 mm, 60 frames, 0.1 s step): median ${median(subject).toFixed(1)} s over ${RUNS} runs (${subject.map((s) => s.toFixed(1)).join(', ')}), rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    `transport step: ${(transport.rate / 1e6).toFixed(1)} M cell updates/s (${transport.cells} bed cells, ${transport.inflowsPerCell.toFixed(2)} inflow faces per cell)`,
    `memory bandwidth (typed-array copy): ${(bandwidth / 1e9).toFixed(2)} GB/s`,
    `transport streams ~${bytesPerUpdate.toFixed(0)} B per update = ${(streamed / 1e9).toFixed(2)} GB/s: ratio to copy bandwidth ${(streamed / bandwidth).toFixed(3)}`,
  ].join('\n')}\n`,
);
