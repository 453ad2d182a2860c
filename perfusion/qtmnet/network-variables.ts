/**
 * Named, ordered trainable variables with seeded initialisation. The order is the serialisation order of
 * weights and optimiser state, so a checkpoint restores positionally and bit for bit. Variables get
 * engine-generated names (tfjs requires globally unique ones), our names live beside them.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random/seeded-random';

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/**
 * Glorot/Xavier uniform initialisation, limit sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio, AISTATS 2010),
 * drawn from our seeded generator so an initial model is reproducible on every backend.
 */
export function glorotVariable(
  name: string,
  shape: number[],
  fanIn: number,
  fanOut: number,
  rng: SeededRandom,
): NamedVariable {
  const n = shape.reduce((a, b) => a * b, 1);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = (2 * rng.next() - 1) * limit;
  return { name, variable: tf.tidy(() => tf.variable(tf.tensor(values, shape))) };
}

export function zerosVariable(name: string, shape: number[]): NamedVariable {
  return { name, variable: tf.tidy(() => tf.variable(tf.zeros(shape))) };
}

/** A convolution kernel [...spatial, inChannels, outChannels] with Glorot init and a zero bias. */
export function convVariables(
  name: string,
  kernel: number[],
  inChannels: number,
  outChannels: number,
  rng: SeededRandom,
): NamedVariable[] {
  const receptive = kernel.reduce((a, b) => a * b, 1);
  return [
    glorotVariable(
      `${name}/kernel`,
      [...kernel, inChannels, outChannels],
      receptive * inChannels,
      receptive * outChannels,
      rng,
    ),
    zerosVariable(`${name}/bias`, [outChannels]),
  ];
}

/** Looks a variable up by name; the networks build their forward pass from this. */
export function variableMap(variables: readonly NamedVariable[]): Map<string, tf.Variable> {
  return new Map(variables.map((v) => [v.name, v.variable]));
}

/** Makes a dropout mask of the given shape: kept units scaled by 1/(1-rate) (inverted dropout). */
export type DropoutMaskSource = (shape: number[], rate: number) => tf.Tensor;

export function seededDropout(rng: SeededRandom): DropoutMaskSource {
  return (shape, rate) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const keep = 1 / (1 - rate);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = rng.next() >= rate ? keep : 0;
    return tf.tensor(values, shape);
  };
}
