#!/usr/bin/python3
"""Reference fits of the Wang-Song-Barabasi adoption model with scipy, for the C# agreement test.

    c(t) = m * (exp(lam * Phi((ln t - mu) / sigma)) - 1),   t = 1 for the release month

Same choices as services/Fitting/Domain (see docs/adoption-model.md): m shared by all families,
chosen on the same log grid by the same profile criterion (sum over families of SSE/SST, i.e. of
1 - R^2), then (lam, mu, sigma) fitted per family with m fixed, the same bounds, the same starting
points, the best start kept. Families with fewer than MIN_POINTS months are not fitted.

Usage: tools/fitting/scipy_reference.py series.json [m] > reference.json
"""
import json
import math
import sys
import warnings

import numpy as np
from scipy.optimize import curve_fit
from scipy.stats import norm

LOWER = [0.0, -4.0, 0.05]    # lam, mu, sigma
UPPER = [20.0, 8.0, 10.0]
MU_STARTS = [0.0, 1.5, 3.0]
SIGMA_STARTS = [0.5, 1.5]
ULTIMATE_FACTORS = [1.2, 3.0]  # ultimate count m(e^lam - 1) guessed as this many times the last count
MIN_POINTS = 6
M_GRID = [10 ** (k / 10) for k in range(0, 31)]  # 1 .. 1000, 10 points a decade


def model(t, m, lam, mu, sigma):
    return m * (np.exp(lam * norm.cdf((np.log(t) - mu) / sigma)) - 1.0)


def jacobian(t, m, lam, mu, sigma):
    z = (np.log(t) - mu) / sigma
    e = np.exp(lam * norm.cdf(z))
    slope = m * e * lam * norm.pdf(z) / sigma
    return np.column_stack([m * e * norm.cdf(z), -slope, -slope * z])


def starts(m, last):
    for factor in ULTIMATE_FACTORS:
        lam = min(max(math.log1p(factor * max(last, 1.0) / m), 0.1), UPPER[0] - 0.5)
        for mu in MU_STARTS:
            for sigma in SIGMA_STARTS:
                yield [lam, mu, sigma]


def fit(t, y, m):
    best = None
    for p0 in starts(m, y[-1]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                p, cov = curve_fit(lambda x, *q: model(x, m, *q), t, y, p0=p0, bounds=(LOWER, UPPER),
                                   jac=lambda x, *q: jacobian(x, m, *q), method="trf", maxfev=2000)
        except (RuntimeError, ValueError):
            continue
        sse = float(np.sum((y - model(t, m, *p)) ** 2))
        if best is None or sse < best[0]:
            best = (sse, p, cov)
    sse, p, cov = best
    sst = float(np.sum((y - y.mean()) ** 2))
    return {
        "lambda": p[0], "mu": p[1], "sigma": p[2],
        "standardErrors": [float(s) for s in np.sqrt(np.abs(np.diag(cov)))],
        "sse": sse,
        "rSquared": 1.0 - sse / sst,
        "rmse": math.sqrt(sse / len(y)),
    }


def fittable(families):
    for f in families:
        y = np.array(f["cumulativeDerivatives"], dtype=float)
        if len(y) >= MIN_POINTS and y.max() > y.min():
            yield f, np.array(f["monthIndex"], dtype=float), y


def profile(families):
    """Sum over families of 1 - R^2 for every m of the grid."""
    rows = []
    for m in M_GRID:
        rows.append(sum(1.0 - fit(t, y, m)["rSquared"] for _, t, y in fittable(families)))
    return rows


def main():
    families = json.load(open(sys.argv[1]))["families"]
    losses = profile(families)
    best = int(np.argmin(losses))
    m = float(sys.argv[2]) if len(sys.argv) > 2 else M_GRID[best]
    out = {
        "method": "scipy.optimize.curve_fit, method=trf, analytic jacobian",
        "scipy": __import__("scipy").__version__,
        "bounds": {"lower": LOWER, "upper": UPPER},
        "mProfile": [{"m": g, "sumOneMinusRSquared": l} for g, l in zip(M_GRID, losses)],
        "m": m,
        "fits": [dict(familyId=f["familyId"], points=len(y), **fit(t, y, m)) for f, t, y in fittable(families)],
    }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
