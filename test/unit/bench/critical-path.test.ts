import { criticalPath } from '../../../bench/scale/critical-path';

test('follows back-to-back activities across worker slots and counts the gaps as overhead', () => {
  // Two slots. Slot A: a1 [0, 10], a2 [10.05, 20]; slot B: b1 [0, 5], b2 [5.02, 15]; then c [20.1, 30]
  // needs both (starts after a2).
  const p = criticalPath(
    [
      { type: 'a', startMs: 0, endMs: 10_000 },
      { type: 'a', startMs: 10_050, endMs: 20_000 },
      { type: 'b', startMs: 0, endMs: 5_000 },
      { type: 'b', startMs: 5_020, endMs: 15_000 },
      { type: 'c', startMs: 20_100, endMs: 30_000 },
    ],
    0,
    30_200,
  );
  expect(p.activities).toBe(3); // c, a2, a1
  expect(p.activityMs).toBe(9_900 + 9_950 + 10_000);
  expect(p.overheadMs).toBe(200 + 100 + 50);
  expect(p.byType).toEqual({ a: { count: 2, ms: 19_950 }, c: { count: 1, ms: 9_900 } });
});

test('time with no activity at all is overhead; activities outside the window are not counted', () => {
  const p = criticalPath(
    [
      { type: 'x', startMs: 2_000, endMs: 3_000 },
      { type: 'late', startMs: 4_000, endMs: 9_000 },
    ],
    1_000,
    5_000,
  );
  expect(p).toEqual({
    wallMs: 4_000,
    activities: 1,
    activityMs: 1_000,
    overheadMs: 3_000,
    byType: { x: { count: 1, ms: 1_000 } },
  });
});
