#!/usr/bin/env bash
# Runs QuantKit's benchmarks (the separate Benchmarks/ package, release build) with the Python
# peers installed, and prints Markdown tables; JSON results go to out/bench/.
# Usage: scripts/bench.sh [suite ...] [--threads N] [--quick] [--no-peers]
#   suites: covariance, risk-metrics, report, risk-parity, ml, bot (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh python3
if ! python3 -c "import sklearn, pandas, quantstats, empyrical, threadpoolctl, riskparityportfolio, skfolio, riskfolio, scipy, lightgbm" 2>/dev/null; then
  echo "bench: installing the Python peers (Benchmarks/peers/requirements.txt)" >&2
  python3 -m pip install -q -r Benchmarks/peers/requirements.txt ||
    python3 -m pip install -q --break-system-packages -r Benchmarks/peers/requirements.txt
fi
swift build -c release --package-path Benchmarks >/dev/null
exec Benchmarks/.build/release/quant-bench "$@"
