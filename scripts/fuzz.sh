#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan+UBSan, coverage) in build-fuzz/
# and runs each, one after another, for the given number of seconds (default 60) on its
# seed corpus (fuzz/corpus/<target>/, committed) plus a working corpus that grows across
# runs (build-fuzz/corpus/<target>/). A crash, a sanitizer report, a leak, a timeout or a
# broken invariant stops the script with a non-zero status; the input that caused it is
# saved as build-fuzz/artifacts/<target>-crash-<sha1> (replay it with
# `build-fuzz/bin/<target> <file>`).
#   scripts/fuzz.sh [seconds] [target...]     e.g. scripts/fuzz.sh 600 fuzz_model_file
# Environment: SIEVE_FUZZ_JOBS (build parallelism, default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_csv_reader fuzz_hdf5_reader fuzz_model_file fuzz_recipe_config fuzz_schema fuzz_job_files)

scripts/setup.sh --packages-only clang libclang-rt-14-dev
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSIEVE_SANITIZE=address -DSIEVE_BUILD_FUZZERS=ON -DSIEVE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${SIEVE_FUZZ_JOBS:-$(nproc)}" --target fuzzers

mkdir -p "$build/artifacts" "$build/logs"
for target in "${targets[@]}"; do
  seeds=fuzz/corpus/${target#fuzz_}
  work=$build/corpus/${target#fuzz_}
  log=$build/logs/$target.log
  mkdir -p "$work"
  case $target in
    fuzz_model_file) max_len=65536 ;;  # the seed models are 12-30 kB
    fuzz_hdf5_reader) max_len=32768 ;;  # the raw seeds (HDF5 files) are 0.3-23 kB
    *) max_len=8192 ;;
  esac
  echo "fuzz: $target for ${seconds} s (seeds $seeds, working corpus $work, log $log)"
  # -timeout: no input may take more than 10 s; -rss_limit_mb: none may make the process
  # grow beyond 2 GB (a stored length that allocates without bound is a finding).
  status=0
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$work" "$seeds" >"$log" 2>&1 ||
    status=$?
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$log" |
    sed 's/^/  /' || true
  grep -E "^#[0-9]+ +DONE" "$log" | sed 's/^/  /' || true
  if ((status != 0)); then
    tail -n 60 "$log" >&2
    echo "fuzz: $target FAILED (exit status $status); the input is in $build/artifacts/" >&2
    exit 1
  fi
done
echo "fuzz: every target ran ${seconds} s without a finding"
