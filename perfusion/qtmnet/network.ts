/**
 * What every QTMnet architecture provides to training and inference. Input: normalised patches
 * [batch, T, n^3 + 1] (see patch-layout.ts); output: standardised log-scale parameters (parameter-scales.ts)
 * [batch, predicted voxels, 5]. The patch network predicts the centre voxel, the 3D U-Net every voxel.
 */
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { DropoutMaskSource, NamedVariable } from './network-variables';
import type { PatchShape } from './patch-layout';

const positiveInt = z.number().int().positive();
const dropout = z.number().min(0).lt(1);

/** The patch network: the centre voxel's parameters from its neighbourhood's curves. */
export const patchNetworkConfigSchema = z.strictObject({
  kind: z.literal('patch'),
  /** Output channels of the three temporal convolutions. */
  filters: z.tuple([positiveInt, positiveInt, positiveInt]),
  /** Width of the dense layer before the five-output head. */
  dense: positiveInt,
  /** Dropout rate before the head (training and MC-dropout inference). */
  dropout,
});

/** The 3D U-Net: every voxel's parameters from the whole volume's curves. */
export const unet3dConfigSchema = z.strictObject({
  kind: z.literal('unet3d'),
  /** Channels at full resolution; doubled at the half-resolution level. */
  filters: positiveInt,
  dropout,
});

export const networkConfigSchema = z.discriminatedUnion('kind', [
  patchNetworkConfigSchema,
  unet3dConfigSchema,
]);
export type PatchNetworkConfig = z.infer<typeof patchNetworkConfigSchema>;
export type UNet3dConfig = z.infer<typeof unet3dConfigSchema>;
export type NetworkConfig = z.infer<typeof networkConfigSchema>;

export interface QtmNetwork {
  readonly config: NetworkConfig;
  readonly shape: PatchShape;
  readonly variables: readonly NamedVariable[];
  /** Patch voxel indices whose parameters the network predicts, in output order. */
  readonly predictedVoxels: readonly number[];
  /**
   * Forward pass. `dropout` present: dropout layers are active with masks from it (training, MC dropout);
   * absent: deterministic prediction.
   */
  apply(input: tf.Tensor3D, dropout?: DropoutMaskSource): tf.Tensor3D;
  dispose(): void;
}
