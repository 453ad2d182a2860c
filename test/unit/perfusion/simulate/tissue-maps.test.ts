import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { DEFAULT_SIMULATION_CONFIG } from '../../../../perfusion/simulate/simulation-config';
import {
  generateTissueMaps,
  TUMOUR_AGGRESSIVENESS_LOADING,
} from '../../../../perfusion/simulate/tissue-maps';
import type { TissueGeometry } from '../../../../perfusion/simulate/tumour-geometry';

const grid = { nx: 4, ny: 4, nz: 2, h: 1 };
const geometry: TissueGeometry = {
  label: new Uint8Array(32).fill(1),
  greyMatter: new Uint8Array(32),
  shape: { centreMm: [2, 2, 1], radiusMm: 2, axes: [1, 1, 1], necrosisFraction: 0, oedemaMarginMm: 0 },
};

const ranks = (v: number[]) => {
  const order = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  order.forEach(([, i], k) => {
    r[i] = k;
  });
  return r;
};
const pearson = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('generateTissueMaps tumour draws', () => {
  const ranges = DEFAULT_SIMULATION_CONFIG.hgg.tumour;
  const draws = Array.from({ length: 400 }, (_, seed) => {
    const maps = generateTissueMaps(
      grid,
      geometry,
      DEFAULT_SIMULATION_CONFIG.normal,
      DEFAULT_SIMULATION_CONFIG.hgg,
      createSeededRandom(seed + 1),
    );
    return maps.drawn.tumour;
  });

  it('keeps every parameter inside its configured range, spread over the whole range', () => {
    for (const key of ['fpMlPer100MlMin', 'psPerMin', 'vp', 've'] as const) {
      const v = draws.map((d) => d[key]);
      const [lo, hi] = ranges[key];
      expect(Math.min(...v)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...v)).toBeLessThanOrEqual(hi);
      // Uniform quantiles: the lowest and highest tenth of the range are both reached.
      const u = v.map((x) =>
        key === 'vp' || key === 've' ? (x - lo) / (hi - lo) : Math.log(x / lo) / Math.log(hi / lo),
      );
      expect(u.filter((q) => q < 0.1).length).toBeGreaterThan(15);
      expect(u.filter((q) => q > 0.9).length).toBeGreaterThan(15);
    }
  });

  it('correlates Fp, PS, vp and ve by the shared aggressiveness: Spearman = (6/pi) asin(loading^2/2) of the one-factor Gaussian copula', () => {
    // Pairwise normal-score correlation loading^2; Spearman of a Gaussian pair = (6/pi) asin(r/2).
    const expected = (6 / Math.PI) * Math.asin(TUMOUR_AGGRESSIVENESS_LOADING ** 2 / 2);
    const keys = ['fpMlPer100MlMin', 'psPerMin', 'vp', 've'] as const;
    for (let a = 0; a < keys.length; a++)
      for (let b = a + 1; b < keys.length; b++) {
        const rho = pearson(ranks(draws.map((d) => d[keys[a]])), ranks(draws.map((d) => d[keys[b]])));
        expect(Math.abs(rho - expected)).toBeLessThan(0.08);
      }
    const t10 = ranks(draws.map((d) => d.t10S));
    expect(Math.abs(pearson(t10, ranks(draws.map((d) => d.vp))))).toBeLessThan(0.15);
  });
});
