#!/usr/bin/env bash
# The side-by-side benchmark: Sieve against the PyTorch reference, XGBoost and ONNX Runtime
# (`sieve bench`). Installs what is missing (the build's Debian packages and Google Benchmark
# here; the peers through tools/peers/install.sh, run by the driver), builds into build-bench/
# (or $SIEVE_BUILD_DIR) with the microbenchmarks, then runs `sieve bench` with the arguments
# given (e.g. --quick, --sections physics,limit). Writes bench/report.md and bench/*.png; every
# timing runs alone, so run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed"; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bench: the Debian package libbenchmark-dev is missing and installing it needs root" >&2
    exit 1
  fi
  echo "bench: installing libbenchmark-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libbenchmark-dev >/dev/null
fi

build=${SIEVE_BUILD_DIR:-build-bench}
SIEVE_BUILD_DIR=$build SIEVE_CMAKE_ARGS="-DSIEVE_BUILD_BENCH=ON -DSIEVE_BUILD_TESTS=OFF ${SIEVE_CMAKE_ARGS:-}" \
  scripts/setup.sh
exec "$build/bin/sieve" bench "$@"
