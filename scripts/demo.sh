#!/usr/bin/env bash
# The main job on bundled sample data: no account, no network, no configuration.
# Runs `quant-bot demo` (a ten-year backtest and the daily pipeline on the seeded synthetic
# KRX-like market, writing report.html, orders.csv, backtest.csv and summary.json; see
# Docs/Bot.md), then a tour of the `quant` command line on the same data (OUTPUT_DIR/cli).
# Usage: scripts/demo.sh [OUTPUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh

out=${1:-out/demo}
mkdir -p "$out"
echo "== building quant-bot and quant" >&2
swift build --product quant-bot >"$out/build.log" 2>&1 && swift build --product quant >>"$out/build.log" 2>&1 ||
  { tail -n 40 "$out/build.log"; exit 1; }
bin=$(swift build --show-bin-path)
quant() { "$bin/quant" "$@"; }

plotly_args=()
if plotly_js=$(python3 -c 'import os, plotly; print(os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js"))' 2>/dev/null) &&
  [ -f "$plotly_js" ]; then
  plotly_args=(--plotly-js "$plotly_js")
else
  echo "demo: plotly.js not found (pip install plotly); the reports link plotly.min.js beside them" >&2
fi

echo "== quant-bot demo" >&2
"$bin/quant-bot" demo --output "$out" "${plotly_args[@]}"

echo >&2
echo "== the quant command line on the same data ($out/cli)" >&2
cli="$out/cli"
mkdir -p "$cli"

echo "== sample data (synthetic, seed 42)" >&2
quant sample-data --output "$cli/data"

echo "== covariance of the three ETFs, every estimator" >&2
for method in sample ledoit-wolf oas nonlinear denoised; do
  quant covariance --returns "$cli/data/etf-returns.csv" --method "$method" --annualize >"$cli/covariance-$method.json"
done
quant covariance --returns "$cli/data/etf-returns.csv" --method ewm --half-life 63 --annualize >"$cli/covariance-ewm.json"
quant covariance --returns "$cli/data/etf-returns.csv" --method ledoit-wolf --format csv >"$cli/covariance.csv"

echo "== risk parity: equal risk contributions of the three ETFs (Ledoit-Wolf covariance)" >&2
quant risk-parity --covariance "$cli/covariance.csv" >"$cli/risk-parity.json"
quant risk-parity --covariance "$cli/covariance.csv" --format csv >"$cli/weights.csv"
quant portfolio-risk --weights "$cli/weights.csv" --covariance "$cli/covariance.csv" >"$cli/portfolio-risk.json"
quant metrics --returns "$cli/data/etf-returns.csv" --benchmark "$cli/data/benchmark.csv" >"$cli/metrics.json"

quant report --returns "$cli/data/etf-returns.csv" --weights "$cli/weights.csv" --covariance "$cli/covariance.csv" \
  --benchmark "$cli/data/benchmark.csv" --title "QuantKit 일일 리포트 (demo)" \
  --output "$cli/report.html" "${plotly_args[@]}"

python3 - "$cli" <<'PY' || true
import json, sys
cli = sys.argv[1]
risk = json.load(open(f"{cli}/portfolio-risk.json"))
metrics = json.load(open(f"{cli}/metrics.json"))["metrics"]
rp = json.load(open(f"{cli}/risk-parity.json"))
print("\nrisk parity (%s, %d iterations, max RC error %.1e): " % (rp["method"], rp["iterations"], rp["maxRelativeError"])
      + ", ".join("%s %.1f%%" % (a, 100 * w) for a, w in zip(rp["assets"], rp["weights"])))
print("portfolio volatility (daily): %.5f  diversification ratio: %.3f  effective bets: %.2f"
      % (risk["volatility"], risk["diversificationRatio"], risk["effectiveNumberOfBets"]))
print("%-8s %8s %8s %8s %9s" % ("asset", "CAGR", "vol", "Sharpe", "max DD"))
for asset, m in metrics.items():
    print("%-8s %8.2f%% %7.2f%% %8.2f %8.2f%%" % (asset, 100 * m["cagr"], 100 * m["volatility"], m["sharpe"] or 0, 100 * m["maxDrawdown"]))
PY
echo
echo "demo: the bot wrote $out (report.html, orders.csv, backtest.csv, summary.json, quant.sqlite);"
echo "      the command-line tour wrote $cli (report.html, covariance-*.json, risk-parity.json, weights.csv, metrics.json, data/)"
