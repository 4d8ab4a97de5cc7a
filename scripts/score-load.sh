#!/usr/bin/env bash
# Load measurement of `sieve score`: peak memory must not grow with the input. Makes
# scale samples of the real events (sieve make-scale-sample: real events moved by exact
# detector symmetries) of each size given (default 1,000,000 and 10,000,000 events),
# scores each with /usr/bin/time -v, and prints events, input size, wall time, events/s
# and peak RSS. Fails when a peak RSS exceeds the fixed bound (SIEVE_LOAD_RSS_MB, default
# 512) or grows by more than SIEVE_LOAD_GROWTH_MB (default 64) from the smallest to the
# largest input. Takes minutes and several GB of disk (10M events are ~3 GB of CSV): run
# it on a quiet machine, not in CI.
#   scripts/score-load.sh [events...]
# Environment: SIEVE_BIN (default build/bin/sieve, built by scripts/setup.sh when
# missing), SIEVE_LOAD_MODEL (a model file; default: the small test recipe trained here),
# SIEVE_LOAD_ARGS (extra `sieve score` options, e.g. "--variations nominal,jes_up"),
# SIEVE_LOAD_DIR (work directory, default a fresh one under /tmp, removed at the end
# unless SIEVE_LOAD_KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1000000 10000000)
bound_mb=${SIEVE_LOAD_RSS_MB:-512}
growth_mb=${SIEVE_LOAD_GROWTH_MB:-64}
sieve=${SIEVE_BIN:-build/bin/sieve}
[[ -x $sieve ]] || scripts/setup.sh
[[ -x /usr/bin/time ]] || scripts/setup.sh --packages-only time
data=data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz

work=${SIEVE_LOAD_DIR:-$(mktemp -d /tmp/sieve-score-load.XXXXXX)}
mkdir -p "$work"
[[ ${SIEVE_LOAD_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT

model=${SIEVE_LOAD_MODEL:-}
if [[ -z $model ]]; then
  model=$work/load.model
  echo "score-load: training the small test recipe (3 members, 3 folds, 2 epochs) into $model"
  "$sieve" train --data "$data" --out "$model" --members 3 --folds 3 --epochs 2 --quiet >/dev/null
fi

printf '%-12s %10s %10s %12s %12s\n' events "input MB" "wall s" "events/s" "peak RSS MB"
results=()
for n in "${sizes[@]}"; do
  input=$work/scale-$n.csv
  "$sieve" make-scale-sample --from "$data" --out "$input" --seed 1 --sizes "0,$n,0,0" >/dev/null
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$work/time-$n.txt" "$sieve" score --model "$model" --in "$input" \
    --out "$work/scores-$n.csv" --quiet ${SIEVE_LOAD_ARGS:-} >/dev/null
  rss_kb=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$work/time-$n.txt")
  wall=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$n.txt" |
         awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
  rows=$(($(wc -l <"$work/scores-$n.csv") - 1))
  if ((rows != n)); then
    echo "score-load: $rows scores for $n events" >&2
    exit 1
  fi
  mb=$(($(stat -c %s "$input") / 1000000))
  awk -v n="$n" -v mb="$mb" -v wall="$wall" -v rss="$rss_kb" \
    'BEGIN { printf "%-12s %10s %10.1f %12.0f %12.1f\n", n, mb, wall, n / wall, rss / 1024 }'
  results+=("$rss_kb")
  rm -f "$input" "$work/scores-$n.csv"
done

first=${results[0]} last=${results[-1]} status=0
for r in "${results[@]}"; do
  if ((r > bound_mb * 1024)); then
    echo "score-load: FAILED: a peak RSS of $((r / 1024)) MB exceeds the bound of $bound_mb MB" >&2
    status=1
  fi
done
if ((last - first > growth_mb * 1024)); then
  echo "score-load: FAILED: peak RSS grew by $(((last - first) / 1024)) MB from ${sizes[0]} to ${sizes[-1]} events" >&2
  status=1
fi
((status == 0)) && echo "score-load: peak RSS within $bound_mb MB and grew by $(((last - first) / 1024)) MB (bound $growth_mb MB)"
exit $status
