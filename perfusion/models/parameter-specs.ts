/**
 * Parameter definitions shared by the models: SI units inside, OSIPI names and scales at the edges, and
 * bounds from OSIPI's DCE model tests (test/DCEmodels: ve, vp in (0, 1), Fp in (0, 200) mL/100 mL/min,
 * PS and Ktrans in (0, 5) /min). Lower bounds are a small positive floor where a zero would divide
 * (vp and ve set the compartment rates).
 */

import {
  mlPer100mlPerMinToPerSecond,
  perMinToPerSecond,
  perSecondToMlPer100mlPerMin,
  perSecondToPerMin,
} from '../units';
import type { ParameterSpec } from './kinetic-model';

const flow = { unit: '1/s', osipiUnit: 'mL/100 mL/min', toOsipi: perSecondToMlPer100mlPerMin(1) } as const;
const rate = { unit: '1/s', osipiUnit: '/min', toOsipi: perSecondToPerMin(1) } as const;
const fraction = { unit: '', osipiUnit: '', toOsipi: 1 } as const;

export const FP: ParameterSpec = {
  name: 'Fp',
  osipiName: 'fp',
  ...flow,
  lower: mlPer100mlPerMinToPerSecond(1e-3),
  upper: mlPer100mlPerMinToPerSecond(200),
  start: mlPer100mlPerMinToPerSecond(20),
};
export const PS: ParameterSpec = {
  name: 'PS',
  osipiName: 'ps',
  ...rate,
  lower: 0,
  upper: perMinToPerSecond(5),
  start: perMinToPerSecond(0.1),
};
export const KTRANS: ParameterSpec = {
  name: 'Ktrans',
  osipiName: 'Ktrans',
  ...rate,
  lower: 0,
  upper: perMinToPerSecond(5),
  start: perMinToPerSecond(0.1),
};
/** Patlak's Ktrans appears as `ps` in OSIPI's Patlak files. */
export const KTRANS_AS_PS: ParameterSpec = { ...KTRANS, osipiName: 'ps' };
export const VP: ParameterSpec = {
  name: 'vp',
  osipiName: 'vp',
  ...fraction,
  lower: 1e-5,
  upper: 1,
  start: 0.01,
};
export const VP_LINEAR: ParameterSpec = { ...VP, lower: 0 };
export const VE: ParameterSpec = {
  name: 've',
  osipiName: 've',
  ...fraction,
  lower: 1e-4,
  upper: 1,
  start: 0.2,
};
