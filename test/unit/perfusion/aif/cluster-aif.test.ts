import { MOURIDSEN_2006, selectClusterAif } from '../../../../perfusion/aif/cluster-aif';
import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { modelCurve } from '../../../../perfusion/models/model-curve';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

/**
 * A DCE-like "volume" of 600 voxels, 60 frames every 5 s: 6 arterial voxels (partial-volume blood, 18-33% of a
 * Parker AIF), 40 leaky tumour voxels whose area under the curve exceeds the arteries', and normal tissue;
 * Gaussian noise of 0.01 mM.
 */
function phantom() {
  const t = Float64Array.from({ length: 60 }, (_, i) => 5 * i);
  const cp = parkerPlasmaAif(t, { onsetS: 15, hct: 0.42 });
  const aif = { times: t, plasma: cp };
  const rng = createSeededRandom(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const curves: Float64Array[] = [];
  const arteries: number[] = [];
  for (let v = 0; v < 600; v++) {
    let c: Float64Array;
    if (v % 100 === 7) {
      arteries.push(v);
      c = cp.map((x) => x * (1 - 0.42) * (0.15 + 0.03 * arteries.length));
    } else if (v % 15 === 3) {
      c = modelCurve('2cxm', { Fp: 0.02, PS: 0.006, vp: 0.06, ve: 0.45 }, aif, t, { delayS: 5 });
    } else {
      c = modelCurve('2cxm', { Fp: 0.007 + 0.00001 * v, PS: 0.00003, vp: 0.03, ve: 0.2 }, aif, t, {
        delayS: 5,
      });
    }
    curves.push(c.map((x) => x + 0.01 * gauss()));
  }
  const conc = new Float32Array(600 * 60);
  curves.forEach((c, v) => {
    for (let f = 0; f < 60; f++) conc[v + 600 * f] = c[f];
  });
  return {
    t,
    cp,
    conc,
    arteries,
    input: { conc, voxelCount: 600, frameTimesS: t, candidates: new Uint8Array(600).fill(1) },
  };
}

const correlation = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, y) => s + y, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('selectClusterAif (Mouridsen 2006)', () => {
  it('finds only arterial voxels although leaky tumour has more area under the curve', () => {
    const p = phantom();
    const area = (v: number) =>
      Array.from({ length: 60 }, (_, f) => p.conc[v + 600 * f]).reduce((s, x) => s + x, 0);
    const tumour = Array.from({ length: 40 }, (_, i) => 15 * i + 3);
    const arteryAreas = p.arteries.map(area);
    expect(tumour.filter((v) => area(v) > Math.max(...arteryAreas)).length).toBeGreaterThan(20);
    const r = selectClusterAif(p.input, { ...MOURIDSEN_2006, window: [2, 15] });
    expect(r.voxels.length).toBeGreaterThan(0);
    for (const v of r.voxels) expect(p.arteries).toContain(v);
    expect(r.counts).toEqual(expect.objectContaining({ candidates: 600, area: 60, roughness: 60 }));
    expect(r.counts.passes[0]).toBe(6); // the first pass already isolates the six arteries
    expect(correlation(r.curve, p.cp)).toBeGreaterThan(0.99);
    // The mean curve is exactly the mean of the selected voxels.
    const f = 5;
    const mean = Array.from(r.voxels).reduce((s, v) => s + p.conc[v + 600 * f], 0) / r.voxels.length;
    expect(r.curve[f]).toBeCloseTo(mean, 12);
  });

  it('loses the arteries with the paper roughness exclusion at DCE frame intervals (why the default is 0)', () => {
    const p = phantom();
    const r = selectClusterAif(p.input, { ...MOURIDSEN_2006, roughnessExclusion: 0.25, window: [2, 15] });
    expect(r.counts.roughness).toBe(45);
    expect(Array.from(r.voxels).filter((v) => p.arteries.includes(v))).toEqual([]);
  });

  it('searches only the candidates and is deterministic', () => {
    const p = phantom();
    const candidates = new Uint8Array(600).fill(1);
    for (const v of p.arteries.slice(0, 3)) candidates[v] = 0;
    const a = selectClusterAif({ ...p.input, candidates }, { ...MOURIDSEN_2006, window: [2, 15] });
    const b = selectClusterAif({ ...p.input, candidates }, { ...MOURIDSEN_2006, window: [2, 15] });
    expect(Array.from(a.voxels)).toEqual(Array.from(b.voxels));
    for (const v of p.arteries.slice(0, 3)) expect(Array.from(a.voxels)).not.toContain(v);
  });

  it('reports bad input with codes', () => {
    const p = phantom();
    expect(() => selectClusterAif({ ...p.input, candidates: new Uint8Array(600) })).toThrow(
      expect.objectContaining({ code: 'AIF_NOT_FOUND' }),
    );
    expect(() => selectClusterAif(p.input, { ...MOURIDSEN_2006, window: [10, 11] })).toThrow(
      expect.objectContaining({ code: 'INVALID_WINDOW' }),
    );
    expect(() => selectClusterAif({ ...p.input, voxelCount: 599 })).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });
});
