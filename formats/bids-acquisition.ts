/**
 * What the importer needs from each series' sidecar (bids-sidecar.ts), with the checks that make a wrong header
 * a clear error instead of wrong numbers. Two conventions meet here. For a 4-D series dcm2niix follows BIDS:
 * `RepetitionTime` is the time between volumes and the excitation TR is `RepetitionTimeExcitation`; it writes
 * per-volume times (`FrameTimesStart`) only when the spacing varies. Hand-written DCE sidecars often put the
 * excitation TR in `RepetitionTime` and list the volume times in BIDS' `VolumeTiming`. Both are read; an SPGR
 * excitation TR above 1 s is refused as a likely mix-up.
 */
import type { Sidecar } from './bids-sidecar';
import { FormatError } from './format-error';

export interface DceAcquisition {
  /** Excitation repetition time, s. */
  trS: number;
  flipDeg: number;
  fieldT: number;
  /** Start of each volume, s, relative to the first. */
  frameTimesS: number[];
  /** Contrast dose, mmol/kg, when the sidecar gives it (`ContrastDose`). */
  doseMmolPerKg?: number;
}

const MAX_EXCITATION_TR_S = 1;

export function dceAcquisition(s: Sidecar, frames: number): DceAcquisition {
  const flipDeg = s.number('FlipAngle', 'flip angle, degrees', 0.1, 180);
  const fieldT = s.number('MagneticFieldStrength', 'field strength, T', 0.01, 20);
  const volumeInterval = s.has('RepetitionTimeExcitation');
  const trS = volumeInterval
    ? s.number('RepetitionTimeExcitation', 'excitation repetition time, s', 1e-5, MAX_EXCITATION_TR_S)
    : s.number('RepetitionTime', 'excitation repetition time, s', 1e-5, 3600);
  if (trS > MAX_EXCITATION_TR_S)
    throw new FormatError(
      'SIDECAR_FIELD_INVALID',
      `${s.labelOf('RepetitionTime')}: field "RepetitionTime" is ${trS} s, too long for an SPGR excitation; if it is the time between volumes, give the excitation TR as "RepetitionTimeExcitation" and the volume times as "VolumeTiming"`,
    );
  let times: number[];
  const meaning = 'start of each volume, s';
  if (s.has('FrameTimesStart')) times = s.numbers('FrameTimesStart', meaning, frames, -1e6, 1e6);
  else if (s.has('VolumeTiming') || !volumeInterval)
    times = s.numbers('VolumeTiming', meaning, frames, -1e6, 1e6);
  else {
    const dt = s.number('RepetitionTime', 'time between volumes, s', 1e-3, 3600);
    times = Array.from({ length: frames }, (_, k) => k * dt);
  }
  for (let k = 1; k < times.length; k++)
    if (!(times[k] > times[k - 1]))
      throw new FormatError(
        'SIDECAR_FIELD_INVALID',
        `${s.labelOf(s.has('FrameTimesStart') ? 'FrameTimesStart' : 'VolumeTiming')}: volume times must increase; volume ${k} starts at ${times[k]} s, volume ${k - 1} at ${times[k - 1]} s`,
      );
  const doseMmolPerKg = s.optionalNumber('ContrastDose', 'contrast dose, mmol/kg', 1e-4, 10);
  return { trS, flipDeg, fieldT, frameTimesS: times.map((t) => t - times[0]), doseMmolPerKg };
}

/** Factor from a T1 map's stored values to seconds (`Units`: "s" or "ms"). */
export function t1MapToSeconds(s: Sidecar): number {
  return s.choice('Units', 'unit of the T1 values', ['s', 'ms'] as const) === 'ms' ? 1e-3 : 1;
}

/** Flip angle (degrees) and excitation TR (s) of each volume of a variable-flip-angle series. */
export function vfaAcquisition(s: Sidecar, volumes: number): { flipDeg: number[]; trS: number[] } {
  const flipDeg = s.numbers('FlipAngle', 'flip angle of each volume, degrees', volumes, 0.1, 180);
  const key = s.has('RepetitionTimeExcitation') ? 'RepetitionTimeExcitation' : 'RepetitionTime';
  const trS = s.numbers(key, 'excitation repetition time, s', volumes, 1e-5, MAX_EXCITATION_TR_S, true);
  return { flipDeg, trS };
}
