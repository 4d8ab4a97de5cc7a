#!/usr/bin/env bash
# The main job: set-up and build (scripts/setup.sh), then the full recipe on the 18,000
# real HiggsML events shipped in data/: train the 10-member ensemble, show the model,
# measure its physics on held-out events by 5-fold cross-validation, and score the real
# Kaggle test events under systematic variations.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

sieve=build/bin/sieve
data=data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz
mkdir -p out

echo "== 1/4 sieve train: the recipe (10 members x 135 sub-epochs) on the 18,000 real events"
"$sieve" train --data "$data" --out out/higgsml.model --curves out/curves
echo "   loss curves and LR schedule: out/curves/{curves.csv,losses.png,schedule.png}"

echo "== 2/4 sieve inspect out/higgsml.model"
"$sieve" inspect out/higgsml.model

echo "== 3/4 sieve cross-validate: AUC and AMS on held-out real events (5 folds)"
"$sieve" cross-validate --data "$data" --folds 5 --seeds 1337

echo "== 4/4 sieve score: the 99 real Kaggle test events, nominal and under TES/JES variations"
"$sieve" score --model out/higgsml.model \
  --in data/higgsml/fixtures/kaggle-test.EventId-350000-350098.features-only.csv.gz \
  --out out/kaggle-test-scores.csv --variations nominal,tes_up,tes_down,jes_up,jes_down --tta-spread
head -n 4 out/kaggle-test-scores.csv
