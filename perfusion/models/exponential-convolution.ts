/**
 * Exact convolution of a piecewise-linear AIF with a decaying exponential, by recursion over samples (O(n)).
 *
 * Y(t) = integral_{t0}^{t} ca(u) e^{-k (t - u)} du and its rate derivative Z = dY/dk, for a plasma AIF `ca`
 * (mM) read as linear between its samples (times `ta`, s, optionally delayed) and zero before its first sample
 * (the system is at rest before the AIF starts). The AIF knots and the tissue times are merged into one grid, so
 * the result is exact for AIF and tissue on different grids. Over a step of length h with end values a0, a1:
 *   Y+ = e^{-kh} Y + h [a0 g1(kh) + a1 (g0(kh) - g1(kh))],  g_n(x) = integral_0^1 v^n e^{-x v} dv
 * (the standard recursive formula for linear interpolation, e.g. Sourbron & Buckley NBM 2013 appendix;
 * derivation in docs of this function's tests). Derivative rules: g0' = -g1, g1' = -g2.
 * Unlike rectangle or trapezoid convolution it stays unbiased at frame intervals of several seconds.
 */

/** g0, g1, g2 of x = k h (dimensionless), written into `g` (length 3); series below 0.05 avoids cancellation. */
function basisWeights(x: number, g: Float64Array): void {
  if (x < 0.05) {
    // g_n(x) = sum_m (-x)^m / (m! (n + m + 1)); 9 terms leave < 1e-16 at x = 0.05.
    let term = 1;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let m = 0; m < 9; m++) {
      g0 += term / (m + 1);
      g1 += term / (m + 2);
      g2 += term / (m + 3);
      term *= -x / (m + 1);
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    return;
  }
  const e = Math.exp(-x);
  g[0] = (1 - e) / x;
  g[1] = (1 - e * (1 + x)) / (x * x);
  g[2] = (2 - e * (x * x + 2 * x + 2)) / (x * x * x);
}

/**
 * The merged time grid of one (tissue times, AIF) pair, reusable across many rate constants: build it once
 * per curve (and per trial delay), then call `convolve` for each exponential. Buffers grow but are reused.
 */
export class ConvolutionGrid {
  /** Number of tissue samples. */
  n = 0;
  /** AIF (mM) at each tissue time, as the piecewise-linear (delayed) AIF reads there. */
  caAtT = new Float64Array(0);
  /** Slope of the AIF (mM/s) on the segment ending at each tissue time; for the delay derivative. */
  caSlopeAtT = new Float64Array(0);
  private integral = new Float64Array(0);
  private doubleIntegral = new Float64Array(0);
  /** False until the integrals are asked for after a `set`: fits that never need them skip the work. */
  private integralsReady = false;
  private knots = new Float64Array(0);
  private aifAtKnot = new Float64Array(0);
  private tissueOfKnot = new Int32Array(0);
  private knotCount = 0;
  /** Common step (s) when all knots are equally spaced, else NaN: lets `convolve` hoist the exponentials. */
  private uniformStep = Number.NaN;
  private readonly g = new Float64Array(3);
  private readonly pairWeights = new Float64Array(5);
  /** Two cached steps: [h, e^{-kh}, c0, c1, d0, d1] each. */
  private readonly stepCache = new Float64Array(12);

  /**
   * Merges tissue times `t` (s, increasing) with AIF knots `ta + delayS` (s); `ca` is the plasma AIF (mM) on
   * `ta`. Inputs are trusted here; fit/ validates them once per curve.
   */
  set(t: Float64Array, ta: Float64Array, ca: Float64Array, delayS = 0): void {
    const n = t.length;
    const na = ta.length;
    this.ensureCapacity(n, n + na + 1);
    const x0 = ta[0] + delayS;
    const eps = 1e-9 * Math.max(1, Math.abs(t[n - 1]), Math.abs(x0));
    let i = 0;
    for (; i < n && t[i] < x0 - eps; i++) {
      this.caAtT[i] = 0;
      this.caSlopeAtT[i] = 0;
    }
    let m = 0;
    this.knots[0] = x0;
    this.aifAtKnot[0] = ca[0];
    this.tissueOfKnot[0] = -1;
    if (i < n && t[i] <= x0 + eps) {
      this.tissueOfKnot[0] = i;
      this.caAtT[i] = ca[0];
      this.caSlopeAtT[i] = 0;
      i++;
    }
    let j = 1;
    while (i < n) {
      const next = j < na ? ta[j] + delayS : Number.POSITIVE_INFINITY;
      const slope = j < na ? (ca[j] - ca[j - 1]) / (ta[j] - ta[j - 1]) : 0;
      m++;
      if (next < t[i] - eps) {
        this.knots[m] = next;
        this.aifAtKnot[m] = ca[j];
        this.tissueOfKnot[m] = -1;
        j++;
        continue;
      }
      const value = j < na ? ca[j - 1] + slope * (t[i] - (ta[j - 1] + delayS)) : ca[na - 1];
      this.knots[m] = t[i];
      this.aifAtKnot[m] = next <= t[i] + eps ? ca[j] : value;
      this.tissueOfKnot[m] = i;
      this.caAtT[i] = this.aifAtKnot[m];
      this.caSlopeAtT[i] = slope;
      if (next <= t[i] + eps) j++;
      i++;
    }
    this.knotCount = m + 1;
    this.uniformStep = this.detectUniformStep();
    this.integralsReady = false;
  }

  /** integral_{t0}^{t} ca (mM s) at each tissue time: convolution with k = 0. */
  get integralAtT(): Float64Array {
    if (!this.integralsReady) this.computeIntegrals();
    return this.integral;
  }

  /** Double integral of ca (mM s^2) at each tissue time. */
  get doubleIntegralAtT(): Float64Array {
    if (!this.integralsReady) this.computeIntegrals();
    return this.doubleIntegral;
  }

  private computeIntegrals(): void {
    this.convolve(0, this.integral, this.doubleIntegral);
    // dY/dk at k = 0 is minus the double integral.
    for (let q = 0; q < this.n; q++) this.doubleIntegral[q] = -this.doubleIntegral[q];
    this.integralsReady = true;
  }

  /**
   * Y = ca (*) e^{-k t} (mM s) and Z = dY/dk (mM s^2) at the tissue times, for a rate `k` >= 0 (1/s).
   * `z` may be null when the derivative is not needed.
   */
  convolve(k: number, y: Float64Array, z: Float64Array | null): void {
    const knots = this.knots;
    const a = this.aifAtKnot;
    const tissue = this.tissueOfKnot;
    const g = this.g;
    for (let i = 0; i < this.n; i++) {
      y[i] = 0;
      if (z) z[i] = 0;
    }
    let Y = 0;
    let Z = 0;
    const h0 = this.uniformStep;
    let e = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    const uniform = !Number.isNaN(h0);
    if (uniform) {
      const w = this.uniformWeights(k, this.pairWeights);
      e = w[0];
      c0 = w[1];
      c1 = w[2];
      d0 = w[3];
      d1 = w[4];
    }
    // Off the uniform path, step lengths still repeat (a delayed AIF on the tissue grid alternates two): keep
    // the weights of the last two distinct steps, reusing them within 1e-10 relative (far below any noise).
    const cache = this.stepCache;
    cache[0] = cache[6] = Number.NaN;
    let slot = 0;
    for (let m = 0; m + 1 < this.knotCount; m++) {
      let h = h0;
      if (!uniform) {
        h = knots[m + 1] - knots[m];
        let base = Math.abs(h - cache[0]) <= 1e-10 * h ? 0 : Math.abs(h - cache[6]) <= 1e-10 * h ? 6 : -1;
        if (base < 0) {
          base = slot;
          slot = 6 - slot;
          basisWeights(k * h, g);
          cache[base] = h;
          cache[base + 1] = Math.exp(-k * h);
          cache[base + 2] = h * g[1];
          cache[base + 3] = h * (g[0] - g[1]);
          cache[base + 4] = -h * h * g[2];
          cache[base + 5] = -h * h * (g[1] - g[2]);
        }
        e = cache[base + 1];
        c0 = cache[base + 2];
        c1 = cache[base + 3];
        d0 = cache[base + 4];
        d1 = cache[base + 5];
      }
      const a0 = a[m];
      const a1 = a[m + 1];
      if (z) Z = e * Z - h * e * Y + d0 * a0 + d1 * a1;
      Y = e * Y + c0 * a0 + c1 * a1;
      const i = tissue[m + 1];
      if (i >= 0) {
        y[i] = Y;
        if (z) z[i] = Z;
      }
    }
  }

  /**
   * `convolve` for two rates at once, as the 2CXM needs (k1 into y1, z1 and k2 into y2, z2). On a uniform grid
   * both recursions advance in one loop: each step of one waits on its previous step, but not on the other's,
   * so the two run side by side. Every value is computed as `convolve` computes it.
   */
  convolvePair(
    k1: number,
    y1: Float64Array,
    z1: Float64Array | null,
    k2: number,
    y2: Float64Array,
    z2: Float64Array | null,
  ): void {
    const h = this.uniformStep;
    if (Number.isNaN(h) || !z1 || !z2) {
      this.convolve(k1, y1, z1);
      this.convolve(k2, y2, z2);
      return;
    }
    const a = this.aifAtKnot;
    const tissue = this.tissueOfKnot;
    y1.fill(0, 0, this.n);
    z1.fill(0, 0, this.n);
    y2.fill(0, 0, this.n);
    z2.fill(0, 0, this.n);
    const w = this.uniformWeights(k1, this.pairWeights);
    const e1 = w[0];
    const c01 = w[1];
    const c11 = w[2];
    const d01 = w[3];
    const d11 = w[4];
    this.uniformWeights(k2, w);
    const e2 = w[0];
    const c02 = w[1];
    const c12 = w[2];
    const d02 = w[3];
    const d12 = w[4];
    let Y1 = 0;
    let Z1 = 0;
    let Y2 = 0;
    let Z2 = 0;
    for (let m = 0; m + 1 < this.knotCount; m++) {
      const a0 = a[m];
      const a1 = a[m + 1];
      Z1 = e1 * Z1 - h * e1 * Y1 + d01 * a0 + d11 * a1;
      Y1 = e1 * Y1 + c01 * a0 + c11 * a1;
      Z2 = e2 * Z2 - h * e2 * Y2 + d02 * a0 + d12 * a1;
      Y2 = e2 * Y2 + c02 * a0 + c12 * a1;
      const i = tissue[m + 1];
      if (i >= 0) {
        y1[i] = Y1;
        z1[i] = Z1;
        y2[i] = Y2;
        z2[i] = Z2;
      }
    }
  }

  /** Step weights [e^{-kh}, c0, c1, d0, d1] of the uniform step h for rate k (1/s), into `w`. */
  private uniformWeights(k: number, w: Float64Array): Float64Array {
    const h = this.uniformStep;
    const g = this.g;
    basisWeights(k * h, g);
    w[0] = Math.exp(-k * h);
    w[1] = h * g[1];
    w[2] = h * (g[0] - g[1]);
    w[3] = -h * h * g[2];
    w[4] = -h * h * (g[1] - g[2]);
    return w;
  }

  private detectUniformStep(): number {
    if (this.knotCount < 2) return 0;
    const h = this.knots[1] - this.knots[0];
    for (let m = 1; m + 1 < this.knotCount; m++) {
      if (Math.abs(this.knots[m + 1] - this.knots[m] - h) > 1e-9 * h) return Number.NaN;
    }
    return h;
  }

  private ensureCapacity(n: number, knots: number): void {
    this.n = n;
    if (this.caAtT.length < n) {
      this.caAtT = new Float64Array(n);
      this.caSlopeAtT = new Float64Array(n);
      this.integral = new Float64Array(n);
      this.doubleIntegral = new Float64Array(n);
    }
    if (this.knots.length < knots) {
      this.knots = new Float64Array(knots);
      this.aifAtKnot = new Float64Array(knots);
      this.tissueOfKnot = new Int32Array(knots);
    }
  }
}
