/**
 * The conditions of an evaluation protocol (contracts/evaluation-protocol.ts): the reference condition, then
 * one factor at a time away from it (injection ranges, SNR, frame interval, vessel density), so each
 * condition's effect is read against the reference on the same subjects. A value equal to the reference's
 * adds no condition.
 */

export interface EvaluationCondition {
  /** `reference`, `injection-<name>`, `snr-<n>`, `interval-<s>s` or `vessels-x<factor>`. */
  name: string;
  /** Name of the injection ranges (the protocol's `injections`). */
  injection: string;
  /** Grey-matter baseline signal / noise sigma. */
  snr: number;
  /** Frame interval, s. */
  frameIntervalS: number;
  /** Factor on the simulator's terminal segments per tree. */
  vesselDensity: number;
}

export type ReferenceCondition = Omit<EvaluationCondition, 'name'>;

export interface ConditionVariations {
  injection: string[];
  snr: number[];
  frameIntervalS: number[];
  vesselDensity: number[];
}

/** Every condition in order: the reference first, then each variation of one factor. */
export function expandConditions(
  reference: ReferenceCondition,
  vary: ConditionVariations,
): EvaluationCondition[] {
  const out: EvaluationCondition[] = [{ name: 'reference', ...reference }];
  const add = <K extends keyof ReferenceCondition>(
    key: K,
    values: ReferenceCondition[K][],
    name: (v: ReferenceCondition[K]) => string,
  ) => {
    for (const v of values) if (v !== reference[key]) out.push({ ...reference, [key]: v, name: name(v) });
  };
  add('injection', vary.injection, (v) => `injection-${v}`);
  add('snr', vary.snr, (v) => `snr-${v}`);
  add('frameIntervalS', vary.frameIntervalS, (v) => `interval-${v}s`);
  add('vesselDensity', vary.vesselDensity, (v) => `vessels-x${v}`);
  return out;
}
