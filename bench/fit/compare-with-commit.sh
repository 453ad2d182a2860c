#!/usr/bin/env bash
# Fits the bench's large OSIPI files with this checkout's `qtm fit` and with the one of <commit> (built in a
# temporary folder), and compares the outputs number by number (compare-fit-csv.ts, 1e-9 relative): 2CXM and
# ETM with the default options, and 2CXM with --fit-delay on the 24 OSIPI curves.
# Run after `npm run build`:  bash bench/fit/compare-with-commit.sh <commit>
set -euo pipefail
commit=${1:?usage: bash bench/fit/compare-with-commit.sh <commit>}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/prev"
git -C "$root" archive "$commit" | tar -x -C "$work/prev"
ln -s "$root/node_modules" "$work/prev/node_modules"
[ -d "$root/prisma/generated" ] && cp -a "$root/prisma/generated" "$work/prev/prisma/"
(cd "$work/prev" && npm run build >/dev/null)
echo "built $commit in $work/prev"
fit() { # <checkout> <output> <fit args...>
  local dir=$1 out=$2
  shift 2
  /usr/bin/time -f "  %e s, %M KiB peak ($dir)" node "$dir/dist/cli/main.js" fit "$@" --output "$out"
}
status=0
for model in 2cxm etm; do
  node "$root/dist/bench/fit/osipi-repeated.js" "$model" "$work/$model.csv"
  fit "$work/prev" "$work/$model.prev.csv" --model "$model" --input "$work/$model.csv"
  fit "$root" "$work/$model.new.csv" --model "$model" --input "$work/$model.csv"
  node "$root/dist/bench/fit/compare-fit-csv.js" "$work/$model.prev.csv" "$work/$model.new.csv" || status=1
done
small="$root/test/fixtures/osipi/2cxm_sd_0.001_delay_0.csv"
echo "2cxm --fit-delay, $small"
fit "$work/prev" "$work/delay.prev.csv" --model 2cxm --input "$small" --fit-delay
fit "$root" "$work/delay.new.csv" --model 2cxm --input "$small" --fit-delay
node "$root/dist/bench/fit/compare-fit-csv.js" "$work/delay.prev.csv" "$work/delay.new.csv" || status=1
exit $status
