/**
 * One subject's injection, circulation and scanner transmit field, drawn from the configured ranges
 * (simulation-config.ts; sources in docs/simulator.md), or the reference injection when `injection.mode` is
 * fixed. From them follow the root plasma AIF (parker-family-aif.ts) and the onset: the injection starts
 * protocol.bolusArrivalS - appearanceS after the first frame, and the bolus takes appearanceS x k to reach the
 * arterial root (k = CO_ref / CO: transit volumes are fixed, so transit time goes as 1/CO). Blood T1 follows
 * the haematocrit (Lu et al., MRM 2004;52:679, at 3 T: 1/T1 = 0.52 Hct + 0.38 /s arterial, 0.83 Hct + 0.28 /s
 * venous). Units: s, L/min, mmol/kg, fractions.
 */
import { type ParkerFamilyParameters, parkerFamilyPlasmaAif } from '../aif/parker-family-aif';
import type { SeededRandom } from '../random/seeded-random';
import type { SimulationConfig } from './simulation-config';
import { logUniformIn, uniformIn } from './smooth-noise';

export interface SubjectPhysiology {
  injectionMode: 'varied' | 'fixed';
  doseMmolPerKg: number;
  injectionDurationS: number;
  cardiacOutputLPerMin: number;
  /** Large-vessel haematocrit (fraction). */
  hct: number;
  /** Factors on Parker's recirculation area and washout rate. */
  recirculation: number;
  washoutRate: number;
  /** CO_ref / CO. */
  timeScale: number;
  /** Bolus onset at the arterial root, s after the first frame. */
  onsetS: number;
  /** Actual / nominal flip angle of every excitation (transmit B1). */
  flipAngleScale: number;
  /** Blood T1 at this haematocrit, arterial and venous, s. */
  arterialBloodT1S: number;
  venousBloodT1S: number;
}

/** Draws a subject's physiology; the same `rng` state gives the same draw. */
export function drawSubjectPhysiology(config: SimulationConfig, rng: SeededRandom): SubjectPhysiology {
  const inj = config.injection;
  const p = config.protocol;
  const flipAngleScale = uniformIn(rng, config.t1Mapping.flipAngleScale);
  const varied = inj.mode === 'varied';
  const doseMmolPerKg = varied ? uniformIn(rng, inj.doseMmolPerKg) : p.doseMmolPerKg;
  const injectionDurationS = varied ? uniformIn(rng, inj.durationS) : inj.referenceDurationS;
  const cardiacOutputLPerMin = varied
    ? logUniformIn(rng, inj.cardiacOutputLPerMin)
    : inj.referenceCardiacOutputLPerMin;
  const hct = varied ? uniformIn(rng, inj.hct) : p.hct;
  const recirculation = varied ? uniformIn(rng, inj.recirculation) : 1;
  const washoutRate = varied ? logUniformIn(rng, inj.washoutRate) : 1;
  const timeScale = inj.referenceCardiacOutputLPerMin / cardiacOutputLPerMin;
  return {
    injectionMode: inj.mode,
    doseMmolPerKg,
    injectionDurationS,
    cardiacOutputLPerMin,
    hct,
    recirculation,
    washoutRate,
    timeScale,
    onsetS: p.bolusArrivalS + inj.appearanceS * (timeScale - 1),
    flipAngleScale,
    arterialBloodT1S: 1 / (0.52 * hct + 0.38),
    venousBloodT1S: 1 / (0.83 * hct + 0.28),
  };
}

/** The subject's AIF as parameters of the Parker family. */
export function subjectAifParameters(s: SubjectPhysiology, config: SimulationConfig): ParkerFamilyParameters {
  return {
    onsetS: s.onsetS,
    doseMmolPerKg: s.doseMmolPerKg,
    timeScale: s.timeScale,
    injectionS: s.injectionDurationS,
    referenceInjectionS: config.injection.referenceDurationS,
    recirculation: s.recirculation,
    washoutRate: s.washoutRate,
    hct: s.hct,
    referenceHct: config.protocol.hct,
  };
}

/** Plasma concentration entering the arterial root at times `tS` (s), mM. */
export function rootPlasmaAif(
  tS: Float64Array,
  s: SubjectPhysiology,
  config: SimulationConfig,
): Float64Array {
  return parkerFamilyPlasmaAif(tS, subjectAifParameters(s, config));
}
