import { gramMatrix4 } from '../../../../perfusion/fit/gram-matrix';

test('gramMatrix4 gives exactly the dot products, one at a time (same terms, same order)', () => {
  let seed = 5;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const n = 601;
  const x = Array.from({ length: 4 }, (_, j) =>
    Float64Array.from({ length: n }, () => random() * 10 ** (3 * j - 4)),
  );
  const a = Float64Array.from({ length: n }, random);
  const b = Float64Array.from({ length: n }, random);
  const h = new Float64Array(16);
  const g = new Float64Array(4);
  gramMatrix4(x[0], x[1], x[2], x[3], a, b, n, h, g);
  const dot = (u: Float64Array, v: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[i] * v(i);
    return s;
  };
  for (let j = 0; j < 4; j++) {
    expect(g[j]).toBe(dot(x[j], (i) => a[i] - b[i]));
    for (let k = 0; k < 4; k++) expect(h[j * 4 + k]).toBe(dot(x[j], (i) => x[k][i]));
  }
});
