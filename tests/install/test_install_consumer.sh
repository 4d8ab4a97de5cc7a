#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, moves the prefix (the package must be
# relocatable), then configures, builds and runs a tiny consumer project against it: a
# scorer linking Sieve::runtime and a trainer linking Sieve::train.
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
mv "$work/prefix" "$work/moved"
cmake -S "$source/tests/install/consumer" -B "$work/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/moved" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/scorer" "$source/tests/data/golden-format1.model"
"$work/consumer/trainer" "$source/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz" \
  "$source/schemas/fair-universe-2024.toml"
