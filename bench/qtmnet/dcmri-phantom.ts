/**
 * The phantom outcome of an evaluation protocol (contracts/evaluation-protocol.ts `phantom`; issue 9 item 5):
 * QTMnet's arms on a phantom from outside our simulator, dcmri's synthetic brain written by
 * dcmri_fake_brain.py (2D, 2CXM tissue, Parker AIF, noise-free concentrations, 60 frames every 5 s). Median
 * absolute relative error in tissue voxels (ve where PS > 0 only: without exchange the EES never fills and ve
 * is not identifiable), beside `2cxm-oracle`, the 2CXM fitted with dcmri's own AIF (the model that generated
 * the data, so near-exact: a check of the comparison, not a competitor). One phantom: point estimates, no
 * subject-level interval. Writes phantom.md and phantom.json to --out.
 * Run: node dist/bench/qtmnet/dcmri-phantom.js --protocol FILE --phantom DIR [--model ARM=DIR ...] [--out DIR]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PHANTOM_FIT } from '../../contracts/evaluation-protocol';
import { readEvaluationProtocol } from '../../formats/evaluation-protocol';
import { CodedError } from '../../perfusion/errors';
import { fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import { selectBackend } from '../../perfusion/qtmnet/backend';
import { medianAbsoluteRelativeError } from '../../perfusion/qtmnet/evaluation-metrics';
import { subjectInputFactor } from '../../perfusion/qtmnet/input-scale';
import { ktransFromFlowAndPermeability } from '../../perfusion/qtmnet/parameter-scales';
import { matchProtocol } from '../../perfusion/qtmnet/protocol-match';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import { codeVersion } from '../../runtime/code-version';
import { projectRoot } from '../../runtime/project-paths';
import { loadArms, modelOverrides } from './evaluation-arms';

type Maps = Record<'fp' | 'ps' | 'ktrans' | 'vp' | 've', ArrayLike<number>>;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function readPhantom(dir: string) {
  const f32 = (name: string) => {
    const b = readFileSync(path.join(dir, `${name}.f32`));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
  };
  const meta = JSON.parse(readFileSync(path.join(dir, 'phantom.json'), 'utf8'));
  const dims = meta.dims as [number, number, number];
  const fp = f32('fp_per_s');
  const ps = f32('ps_per_s');
  const truth: Maps = {
    fp,
    ps,
    ktrans: fp.map((f, v) => ktransFromFlowAndPermeability(f, ps[v])),
    vp: f32('vp'),
    ve: f32('ve'),
  };
  return {
    source: meta.source as string,
    dims,
    t: Float64Array.from(meta.frame_times_s as number[]),
    aif: Float64Array.from(meta.aif_plasma_mM as number[]),
    concentration: f32('conc_mM'),
    truth,
    tissue: [...Array(dims[0] * dims[1] * dims[2]).keys()].filter((v) => fp[v] > 0),
  };
}

/** The 2CXM fitted with the phantom's own AIF in every tissue voxel (frame-major input, as the phantom stores it). */
function oracleFit(ph: ReturnType<typeof readPhantom>): Maps {
  const nvox = ph.dims[0] * ph.dims[1] * ph.dims[2];
  const nt = ph.t.length;
  const curves = new Float32Array(ph.tissue.length * nt);
  ph.tissue.forEach((v, k) => {
    for (let i = 0; i < nt; i++) curves[k * nt + i] = ph.concentration[v + i * nvox];
  });
  const fit = fitVoxelBatch({ model: '2cxm', curves, t: ph.t, ta: ph.t, ca: ph.aif, fitDelay: false });
  const map = (j: number) => {
    const out = new Float64Array(nvox);
    ph.tissue.forEach((v, k) => {
      out[v] = fit.params[4 * k + j];
    });
    return out;
  };
  const [fp, ps, vp, ve] = [0, 1, 2, 3].map(map);
  return { fp, ps, ktrans: fp.map((f, v) => ktransFromFlowAndPermeability(f, ps[v])), vp, ve };
}

async function main(): Promise<void> {
  const protocolFile = arg('protocol');
  const phantomDir = arg('phantom');
  if (!protocolFile || !phantomDir)
    throw new CodedError(
      'MISSING_OPTION',
      'give --protocol FILE and --phantom DIR (written by dcmri_fake_brain.py)',
    );
  const p = readEvaluationProtocol(protocolFile);
  if (!p.phantom)
    throw new CodedError(
      'NO_PHANTOM_OUTCOME',
      `${protocolFile} has no phantom section; add one (docs/evaluation.md)`,
    );
  const spec = p.phantom;
  const backend = await selectBackend('wasm');
  const ph = readPhantom(phantomDir);
  const nvox = ph.dims[0] * ph.dims[1] * ph.dims[2];
  const mask = new Uint8Array(nvox);
  for (const v of ph.tissue) mask[v] = 1;
  const estimates = new Map<string, Maps>();
  const arms = await loadArms(p, modelOverrides(process.argv), spec.methods);
  for (const { arm, network, protocol, inputScale } of arms) {
    // dcmri's phantom has no venous sinus: an arm that needs one is refused (VENOUS_OUTPUT_REQUIRED).
    subjectInputFactor(inputScale, undefined, `the dcmri phantom (arm ${arm.name})`);
    const concentration = matchProtocol(protocol, ph.t, ph.concentration, nvox, arm.resample);
    const { maps } = inferVolume(
      network,
      { dims: ph.dims, frames: protocol.frames, concentration, mask },
      { batchSize: 1024, mcSamples: 0, seed: 1 },
    );
    estimates.set(arm.name, maps);
  }
  if (spec.methods.includes(PHANTOM_FIT)) estimates.set(PHANTOM_FIT, oracleFit(ph));
  const exchanging = ph.tissue.filter((v) => ph.truth.ps[v] > 0);
  const rows = spec.parameters.flatMap((parameter) =>
    spec.methods.map((method) => {
      const voxels = parameter === 've' ? exchanging : ph.tissue;
      const e = medianAbsoluteRelativeError(
        estimates.get(method)?.[parameter] ?? [],
        ph.truth[parameter],
        voxels,
      );
      return { parameter, method, medianAbsRelativeError: e.median, voxels: e.count };
    }),
  );
  const command = ['node dist/bench/qtmnet/dcmri-phantom.js', ...process.argv.slice(2)].join(' ');
  const table = [
    `#### phantom: ${ph.source}, ${ph.dims.join('x')}, ${ph.tissue.length} tissue voxels (${exchanging.length} with PS > 0, where ve is scored)`,
    '',
    `MdARE = median |est - true| / true; one phantom, so no interval. ${PHANTOM_FIT} = the 2CXM with the phantom's own AIF (its generating model: a check, not a competitor). Hypothesis: ${spec.hypothesis}`,
    `Command: \`${command}\``,
    '',
    `| parameter | ${spec.methods.join(' | ')} |`,
    `|---|${spec.methods.map(() => '---').join('|')}|`,
    ...spec.parameters.map(
      (parameter) =>
        `| ${parameter} | ${spec.methods.map((m) => rows.find((r) => r.parameter === parameter && r.method === m)?.medianAbsRelativeError.toFixed(3)).join(' | ')} |`,
    ),
    '',
  ].join('\n');
  const out = arg('out') ?? path.join(projectRoot(), '.data/evaluation', p.name);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'phantom.md'), table);
  writeFileSync(
    path.join(out, 'phantom.json'),
    `${JSON.stringify({ phantom: spec, source: ph.source, rows, command, codeVersion: codeVersion(), backend }, null, 2)}\n`,
  );
  process.stdout.write(table);
}

void main();
