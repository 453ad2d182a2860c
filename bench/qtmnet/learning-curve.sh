#!/usr/bin/env bash
# The QTMnet learning curve of experiments/learning-curve.yaml (issue 9 item 4): trains the patch network on
# 6, 12, 24, 48 and 96 simulated subjects from two seed pools (the recipe of experiments/paper.yaml), scores
# every model on the validation subjects of the protocol, and prints the decision table.
# Run from the repository root after `npm run build`: bench/qtmnet/learning-curve.sh [WORK_DIR]
# (default .data/learning-curve; models already trained there are kept, so an interrupted run resumes).
set -euo pipefail
work=${1:-.data/learning-curve}
mkdir -p "$work/configs" "$work/models"
for pool in a b; do
  if [ "$pool" = a ]; then seed=10000 trainingSeed=20260331; else seed=11000 trainingSeed=20260332; fi
  for n in 6 12 24 48 96; do
    name=$pool-$n
    [ -f "$work/models/$name/metadata.json" ] && continue
    cat >"$work/configs/$name.yaml" <<YAML
data: ../datasets/$name
simulate:
  config: { imaging: { matrix: [32, 32, 8] }, vessels: { terminals: 400 } }
  seed: $seed
  subjects: $n
  patchSize: [6, 6, 4]
  patchesPerSubject: 60
  tumourFraction: 0.5
  side: 3
  samplesPerShard: 4096
backend: auto
network: { kind: patch, filters: [32, 32, 64], dense: 64, dropout: 0.2 }
training: { epochs: 16, batchSize: 64, learningRate: 0.001, seed: $trainingSeed, validationFraction: 0.2, checkpointEverySteps: 500 }
YAML
    echo "training $name ($(date -u +%H:%M:%S))" >&2
    node dist/cli/main.js train --config "$work/configs/$name.yaml" --out "$work/models/$name" >"$work/$name.log" 2>&1
  done
done
models=()
for m in "$work"/models/*/; do models+=(--model "$(basename "$m")=$m"); done
node dist/bench/qtmnet/evaluate-protocol.js --protocol experiments/learning-curve.yaml --out "$work/scores" "${models[@]}"
node dist/bench/qtmnet/learning-curve-table.js "$work/scores/reference.json"
