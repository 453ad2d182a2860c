"""Writes dcmri's synthetic brain (Parker AIF, Shepp-Logan geometry, 2CXM tissue; a phantom from outside our
simulator) in the layout bench/qtmnet/dcmri-phantom.ts reads: float32 little-endian, x fastest, then y, then
frame. Concentrations are dcmri's noise-free ground truth sampled at the frame times, converted M -> mM;
ve is dcmri's interstitial volume `vi` (its `ve` is vp + vi). SI units otherwise (Fp, PS in 1/s).

Usage: python dcmri_fake_brain.py OUT_DIR [n] (needs `pip install dcmri==0.6.20`, e.g. in bench/.venv)
"""
import json
import sys
from pathlib import Path

import dcmri as dc
import numpy as np

out = Path(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 64
out.mkdir(parents=True, exist_ok=True)
# The default QTMnet protocol: 60 frames, 5 s apart.
time, signal, aif, gt = dc.fake_brain(n=n, tacq=300, dt=5, CNR=100)
conc_mm = np.stack([np.interp(time, gt["t"], gt["C"][x, y, :]) for x in range(n) for y in range(n)])
conc_mm = conc_mm.reshape(n, n, time.size) * 1000.0


def write(name, array):
    # (x, y[, t]) -> t slowest, then y, x fastest.
    np.ascontiguousarray(np.asarray(array, dtype="<f4").T).tofile(out / f"{name}.f32")


write("conc_mM", conc_mm)
aif_mm = np.interp(time, gt["t"], gt["cp"]) * 1000.0
for key, name in [("Fp", "fp_per_s"), ("PS", "ps_per_s"), ("vp", "vp"), ("vi", "ve")]:
    write(name, gt[key])
(out / "phantom.json").write_text(json.dumps({
    "source": "dcmri 0.6.20 fake_brain(n, tacq=300, dt=5, CNR=100)",
    "dims": [n, n, 1],
    "frame_times_s": time.tolist(),
    "aif_plasma_mM": aif_mm.tolist(),
}, indent=1))
