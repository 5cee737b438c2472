"""Times the Python peers of QuantKit's MLFactor models on the panel quant-bench wrote.

Reads train-x.f64 / test-x.f64 (raw float64, column-major: reshape(features, rows).T) and
train-y.f64 / test-y.f64 from --folder. Test rows are whole months of --stocks rows each.
Prints JSON: {"results": {name: {"seconds", "runs", "check"}}, "environment": {...}}, where
"seconds" is fit + predict and "check" the out-of-sample mean monthly rank IC (scipy spearmanr
per month, averaged), the statistic quant-bench computes for the Swift models.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def timed(fn, min_runs=3, min_seconds=1.0, max_runs=50, warm_up=True):
    """Median seconds of fn() over the runs, the run count, and the last result."""
    result = fn() if warm_up else None
    samples = []
    while len(samples) < max_runs and (len(samples) < min_runs or sum(samples) < min_seconds):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(samples), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--features", type=int, required=True)
    parser.add_argument("--stocks", type=int, required=True)
    parser.add_argument("--train-rows", type=int, required=True)
    parser.add_argument("--test-rows", type=int, required=True)
    parser.add_argument("--learning-rate", type=float, required=True)
    parser.add_argument("--model-threads", type=int, required=True, help="threads of the tree models (n_jobs, OpenMP)")
    args = parser.parse_args()

    import lightgbm
    import scipy
    import sklearn
    from scipy.stats import spearmanr
    from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
    from sklearn.linear_model import Ridge
    from threadpoolctl import threadpool_info, threadpool_limits

    def load(name, rows, columns=None):
        values = np.fromfile(f"{args.folder}/{name}", dtype="<f8")
        if columns is None:
            return values
        return np.ascontiguousarray(values.reshape(columns, rows).T)  # row-major, as users hold data

    p = args.features
    x_train, y_train = load("train-x.f64", args.train_rows, p), load("train-y.f64", args.train_rows)
    x_test, y_test = load("test-x.f64", args.test_rows, p), load("test-y.f64", args.test_rows)
    months = args.test_rows // args.stocks

    def rank_ic(prediction):
        ics = []
        for m in range(months):
            block = slice(m * args.stocks, (m + 1) * args.stocks)
            ics.append(spearmanr(prediction[block], y_test[block]).statistic)
        return float(np.mean(ics))

    results = {}

    def record(name, make, slow=False, once=False):
        def fit_predict():
            return make().fit(x_train, y_train).predict(x_test)

        if once:
            seconds, runs, prediction = timed(fit_predict, min_runs=1, min_seconds=0, max_runs=1, warm_up=False)
        elif slow:
            seconds, runs, prediction = timed(fit_predict, min_runs=3, min_seconds=0, max_runs=3)
        else:
            seconds, runs, prediction = timed(fit_predict)
        ic = rank_ic(prediction)
        results[name] = {"seconds": seconds, "runs": runs, "check": ic}
        print(f"peer {name}: {seconds:.4g} s ({runs} runs), rank IC {ic:.4f}", file=sys.stderr)

    threads = args.model_threads
    rate = args.learning_rate
    record("sklearn Ridge(alpha=1)", lambda: Ridge(alpha=1.0))
    # HistGradientBoostingRegressor parallelises with OpenMP; quant-bench pins OMP_NUM_THREADS to
    # the BLAS thread count, so the model's threads are set here.
    with threadpool_limits(limits=threads, user_api="openmp"):
        record(
            "sklearn HistGradientBoostingRegressor",
            lambda: HistGradientBoostingRegressor(
                max_iter=200, learning_rate=rate, max_leaf_nodes=31, min_samples_leaf=20,
                l2_regularization=0.0, max_bins=255, early_stopping=False, random_state=0,
            ),
            slow=True,
        )
    record(
        "LightGBM LGBMRegressor",
        lambda: lightgbm.LGBMRegressor(
            n_estimators=200, learning_rate=rate, num_leaves=31, min_child_samples=20, min_child_weight=1e-3,
            reg_lambda=0.0, max_bin=255, subsample=1.0, colsample_bytree=1.0, n_jobs=threads, random_state=0, verbose=-1,
        ),
        slow=True,
    )
    # Minutes at this size: one run, no warm-up.
    record(
        "sklearn RandomForestRegressor",
        lambda: RandomForestRegressor(
            n_estimators=100, max_depth=8, max_features=1.0, min_samples_leaf=1, bootstrap=True,
            n_jobs=threads, random_state=0,
        ),
        once=args.train_rows >= 50_000,
    )

    blas = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in threadpool_info()]
    versions = {
        "numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
        "lightgbm": lightgbm.__version__, "blas/openmp": "; ".join(blas), "model threads": str(threads),
    }
    json.dump({"results": results, "environment": versions}, sys.stdout)


if __name__ == "__main__":
    main()
