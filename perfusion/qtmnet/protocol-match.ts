/**
 * A model is tied to its training protocol (frame count and interval): the temporal convolutions have learnt
 * that time step. Input acquired differently is refused, or, when the caller asks, linearly resampled onto the
 * model's grid starting at the first frame (only within the acquired time span: no extrapolation).
 */
import { resampleLinear } from '../aif/resample';
import { PerfusionInputError } from '../errors';
import type { ModelProtocol } from './trained-model';

/** Relative tolerance on the frame interval (scanner timings are rounded in headers). */
const INTERVAL_TOLERANCE = 0.01;

function uniformInterval(frameTimesS: ArrayLike<number>): number | undefined {
  const n = frameTimesS.length;
  const dt = (frameTimesS[n - 1] - frameTimesS[0]) / (n - 1);
  for (let i = 1; i < n; i++) {
    if (Math.abs(frameTimesS[i] - frameTimesS[i - 1] - dt) > INTERVAL_TOLERANCE * dt) return undefined;
  }
  return dt;
}

/**
 * Returns the 4D concentration (mM, x fastest then y, z, t; `nvox` voxels per frame) on the model's protocol.
 * `frameTimesS` are the input's frame times (s).
 */
export function matchProtocol(
  model: ModelProtocol,
  frameTimesS: ArrayLike<number>,
  concentration: Float32Array,
  nvox: number,
  allowResample: boolean,
): Float32Array {
  const n = frameTimesS.length;
  const dt = uniformInterval(frameTimesS);
  if (
    n === model.frames &&
    dt !== undefined &&
    Math.abs(dt - model.frameIntervalS) <= INTERVAL_TOLERANCE * model.frameIntervalS
  ) {
    return concentration;
  }
  const described = `${n} frames${dt === undefined ? ' at irregular times' : ` every ${dt.toFixed(3)} s`}`;
  const wanted = `${model.frames} frames every ${model.frameIntervalS} s`;
  if (!allowResample) {
    throw new PerfusionInputError(
      'PROTOCOL_MISMATCH',
      `input has ${described}, the model was trained on ${wanted}; ask for resampling (qtm infer --resample) or use a matching model`,
    );
  }
  const t0 = frameTimesS[0];
  const span = (model.frames - 1) * model.frameIntervalS;
  if (t0 + span > frameTimesS[n - 1] + 0.5 * model.frameIntervalS) {
    throw new PerfusionInputError(
      'PROTOCOL_MISMATCH',
      `input covers ${(frameTimesS[n - 1] - t0).toFixed(1)} s, the model needs ${span.toFixed(1)} s (${wanted}); cannot resample without extrapolating`,
    );
  }
  const t = Float64Array.from(frameTimesS);
  const tNew = Float64Array.from({ length: model.frames }, (_, k) => t0 + k * model.frameIntervalS);
  const out = new Float32Array(nvox * model.frames);
  const curve = new Float64Array(n);
  for (let v = 0; v < nvox; v++) {
    for (let i = 0; i < n; i++) curve[i] = concentration[v + nvox * i];
    const r = resampleLinear(t, curve, tNew);
    for (let k = 0; k < model.frames; k++) out[v + nvox * k] = r[k];
  }
  return out;
}
