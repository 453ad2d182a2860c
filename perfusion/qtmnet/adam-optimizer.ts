/**
 * Adam (Kingma & Ba, ICLR 2015, Algorithm 1 with the bias correction folded into the step size). Written here
 * rather than taken from tf.train.adam because tfjs's Adam keeps running products beta^t that it rebuilds as
 * pow(beta, t) on restore, which changes the low bits: a resumed run would drift from an uninterrupted one.
 * Here the bias correction is computed in float64 from the step count, so the state (step, m, v) restores
 * the next update exactly. The moments of all variables live in two flat vectors and are updated with one
 * op each, not one per variable: on the tensorflow backend every op costs tens of microseconds, and the
 * per-variable form was half of a training step's ops. Element by element the arithmetic is unchanged.
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
  /** First and second moments of every variable, flattened and concatenated in variable order. */
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly sizes: number[];
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
    this.sizes = variables.map((x) => x.variable.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  /** Applies one update; `gradients[i]` belongs to `variables[i]`. */
  apply(gradients: readonly tf.Tensor[]): void {
    this.step += 1;
    const t = this.step;
    const alpha = (this.settings.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    tf.tidy(() => {
      const g = tf.concat(gradients.map((x) => x.reshape([-1])));
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      this.m.assign(m);
      this.v.assign(v);
      const steps = tf.split(tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), this.epsilon)), this.sizes);
      this.variables.forEach((x, i) => {
        x.variable.assign(tf.sub(x.variable, steps[i].reshape(x.variable.shape)));
      });
    });
  }

  get stepCount(): number {
    return this.step;
  }

  /** The first and second moments per variable, in variable order: m_0..m_k, v_0..v_k (flat values). */
  moments(): Float32Array[] {
    const per = (flat: Float32Array) => {
      const parts: Float32Array[] = [];
      let offset = 0;
      for (const n of this.sizes) {
        parts.push(flat.slice(offset, offset + n));
        offset += n;
      }
      return parts;
    };
    return [...per(this.m.dataSync() as Float32Array), ...per(this.v.dataSync() as Float32Array)];
  }

  /** Restores the state saved by stepCount and moments() (values in the same order). */
  restore(step: number, moments: readonly Float32Array[]): void {
    this.step = step;
    const k = this.sizes.length;
    const flat = (parts: readonly Float32Array[]) => {
      const out = new Float32Array(this.m.size);
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    };
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(flat(moments.slice(0, k))));
      this.v.assign(tf.tensor1d(flat(moments.slice(k, 2 * k))));
    });
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
