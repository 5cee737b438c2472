"""Times the Python peers of QuantKit's Covariance module on the data quant-bench wrote.

Prints JSON: {"results": {name: {"seconds", "runs", "check"}}, "environment": {...}}.
"check" is the shrinkage intensity where the estimator has one (compare with Swift's).
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def timed(fn, min_runs=3, min_seconds=1.0, max_runs=50):
    fn()  # warm-up
    samples = []
    while len(samples) < max_runs and (len(samples) < min_runs or sum(samples) < min_seconds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(samples)


def numpy_ewm(x, half_life):
    """pandas ewm(halflife, adjust=True).cov() of the last date, bias-corrected, in numpy."""
    alpha = 1 - np.exp(-np.log(2) / half_life)
    w = (1 - alpha) ** np.arange(x.shape[0] - 1, -1, -1)
    sw = w.sum()
    mean = w @ x / sw
    xc = x - mean
    cov = (xc * w[:, None]).T @ xc / sw
    return cov * sw**2 / (sw**2 - (w**2).sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--assets", type=int, required=True)
    parser.add_argument("--half-life", type=float, required=True)
    parser.add_argument("--pandas-ewm", action="store_true", help="also time pandas ewm().cov() (slow: tens of seconds at N=500)")
    args = parser.parse_args()

    import sklearn
    from sklearn.covariance import OAS, LedoitWolf
    from threadpoolctl import threadpool_info

    x = np.fromfile(args.data, dtype="<f8").reshape(args.assets, args.days).T.copy()
    results = {}

    def record(name, timing, check=None):
        results[name] = {"seconds": timing[0], "runs": timing[1], "check": check}
        print(f"peer {name}: {timing[0]:.4g} s", file=sys.stderr)

    record("numpy.cov", timed(lambda: np.cov(x, rowvar=False)))
    for cls, label in ((LedoitWolf, "sklearn.LedoitWolf"), (OAS, "sklearn.OAS")):
        fast = cls(store_precision=False)
        record(f"{label}(store_precision=False)", timed(lambda: fast.fit(x)), float(fast.fit(x).shrinkage_))
        default = cls()
        slow_runs = 1 if args.assets >= 1000 else 3
        record(f"{label}()", timed(lambda: default.fit(x), min_runs=slow_runs, min_seconds=0, max_runs=slow_runs), float(default.fit(x).shrinkage_))
    record("numpy EWM formula", timed(lambda: numpy_ewm(x, args.half_life)))
    versions = {"numpy": np.__version__, "scikit-learn": sklearn.__version__}
    if args.pandas_ewm:
        import pandas as pd

        frame = pd.DataFrame(x)
        start = time.perf_counter()
        full = frame.ewm(halflife=args.half_life, adjust=True).cov()  # one run: tens of seconds
        record("pandas ewm(halflife).cov()", (time.perf_counter() - start, 1))
        assert np.allclose(full.loc[args.days - 1].to_numpy(), numpy_ewm(x, args.half_life), rtol=1e-9, atol=1e-15)
        versions["pandas"] = pd.__version__

    blas = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in threadpool_info()]
    versions["blas"] = "; ".join(blas)
    json.dump({"results": results, "environment": versions}, sys.stdout)


if __name__ == "__main__":
    main()
