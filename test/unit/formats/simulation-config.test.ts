import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSimulationConfig, resolveSimulationConfig } from '../../../formats/simulation-config';
import { DEFAULT_SIMULATION_CONFIG } from '../../../perfusion/simulate/simulation-config';

const dir = mkdtempSync(join(tmpdir(), 'simcfg-'));
const yaml = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('simulation config (YAML + zod)', () => {
  it('no file gives the documented defaults', () => {
    expect(readSimulationConfig()).toEqual(DEFAULT_SIMULATION_CONFIG);
  });

  it('merges a partial YAML over the defaults', () => {
    const c = readSimulationConfig(
      yaml(
        'a.yaml',
        'imaging:\n  matrix: [32, 32, 8]\nnoise: { snr: 20 }\nhgg:\n  tumour:\n    psPerMin: [0.05, 0.2]\n',
      ),
    );
    expect(c.imaging.matrix).toEqual([32, 32, 8]);
    expect(c.imaging.voxelMm).toEqual([1, 1, 2]);
    expect(c.noise.snr).toBe(20);
    expect(c.hgg.tumour.psPerMin).toEqual([0.05, 0.2]);
    expect(c.hgg.tumour.vp).toEqual(DEFAULT_SIMULATION_CONFIG.hgg.tumour.vp);
  });

  it('switches to the fixed injection and sets the T1 mapping and sinus from YAML', () => {
    const c = readSimulationConfig(
      yaml('inj.yaml', 'injection: { mode: fixed }\nt1Mapping: { flipDeg: [] }\nsinus: { radiusMm: 4 }\n'),
    );
    expect(c.injection.mode).toBe('fixed');
    expect(c.injection.doseMmolPerKg).toEqual(DEFAULT_SIMULATION_CONFIG.injection.doseMmolPerKg);
    expect(c.t1Mapping).toEqual({ flipDeg: [], flipAngleScale: [1, 1] });
    expect(c.sinus.radiusMm).toBe(4);
  });

  it.each([
    ['injmode.yaml', 'injection: { mode: random }\n', /injection\.mode/],
    ['injtypo.yaml', 'injection: { dose: [0.1, 0.2] }\n', /injection: .*dose/],
    ['injhct.yaml', 'injection: { hct: [0.4, 1.1] }\n', /injection\.hct/],
    ['typo.yaml', 'vessels:\n  terminal: 100\n', /vessels: .*terminal/],
    ['type.yaml', 'protocol:\n  frameCount: "sixty"\n', /protocol\.frameCount/],
    ['vpve.yaml', 'lgg:\n  tumour:\n    ve: [0.2, 0.99]\n', /lgg\.tumour\.vp \+ lgg\.tumour\.ve/],
    ['neg.yaml', 'imaging:\n  voxelMm: [1, -1, 2]\n', /imaging\.voxelMm\[1\]/],
    ['profile.yaml', 'vessels:\n  profile: turbulent\n', /vessels\.profile/],
    ['broken.yaml', 'imaging: [\n', /not valid YAML/],
  ])('rejects %s naming the setting and the file', (name, text, pattern) => {
    const path = yaml(name, text);
    expect(() => readSimulationConfig(path)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringMatching(pattern) }),
    );
    expect(() => readSimulationConfig(path)).toThrow(new RegExp(name.replace('.', '\\.')));
  });

  it('a missing file is CONFIG_NOT_FOUND', () => {
    expect(() => readSimulationConfig(join(dir, 'none.yaml'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_NOT_FOUND' }),
    );
    expect(() => resolveSimulationConfig([1, 2])).toThrow(/mapping/);
  });
});
