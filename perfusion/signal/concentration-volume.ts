/**
 * Signal to concentration for a whole 4D SPGR series, voxel by voxel with each voxel's measured T10
 * (spgr-signal.ts): S0 is the mean of the pre-contrast frames [first, end). `first` > 0 skips dynamics acquired
 * before the magnetisation reached its steady state (OSIPI's convention skips one). Voxels outside the mask
 * are 0; voxels whose T10 is not a positive number, or whose curve cannot be inverted, are NaN throughout and
 * counted, so that fitting skips them instead of fitting garbage.
 */
import { PerfusionInputError } from '../errors';
import { concentrationFromBaseline } from './spgr-signal';

export interface ConcentrationVolumeInput {
  /** SPGR signal (a.u.), value(v, f) = signal[v + f * voxelCount]. */
  signal: Float32Array;
  /** Pre-contrast T1 per voxel (s). */
  t10S: Float32Array;
  mask: Uint8Array;
  voxelCount: number;
  /** Pre-contrast frames [first, end). */
  baseline: { first: number; end: number };
  /** Flip angle (degrees), excitation TR (s), relaxivity r1 (1/(mM s)). */
  protocol: { flipDeg: number; trS: number; r1PerMmS: number };
}

/** Concentration (mM), same layout as the signal, and the number of in-mask voxels left NaN. */
export function concentrationVolume(input: ConcentrationVolumeInput): {
  conc: Float32Array;
  invalidVoxels: number;
} {
  const { signal, t10S, mask, voxelCount: n, baseline } = input;
  const frames = signal.length / n;
  if (!Number.isInteger(frames) || t10S.length !== n || mask.length !== n)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `concentration: ${signal.length} signal values, ${t10S.length} T10 values and ${mask.length} mask values for ${n} voxels`,
    );
  if (
    !(
      Number.isInteger(baseline.first) &&
      baseline.first >= 0 &&
      baseline.end > baseline.first &&
      baseline.end <= frames
    )
  )
    throw new PerfusionInputError(
      'BASELINE_TOO_SHORT',
      `pre-contrast frames [${baseline.first}, ${baseline.end}) must hold at least one of the ${frames} frames`,
    );
  const conc = new Float32Array(signal.length);
  const curve = new Float64Array(frames);
  let invalidVoxels = 0;
  for (let v = 0; v < n; v++) {
    if (!mask[v]) continue;
    for (let f = 0; f < frames; f++) curve[f] = signal[v + f * n];
    let s0 = 0;
    for (let f = baseline.first; f < baseline.end; f++) s0 += curve[f];
    s0 /= baseline.end - baseline.first;
    const t10 = t10S[v];
    const c =
      t10 > 0 && Number.isFinite(t10)
        ? concentrationFromBaseline(curve, s0, { ...input.protocol, t10S: t10 })
        : undefined;
    const valid = c?.every(Number.isFinite) ?? false;
    if (!valid) invalidVoxels++;
    for (let f = 0; f < frames; f++) conc[v + f * n] = valid ? (c as Float64Array)[f] : Number.NaN;
  }
  return { conc, invalidVoxels };
}
