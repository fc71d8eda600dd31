#!/usr/bin/env bash
# Regenerates every test/reference/r/*.out from its .R script (npm run refs:r).
# Needs R with the psych and effectsize packages (Debian/Ubuntu:
# apt-get install r-base-core r-cran-psych r-cran-effectsize). The tests only
# read the committed .out files, so they do not need R.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v Rscript >/dev/null 2>&1; then
  echo "refs:r: Rscript is not installed, so the R references cannot be regenerated." >&2
  echo "Install R (e.g. apt-get install r-base-core r-cran-psych r-cran-effectsize) and run again." >&2
  echo "The committed test/reference/r/*.out files are unchanged; the tests do not need R." >&2
  exit 1
fi

# report-followup.R reads the records of the report test's fixture as CSV
# (test/fixtures/analysis/report-followup/*.csv); write them afresh from the fixture first
# (Node 22.18+ runs the TypeScript as is). Without such a Node, the committed CSV files are read;
# test/lib/analysis/report-followup.test.ts fails if they differ from the fixture.
if command -v node >/dev/null 2>&1 && node -e 'process.exit(process.features.typescript ? 0 : 1)' 2>/dev/null; then
  node ../../fixtures/analysis/write-report-followup-csv.ts >/dev/null
  echo "refs:r: wrote test/fixtures/analysis/report-followup/*.csv"
else
  echo "refs:r: no Node that runs TypeScript; report-followup.R reads the committed test/fixtures/analysis/report-followup/*.csv" >&2
fi

status=0
for script in *.R; do
  [ "$script" = common.R ] && continue
  out="${script%.R}.out"
  # Write to a temporary file first so a failing script leaves the committed output alone.
  if Rscript --vanilla "$script" > "$out.tmp"; then
    mv "$out.tmp" "$out"
    echo "refs:r: wrote $out"
  else
    rm -f "$out.tmp"
    echo "refs:r: $script failed; $out left unchanged" >&2
    status=1
  fi
done
exit $status
