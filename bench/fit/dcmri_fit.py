"""Fits OSIPI curves with the Python package dcmri, for bench/fit/README.md's comparison.

dcmri's tissue kinetics are fitted to concentration (not signal) with scipy.optimize.curve_fit (bounded, TRF:
what dcmri's own Tissue.train uses) around dcmri.conc_tissue:
  2CXM: kinetics '2CX', parameters vb, vi, Fb, PS;  ETM: kinetics 'HF' (high-flow = extended Tofts), vb, vi, PS.
dcmri takes the arterial *blood* concentration and haematocrit H; we pass ca_blood = cp_aif (1 - H), H = 0.42,
so its internal plasma AIF is exactly OSIPI's. Conversion to OSIPI: vp = (1 - H) vb, ve = vi,
fp = (1 - H) Fb * 6000 [mL/100 mL/min], ps = Ktrans = PS * 60 [/min] (Fb, PS in 1/s).
Starts (OSIPI's test starts): vp 0.01, ve 0.2, fp 20, ps/Ktrans 0.6/min; bounds: vb, vi in (1e-6, 1),
Fb up to 200 mL/100 mL/min, PS up to 5/min.
Usage: python dcmri_fit.py <osipi csv> <2cxm|etm> [repeat]; prints one JSON line.
"""
import csv
import json
import sys
import time

import numpy as np
from scipy.optimize import curve_fit
import dcmri

H = 0.42
TOL = {'vp': (0.025, 0), 've': (0.05, 0), 'fp': (5, 0.1), 'ps': (0.005, 0.1), 'Ktrans': (0.005, 0.1)}


def read(path):
    with open(path, encoding='utf-8-sig') as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        t = np.array(r['t'].split(), float)
        ct = np.array((r.get('C_t') or r['C']).split(), float)
        ca = np.array((r.get('cp_aif') or r['ca']).split(), float)
        out.append((r['label'], t, ct, ca, r))
    return out


def fit_2cxm(t, ct, ca):
    cb = ca * (1 - H)
    f = lambda _, vb, vi, Fb, PS: dcmri.conc_tissue(cb, t=t, kinetics='2CX', H=H, vb=vb, vi=vi, Fb=Fb, PS=PS)
    p0 = [0.01 / (1 - H), 0.2, 20 / 6000 / (1 - H), 0.6 / 60]
    lo = [1e-6, 1e-6, 1e-8, 0]
    hi = [1, 1, 200 / 6000 / (1 - H), 5 / 60]
    (vb, vi, Fb, PS), _ = curve_fit(f, t, ct, p0=p0, bounds=(lo, hi))
    return {'vp': (1 - H) * vb, 've': vi, 'fp': (1 - H) * Fb * 6000, 'ps': PS * 60}


def fit_etm(t, ct, ca):
    cb = ca * (1 - H)
    f = lambda _, vb, vi, PS: dcmri.conc_tissue(cb, t=t, kinetics='HF', H=H, vb=vb, vi=vi, PS=PS)
    p0 = [0.01 / (1 - H), 0.2, 0.6 / 60]
    lo = [0, 1e-6, 0]
    hi = [1, 1, 5 / 60]
    (vb, vi, PS), _ = curve_fit(f, t, ct, p0=p0, bounds=(lo, hi))
    return {'Ktrans': PS * 60, 've': vi, 'vp': (1 - H) * vb}


def main():
    path, model = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    cases = read(path)
    fit = fit_2cxm if model == '2cxm' else fit_etm
    t0 = time.perf_counter()
    results = []
    for _ in range(repeat):
        results = [fit(t, ct, ca) for _, t, ct, ca, _ in cases]
    seconds = time.perf_counter() - t0
    passed = 0
    worst = {}
    for est, (_, _, _, _, row) in zip(results, cases):
        ok = True
        for k, v in est.items():
            ref = float(row[k])
            atol, rtol = TOL[k]
            ok = ok and abs(v - ref) <= atol + rtol * abs(ref)
            worst[k] = float(max(worst.get(k, 0), abs(v - ref)))
        passed += int(bool(ok))
    n = len(cases) * repeat
    print(json.dumps({'model': model, 'fits': n, 'seconds': seconds, 'fits_per_s': n / seconds,
                      'passed': passed, 'cases': len(cases), 'max_abs_error': worst,
                      'dcmri': getattr(dcmri, '__version__', 'unknown')}))


if __name__ == '__main__':
    main()
