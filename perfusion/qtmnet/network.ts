/**
 * What every QTMnet architecture provides to training and inference. Input: normalised patches
 * [batch, T, n^3 + 1] (see patch-layout.ts); output: standardised log-scale parameters (parameter-scales.ts)
 * [batch, predicted voxels, 5]. The patch network predicts the centre voxel, the 3D U-Net every voxel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DropoutMaskSource, NamedVariable } from './network-variables';
import type { PatchShape } from './patch-layout';

export interface PatchNetworkConfig {
  kind: 'patch';
  /** Output channels of the three temporal convolutions. */
  filters: [number, number, number];
  /** Width of the dense layer before the five-output head. */
  dense: number;
  /** Dropout rate before the head (training and MC-dropout inference). */
  dropout: number;
}

export interface UNet3dConfig {
  kind: 'unet3d';
  /** Channels at full resolution; doubled at the half-resolution level. */
  filters: number;
  dropout: number;
}

export type NetworkConfig = PatchNetworkConfig | UNet3dConfig;

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
