import { trainingSubjectSamples } from '../../../compute/training-samples';
import type { SimulatedDatasetSettings } from '../../../contracts/training-config';
import { venousOutputFactor } from '../../../perfusion/qtmnet/input-scale';
import { simulateSubject } from '../../../perfusion/simulate/subject-simulation';
import { tinyConfig } from '../perfusion/simulate/subject-fixtures';

jest.setTimeout(60000);

const settings: SimulatedDatasetSettings = {
  seed: 70,
  subjects: 2,
  patchSize: [4, 4, 3],
  patchesPerSubject: 2,
  tumourFraction: 0.5,
  side: 3,
  samplesPerShard: 4096,
};

describe('training samples of one simulated subject', () => {
  it('with input scale venous-output-area: the unscaled samples divided by the subject venous output factor', () => {
    const config = tinyConfig();
    const shape = { frames: config.protocol.frameCount, side: 3 };
    const plain = trainingSubjectSamples({ settings, config, shape, subject: 1 });
    const scaled = trainingSubjectSamples({
      settings: { ...settings, inputScale: 'venous-output-area' },
      config,
      shape,
      subject: 1,
    });
    const s = simulateSubject(config, 'hgg', 71);
    const factor = venousOutputFactor({ tS: s.frameTimesS, c: s.vofMeasured }, 'seed 71');
    expect(factor).toBeGreaterThan(0.05);
    expect(Math.abs(factor - 1)).toBeGreaterThan(1e-3);
    expect(scaled).toHaveLength(plain.length);
    expect(plain.length).toBeGreaterThan(0);
    for (const [i, p] of plain.entries()) {
      expect(scaled[i].subject).toBe(p.subject);
      expect(Array.from(scaled[i].labels)).toEqual(Array.from(p.labels));
      expect(Array.from(scaled[i].concentration)).toEqual(
        Array.from(p.concentration, (c) => Math.fround(c / factor)),
      );
    }
  });
});
