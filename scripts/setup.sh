#!/usr/bin/env bash
# Installs the Debian packages Sieve needs (only those missing), then configures and
# builds into build/ (or $SIEVE_BUILD_DIR). Extra CMake arguments: $SIEVE_CMAKE_ARGS.
#   scripts/setup.sh --packages-only [package...]   installs the missing packages (and
#   the extra ones named, e.g. clang for the fuzzers) and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-matplotlib draws the plots of `sieve train --curves` and `sieve lr-find`;
# libpng-dev is for the test that reads them back; libhdf5-dev (the C library, found
# through pkg-config) reads and writes HDF5 ntuples. libprotobuf-dev and libonnx-dev write
# `sieve export --format onnx` (protobuf-compiler regenerates ONNX's classes if the
# shipped ones do not fit); python3-onnx (its checker) and python3-numpy (the lwtnn
# reference evaluator) are for the export tests.
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libboost-serialization-dev
          libboost-test-dev libtbb-dev libmsgsl-dev zlib1g-dev libpng-dev
          libtomlplusplus-dev libhdf5-dev python3-matplotlib libprotobuf-dev protobuf-compiler
          libonnx-dev python3-onnx python3-numpy)
packages_only=0
if [[ ${1:-} == --packages-only ]]; then
  packages_only=1
  shift
  packages+=("$@")
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

((packages_only)) && exit 0

build=${SIEVE_BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release ${SIEVE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "$(nproc)"
