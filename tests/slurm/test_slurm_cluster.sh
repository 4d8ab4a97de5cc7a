#!/usr/bin/env bash
# `sieve slurm train` and `sieve slurm score` on a real single-node Slurm cluster started
# for this test (scripts/slurm-test-cluster.sh) and stopped at its end, whatever happens:
#   - the small recipe as a 3-task job array + merge job: the model is byte-identical to
#     a single `sieve train` with the same seed;
#   - --resume after one part was deleted and another corrupted: only those two tasks
#     are submitted, the others are reused, and the model is again identical;
#   - scoring as 3 shards + merge job: byte-identical to an unsharded `sieve score`;
#   - another dataset (FAIR-Universe, --schema): the tasks and the merge get the schema,
#     and the model is again identical to a single `sieve train`;
#   - a failing array (an unreadable row in the input): --wait fails naming the task,
#     its state and its log, and the log holds sieve's message.
# Exits 77 (CTest: skipped) only when the cluster's daemons cannot be started.
# Usage: test_slurm_cluster.sh SIEVE_BINARY
set -euo pipefail
sieve=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
data=$root/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz
recipe=(--members 3 --folds 3 --epochs 2)

tmp=$(mktemp -d /tmp/sieve-slurm-test.XXXXXX)
cluster=$tmp/cluster
cleanup() {
  "$root/scripts/slurm-test-cluster.sh" stop "$cluster" || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect FILE TEXT: FILE contains TEXT
  grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "expected '$2' in $1"; }
}

# A port pair of its own, so that a cluster left by another run cannot answer.
export SIEVE_SLURM_PORT=$((20000 + RANDOM % 20000))
if ! "$root/scripts/slurm-test-cluster.sh" start "$cluster" >"$tmp/start.log" 2>&1; then
  cat "$tmp/start.log" >&2
  echo "SKIPPED: the single-node Slurm cluster could not be started (see above)" >&2
  exit 77
fi
cat "$tmp/start.log"
export SLURM_CONF=$cluster/slurm.conf
cd "$tmp"

echo "== single-machine references"
"$sieve" train --data "$data" "${recipe[@]}" --quiet --out single.model >/dev/null
"$sieve" score --model single.model --in "$data" --out single.csv --quiet >/dev/null

echo "== sieve slurm train: 3 members as a job array, merge job after it"
start=$SECONDS
"$sieve" slurm train --data "$data" "${recipe[@]}" --out slurm.model --wait --poll-seconds 1 >train.out 2>&1 ||
  { cat train.out; fail "sieve slurm train"; }
cat train.out
expect train.out "tasks 0-2 (members)"
cmp single.model slurm.model || fail "the model of the job array differs from the single-machine model"
echo "identical models ($((SECONDS - start)) s)"

echo "== --resume: a deleted and a corrupted part are made again, the third is reused"
rm slurm.model slurm.model.slurm/parts/member-1.partial
echo garbage >> slurm.model.slurm/parts/member-2.partial
"$sieve" slurm train --data "$data" "${recipe[@]}" --out slurm.model --wait --poll-seconds 1 --resume >resume.out 2>&1 ||
  { cat resume.out; fail "sieve slurm train --resume"; }
cat resume.out
expect resume.out "resume: 1 members verified and reused (0)"
expect resume.out "tasks 1,2 (members)"
cmp single.model slurm.model || fail "the resumed model differs from the single-machine model"

echo "== sieve slurm score: 3 shards as a job array, merge job after it"
"$sieve" slurm score --model single.model --in "$data" --out slurm.csv --shards 3 --chunk-rows 2000 \
  --wait --poll-seconds 1 >score.out 2>&1 || { cat score.out; fail "sieve slurm score"; }
cat score.out
cmp single.csv slurm.csv || fail "the merged shards differ from the unsharded scores"
echo "identical scores"

echo "== another dataset: --schema reaches every task and the merge"
fair=(--data "$root/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz"
      --schema "$root/schemas/fair-universe-2024.toml" "${recipe[@]}" --batch-size 64)
"$sieve" train "${fair[@]}" --quiet --out fair-single.model >/dev/null
"$sieve" slurm train "${fair[@]}" --out fair-slurm.model --wait --poll-seconds 1 >fair.out 2>&1 ||
  { cat fair.out; fail "sieve slurm train --schema"; }
cmp fair-single.model fair-slurm.model || fail "the FAIR-Universe model of the job array differs"
echo "identical FAIR-Universe models"

echo "== a failing array is reported with its task and log"
{ zcat "$data" || true; } | head -n 100 | sed '50s/^\([^,]*\),[^,]*,/\1,abc,/' > bad.csv
if "$sieve" slurm score --model single.model --in bad.csv --out bad-scores.csv --shards 2 --wait \
  --poll-seconds 1 >bad.out 2>&1; then
  cat bad.out
  fail "a failing array was reported as a success"
fi
cat bad.out
expect bad.out "failed:"
expect bad.out "task 0: FAILED (exit code 2:0), log $tmp/bad-scores.csv.slurm/logs/score-"
log=$(grep -o "log $tmp/bad-scores.csv.slurm/logs/score-[0-9]*_0.log" bad.out | head -n 1 | cut -c5-)
[[ -f $log ]] || fail "the failed task's log $log does not exist"
expect "$log" "bad.csv line 50, column 2"
[[ ! -e bad-scores.csv ]] || fail "a failed run left an output"
echo "PASS"
