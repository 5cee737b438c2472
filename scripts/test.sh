#!/usr/bin/env bash
# Runs every QuantKit test: each module's test target on its own (one result line per module,
# so a failure names its module), then the examples' tests. Installs what it needs first.
# Usage: scripts/test.sh [Module ...]   (default: all modules)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# Real peers the tests start: Chromium for the HTML report, a Korean font for its
# screenshot, Python packages for the SMTP server and plotly.js.
scripts/bootstrap.sh chromium fonts-nanum python3 shellcheck logrotate || exit 1
if ! python3 -c "import aiosmtpd, cryptography, plotly" 2>/dev/null; then
  echo "test: installing Python test peers (scripts/testing/requirements.txt)" >&2
  python3 -m pip install -q -r scripts/testing/requirements.txt ||
    python3 -m pip install -q --break-system-packages -r scripts/testing/requirements.txt ||
    { echo "test: pip install failed" >&2; exit 1; }
fi

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  for d in Tests/*Tests; do
    name=$(basename "$d")
    [ "$name" = ExamplesTests ] && continue
    modules+=("${name%Tests}")
  done
  modules+=(Examples)
fi

log_dir=$(mktemp -d)
echo "== building tests"
if ! swift build --build-tests >"$log_dir/build.log" 2>&1; then
  grep -E "error" "$log_dir/build.log" | head -n 40
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
passed=0 failed=0 failed_modules=()
for m in "${modules[@]}"; do
  log="$log_dir/$m.log"
  swift test --skip-build --filter "^${m}Tests\." >"$log" 2>&1
  status=$?
  ok=$(grep -cE '^✔ Test [^r]|^✔ Test r[^u]' "$log" || true)
  bad=$(grep -cE '^✘ Test [^r]|^✘ Test r[^u]' "$log" || true)
  summary=$(grep -E 'Test run with' "$log" | tail -n 1)
  if [ "$status" -ne 0 ] || [ "$bad" -gt 0 ]; then
    failed_modules+=("$m")
    [ "$bad" -eq 0 ] && bad=1
    echo "FAIL $m: ${summary:-no summary (exit $status)}"
    grep -E '^✘|error|Expectation failed|recorded an issue' "$log" | head -n 40
  else
    echo "ok   $m: ${summary:-no tests}"
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
done

echo
if [ ${#failed_modules[@]} -gt 0 ]; then echo "failing modules: ${failed_modules[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
