/** Builds the configured architecture with seeded initial weights. */
import { createSeededRandom } from '../random/seeded-random';
import type { NetworkConfig, QtmNetwork } from './network';
import type { PatchShape } from './patch-layout';
import { createPatchNetwork } from './patch-network';
import { createUNet3d } from './unet3d';

export function createNetwork(config: NetworkConfig, shape: PatchShape, seed: number): QtmNetwork {
  const rng = createSeededRandom(seed);
  return config.kind === 'patch' ? createPatchNetwork(config, shape, rng) : createUNet3d(config, shape, rng);
}
