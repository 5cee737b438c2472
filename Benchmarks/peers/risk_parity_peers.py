"""Times the Python peers of RiskParity's ERC solver on the covariance quant-bench wrote.

Usage: python3 Benchmarks/peers/risk_parity_peers.py --covariance FILE --assets N [--skip a,b]

FILE: the N x N matrix as raw little-endian float64 (symmetric, so the order does not matter).
Prints the harness format {"results": {name: {"seconds", "runs", "check", "note"}}, "environment": {...}}
where "check" is the achieved max relative risk-contribution error, the one metric used for every
solver, max_i |RC_i / (b_i sigma_p) - 1| with b_i = 1/N (computed as quant-bench computes it).

Peers:

- "riskparityportfolio ccd-spinu" / "riskparityportfolio ccd-choi": the C++ (Eigen) cyclical
  coordinate descent solvers of riskparityportfolio 0.6.0, `design(Sigma, b, tol, maxiter, method)`.
  In 0.6.0 the `method` names are swapped (`method="choi"` runs Spinu's CCD and `"spinu"` runs
  Choi & Chen's), so the rows are named by the algorithm that runs. `tol` is absolute on the
  risk shares, so a relative target e is passed as `tol = e * min(b)`. Each solver runs at the
  relative targets 1e-8, 1e-10, 1e-12 and 1e-14 (maxiter 300); a target counts as reached when
  the result with maxiter 300 equals the one with maxiter 301 (the loop stopped on its test).
  Every target is reported ("@1e-8" ...); the note marks the tightest (the converged run with
  the smallest achieved error).
- "skfolio RiskBudgeting": `RiskBudgeting(risk_measure=VARIANCE)` fitted on returns whose sample
  covariance is exactly the given matrix (T = max(2N, 300)); one run.
- "Riskfolio-Lib rp_optimization": `Portfolio.rp_optimization(model="Classic", rm="MV", b=None)`
  (its convex log-barrier formulation through cvxpy) with `Portfolio.cov` set to the given matrix
  (the returns it is built on are the same exact-covariance returns as skfolio's); one timed run,
  after one warm-up call up to N = 500 (cvxpy's first compile excluded; at N = 2000 it is noise).
- "scipy SLSQP": SLSQP on the variance of the risk contributions (the seed bot's objective,
  finite-difference gradient), long-only, fully invested, from equal weights, one run capped at
  120 s of wall time (checked in every objective call).
"""
import argparse
import importlib.metadata
import json
import statistics
import sys
import time

import numpy as np


def max_rel_error(w, s, b):
    w = np.asarray(w, dtype=float).ravel()
    rc = w * (s @ w)
    return float(np.max(np.abs(rc / (b * rc.sum()) - 1)))


def timed(fn, min_runs=3, min_seconds=1.0, max_runs=200, warm_up_seconds=0.0, windows=1):
    """Median seconds per call, the call count and the last result. The timed calls are split into
    `windows` consecutive windows, each with its share of the calls and seconds, and the lowest
    window median is returned (as quant-bench's Stopwatch with `windows`)."""
    # Warm-up: at least one call, and calls for warm_up_seconds (as quant-bench's Stopwatch).
    start = time.perf_counter()
    out = fn()
    while time.perf_counter() - start < warm_up_seconds:
        out = fn()
    count = max(1, windows)
    window_runs, window_cap = max(1, -(-min_runs // count)), max(1, max_runs // count)
    window_seconds = min_seconds / count
    medians, runs = [], 0
    for _ in range(count):
        samples = []
        total = 0.0
        while len(samples) < window_cap and (len(samples) < window_runs or total < window_seconds):
            start = time.perf_counter()
            out = fn()
            samples.append(time.perf_counter() - start)
            total += samples[-1]
        medians.append(statistics.median(samples))
        runs += len(samples)
    return min(medians), runs, out


class Timeout(Exception):
    pass


def slsqp(s, b, cap=120.0):
    from scipy.optimize import minimize

    n = len(b)
    start = time.perf_counter()
    best = {"w": np.full(n, 1 / n)}

    def objective(w):
        if time.perf_counter() - start > cap:
            raise Timeout
        rc = w * (s @ w)
        return float(np.var(rc / np.sqrt(w @ s @ w)))

    def callback(w):
        best["w"] = np.array(w)

    try:
        res = minimize(objective, np.full(n, 1 / n), method="SLSQP", bounds=[(0, 1)] * n,
                       constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                       options={"maxiter": 10000, "ftol": 1e-20}, callback=callback)
        w, capped = res.x, False
    except Timeout:
        w, capped = best["w"], True
    w = np.clip(w, 0, None)
    return time.perf_counter() - start, w / w.sum(), capped


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
    parser.add_argument("--covariance", required=True)
    parser.add_argument("--assets", type=int, required=True)
    parser.add_argument("--skip", default="", help="comma-separated: rpp, skfolio, riskfolio, slsqp")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    n = args.assets
    s = np.fromfile(args.covariance, dtype="<f8").reshape(n, n).T.copy()
    b = np.full(n, 1 / n)
    results, environment = {}, {"numpy": np.__version__}

    def record(name, seconds, runs, check, note=""):
        results[name] = {"seconds": seconds, "runs": runs, "check": check, "note": note}
        print(f"peer N={n} {name}: {seconds:.4g} s, error {check:.3g} {note}", file=sys.stderr)

    if "rpp" not in skip:
        from riskparityportfolio.vanilla import design

        environment["riskparityportfolio"] = importlib.metadata.version("riskparityportfolio")
        for algorithm, method in (("ccd-spinu", "choi"), ("ccd-choi", "spinu")):
            runs = []
            for target in (1e-8, 1e-10, 1e-12, 1e-14):
                tol = target * b.min()
                # As many calls as fill a second (the Swift side does the same), so that a
                # microsecond solve's median is not taken from a millisecond's window.
                secs, count, w = timed(lambda: np.asarray(design(s, b, tol, 300, method)).ravel(), max_runs=200_000,
                                       warm_up_seconds=0.5, windows=5)
                w_more = np.asarray(design(s, b, tol, 301, method)).ravel()
                converged = bool(np.array_equal(w, w_more))
                runs.append((target, secs, count, max_rel_error(w, s, b), converged))
                print(f"peer N={n} rpp {algorithm} target {target:g}: {secs:.4g} s error {runs[-1][3]:.3g} converged {converged}", file=sys.stderr)
            reached = [r for r in runs if r[4]] or runs
            tightest = min(reached, key=lambda r: r[3])
            for run in runs:
                target, secs, count, err, conv = run
                note = f"tol {target:g}*min(b)" + ("" if conv else ", maxiter hit") + (", tightest" if run is tightest else "")
                record(f"riskparityportfolio {algorithm} @{target:g}", secs, count, err, note)
    if "skfolio" not in skip:
        import skfolio
        from skfolio import RiskMeasure
        from skfolio.optimization import RiskBudgeting

        environment["skfolio"] = skfolio.__version__
        x = returns_with_covariance(s, max(2 * n, 300))
        model = RiskBudgeting(risk_measure=RiskMeasure.VARIANCE)
        start = time.perf_counter()
        model.fit(x)
        record("skfolio RiskBudgeting", time.perf_counter() - start, 1, max_rel_error(model.weights_, s, b))
    if "riskfolio" not in skip:
        import warnings

        import pandas as pd
        import riskfolio

        environment["riskfolio-lib"] = importlib.metadata.version("riskfolio-lib")
        environment["cvxpy"] = importlib.metadata.version("cvxpy")
        names = [f"A{i}" for i in range(n)]
        port = riskfolio.Portfolio(returns=pd.DataFrame(returns_with_covariance(s, max(2 * n, 300)), columns=names))
        port.assets_stats(method_mu="hist", method_cov="hist")
        port.cov = pd.DataFrame(s, index=names, columns=names)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if n <= 500:  # warm-up (at N = 2000 one call takes minutes; cvxpy's compile is noise there)
                port.rp_optimization(model="Classic", rm="MV", rf=0, b=None, hist=True)
            start = time.perf_counter()
            weights = port.rp_optimization(model="Classic", rm="MV", rf=0, b=None, hist=True)
            seconds = time.perf_counter() - start
        if weights is None:
            record("Riskfolio-Lib rp_optimization", seconds, 1, float("nan"), "no solution returned")
        else:
            record("Riskfolio-Lib rp_optimization", seconds, 1, max_rel_error(weights.to_numpy().ravel(), s, b),
                   "cvxpy; solvers tried in order: " + ", ".join(getattr(port, "solvers", [])))
    if "slsqp" not in skip:
        import scipy

        environment["scipy"] = scipy.__version__
        secs, w, capped = slsqp(s, b)
        record("scipy SLSQP (variance of RC)", secs, 1, max_rel_error(w, s, b), "capped at 120 s" if capped else "")
    try:
        from threadpoolctl import threadpool_info

        environment["blas"] = "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in threadpool_info())
    except ImportError:
        pass
    json.dump({"results": results, "environment": environment}, sys.stdout)


if __name__ == "__main__":
    main()
