import { fastDecimal, readDecimal } from '../../../formats/decimal-bytes';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const fast = (s: string) => fastDecimal(bytes(s), 0, s.length);

/** A random decimal literal in the forms the fast path takes and some it does not. */
function randomLiteral(random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(10 * random())).join('');
  const sign = ['', '-', '+'][Math.floor(3 * random())];
  const int = digits(Math.floor(random() * 10));
  const frac = random() < 0.7 ? `.${digits(Math.floor(random() * 12))}` : '';
  const exp =
    random() < 0.3
      ? `${random() < 0.5 ? 'e' : 'E'}${['', '-', '+'][Math.floor(3 * random())]}${digits(1 + Math.floor(random() * 2))}`
      : '';
  return `${sign}${int}${frac}${exp}`;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('decimal numbers from bytes', () => {
  it('gives exactly what Number() gives, for every literal it converts (100,000 random literals)', () => {
    const random = lcg(3);
    let converted = 0;
    for (let k = 0; k < 100_000; k++) {
      const s = randomLiteral(random);
      const value = fast(s);
      if (Number.isNaN(value)) continue;
      converted++;
      if (!Object.is(value, Number(s))) throw new Error(`${s}: ${value} but Number gives ${Number(s)}`);
    }
    expect(converted).toBeGreaterThan(50_000);
  });

  it('gives exactly what Number() gives for random doubles written as JavaScript and C write them', () => {
    const random = lcg(11);
    let converted = 0;
    for (let k = 0; k < 100_000; k++) {
      const magnitude = 10 ** (Math.floor(random() * 40) - 20);
      const x = (random() - 0.5) * magnitude;
      const precision = 1 + Math.floor(random() * 17);
      for (const s of [String(x), x.toPrecision(precision), x.toExponential(precision - 1)]) {
        const value = fast(s);
        if (Number.isNaN(value)) continue;
        converted++;
        if (!Object.is(value, Number(s))) throw new Error(`${s}: ${value} but Number gives ${Number(s)}`);
      }
    }
    expect(converted).toBeGreaterThan(150_000);
  });

  it.each([
    ['0.25', 0.25],
    ['-0.00040428', -0.00040428],
    ['3.3401e-05', 3.3401e-5],
    ['100.25', 100.25],
    ['-0', -0],
    ['+7.', 7],
    ['.5', 0.5],
    ['0.30000000000000004', Number.NaN], // 17 significant digits: left to Number()
    ['123456789012345', 123456789012345],
    ['9007199254740993', Number.NaN], // 16 significant digits: left to Number()
    ['-000000000000000000001.5', -1.5], // leading zeros are not significant
    ['0.00000000000000000000000000001', Number.NaN], // exponent -29: 10^29 is not an exact double
    ['1e22', 1e22],
    ['1e23', Number.NaN], // 10^23 is not an exact double
    ['Infinity', Number.NaN],
    ['0x10', Number.NaN],
    ['1e', Number.NaN],
    ['.', Number.NaN],
    ['-', Number.NaN],
    ['1.2.3', Number.NaN],
    ['nan', Number.NaN],
  ])('%s -> %d', (s, expected) => {
    expect(Object.is(fast(s), expected)).toBe(true);
  });

  it('stops at the first byte that cannot continue a literal', () => {
    const b = bytes('12.5e3  x');
    expect(readDecimal(b, 0, b.length)).toBe(6);
    expect(readDecimal(b, 8, b.length)).toBe(8);
  });
});
