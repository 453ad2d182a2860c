/**
 * QTMnet on a phantom from outside our simulator (issue 5, item 6, reported without a pass mark): dcmri's
 * synthetic brain written by dcmri_fake_brain.py (2D, 2CXM tissue, Parker AIF, noise-free concentrations).
 * Median absolute relative error in tissue voxels, beside the 2CXM fitted with dcmri's own AIF (the model
 * that generated the data, so near-exact: a check of the comparison, not a competitor).
 * Run: node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/dcmri-phantom.ts --model DIR --phantom DIR
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readModelFolder } from '../../formats/model-folder';
import { fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import { selectBackend } from '../../perfusion/qtmnet/backend';
import { medianAbsoluteRelativeError } from '../../perfusion/qtmnet/evaluation-metrics';
import { ktransFromFlowAndPermeability } from '../../perfusion/qtmnet/parameter-scales';
import { matchProtocol } from '../../perfusion/qtmnet/protocol-match';
import { loadNetwork } from '../../perfusion/qtmnet/trained-model';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) throw new Error(`--${name} is required`);
  return process.argv[i + 1];
};

async function main(): Promise<void> {
  const dir = arg('phantom');
  const f32 = (name: string) => {
    const b = readFileSync(path.join(dir, `${name}.f32`));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
  };
  const meta = JSON.parse(readFileSync(path.join(dir, 'phantom.json'), 'utf8'));
  const dims = meta.dims as [number, number, number];
  const nvox = dims[0] * dims[1] * dims[2];
  const t = Float64Array.from(meta.frame_times_s as number[]);
  const truth = { fp: f32('fp_per_s'), ps: f32('ps_per_s'), vp: f32('vp'), ve: f32('ve') };
  const ktrans = truth.fp.map((fp, v) => ktransFromFlowAndPermeability(fp, truth.ps[v]));
  const tissue = [...Array(nvox).keys()].filter((v) => truth.fp[v] > 0);
  const mask = new Uint8Array(nvox);
  for (const v of tissue) mask[v] = 1;

  const backend = await selectBackend('wasm');
  const model = await readModelFolder(arg('model'));
  const conc = matchProtocol(model.metadata.protocol, t, f32('conc_mM'), nvox, true);
  const { maps } = inferVolume(
    loadNetwork(model.metadata, model.weights),
    { dims, frames: model.metadata.protocol.frames, concentration: conc, mask },
    { batchSize: 1024, mcSamples: 0, seed: 1 },
  );

  const raw = f32('conc_mM');
  const nt = t.length;
  const curves = new Float32Array(tissue.length * nt);
  tissue.forEach((v, k) => {
    for (let i = 0; i < nt; i++) curves[k * nt + i] = raw[v + i * nvox];
  });
  const fit = fitVoxelBatch({
    model: '2cxm',
    curves,
    t,
    ta: t,
    ca: Float64Array.from(meta.aif_plasma_mM as number[]),
    fitDelay: false,
  });
  const cxm = (j: number) => {
    const out = new Float64Array(nvox);
    tissue.forEach((v, k) => {
      out[v] = fit.params[4 * k + j];
    });
    return out;
  };
  const cxmKtrans = cxm(0).map((fp, v) => ktransFromFlowAndPermeability(fp, cxm(1)[v]));
  const rows = [
    `dcmri fake_brain ${dims.join('x')}, ${tissue.length} tissue voxels, backend ${backend.provider}`,
    '| parameter | QTMnet MdARE | 2CXM (dcmri AIF) MdARE | voxels |',
    '|---|---|---|---|',
  ];
  const table: Array<[string, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>]> = [
    ['Fp', maps.fp, cxm(0), truth.fp],
    ['PS', maps.ps, cxm(1), truth.ps],
    ['Ktrans', maps.ktrans, cxmKtrans, ktrans],
    ['vp', maps.vp, cxm(2), truth.vp],
    ['ve', maps.ve, cxm(3), truth.ve],
  ];
  // ve is not identifiable where PS = 0 (no exchange, the EES never fills): scored where PS > 0 only.
  const exchanging = tissue.filter((v) => truth.ps[v] > 0);
  for (const [name, q, c, tr] of table) {
    const voxels = name === 've' ? exchanging : tissue;
    const a = medianAbsoluteRelativeError(q, tr, voxels);
    const b = medianAbsoluteRelativeError(c, tr, voxels);
    rows.push(`| ${name} | ${a.median.toFixed(3)} | ${b.median.toFixed(3)} | ${a.count} |`);
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

void main();
