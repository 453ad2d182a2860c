/**
 * A small seeded pseudo-random generator shared by the simulator, QTMnet and the grading statistics, so a
 * run is bit-identical for the same seed on every machine (Math.random cannot be seeded).
 *
 * Algorithm: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), state
 * seeded from a 32-bit seed through splitmix32, as the authors recommend, so nearby seeds give unrelated
 * streams. Period 2^128 - 1; 32-bit outputs; fast in JavaScript's 32-bit integer arithmetic.
 */
import { PerfusionInputError } from '../errors';

export interface SeededRandom {
  /** Uniform 32-bit unsigned integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n) without modulo bias (rejection sampling); n a positive integer <= 2^32. */
  nextInt(n: number): number;
}

/** Creates a generator; `seed` is any finite integer-valued number (reduced to its low 32 bits). */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed)) {
    throw new PerfusionInputError('INVALID_SEED', `seed must be an integer, got ${seed}; pass e.g. 42`);
  }
  let sm = seed >>> 0;
  const splitmix32 = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
        throw new PerfusionInputError('INVALID_RANGE', `nextInt needs an integer n in [1, 2^32], got ${n}`);
      }
      // Reject the top partial block of 2^32 so every residue is equally likely.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
