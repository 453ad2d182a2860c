import { join } from 'node:path';
import { primaryOutcomes } from '../../../bench/qtmnet/evaluation-primary';
import { runEvaluation } from '../../../bench/qtmnet/evaluation-run';
import { armRatios, scoreCondition } from '../../../bench/qtmnet/evaluation-scores';
import { conditionSummary, conditionTable } from '../../../bench/qtmnet/evaluation-tables';
import { protocolConditions } from '../../../contracts/evaluation-protocol';
import { parseEvaluationProtocol } from '../../../formats/evaluation-protocol';
import { readYamlFile } from '../../../formats/yaml-file';
import { agreementDifferences } from '../../../perfusion/evaluation/bland-altman';
import { median } from '../../../perfusion/math/quantile';

/** Median |d| of the finite values: the metric the harness bootstraps, computed directly on a pool. */
const medianAbsolute = (d: Float64Array) => median(d.filter(Number.isFinite).map(Math.abs));

/** The fixture protocol cut to 1 + 1 subjects, the 2CXM with the oracle AIF (or `aif`), two conditions. */
function tinyProtocol(aif: string[] = ['oracle']) {
  const raw = readYamlFile(join(__dirname, '../../fixtures/evaluation/protocol.yaml')) as Record<
    string,
    unknown
  >;
  return parseEvaluationProtocol(
    {
      ...raw,
      subjects: { lgg: [990001, 990003], hgg: [990002, 990004] },
      voxelsPerRoi: 15,
      vary: { snr: [10] },
      methods: { fit: { model: '2cxm', aif } },
      phantom: undefined,
      primaryOutcomes: [
        {
          name: 'ktrans',
          measure: 'median_abs_relative_error',
          parameter: 'ktrans',
          roi: 'tumour',
          methods: ['2cxm-oracle', '2cxm-oracle'],
          condition: 'reference',
          hypothesis: 'none (a test)',
        },
      ],
      armRatio: {
        numerator: { method: '2cxm-oracle', condition: 'snr-10' },
        denominator: { method: '2cxm-oracle', condition: 'reference' },
        parameters: ['ktrans', 'vp'],
        roi: 'tumour',
        margin: 1.25,
      },
    },
    'tiny protocol',
  );
}

describe('the protocol-driven evaluation on 1 + 1 tiny subjects', () => {
  const p = tinyProtocol();
  const results = runEvaluation(p, [], { perGrade: 1 });
  const reference = results.get('reference') ?? [];
  const noisy = results.get('snr-10') ?? [];

  it('re-acquires the same noise-free subjects in every condition: same seeds, voxels and truth', () => {
    expect([...results.keys()]).toEqual(protocolConditions(p).map((c) => c.name));
    expect(reference.map((r) => [r.grade, r.seed])).toEqual([
      ['lgg', 990001],
      ['hgg', 990002],
    ]);
    expect(noisy.map((r) => r.truth)).toEqual(reference.map((r) => r.truth));
    expect(noisy[1].methods['2cxm-oracle'].tumour.params.ktrans).not.toEqual(
      reference[1].methods['2cxm-oracle'].tumour.params.ktrans,
    );
  });

  it('runs a fit whose AIF is corrected with the tissue around the artery (the subject’s images as a folder’s)', () => {
    const withTissue = runEvaluation(tinyProtocol(['oracle', 'tissue-corrected']), [], {
      perGrade: 1,
      conditions: ['reference'],
    });
    const subjects = withTissue.get('reference') ?? [];
    expect(subjects).toHaveLength(2);
    for (const r of subjects) {
      const vp = r.methods['2cxm-tissue-corrected'].tumour.params.vp ?? [];
      expect(vp.length).toBe(r.truth.tumour.vp.length);
      expect(vp.filter(Number.isFinite).length).toBeGreaterThan(0);
      expect(vp).not.toEqual(r.methods['2cxm-oracle'].tumour.params.vp);
    }
  });

  it('scores every parameter and ROI, the estimate being the metric of all pooled voxels', () => {
    const rows = scoreCondition(reference, p);
    expect(rows.map((r) => `${r.roi} ${r.parameter}`)).toEqual(
      p.metrics.rois.flatMap((roi) => p.metrics.parameters.map((k) => `${roi} ${k}`)),
    );
    const ktrans = rows.find((r) => r.roi === 'tumour' && r.parameter === 'ktrans');
    const pooled = Float64Array.from(
      reference.flatMap((r) =>
        Array.from(
          agreementDifferences(
            r.methods['2cxm-oracle'].tumour.params.ktrans ?? [],
            r.truth.tumour.ktrans,
            'relative',
          ),
        ),
      ),
    );
    expect(ktrans?.medianAbsRelativeError.estimate).toBe(medianAbsolute(pooled));
    expect(ktrans?.failedRate.estimate).toBeGreaterThanOrEqual(0);
    expect(ktrans?.failedRate.estimate).toBeLessThanOrEqual(1);
    const table = conditionTable(protocolConditions(p)[0], rows, p, { lgg: 1, hgg: 1 }, 'the command');
    expect(table).toContain('Command: `the command`');
    expect(table).toContain(
      `| tumour | ktrans | 2cxm-oracle | ${ktrans?.medianAbsRelativeError.estimate.toFixed(3)} (`,
    );
    const summary = conditionSummary(protocolConditions(p)[0], rows, p, 'tumour', 'the command');
    const line = summary.split('\n').find((l) => l.startsWith('| 2cxm-oracle |')) ?? '';
    // columns in the protocol's parameter order (ktrans first), then the failed-fit rate
    expect(line.split(' | ')[1]).toBe(
      `${ktrans?.medianAbsRelativeError.estimate.toFixed(3)} (${ktrans?.medianAbsRelativeError.low.toFixed(3)} to ${ktrans?.medianAbsRelativeError.high.toFixed(3)})`,
    );
    expect(line).toMatch(/\| [0-9.]+ \([0-9.]+ to [0-9.]+\) \|$/);
  });

  it('gives the arm ratio of pooled median errors on subjects paired by seed', () => {
    const [ktrans] = armRatios(results, p);
    const pooled = (rs: typeof reference) =>
      Float64Array.from(
        rs.flatMap((r) =>
          Array.from(
            agreementDifferences(
              r.methods['2cxm-oracle'].tumour.params.ktrans ?? [],
              r.truth.tumour.ktrans,
              'relative',
            ),
          ),
        ),
      );
    expect(ktrans.ratio.estimate).toBeCloseTo(
      medianAbsolute(pooled(noisy)) / medianAbsolute(pooled(reference)),
      12,
    );
    expect(ktrans.withinMargin).toBe(ktrans.ratio.high < 1.25);
  });

  it('compares primary-outcome methods on the same resamples: a method against itself gives 1 and p = 1', () => {
    const r = primaryOutcomes(results, p);
    expect(r.estimates.map((e) => e.method)).toEqual(['2cxm-oracle', '2cxm-oracle']);
    expect(r.comparisons).toHaveLength(1);
    expect(r.comparisons[0]).toMatchObject({ contrast: 'ratio', p: 1, adjustedP: 1, rejected: false });
    expect(r.comparisons[0].value).toMatchObject({ estimate: 1, low: 1, high: 1 });
  });
});
