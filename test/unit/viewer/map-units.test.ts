/** The viewer labels a map with the quantity and unit its file name carries. */
import { mapQuantity } from '../../../viewer/app/map-units';

test('reads the unit from the file name, uncertainty maps included', () => {
  expect(mapQuantity('ktrans_per_min.nii.gz')).toEqual({ label: 'Ktrans', unit: '/min' });
  expect(mapQuantity('truth/fp_ml_100ml_min.nii.gz')).toEqual({ label: 'Fp', unit: 'mL/100 mL/min' });
  expect(mapQuantity('u_mm_s_sd.nii.gz')).toEqual({ label: 'SD of |u|', unit: 'mm/s' });
  expect(mapQuantity('vp.nii.gz')).toEqual({ label: 'vp', unit: 'fraction' });
  expect(mapQuantity('mystery.nii.gz')).toEqual({ label: 'mystery', unit: 'unit not in the file name' });
});
