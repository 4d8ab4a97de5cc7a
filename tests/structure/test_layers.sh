#!/usr/bin/env bash
# The library folders are layers: libcore/runtime, then libcore/offline, then
# libcore/train, then tools/ (cluster, plot). A file may include a Sieve header ("sieve/...")
# only from its own layer or one below it; the layers' public headers do not overlap.
# The framework modules (adapters/cmssw/plugins, adapters/gaudi/src) use the runtime only.
# Usage: test_layers.sh SOURCE_DIR
set -euo pipefail
cd "$1"
layers=(libcore/runtime libcore/offline libcore/train "tools/cluster tools/plot")
failures=0
checked=0
for ((i = 0; i < ${#layers[@]}; ++i)); do
  allowed=()
  for ((j = 0; j <= i; ++j)); do
    for dir in ${layers[j]}; do allowed+=("$dir/include"); done
  done
  for dir in ${layers[i]}; do
    while IFS= read -r file; do
      while IFS= read -r header; do
        checked=$((checked + 1))
        found=0
        for inc in "${allowed[@]}"; do [[ -f $inc/$header ]] && found=1; done
        if ((!found)); then
          echo "layer violation: $file includes $header, which is not in ${allowed[*]}"
          failures=$((failures + 1))
        fi
      done < <(sed -n 's/^#include "\(sieve\/[^"]*\)".*/\1/p' "$file")
    done < <(find "$dir" -name '*.cpp' -o -name '*.hpp' -o -name '*.in')
  done
done
for dir in adapters/cmssw/plugins adapters/gaudi/src; do
  while IFS= read -r file; do
    while IFS= read -r header; do
      checked=$((checked + 1))
      if [[ ! -f libcore/runtime/include/$header ]]; then
        echo "a framework module needs more than Sieve::runtime: $file includes $header"
        failures=$((failures + 1))
      fi
    done < <(sed -n 's/^#include "\(sieve\/[^"]*\)".*/\1/p' "$file")
  done < <(find "$dir" -name '*.cc' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp')
done
# A header lives in one layer only (an include must not depend on the search order).
dups=$(cd libcore && find runtime/include offline/include train/include -name '*.hpp' | sed 's|^[a-z]*/include/||' | sort | uniq -d)
if [[ -n $dups ]]; then
  echo "headers in more than one layer: $dups"
  failures=$((failures + 1))
fi
((checked > 100)) || { echo "only $checked includes checked: the layer folders moved?"; exit 1; }
echo "$checked Sieve includes checked, $failures problem(s)"
((failures == 0))
