#!/usr/bin/env bash
# The test suite: set-up and build (scripts/setup.sh), then every CTest test
# (labels unit, integration and slow).
set -euo pipefail
cd "$(dirname "$0")/.."
SIEVE_CMAKE_ARGS="-DSIEVE_WERROR=ON ${SIEVE_CMAKE_ARGS:-}" scripts/setup.sh
ctest --test-dir "${SIEVE_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
