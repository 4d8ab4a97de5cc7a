#!/usr/bin/env bash
# What the framework adapters cost: the same events and model scored by `sieve score`
# (blocks of events), the CMSSW-style producer (global and stream module) and the
# Gaudi-style transformer (one event per call), nominal and with four variations, with
# the same number of threads. Prints wall time, events/s and user CPU of the best of
# SIEVE_OVERHEAD_REPEATS runs (default 2) each, and checks that every output is
# byte-identical to `sieve score`'s. Run it on a quiet machine: it measures, it does not
# judge.
#   scripts/adapter-overhead.sh [events]        (default 100000)
# Environment: SIEVE_BUILD_DIR (default build; built by scripts/setup.sh when missing),
# SIEVE_OVERHEAD_MODEL (default: trained here on the real events with `sieve train`),
# SIEVE_OVERHEAD_THREADS (default 2), SIEVE_OVERHEAD_REPEATS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-100000}
build=${SIEVE_BUILD_DIR:-build}
threads=${SIEVE_OVERHEAD_THREADS:-2}
repeats=${SIEVE_OVERHEAD_REPEATS:-2}
bin=$build/bin
[[ -x $bin/sieve && -x $bin/sieve-cmssw-demo && -x $bin/sieve-gaudi-demo ]] || SIEVE_BUILD_DIR=$build scripts/setup.sh
[[ -x /usr/bin/time ]] || scripts/setup.sh --packages-only time
data=data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz

work=$(mktemp -d /tmp/sieve-adapter-overhead.XXXXXX)
trap 'rm -rf "$work"' EXIT
model=${SIEVE_OVERHEAD_MODEL:-}
if [[ -z $model ]]; then
  model=$work/recipe.model
  "$bin/sieve" train --data "$data" --out "$model" --threads "$threads" --quiet
fi
input=$work/events.csv
"$bin/sieve" make-scale-sample --from "$data" --out "$input" --seed 1 --sizes "0,$events,0,0" >/dev/null

# best_of NAME OUT COMMAND...: runs COMMAND `repeats` times; prints a table row.
best_of() {
  local name=$1 out=$2
  shift 2
  local best_wall="" best_user=""
  for ((i = 0; i < repeats; ++i)); do
    /usr/bin/time -f "%e %U" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      cat "$work/stderr" >&2
      exit 1
    }
    read -r wall user <"$work/time"
    if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall best_user=$user
    fi
  done
  local identical=yes
  [[ $out == "$reference" ]] || cmp -s "$out" "$reference" || identical=NO
  awk -v n="$name" -v w="$best_wall" -v u="$best_user" -v e="$events" -v same="$identical" \
    'BEGIN { printf "| %s | %.2f s | %.0f | %.2f s | %s |\n", n, w, e / w, u, same }'
}

echo "$events events (scale sample of the real events), model $model, $threads threads, best of $repeats"
for variations in nominal nominal,tes_up,tes_down,jes_up,jes_down; do
  echo
  echo "variations: $variations"
  echo "| | wall | events/s | user CPU | same bytes as sieve score |"
  echo "| --- | --- | --- | --- | --- |"
  common=(--model "$model" --in "$input" --variations "$variations" --threads "$threads")
  reference=$work/score.csv
  best_of "sieve score" "$reference" "$bin/sieve" score "${common[@]}" --out "$reference" --quiet
  best_of "sieve-cmssw-demo, global module" "$work/global.csv" \
    "$bin/sieve-cmssw-demo" "${common[@]}" --out "$work/global.csv" --producer global --quiet
  best_of "sieve-cmssw-demo, stream module" "$work/stream.csv" \
    "$bin/sieve-cmssw-demo" "${common[@]}" --out "$work/stream.csv" --producer stream --quiet
  best_of "sieve-gaudi-demo" "$work/gaudi.csv" \
    "$bin/sieve-gaudi-demo" "${common[@]}" --out "$work/gaudi.csv" --quiet
done
