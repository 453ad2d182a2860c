/**
 * OSIPI's pass rule for fitted DCE parameters (DCE-DSC-MRI_CodeCollection, test/DCEmodels, numpy
 * assert_allclose): |estimate - reference| <= atol + rtol |reference|, in OSIPI units (fp mL/100 mL/min,
 * ps and Ktrans /min, delay s, vp and ve fractions). Shared by the tests and the benchmarks.
 */
export const OSIPI_TOLERANCE: Readonly<Record<string, { atol: number; rtol: number }>> = {
  vp: { atol: 0.025, rtol: 0 },
  ve: { atol: 0.05, rtol: 0 },
  fp: { atol: 5, rtol: 0.1 },
  ps: { atol: 0.005, rtol: 0.1 },
  Ktrans: { atol: 0.005, rtol: 0.1 },
  delay: { atol: 1, rtol: 0 },
};

export function withinTolerance(estimate: number, reference: number, atol: number, rtol: number): boolean {
  return Math.abs(estimate - reference) <= atol + rtol * Math.abs(reference);
}

/** True when every named estimate (OSIPI names and units) is within OSIPI's tolerance of its reference. */
export function withinOsipiTolerance(
  estimates: Record<string, number>,
  reference: Record<string, number>,
): boolean {
  return Object.entries(estimates).every(([name, value]) => {
    const tol = OSIPI_TOLERANCE[name];
    return tol !== undefined && withinTolerance(value, reference[name], tol.atol, tol.rtol);
  });
}
