#!/usr/bin/env bash
# Readers, writers, tables, the pipeline, the tools and the framework modules know roles,
# not names: no code of the library, the tools or the adapters names a column of the
# HiggsML 2014 preset (a string literal such as "PRI_jet_num", "EventId" or
# "KaggleWeight"). The names come from the schema (schemas/higgsml-2014.toml, compiled in).
# The physics folders (the registered higgsml2014 and fair-universe-2024 recomputations,
# and the HiggsML scale sample built on the preset) and data/higgs_columns.hpp, the
# recomputation's roles, may name them; so may tests and the stand-in frameworks.
# Comments are not code: they are stripped before the check.
# Usage: test_dataset_names.sh SOURCE_DIR
set -euo pipefail
cd "$1"
names='"(PRI_[A-Za-z_]+|DER_[A-Za-z_]+|EventId|Weight|KaggleWeight|Label|KaggleSet)"'
# The pattern finds the preset's names where they belong: otherwise this test could not fail.
found=$(grep -cE "$names" schemas/higgsml-2014.toml || true)
((found >= 10)) || { echo "the pattern finds $found lines in schemas/higgsml-2014.toml: it no longer matches the names"; exit 1; }
dirs=(libcore tools adapters)
failures=0
checked=0
while IFS= read -r file; do
  checked=$((checked + 1))
  while IFS= read -r hit; do
    echo "$file:$hit: a HiggsML column named outside the preset (take it from the schema)"
    failures=$((failures + 1))
  done < <(sed 's|//.*$||' "$file" | grep -nE "$names" || true)
done < <(find "${dirs[@]}" \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cc' -o -name '*.h' -o -name '*.in' \) \
           ! -path '*/physics/*' ! -path '*/test/*' ! -path 'adapters/*/framework/*' ! -name higgs_columns.hpp | sort)
((checked > 150)) || { echo "only $checked files checked: the source folders moved?"; exit 1; }
echo "$checked files checked, $failures HiggsML column name(s) outside the preset"
((failures == 0))
