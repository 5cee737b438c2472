"""Times the Python peers of RiskParity's ERC solver on one covariance and prints JSON.

Usage: OPENBLAS_NUM_THREADS=1 python3 Benchmarks/peers/risk_parity_peers.py COVARIANCE.csv [--tolerance 1e-8]

COVARIANCE.csv: the n x n matrix, one row per line, comma-separated, no labels.
Prints {peer: {"seconds": s, "maxRelativeError": e, ...}} where the error is the one metric used
everywhere, max_i |RC_i / (b_i sigma_p) - 1| with b_i = 1/n. Peers:

- "scipy-slsqp": SLSQP on the variance of the risk contributions (the seed bot's objective),
  long-only, fully invested, capped at 120 s of wall time (the cap is checked in the callback).
- "riskparityportfolio-spinu" / "riskparityportfolio-choi": the C++ cyclical coordinate descent
  solvers of riskparityportfolio 0.6.0 (`design(Sigma, b, tol, maxiter, method)`; note that the
  `method` names are swapped in that release, and `tol` is absolute), each run once at `tol=1e-8`
  and once at its tightest reachable tolerance (`tol=1e-15`, maxiter 100000).
- "skfolio-riskbudgeting": skfolio `RiskBudgeting(risk_measure=VARIANCE)` fitted on returns whose
  sample covariance is exactly the given matrix (T = max(2n, 300)).

Each timing is the median of `--repeats` runs (default 5; SLSQP and skfolio run once).
"""
import argparse
import json
import time

import numpy as np


def max_rel_error(w, s, b):
    rc = w * (s @ w)
    share = rc / rc.sum()
    return float(np.max(np.abs(share / b - 1)))


def timed(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def slsqp(s, b, cap=120.0):
    from scipy.optimize import minimize

    n = len(b)

    def objective(w):
        rc = w * (s @ w)
        return float(np.var(rc / np.sqrt(w @ s @ w)))

    start = time.perf_counter()

    class Timeout(Exception):
        pass

    best = {"w": np.full(n, 1 / n)}

    def callback(w):
        best["w"] = np.array(w)
        if time.perf_counter() - start > cap:
            raise Timeout

    try:
        res = minimize(objective, np.full(n, 1 / n), method="SLSQP", bounds=[(0, 1)] * n,
                       constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                       options={"maxiter": 10000, "ftol": 1e-20}, callback=callback)
        w, capped = res.x, False
    except Timeout:
        w, capped = best["w"], True
    return time.perf_counter() - start, np.clip(w, 0, None) / np.clip(w, 0, None).sum(), capped


def returns_with_covariance(s, t, seed=7):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((t, s.shape[0]))
    z -= z.mean(axis=0)
    q, _ = np.linalg.qr(z)
    q -= q.mean(axis=0)
    q, _ = np.linalg.qr(q)
    return np.sqrt(t - 1) * q @ np.linalg.cholesky(s).T


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("covariance")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated peers to skip")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    s = np.loadtxt(args.covariance, delimiter=",")
    n = s.shape[0]
    b = np.full(n, 1 / n)
    out = {"n": n}
    try:
        import riskparityportfolio as rpp

        for method in ["spinu", "choi"]:
            for label, tol in [("1e-8", 1e-8), ("tightest", 1e-15)]:
                key = f"riskparityportfolio-{method}@{label}"
                if key in skip:
                    continue
                secs, w = timed(lambda: np.asarray(rpp.design(s, b, tol, 100000, method)).ravel(), args.repeats)
                out[key] = {"seconds": secs, "maxRelativeError": max_rel_error(w, s, b)}
    except ImportError as e:
        out["riskparityportfolio"] = {"error": str(e)}
    if "skfolio" not in skip:
        try:
            from skfolio import RiskMeasure
            from skfolio.optimization import RiskBudgeting

            x = returns_with_covariance(s, max(2 * n, 300))
            model = RiskBudgeting(risk_measure=RiskMeasure.VARIANCE)
            secs, _ = timed(lambda: model.fit(x), 1)
            out["skfolio-riskbudgeting"] = {"seconds": secs, "maxRelativeError": max_rel_error(np.asarray(model.weights_), s, b)}
        except ImportError as e:
            out["skfolio-riskbudgeting"] = {"error": str(e)}
    if "slsqp" not in skip:
        secs, w, capped = slsqp(s, b)
        out["scipy-slsqp"] = {"seconds": secs, "maxRelativeError": max_rel_error(w, s, b), "cappedAt120s": capped}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
