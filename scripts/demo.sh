#!/usr/bin/env bash
# The main job on bundled sample data: no account, no network, no configuration.
# Generates the seeded synthetic KRX-like market, estimates covariances, weights the three
# ETFs, computes risk and performance statistics and writes the daily HTML report.
# Usage: scripts/demo.sh [OUTPUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh

out=${1:-out/demo}
mkdir -p "$out"
echo "== building quant" >&2
swift build --product quant >"$out/build.log" 2>&1 || { tail -n 40 "$out/build.log"; exit 1; }
quant() { "$(swift build --show-bin-path)/quant" "$@"; }

echo "== sample data (synthetic, seed 42)" >&2
quant sample-data --output "$out/data"

echo "== covariance of the three ETFs, every estimator" >&2
for method in sample ledoit-wolf oas nonlinear denoised; do
  quant covariance --returns "$out/data/etf-returns.csv" --method "$method" --annualize >"$out/covariance-$method.json"
done
quant covariance --returns "$out/data/etf-returns.csv" --method ewm --half-life 63 --annualize >"$out/covariance-ewm.json"
quant covariance --returns "$out/data/etf-returns.csv" --method ledoit-wolf --format csv >"$out/covariance.csv"

echo "== risk parity: equal risk contributions of the three ETFs (Ledoit-Wolf covariance)" >&2
quant risk-parity --covariance "$out/covariance.csv" >"$out/risk-parity.json"
quant risk-parity --covariance "$out/covariance.csv" --format csv >"$out/weights.csv"
quant portfolio-risk --weights "$out/weights.csv" --covariance "$out/covariance.csv" >"$out/portfolio-risk.json"
quant metrics --returns "$out/data/etf-returns.csv" --benchmark "$out/data/benchmark.csv" >"$out/metrics.json"

plotly_args=()
if plotly_js=$(python3 -c 'import os, plotly; print(os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js"))' 2>/dev/null) &&
  [ -f "$plotly_js" ]; then
  plotly_args=(--plotly-js "$plotly_js")
else
  echo "demo: plotly.js not found (pip install plotly); the report links plotly.min.js beside it" >&2
fi
quant report --returns "$out/data/etf-returns.csv" --weights "$out/weights.csv" --covariance "$out/covariance.csv" \
  --benchmark "$out/data/benchmark.csv" --title "QuantKit 일일 리포트 (demo)" \
  --output "$out/report.html" "${plotly_args[@]}"

python3 - "$out" <<'PY' || true
import json, sys
out = sys.argv[1]
risk = json.load(open(f"{out}/portfolio-risk.json"))
metrics = json.load(open(f"{out}/metrics.json"))["metrics"]
rp = json.load(open(f"{out}/risk-parity.json"))
print("\nrisk parity (%s, %d iterations, max RC error %.1e): " % (rp["method"], rp["iterations"], rp["maxRelativeError"])
      + ", ".join("%s %.1f%%" % (a, 100 * w) for a, w in zip(rp["assets"], rp["weights"])))
print("portfolio volatility (daily): %.5f  diversification ratio: %.3f  effective bets: %.2f"
      % (risk["volatility"], risk["diversificationRatio"], risk["effectiveNumberOfBets"]))
print("%-8s %8s %8s %8s %9s" % ("asset", "CAGR", "vol", "Sharpe", "max DD"))
for asset, m in metrics.items():
    print("%-8s %8.2f%% %7.2f%% %8.2f %8.2f%%" % (asset, 100 * m["cagr"], 100 * m["volatility"], m["sharpe"] or 0, 100 * m["maxDrawdown"]))
PY
echo
echo "demo: wrote $out (report.html, covariance-*.json, risk-parity.json, weights.csv, portfolio-risk.json, metrics.json, data/)"
