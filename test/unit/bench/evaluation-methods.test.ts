import { runMethods } from '../../../bench/qtmnet/evaluation-methods';
import { simulateSubject } from '../../../perfusion/simulate/subject-simulation';
import { tinyConfig } from '../perfusion/simulate/subject-fixtures';

jest.setTimeout(60000);

describe('the evaluation methods on one subject', () => {
  it('records an AIF option that refuses the subject as a failure of every voxel, and runs the other methods', () => {
    const s = simulateSubject(tinyConfig(), 'hgg', 61);
    // No artery mask: the tissue-corrected AIF has no arterial region to correct and refuses the subject.
    const noArtery = { ...s, maskArtery: new Uint8Array(s.maskArtery.length) };
    const tumour = [...s.maskTumour.keys()].filter((v) => s.maskTumour[v] === 1).slice(0, 6);
    const normal = [...s.maskBrain.keys()]
      .filter((v) => s.maskBrain[v] === 1 && s.maskTumour[v] === 0)
      .slice(0, 6);
    const fits = [
      { model: '2cxm' as const, aif: 'tissue-corrected' as const, fitDelay: false },
      { model: '2cxm' as const, aif: 'oracle' as const, fitDelay: false },
      { model: 'etm' as const, aif: 'tissue-corrected' as const, fitDelay: false },
    ];
    const out = runMethods(noArtery, 0.42, { tumour, normal }, [], fits);
    for (const method of ['2cxm-tissue-corrected', 'etm-tissue-corrected']) {
      for (const roi of ['tumour', 'normal'] as const) {
        const { params, failed } = out[method][roi];
        expect(Array.from(failed)).toEqual(new Array(6).fill(1));
        expect(Object.keys(params).sort()).toEqual(
          method.startsWith('2cxm') ? ['fp', 'ktrans', 'ps', 've', 'vp'] : ['ktrans', 've', 'vp'],
        );
        for (const values of Object.values(params)) expect(values.every(Number.isNaN)).toBe(true);
      }
    }
    const oracle = out['2cxm-oracle'].tumour;
    expect(oracle.params.ktrans?.every(Number.isFinite)).toBe(true);
    expect(Array.from(oracle.failed).filter((f) => f === 0).length).toBeGreaterThan(0);
  });
});
