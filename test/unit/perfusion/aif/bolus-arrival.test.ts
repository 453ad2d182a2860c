import { bolusArrivalFrame } from '../../../../perfusion/aif/bolus-arrival';

describe('bolusArrivalFrame', () => {
  it('returns the first frame that rose by the fraction of the largest rise', () => {
    const curve = [10, 10.2, 9.9, 10.1, 12, 20, 30, 25];
    // Largest rise 20; 10% of it is 2: frame 4 (rise 2.0) is the first to reach it.
    expect(bolusArrivalFrame(curve)).toBe(4);
    expect(bolusArrivalFrame(curve, 0.5)).toBe(5);
  });

  it('refuses a curve that never rises, naming the way out', () => {
    expect(() => bolusArrivalFrame([5, 4, 3])).toThrow(
      expect.objectContaining({ code: 'NO_ENHANCEMENT', message: expect.stringMatching(/baseline length/) }),
    );
    expect(() => bolusArrivalFrame([1], 0.1)).toThrow(expect.objectContaining({ code: 'INVALID_CURVE' }));
  });
});
