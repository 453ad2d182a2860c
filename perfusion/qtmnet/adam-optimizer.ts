/**
 * Adam (Kingma & Ba, ICLR 2015, Algorithm 1 with the bias correction folded into the step size). Written here
 * rather than taken from tf.train.adam because tfjs's Adam keeps running products beta^t that it rebuilds as
 * pow(beta, t) on restore, which changes the low bits: a resumed run would drift from an uninterrupted one.
 * Here the bias correction is computed in float64 from the step count, so the state (step, m, v) restores
 * the next update exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from './network-variables';

export interface AdamSettings {
  /** Step size (dimensionless; targets are standardised). */
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class AdamOptimizer {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(
    private readonly variables: readonly NamedVariable[],
    private readonly settings: AdamSettings,
  ) {
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-7;
    this.m = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x.variable), false)));
    this.v = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x.variable), false)));
  }

  /** Applies one update; `gradients[i]` belongs to `variables[i]`. */
  apply(gradients: readonly tf.Tensor[]): void {
    this.step += 1;
    const t = this.step;
    const alpha = (this.settings.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = gradients[i];
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        x.variable.assign(tf.sub(x.variable, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), this.epsilon))));
      });
    });
  }

  get stepCount(): number {
    return this.step;
  }

  /** The first and second moments in variable order: m_0..m_k, v_0..v_k. */
  moments(): tf.Variable[] {
    return [...this.m, ...this.v];
  }

  /** Restores the state saved by stepCount and moments() (values in the same order). */
  restore(step: number, moments: readonly Float32Array[]): void {
    this.step = step;
    this.moments().forEach((x, i) => {
      tf.tidy(() => x.assign(tf.tensor(moments[i], x.shape)));
    });
  }

  dispose(): void {
    for (const x of this.moments()) x.dispose();
  }
}
