#!/usr/bin/env bash
# The test suite (.ci/run runs exactly this), in stages. Each stage prints a header and
# its time; the first failing stage stops the script with a non-zero status.
#   release  set-up and build (scripts/setup.sh, warnings as errors) into build/, then
#            every CTest test (labels unit, integration, slow)
#   asan     the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#            (GCC, -O1 -g1, build-asan/), but for the Slurm cluster test (label slurm:
#            daemons and job waits, the same `sieve` commands the other CLI tests run)
#   tsan     the concurrency tests (label concurrency: training with several threads,
#            parallel scoring, the framework adapters) under ThreadSanitizer (build-tsan/;
#            suppressions for TBB's internals in tests/tsan.supp)
#   portable the network, scorer and adapter tests in a portable build (SIEVE_ARCH=portable,
#            -march=x86-64-v2, build-portable/): the code a framework's generic build
#            compiles, without the AVX-512 and AMX kernels, bit-identical across paths
#            and threads there too, and bf16 refused with its message
#   fuzz     every libFuzzer target for $SIEVE_FUZZ_SECONDS (default 60) seconds on its
#            seed corpus (scripts/fuzz.sh: clang, ASan+UBSan, build-fuzz/)
# SIEVE_TEST_STAGES (default "release asan tsan portable fuzz") chooses stages, e.g.
# SIEVE_TEST_STAGES=release scripts/test.sh for the plain suite only. Packages that a
# stage needs are installed with apt-get only when missing (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${SIEVE_TEST_STAGES:-release asan tsan portable fuzz}
# The portable stage's tests: what scores (network, copies, scorer, adapters).
portable_tests=(test_network test_tta_network test_scorer test_event_scorer test_bf16_scoring test_cmssw_adapter
                test_gaudi_adapter)
jobs=$(nproc)

stage_start=0
begin_stage() {
  stage_start=$SECONDS
  printf '\n==================== stage %s: %s ====================\n' "$1" "$2"
}
end_stage() {
  printf -- '-------------------- stage %s passed in %d s --------------------\n' "$1" $((SECONDS - stage_start))
}
trap 'status=$?; ((status == 0)) || printf "\n==================== FAILED (exit status %d) ====================\n" "$status" >&2' EXIT

# A sanitizer build of the targets that CTest's tests of `label` run (every test when
# `label` is empty), then those tests. Test names are their executables' target names.
sanitized_suite() { # build-dir, sanitizer, ctest label or "", [ctest label to exclude]
  local dir=$1 sanitizer=$2 label=$3 exclude=${4:-}
  # -g1: line tables for the reports' stack traces, a fraction of -g's compile and link time.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DSIEVE_SANITIZE="$sanitizer" -DSIEVE_ARCH=native >/dev/null
  if [[ -z $label ]]; then
    cmake --build "$dir" -j "$jobs"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" ${exclude:+-LE "$exclude"}
  else
    mapfile -t targets < <(ctest --test-dir "$dir" -N -L "$label" 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: *//p')
    ((${#targets[@]})) || { echo "no test carries the label $label" >&2; return 1; }
    echo "tests labelled $label: ${targets[*]}"
    # `sieve` too: CLI tests run it.
    cmake --build "$dir" -j "$jobs" --target sieve "${targets[@]}"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" -L "$label"
  fi
}

# The ONNX export tests run the exported graphs with ONNX Runtime: the npm package
# onnxruntime-node in tools/peers/onnx (npm ci from its package-lock.json; the package
# carries its CPU binaries, --ignore-scripts skips the optional GPU download). Node.js and
# npm: the machine's, else Debian's. Without them those tests are skipped, saying so.
onnx_peer() {
  local peer=tools/peers/onnx
  [[ -d $peer/node_modules/onnxruntime-node ]] && return 0
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    scripts/setup.sh --packages-only nodejs npm
  fi
  local try
  for try in 1 2 3; do
    (cd "$peer" && npm ci --ignore-scripts --no-audit --no-fund) && return 0
    echo "npm ci in $peer failed (try $try of 3)" >&2
    sleep 5
  done
  return 1
}

for stage in $stages; do
  case $stage in
    release)
      begin_stage release "build (warnings as errors) and every test"
      SIEVE_CMAKE_ARGS="-DSIEVE_WERROR=ON ${SIEVE_CMAKE_ARGS:-}" scripts/setup.sh
      onnx_peer
      ctest --test-dir "${SIEVE_BUILD_DIR:-build}" --output-on-failure -j "$jobs"
      end_stage release
      ;;
    asan)
      begin_stage asan "every test but the Slurm cluster's under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)"
      scripts/setup.sh --packages-only libasan8 libubsan1  # GCC's runtimes (g++ brings them)
      # Leaks are errors; a UBSan report fails the test (-fno-sanitize-recover).
      ASAN_OPTIONS=detect_leaks=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        sanitized_suite build-asan address "" slurm
      end_stage asan
      ;;
    tsan)
      begin_stage tsan "concurrency tests under ThreadSanitizer (build-tsan)"
      scripts/setup.sh --packages-only libtsan2
      TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
        sanitized_suite build-tsan thread concurrency
      end_stage tsan
      ;;
    portable)
      begin_stage portable "the scoring tests in a portable build, as a framework's generic build compiles Sieve (build-portable)"
      cmake -S . -B build-portable -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIEVE_ARCH=portable -DSIEVE_WERROR=ON >/dev/null
      cmake --build build-portable -j "$jobs" --target "${portable_tests[@]}"
      ctest --test-dir build-portable --output-on-failure -j "$jobs" -R "^($(IFS='|'; echo "${portable_tests[*]}"))\$"
      end_stage portable
      ;;
    fuzz)
      begin_stage fuzz "every fuzz target for ${SIEVE_FUZZ_SECONDS:-60} s (build-fuzz)"
      scripts/fuzz.sh "${SIEVE_FUZZ_SECONDS:-60}"
      end_stage fuzz
      ;;
    *)
      echo "unknown stage '$stage' in SIEVE_TEST_STAGES (known: release asan tsan portable fuzz)" >&2
      exit 2
      ;;
  esac
done
printf '\n==================== every stage passed (%s) in %d s ====================\n' "$stages" "$SECONDS"
