/**
 * Simulator speed (issue 4): wall time of a default subject (64x64x16 imaging voxels, 64x64x32 cells of 1 mm,
 * 60 frames at 5 s, 0.1 s transport step), cell updates per second of the capillary transport step, and in
 * the same run a memory-bandwidth probe (streaming copy of a 256 MB Float64Array) after each transport run,
 * printing the ratio of the transport step's streamed bytes to that bandwidth. Medians of --runs runs (the
 * transport and the probe at least 3); one core.
 * Run: npm run build && node dist/bench/simulate/simulate-speed.js [--runs 3]
 */
import { createSeededRandom } from '../../perfusion/random/seeded-random';
import { prepareBedSweep, stepBed } from '../../perfusion/simulate/capillary-sweep';
import { type BedState, buildBedTransport } from '../../perfusion/simulate/capillary-transport';
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

/**
 * Cell updates per second of stepBed on a default subject's bed, with a bolus-like inflow (sweep prepared once,
 * untimed), each run followed by a memory-bandwidth probe so that a ratio pairs measurements taken under the
 * same load of a shared machine.
 */
function transportRuns(): { rates: number[]; bandwidths: number[]; cells: number; inflowsPerCell: number } {
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
  const sweep = prepareBedSweep(bed, 0.1, 0.5);
  const copy = copyProbe();
  const steps = 300;
  const rates: number[] = [];
  const bandwidths: number[] = [];
  for (let r = 0; r < Math.max(3, RUNS); r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < steps; k++) {
      stepBed(sweep, state, next, inflow, inflow);
      [state, next] = [next, state];
    }
    rates.push((steps * m) / (Number(process.hrtime.bigint() - t0) / 1e9));
    bandwidths.push(copy());
  }
  return { rates, bandwidths, cells: m, inflowsPerCell: bed.inFrom.length / m };
}

/** A streaming copy of a 256 MB Float64Array; each call returns its bandwidth, bytes/s (read + write counted). */
function copyProbe(): () => number {
  const n = 32 * 1024 * 1024;
  const a = new Float64Array(n).fill(1);
  const b = new Float64Array(n);
  // One untimed copy first: the target's pages are mapped on first write, which would make the first probe
  // (and so one paired ratio) measure page faults rather than bandwidth.
  b.set(a);
  return () => {
    const t0 = process.hrtime.bigint();
    b.set(a);
    return (2 * 8 * n) / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
}

const subject = subjectSeconds();
const transport = transportRuns();
// Bytes a cell update streams, counted for the direct form of the scheme and kept fixed so that figures of
// different implementations compare: 9 per-cell float64 arrays (cp, ce, new cp, new ce, inflow old/new, vpV,
// veV, psV) + outFlow + sinkFlow + inPtr, and per inflow face: index (4) + flow (8) + two upstream cp reads
// (16). The prepared sweep (capillary-sweep.ts) moves about as much in another layout (bench/simulate/README.md).
const bytesPerUpdate = 11 * 8 + 4 + transport.inflowsPerCell * 28;
const rate = median(transport.rates);
const bandwidth = median(transport.bandwidths);
const ratio = median(transport.rates.map((r, i) => (r * bytesPerUpdate) / transport.bandwidths[i]));
const list = (v: number[], scale: number) => v.map((x) => (x / scale).toFixed(1)).join(', ');
process.stdout.write(
  `${[
    `default subject (64x64x16 voxels, 64x64x32 cells of 1 mm, 60 frames, 0.1 s step): median ${median(subject).toFixed(1)} s over ${RUNS} runs (${subject.map((s) => s.toFixed(1)).join(', ')}), rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    `transport step: ${(rate / 1e6).toFixed(1)} M cell updates/s, median of ${transport.rates.length} runs (${list(transport.rates, 1e6)}); ${transport.cells} bed cells, ${transport.inflowsPerCell.toFixed(2)} inflow faces per cell`,
    `memory bandwidth (typed-array copy after each run): ${(bandwidth / 1e9).toFixed(2)} GB/s (${list(transport.bandwidths, 1e9)})`,
    `transport streams ~${bytesPerUpdate.toFixed(0)} B per update = ${((rate * bytesPerUpdate) / 1e9).toFixed(2)} GB/s: ratio to copy bandwidth ${ratio.toFixed(3)} (median of the per-run ratios)`,
  ].join('\n')}\n`,
);
