/**
 * A T10 map from a variable-flip-angle series, voxel by voxel (variable-flip-angle.ts). Voxels outside the mask
 * are NaN, as are voxels whose fit did not give a positive finite R1.
 */
import { PerfusionInputError } from '../errors';
import { LevenbergMarquardt } from '../fit/levenberg-marquardt';
import { fitVariableFlipAngle } from './variable-flip-angle';

/**
 * `signal` (a.u.) holds one volume per acquisition, value(v, k) = signal[v + k * voxelCount]; `flipDeg`
 * (degrees) and `trS` (s) give each acquisition's flip angle and TR. Returns T10 (s) per voxel and the number
 * of in-mask voxels whose fit failed.
 */
export function vfaT1Volume(
  signal: Float32Array,
  flipDeg: ArrayLike<number>,
  trS: ArrayLike<number>,
  mask: Uint8Array,
  voxelCount: number,
): { t10S: Float32Array; failed: number } {
  const k = flipDeg.length;
  if (signal.length !== voxelCount * k || trS.length !== k || mask.length !== voxelCount)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `VFA map: ${signal.length} values for ${k} flip angles (${trS.length} TRs) of ${voxelCount} voxels`,
    );
  const angles = Float64Array.from(flipDeg);
  const trs = Float64Array.from(trS);
  const lm = new LevenbergMarquardt();
  const s = new Float64Array(k);
  const t10S = new Float32Array(voxelCount).fill(Number.NaN);
  let failed = 0;
  for (let v = 0; v < voxelCount; v++) {
    if (!mask[v]) continue;
    for (let a = 0; a < k; a++) s[a] = signal[v + a * voxelCount];
    const { r1PerS } = s.every((x) => x > 0)
      ? fitVariableFlipAngle(s, angles, trs, lm)
      : { r1PerS: Number.NaN };
    if (r1PerS > 0 && Number.isFinite(r1PerS)) t10S[v] = 1 / r1PerS;
    else failed++;
  }
  return { t10S, failed };
}
