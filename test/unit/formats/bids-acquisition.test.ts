import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dceAcquisition, t1MapToSeconds, vfaAcquisition } from '../../../formats/bids-acquisition';
import { Sidecar } from '../../../formats/bids-sidecar';

const dir = mkdtempSync(join(tmpdir(), 'qtm-sidecar-'));
let count = 0;
/** A sidecar from JSON objects (each a file, later ones winning), labelled a.json, b.json, ... */
function sidecar(...objects: object[]): Sidecar {
  return Sidecar.read(
    objects.map((o, i) => {
      const path = join(dir, `${count++}.json`);
      writeFileSync(path, JSON.stringify(o));
      return { path, label: `${'ab'[i]}.json` };
    }),
  );
}

describe('dceAcquisition', () => {
  it("reads dcm2niix's 4-D convention: RepetitionTime between volumes, RepetitionTimeExcitation the TR", () => {
    const s = sidecar({
      FlipAngle: 15,
      MagneticFieldStrength: 3,
      RepetitionTime: 5,
      RepetitionTimeExcitation: 0.005,
    });
    expect(dceAcquisition(s, 4)).toEqual({
      trS: 0.005,
      flipDeg: 15,
      fieldT: 3,
      frameTimesS: [0, 5, 10, 15],
      doseMmolPerKg: undefined,
    });
  });

  it('prefers per-volume times (FrameTimesStart, else VolumeTiming), relative to the first, and a dose from a second file', () => {
    const base = { FlipAngle: 20, MagneticFieldStrength: 1.5, RepetitionTime: 0.004 };
    const a = dceAcquisition(sidecar({ ...base, VolumeTiming: [3, 5, 9] }, { ContrastDose: 0.05 }), 3);
    expect(a).toMatchObject({ trS: 0.004, frameTimesS: [0, 2, 6], doseMmolPerKg: 0.05 });
    const b = dceAcquisition(
      sidecar({ ...base, RepetitionTimeExcitation: 0.004, RepetitionTime: 8, FrameTimesStart: [0, 5, 20] }),
      3,
    );
    expect(b.frameTimesS).toEqual([0, 5, 20]);
  });

  it.each([
    [
      { MagneticFieldStrength: 3, RepetitionTime: 0.005, VolumeTiming: [0, 5] },
      /^a\.json: field "FlipAngle" \(flip angle, degrees\) is missing/,
    ],
    [
      { FlipAngle: 15, MagneticFieldStrength: 3, RepetitionTime: 0.005 },
      /^a\.json: field "VolumeTiming" \(start of each volume, s\) is missing/,
    ],
    [
      { FlipAngle: 15, MagneticFieldStrength: 3, RepetitionTime: 5, VolumeTiming: [0, 5] },
      /"RepetitionTime" is 5 s, too long.*RepetitionTimeExcitation/,
    ],
    [
      { FlipAngle: 'fifteen', MagneticFieldStrength: 3, RepetitionTime: 0.005, VolumeTiming: [0, 5] },
      /^a\.json: field "FlipAngle" .* is "fifteen"; expected a number from 0\.1 to 180/,
    ],
    [
      { FlipAngle: 15, MagneticFieldStrength: 3, RepetitionTime: 0.005, VolumeTiming: [0, 5, 7] },
      /"VolumeTiming" .* must list 2 numbers, one per volume/,
    ],
    [
      { FlipAngle: 15, MagneticFieldStrength: 3, RepetitionTime: 0.005, VolumeTiming: [5, 5] },
      /volume times must increase; volume 1 starts at 5 s/,
    ],
  ])('names the sidecar and the field: %j', (fields, message) => {
    expect(() => dceAcquisition(sidecar(fields), 2)).toThrow(message);
  });

  it('says which files it looked in when a field is in none of them', () => {
    expect(() => dceAcquisition(sidecar({ FlipAngle: 10 }, {}), 2)).toThrow(
      /^a\.json \+ b\.json: field "MagneticFieldStrength"/,
    );
    expect(() => dceAcquisition(Sidecar.read([]), 2)).toThrow(/^no sidecar: field "FlipAngle"/);
  });
});

describe('T1 map and VFA sidecars', () => {
  it('converts T1 maps stored in ms and refuses a missing or unknown unit', () => {
    expect(t1MapToSeconds(sidecar({ Units: 'ms' }))).toBe(0.001);
    expect(t1MapToSeconds(sidecar({ Units: 's' }))).toBe(1);
    expect(() => t1MapToSeconds(sidecar({}))).toThrow(
      /field "Units" \(unit of the T1 values\) is missing; add "Units": one of "s", "ms"/,
    );
    expect(() => t1MapToSeconds(sidecar({ Units: 'sec' }))).toThrow(/"Units" .* is "sec"/);
  });

  it('takes one flip angle per volume and one TR for all', () => {
    expect(vfaAcquisition(sidecar({ FlipAngle: [2, 10, 15], RepetitionTime: 0.006 }), 3)).toEqual({
      flipDeg: [2, 10, 15],
      trS: [0.006, 0.006, 0.006],
    });
    expect(() => vfaAcquisition(sidecar({ FlipAngle: 10, RepetitionTime: 0.006 }), 3)).toThrow(
      /"FlipAngle" .* must list 3 numbers/,
    );
  });

  it('refuses a sidecar that is not a JSON object', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '[1, 2]');
    expect(() => Sidecar.read([{ path, label: 'dce.json' }])).toThrow(
      expect.objectContaining({ code: 'CORRUPT_JSON', message: expect.stringMatching(/^dce\.json: /) }),
    );
    writeFileSync(path, '{oops');
    expect(() => Sidecar.read([{ path, label: 'dce.json' }])).toThrow(/^dce\.json: not a readable JSON file/);
  });
});
