"""Times quantstats and empyrical computing QuantKit's RiskMetrics statistic set on the data
quant-bench wrote (columns 0..N-1 are the assets, column N the benchmark).

Each library is called the fastest way it supports: quantstats on the whole DataFrame where
its functions accept one, per column otherwise; empyrical per column.
Prints JSON: {"results": {name: {"seconds", "runs", "check"}}, "environment": {...}}.
"""
import argparse
import json
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--assets", type=int, required=True)
    parser.add_argument("--window", type=int, required=True)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    import empyrical as ep
    import quantstats as qs

    raw = np.fromfile(args.data, dtype="<f8").reshape(args.assets + 1, args.days).T
    raw = np.maximum(raw, -0.5)
    index = pd.bdate_range("2014-01-02", periods=args.days)
    frame = pd.DataFrame(raw[:, : args.assets], index=index, columns=[f"S{j:04d}" for j in range(args.assets)])
    bench = pd.Series(raw[:, args.assets], index=index, name="BM")

    def quantstats_full():
        s = qs.stats
        for fn in (s.comp, s.cagr, s.volatility, s.sharpe, s.sortino, s.calmar, s.omega, s.max_drawdown,
                   s.value_at_risk, s.conditional_value_at_risk, s.skew, s.kurtosis, s.win_rate, s.best,
                   s.worst, s.tail_ratio, s.ulcer_index):
            fn(frame)
        for column in frame.columns:
            series = frame[column]
            s.greeks(series, bench)
            s.information_ratio(series, bench)
            series.corr(bench)
            s.monthly_returns(series)

    def empyrical_full():
        for column in frame.columns:
            r = frame[column]
            ep.annual_return(r); ep.annual_volatility(r); ep.sharpe_ratio(r); ep.sortino_ratio(r)
            ep.calmar_ratio(r); ep.omega_ratio(r); ep.max_drawdown(r); ep.value_at_risk(r)
            ep.conditional_value_at_risk(r); r.skew(); r.kurtosis(); ep.tail_ratio(r)
            ep.alpha_beta(r, bench); ep.excess_sharpe(r, bench); ep.up_capture(r, bench); ep.down_capture(r, bench)
            ep.aggregate_returns(r, "monthly"); ep.aggregate_returns(r, "yearly")

    def empyrical_rolling():
        for column in frame.columns:
            ep.roll_sharpe_ratio(frame[column], window=args.window)
            ep.roll_annual_volatility(frame[column], window=args.window)

    def pandas_rolling():
        roll = frame.rolling(args.window)
        mean, std = roll.mean(), roll.std()
        (mean / std * np.sqrt(252)).to_numpy(); (std * np.sqrt(252)).to_numpy()

    results = {}
    for name, fn in (("quantstats", quantstats_full), ("empyrical", empyrical_full),
                     ("empyrical roll_*", empyrical_rolling), ("pandas rolling (vectorised)", pandas_rolling)):
        seconds, runs = timed(fn, args.runs)
        results[name] = {"seconds": seconds, "runs": runs, "check": None}
        print(f"peer {name}: {seconds:.4g} s", file=sys.stderr)
    import empyrical
    env = {"quantstats": qs.__version__, "empyrical-reloaded": getattr(empyrical, "__version__", "?"), "pandas": pd.__version__}
    json.dump({"results": results, "environment": env}, sys.stdout)


if __name__ == "__main__":
    main()
