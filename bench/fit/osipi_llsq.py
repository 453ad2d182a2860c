"""OSIPI's linear 2CXM fitter on OSIPI curves, for bench/fit/README.md's speed comparison.

The OSIPI DCE-DSC-MRI code collection is not published on PyPI, so this is our transcription, in numpy, of
the contribution its 2CXM tests run with method "LLSQ" (OGJ_OsloU_NOR, MRImageAnalysis/DCE/Analyze.py; the
linear 2CXM of Flouri, Lesnic & Sourbron, Magn Reson Med 2016;76:998): per curve, with times in minutes,
  C(t) = B0 (-II C) + B1 (-I C) + B2 II ca + B3 I ca,
I and II the first and second cumulative trapezoidal integrals, solved by numpy.linalg.lstsq, then
  Fp = B3, vp = B3^2 / (B1 B3 - B2), ve = B2 / B0 - vp, PS = B0 ve vp / Fp,
and, as there, implausible results (negative values, volumes above 1, Ktrans above Fp) replaced by inf.
As in OSIPI's test, each curve is one call: the AIF integrals are recomputed per curve.
fp is reported x 100 (mL/100 mL/min), ps in /min.
Usage: python osipi_llsq.py <osipi csv> [repeat]; prints one JSON line (one thread: BLAS limited to one).
"""
import os

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')

import csv  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

TOL = {'vp': (0.025, 0), 've': (0.05, 0), 'fp': (5, 0.1), 'ps': (0.005, 0.1)}


def cumulative_trapezoid(x, y):
    out = np.zeros(len(x))
    out[1:] = np.cumsum(0.5 * (y[:-1] + y[1:]) * (x[1:] - x[:-1]))
    return out


def fit_2cxm_llsq(t_min, ct, ca):
    a = np.zeros((len(ca), 4))
    first_aif = cumulative_trapezoid(t_min, ca)
    a[:, 3] = first_aif
    a[:, 2] = cumulative_trapezoid(t_min, first_aif)
    first_tissue = cumulative_trapezoid(t_min, ct)
    a[:, 1] = -first_tissue
    a[:, 0] = -cumulative_trapezoid(t_min, first_tissue)
    b = np.linalg.lstsq(a, ct, rcond=None)[0]
    fp = b[3]
    vp = b[3] ** 2 / (b[1] * b[3] - b[2])
    ve = b[2] / b[0] - vp
    ps = b[0] * ve * vp / fp
    ktrans = ps * fp / (ps + fp)
    if ktrans > fp or fp < 0 or ktrans < 0 or ps < 0 or ve < 0 or vp < 0 or ve > 1 or vp > 1 or ve + vp > 1:
        fp = ve = vp = ps = np.inf
    return {'vp': vp, 've': ve, 'fp': fp * 100, 'ps': ps}


def main():
    path = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with open(path, encoding='utf-8-sig') as f:
        rows = list(csv.DictReader(f))
    cases = [(np.array(r['t'].split(), float) / 60, np.array(r['C_t'].split(), float),
              np.array(r['cp_aif'].split(), float), r) for r in rows]
    t0 = time.perf_counter()
    for _ in range(repeat):
        results = [fit_2cxm_llsq(t, ct, ca) for t, ct, ca, _ in cases]
    seconds = time.perf_counter() - t0
    passed = 0
    for est, (_, _, _, row) in zip(results, cases):
        passed += all(abs(v - float(row[k])) <= TOL[k][0] + TOL[k][1] * abs(float(row[k])) for k, v in est.items())
    n = len(cases) * repeat
    print(json.dumps({'fits': n, 'seconds': seconds, 'fits_per_s': n / seconds, 'passed': passed,
                      'cases': len(cases), 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
