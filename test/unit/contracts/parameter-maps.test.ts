import {
  AIF_OPTIONS,
  fitMethodName,
  methodFeatures,
  methodMapStems,
  parseFitMethod,
} from '../../../contracts/parameter-maps';
import { MODEL_NAMES } from '../../../perfusion/models/kinetic-model';

describe('fit method names', () => {
  it('keep the model’s name for the measured arterial AIF and add the AIF otherwise', () => {
    expect(fitMethodName('2cxm', 'artery')).toBe('2cxm');
    expect(fitMethodName('2cxm', 'corrected')).toBe('2cxm-corrected');
    expect(fitMethodName('etm', 'oracle')).toBe('etm-oracle');
    expect(fitMethodName('2cxm', 'tissue-corrected')).toBe('2cxm-tissue-corrected');
  });

  it('read back as the model and AIF they were made from, one name for each', () => {
    const names = MODEL_NAMES.flatMap((model) => AIF_OPTIONS.map((aif) => ({ model, aif })));
    for (const { model, aif } of names)
      expect(parseFitMethod(fitMethodName(model, aif))).toEqual({ model, aif });
    expect(new Set(names.map((n) => fitMethodName(n.model, n.aif))).size).toBe(names.length);
    for (const other of [
      'qtmnet',
      '2cxm-artery',
      'foo-corrected',
      '2cxm-bogus',
      '2cxm-corrected-x',
      '2cxm-tissue',
      '2cxm-tissue-corrected-x',
      'tissue-corrected',
      '',
    ])
      expect(parseFitMethod(other)).toBeUndefined();
  });

  it('give an AIF option’s fit the model’s maps and features', () => {
    expect(methodMapStems('2cxm-population')).toEqual(methodMapStems('2cxm'));
    expect(methodFeatures('etm-corrected')).toEqual(methodFeatures('etm'));
    expect(methodMapStems('etm')).toEqual(['ktrans_per_min', 've', 'vp']);
    expect(methodMapStems('etm-nothing')).toEqual([]);
  });
});
