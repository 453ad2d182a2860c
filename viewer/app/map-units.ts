/**
 * The quantity and unit of a volume, read from its file name: subject folders name the unit in the file
 * (docs/subject-folder.md, "Units in names"), e.g. ktrans_per_min.nii.gz is Ktrans in /min; <name>_sd is
 * the MC-dropout standard deviation of <name>, in the same unit.
 */
const QUANTITIES: Readonly<Record<string, { label: string; unit: string }>> = {
  fp_ml_100ml_min: { label: 'Fp', unit: 'mL/100 mL/min' },
  ps_per_min: { label: 'PS', unit: '/min' },
  ktrans_per_min: { label: 'Ktrans', unit: '/min' },
  u_mm_s: { label: '|u|', unit: 'mm/s' },
  vp: { label: 'vp', unit: 'fraction' },
  ve: { label: 've', unit: 'fraction' },
  rmse_mM: { label: 'RMSE', unit: 'mM' },
  delay_s: { label: 'delay', unit: 's' },
  fit_status: { label: 'fit status', unit: '0 clean, 1 flagged, 2 skipped, 255 outside' },
  t10: { label: 'T10', unit: 's' },
};

export function mapQuantity(file: string): { label: string; unit: string } {
  const stem = (file.split('/').pop() ?? file).replace(/\.nii(\.gz)?$/, '');
  const sd = stem.endsWith('_sd');
  const q = QUANTITIES[sd ? stem.slice(0, -3) : stem];
  if (!q) return { label: stem, unit: 'unit not in the file name' };
  return sd ? { label: `SD of ${q.label}`, unit: q.unit } : q;
}
