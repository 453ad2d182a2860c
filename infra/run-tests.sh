#!/usr/bin/env bash
# The test command (`npm test`): installs what is missing, starts the local stack if it is not running
# (and stops it again afterwards in that case), applies migrations, type-checks and lints, runs every jest project
# (unit, integration and fault tests against the real servers), and ends with "N passed, N failed" counted
# from jest's own results. Extra arguments go to jest (e.g. `npm test -- test/unit`).
set -uo pipefail
cd "$(dirname "$0")/.."

bash infra/bootstrap.sh || exit 1
qtm() { node dist/cli/main.js "$@"; }

started_here=0
if ! qtm stack status >/dev/null 2>&1; then
  started_here=1
  qtm stack up || { echo "0 passed, 1 failed"; exit 1; }
fi
stop_stack() { if [ "$started_here" = 1 ]; then qtm stack down >/dev/null; fi; }
trap stop_stack EXIT

qtm db migrate || { echo "0 passed, 1 failed"; exit 1; }

typecheck_failed=0
echo "tsc --noEmit"
npx tsc --noEmit -p tsconfig.json || typecheck_failed=1
npx tsc --noEmit -p viewer/app/tsconfig.json || typecheck_failed=1  # the viewer's page (DOM types)
echo "biome check (lint and format)"
npx biome check . || typecheck_failed=1
echo "import directions (docs/architecture.md)"
npx depcruise --config .dependency-cruiser.cjs . || typecheck_failed=1

mkdir -p .data
results=.data/jest-results.json
rm -f "$results"
npx jest --ci --json --outputFile="$results" "$@"
jest_rc=$?

summary=$(node -e '
  const fs = require("fs");
  const [file, tscFailed] = process.argv.slice(1);
  const r = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 1 };
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) + Number(tscFailed);
  console.log(`${r.numPassedTests} passed, ${failed} failed`);
' "$results" "$typecheck_failed")
[ "$typecheck_failed" = 1 ] && echo "type-check, lint or import check failed (counted as 1 failure)"
echo "$summary" > .data/test-summary.txt
echo "$summary"
[ "$jest_rc" = 0 ] && [ "$typecheck_failed" = 0 ]
