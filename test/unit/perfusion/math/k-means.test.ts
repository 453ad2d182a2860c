import { kMeans } from '../../../../perfusion/math/k-means';

const pts = (xs: number[][]) => xs.map((x) => Float64Array.from(x));

describe('kMeans (Lloyd)', () => {
  it('separates two blobs and puts each centre at its blob mean', () => {
    const a = [
      [0, 0],
      [1, 0],
      [0, 1],
    ];
    const b = [
      [10, 10],
      [11, 10],
      [10, 12],
    ];
    const r = kMeans(
      pts([...a, ...b]),
      pts([
        [5, 4],
        [6, 7],
      ]),
    );
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(r.centres[0])).toEqual([1 / 3, 1 / 3]);
    expect(Array.from(r.centres[1])).toEqual([31 / 3, 32 / 3]);
  });

  it('needs a second pass when the start is poor, and keeps a centre that loses every point', () => {
    // Start both centres left of all points: centre 1 takes everything, centre 0 (farther) none.
    const r = kMeans(pts([[10], [11], [12]]), pts([[-5], [0]]));
    expect(Array.from(r.labels)).toEqual([1, 1, 1]);
    expect(r.centres[0][0]).toBe(-5);
    expect(r.centres[1][0]).toBe(11);
    expect(r.iterations).toBe(2);
  });

  it('breaks distance ties towards the lower cluster index', () => {
    expect(Array.from(kMeans(pts([[0]]), pts([[-1], [1]])).labels)).toEqual([0]);
  });

  it('refuses empty input and mixed dimensions', () => {
    expect(() => kMeans([], pts([[0]]))).toThrow(expect.objectContaining({ code: 'EMPTY_SAMPLE' }));
    expect(() => kMeans(pts([[0, 1]]), pts([[0]]))).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });
});
