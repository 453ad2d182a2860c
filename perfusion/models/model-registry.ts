/** Look-up of the tissue models by their CLI/file name. */
import { PerfusionInputError } from '../errors';
import type { KineticModel, ModelName } from './kinetic-model';
import { patlak } from './patlak';
import { extendedTofts, tofts } from './tofts';
import { twoCompartmentExchange } from './two-compartment-exchange';
import { twoCompartmentUptake } from './two-compartment-uptake';

export const KINETIC_MODELS: Readonly<Record<ModelName, KineticModel>> = {
  '2cxm': twoCompartmentExchange,
  etm: extendedTofts,
  tofts,
  patlak,
  '2cum': twoCompartmentUptake,
};

/** The model called `name` (2cxm, etm, tofts, patlak, 2cum); throws UNKNOWN_MODEL otherwise. */
export function kineticModel(name: string): KineticModel {
  if (!Object.hasOwn(KINETIC_MODELS, name)) {
    throw new PerfusionInputError(
      'UNKNOWN_MODEL',
      `unknown model "${name}"; choose one of ${Object.keys(KINETIC_MODELS).join(', ')}`,
    );
  }
  return KINETIC_MODELS[name as ModelName];
}
