import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti } from '../../../formats/nifti';
import { writeSubjectFolder } from '../../../formats/subject-folder';
import { runFitSubject } from '../../../jobs/fit-job';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';
import { tinySubject } from '../edges/edge-fixtures';

describe('qtm fit --subject', () => {
  it('writes maps/<model>/ with OSIPI-unit map names, an RMSE map and a provenance sidecar', async () => {
    const curves = twoCxmCurves();
    const dir = mkdtempSync(join(tmpdir(), 'qtm-subject-'));
    writeSubjectFolder(dir, tinySubject()); // voxel v holds OSIPI curve 4v
    const progress: number[] = [];
    const r = await runFitSubject({
      model: '2cxm',
      subject: dir,
      mask: 'brain',
      threads: 2,
      onProgress: (d) => progress.push(d),
    });
    expect(r).toMatchObject({ fitted: 5, skipped: 0 });
    for (const stem of [
      'fp_ml_100ml_min',
      'ps_per_min',
      'vp',
      've',
      'ktrans_per_min',
      'rmse_mM',
      'fit_status',
    ]) {
      expect(existsSync(join(dir, 'maps', '2cxm', `${stem}.nii.gz`))).toBe(true);
    }
    const fp = readNifti(join(dir, 'maps', '2cxm', 'fp_ml_100ml_min.nii.gz'));
    expect(fp.dims).toEqual([3, 2, 1]);
    for (let v = 0; v < 5; v++)
      expect(Math.abs(fp.data[v] - curves[v * 4].reference.fp)).toBeLessThan(
        5 + 0.1 * curves[v * 4].reference.fp,
      );
    expect(Number.isNaN(fp.data[5])).toBe(true);
    const provenance = JSON.parse(readFileSync(join(dir, 'maps', '2cxm', 'provenance.json'), 'utf8'));
    expect(Object.keys(provenance.inputs_sha256)).toEqual([
      'conc.nii.gz',
      'aif.csv',
      'protocol.json',
      'mask_brain.nii.gz',
    ]);
    expect(provenance.outputs_sha256['rmse_mM.nii.gz']).toMatch(/^[0-9a-f]{64}$/);
    expect(provenance.config).toMatchObject({ model: '2cxm', mask: 'brain', fit_delay: false });
    expect(progress[progress.length - 1]).toBe(5);
    const tumour = await runFitSubject({ model: 'etm', subject: dir, mask: 'tumour', threads: 1 });
    expect(tumour.fitted).toBe(1);
  });
});
