#!/usr/bin/python3
"""scipy side of benchmarks/Fitting.Benchmarks: fits the same series with curve_fit and times it.

Same model, m, bounds and twelve starting points as services/Fitting/Domain and scipy_reference.py
(method trf, analytic Jacobian, best start kept), written for speed: scipy.special.ndtr and a plain
exp for Phi and phi instead of scipy.stats.norm, whose per-call overhead would dominate and make
scipy look slower than it is.

Usage: benchmark_scipy.py series.json result.json
  series.json: {"m": 10, "series": [[c1, c2, ...], ...]}  (month t = 1, 2, ...)
  result.json: {"seconds": wall time of the fits only, "cpuSeconds": CPU time of the process over the same
                fits, "rSquared": [per series, null when not fitted]}
"""
import json
import math
import sys
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit
from scipy.special import ndtr

from scipy_reference import LOWER, UPPER, MIN_POINTS, starts

INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def model(t, m, lam, mu, sigma):
    return m * (np.exp(lam * ndtr((np.log(t) - mu) / sigma)) - 1.0)


def jacobian(t, m, lam, mu, sigma):
    z = (np.log(t) - mu) / sigma
    phi = ndtr(z)
    e = np.exp(lam * phi)
    slope = m * e * lam * np.exp(-0.5 * z * z) * INV_SQRT_2PI / sigma
    return np.column_stack([m * e * phi, -slope, -slope * z])


def fittable(y):
    growth = (1 if y[0] > 0 else 0) + int(np.sum(np.diff(y) > 0))
    return len(y) >= MIN_POINTS and y[-1] > 0 and y[-1] > y[0] and growth >= 3


def fit(t, y, m):
    best = None
    for p0 in starts(m, y[-1]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                p, _ = curve_fit(lambda x, *q: model(x, m, *q), t, y, p0=p0, bounds=(LOWER, UPPER),
                                 jac=lambda x, *q: jacobian(x, m, *q), method="trf", maxfev=2000)
        except (RuntimeError, ValueError):
            continue
        sse = float(np.sum((y - model(t, m, *p)) ** 2))
        if best is None or sse < best:
            best = sse
    if best is None:
        return None
    return 1.0 - best / float(np.sum((y - y.mean()) ** 2))


def main():
    data = json.load(open(sys.argv[1]))
    m = float(data["m"])
    series = [np.array(s, dtype=float) for s in data["series"]]
    started, cpu_started = time.perf_counter(), time.process_time()
    r2 = [fit(np.arange(1.0, len(y) + 1.0), y, m) if fittable(y) else None for y in series]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    json.dump({"seconds": seconds, "cpuSeconds": cpu_seconds, "rSquared": r2}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
