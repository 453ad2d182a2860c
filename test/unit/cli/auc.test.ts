/**
 * `qtm auc` on pROC's aSAH data reproduces pROC's printed values (4 decimals; test/fixtures/roc/SOURCE.md)
 * and reports bad input with a code naming the problem.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerAuc, runAuc, writeAucHtmlReport } from '../../../cli/commands/auc';
import type { AucReport } from '../../../reports/grading-auc-report';

const ASAH = join(__dirname, '../../fixtures/roc/aSAH.csv');
const base = { input: ASAH, label: 'outcome', positive: 'Poor', seed: 42, direction: 'auto' as const };
const scores = ['s100b', 'wfns', 'ndka'];

describe('qtm auc on aSAH', () => {
  const report = JSON.parse(
    runAuc({ ...base, scores, paired: true, unpaired: true, json: true }),
  ) as AucReport;

  it('AUCs and DeLong CIs to 4 decimals (pROC print output)', () => {
    const ref: Record<string, [number, number, number]> = {
      s100b: [0.7314, 0.6301, 0.8326],
      wfns: [0.8237, 0.7485, 0.8988],
      ndka: [0.612, 0.5012, 0.7227],
    };
    expect(report).toMatchObject({
      schema: 'qtm.auc/1',
      positives: 41,
      negatives: 72,
      negativeClass: 'Good',
    });
    for (const s of report.scores) {
      const [auc, lo, hi] = ref[s.name];
      expect(s.auc).toBeCloseTo(auc, 4);
      if (!('lower' in s.delong)) throw new Error('CI should be defined');
      expect(s.delong.lower).toBeCloseTo(lo, 4);
      expect(s.delong.upper).toBeCloseTo(hi, 4);
    }
    expect(report.best).toMatchObject({ name: 'wfns', featuresCompared: 3 });
  });

  it('paired and unpaired DeLong tests to 4 decimals (test-roc.test.R)', () => {
    const paired = report.paired?.find((t) => t.score1 === 's100b' && t.score2 === 'wfns');
    if (!paired || 'undefinedReason' in paired) throw new Error('test should be defined');
    expect(paired.z).toBeCloseTo(-2.20898359144091, 4);
    expect(paired.pValue).toBeCloseTo(0.0271757822291882, 4);
    expect(paired.differenceCi[0]).toBeCloseTo(-0.174214419249478, 4);
    expect(paired.differenceCi[1]).toBeCloseTo(-0.0104061769564846, 4);
    const unpaired = report.unpaired?.find((t) => t.score1 === 'wfns' && t.score2 === 'ndka');
    if (!unpaired || 'undefinedReason' in unpaired) throw new Error('test should be defined');
    expect(unpaired.d).toBeCloseTo(3.10125096778969, 4);
    expect(unpaired.pValue).toBeCloseTo(0.00220950791756457, 4);
  });

  it('the table prints best AUC beside the full table with the optimism note, and the bootstrap CI', () => {
    const text = runAuc({ ...base, scores, paired: true, bootstrap: 200 });
    expect(text).toMatch(/s100b\s+higher\s+0\.7314\s+0\.6301-0\.8326\s+0\.\d{4}-0\.\d{4}/);
    expect(text).toMatch(/ndka\s+higher\s+0\.6120\s+0\.5012-0\.7227/);
    expect(text).toContain('best AUC: wfns 0.8237 of 3 score(s)');
    expect(text).toContain('optimistic');
    expect(text).toContain('(stratified bootstrap: 200 replicates, seed 42)');
    expect(text).toMatch(/wfns vs ndka\s+0\.2117\s+0\.0634 to 0\.3600\s+2\.7978\s+0\.005146/);
  });

  it('runs through commander with --scores a,b and --json', async () => {
    const program = new Command('qtm').exitOverride();
    registerAuc(program);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(
        [
          'auc',
          '--input',
          ASAH,
          '--label',
          'outcome',
          '--positive',
          'Poor',
          '--scores',
          'wfns,ndka',
          '--json',
        ],
        {
          from: 'user',
        },
      );
      const out = JSON.parse(String(write.mock.calls[0][0])) as AucReport;
      expect(out.scores.map((s) => s.name)).toEqual(['wfns', 'ndka']);
    } finally {
      write.mockRestore();
    }
  });
});

describe('qtm auc --out', () => {
  it('writes report.html with the ROC and box-plot figures of the scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-auc-report-'));
    const html = await writeAucHtmlReport({ ...base, scores: ['wfns', 's100b'], bootstrap: 200 }, dir);
    expect(readFileSync(html, 'utf8')).toContain('wfns vs s100b');
    for (const f of ['roc.png', 'roc.svg', 'features.png', 'report.json'])
      expect(existsSync(join(dir, f))).toBe(true);
  });
});

describe('qtm auc errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-auc-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('missing column, unknown or single class, NaN score', () => {
    expect(() => runAuc({ ...base, scores: ['nope'] })).toThrow(
      expect.objectContaining({
        code: 'CSV_MISSING_COLUMN',
        message: expect.stringContaining('no column "nope"'),
      }),
    );
    expect(() => runAuc({ ...base, positive: 'Bad', scores })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CLASS' }),
    );
    const single = file('single.csv', 'g,x\nhgg,1\nhgg,2\n');
    expect(() => runAuc({ ...base, input: single, label: 'g', positive: 'hgg', scores: ['x'] })).toThrow(
      expect.objectContaining({
        code: 'LABEL_NOT_BINARY',
        message: expect.stringContaining('only one class'),
      }),
    );
    const nan = file('nan.csv', 'g,x\nhgg,1\nlgg,NaN\n');
    expect(() => runAuc({ ...base, input: nan, label: 'g', positive: 'hgg', scores: ['x'] })).toThrow(
      /column "x", row 3 holds "NaN"/,
    );
  });

  it('one subject per class: AUC printed, CI and tests undefined with the reason', () => {
    const p = file('tiny.csv', 'g,x,y\nhgg,2,1\nlgg,1,2\n');
    const text = runAuc({
      ...base,
      input: p,
      label: 'g',
      positive: 'hgg',
      scores: ['x', 'y'],
      paired: true,
      direction: 'higher',
    });
    expect(text).toMatch(/x\s+higher\s+1\.0000\s+undefined/);
    expect(text).toContain('note: x: DeLong variance needs at least 2 subjects per class');
    expect(text).toMatch(/x vs y\s+undefined/);
  });
});
