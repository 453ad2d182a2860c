import { join } from 'node:path';
import type { z } from 'zod';
import {
  type evaluationProtocolSchema,
  protocolConditions,
  protocolMethods,
} from '../../../contracts/evaluation-protocol';
import { parseEvaluationProtocol, readEvaluationProtocol } from '../../../formats/evaluation-protocol';
import { readYamlFile } from '../../../formats/yaml-file';

const fixturePath = join(__dirname, '../../fixtures/evaluation/protocol.yaml');
/** The YAML as written: every key the schema reads is present in the fixture. */
type Raw = z.output<typeof evaluationProtocolSchema>;
const fixture = () => readYamlFile(fixturePath) as Raw;
const parsed = (edit: (p: Raw) => void) => {
  const p = fixture();
  edit(p);
  return () => parseEvaluationProtocol(p, 'protocol.yaml');
};

describe('evaluation protocol schema', () => {
  it('reads the fixture: its methods, and one condition per factor away from the reference', () => {
    const p = readEvaluationProtocol(fixturePath);
    expect(protocolMethods(p)).toEqual([
      'qtmnet-fixed',
      'qtmnet-varied',
      '2cxm',
      '2cxm-corrected',
      '2cxm-population',
      '2cxm-oracle',
      'etm-corrected',
    ]);
    expect(protocolConditions(p)).toEqual([
      { name: 'reference', injection: 'in-distribution', snr: 40, frameIntervalS: 5, vesselDensity: 1 },
      { name: 'injection-fixed', injection: 'fixed', snr: 40, frameIntervalS: 5, vesselDensity: 1 },
      { name: 'injection-beyond', injection: 'beyond', snr: 40, frameIntervalS: 5, vesselDensity: 1 },
      { name: 'snr-10', injection: 'in-distribution', snr: 10, frameIntervalS: 5, vesselDensity: 1 },
      { name: 'interval-10s', injection: 'in-distribution', snr: 40, frameIntervalS: 10, vesselDensity: 1 },
      { name: 'vessels-x2', injection: 'in-distribution', snr: 40, frameIntervalS: 5, vesselDensity: 2 },
    ]);
    expect(p.bootstrap.level).toBe(0.95);
    expect(p.phantom?.methods).toEqual(['qtmnet-varied', '2cxm-oracle']);
  });

  it('leaves out a variation equal to the reference', () => {
    const p = parseEvaluationProtocol(
      { ...fixture(), vary: { snr: [10, 40] }, armRatio: undefined },
      'inline',
    );
    expect(protocolConditions(p).map((c) => c.name)).toEqual(['reference', 'snr-10']);
  });

  it.each([
    [
      'a held-out seed among the training seeds',
      (p: Raw) => p.subjects.lgg.push(3001),
      /INVALID|subjects: seed 3001 lies in the training seeds 3000-3001/,
    ],
    ['a seed listed twice', (p: Raw) => p.subjects.hgg.push(990001), /subjects: seed 990001 is listed twice/],
    [
      'one subject in a grade',
      (p: Raw) => (p.subjects.lgg = [1]),
      /subjects.lgg: at least 2 subjects per grade/,
    ],
    [
      'an unknown injection',
      (p: Raw) => (p.vary.injection = ['double']),
      /vary.injection\[0\]: no injection ranges "double"; define it under injections \(fixed, in-distribution, beyond\)/,
    ],
    [
      'injection ranges without sources',
      (p: Raw) => (p.injections.fixed.sources = []),
      /injections.fixed.sources: cite where the ranges come from/,
    ],
    [
      'a frame interval the noise-free grid cannot sample',
      (p: Raw) => (p.vary.frameIntervalS = [2.5]),
      /vary.frameIntervalS\[0\]: 2.5 s is not a multiple of noiselessFrameIntervalS 1 s/,
    ],
    [
      'an unknown method in a primary outcome',
      (p: Raw) => (p.primaryOutcomes[0].methods = ['qtmnet']),
      /primaryOutcomes\[0\].method: no method "qtmnet"; the protocol has qtmnet-fixed/,
    ],
    [
      'an unknown condition of the arm ratio',
      (p: Raw) => Object.assign(p.armRatio?.denominator ?? {}, { condition: 'fixed' }),
      /armRatio.denominator.condition: no condition "fixed"; the protocol has reference, injection-fixed/,
    ],
    [
      'a QTMnet arm named like a fit',
      (p: Raw) => (p.methods.qtmnet[0].name = 'etm-corrected'),
      /methods: method etm-corrected is listed twice/,
    ],
    [
      'no primary outcome',
      (p: Raw) => (p.primaryOutcomes = []),
      /primaryOutcomes: pre-register at least one primary outcome/,
    ],
    [
      'a bad simulator setting',
      (p: Raw) => ((p.simulator as Record<string, unknown>).imaging = { matrx: [1, 1, 1] }),
      /simulator.imaging/,
    ],
    [
      'a phantom method that is no arm of the protocol',
      (p: Raw) => p.phantom?.methods.push('qtmnet-unet'),
      /phantom.methods\[2\]: no QTMnet arm "qtmnet-unet" for the phantom; name an arm of methods.qtmnet or 2cxm-oracle/,
    ],
    ['too few bootstrap replicates', (p: Raw) => (p.bootstrap.replicates = 10), /bootstrap.replicates/],
  ])('refuses %s with a clear error', (_what, edit, message) => {
    expect(parsed(edit)).toThrow(message);
    try {
      parsed(edit)();
    } catch (err) {
      expect((err as { code: string }).code).toBe('INVALID_PROTOCOL');
      expect((err as Error).message).toMatch(/^protocol.yaml: /);
    }
  });
});
