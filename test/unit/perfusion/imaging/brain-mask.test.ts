import { thresholdBrainMask } from '../../../../perfusion/imaging/brain-mask';

/** A 12x12x6 head: background noise ~2, brain ~100 in an ellipsoid, a dark ventricle (5) inside it. */
function head() {
  const dims: [number, number, number] = [12, 12, 6];
  const image = new Float32Array(12 * 12 * 6);
  const inside = new Uint8Array(image.length);
  let v = 0;
  for (let z = 0; z < 6; z++)
    for (let y = 0; y < 12; y++)
      for (let x = 0; x < 12; x++, v++) {
        const r = ((x - 5.5) / 4.6) ** 2 + ((y - 5.5) / 4.6) ** 2 + ((z - 2.5) / 2.6) ** 2;
        inside[v] = r <= 1 ? 1 : 0;
        image[v] = inside[v] ? 100 + ((x * 7 + y * 3) % 11) : 2 + ((x + y + z) % 3);
        if (x >= 5 && x <= 6 && y >= 5 && y <= 6 && z >= 2 && z <= 3) image[v] = 5; // ventricle
      }
  return { dims, image, inside };
}

describe('thresholdBrainMask', () => {
  it('keeps the head, fills the enclosed dark ventricle and drops background', () => {
    const { dims, image, inside } = head();
    const mask = thresholdBrainMask(image, dims);
    expect(Array.from(mask)).toEqual(Array.from(inside));
  });

  it('keeps only the largest connected component', () => {
    const { dims, image, inside } = head();
    image[0] = 150; // a bright speck in a corner, not connected to the head
    const mask = thresholdBrainMask(image, dims);
    expect(mask[0]).toBe(0);
    expect(mask.reduce((s, m) => s + m, 0)).toBe(inside.reduce((s, m) => s + m, 0));
  });

  it('treats non-finite voxels as background and refuses a wrong length', () => {
    const { dims, image } = head();
    image[100] = Number.NaN;
    expect(thresholdBrainMask(image, dims)[100]).toBe(0);
    expect(() => thresholdBrainMask(image.subarray(1), dims)).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });
});
