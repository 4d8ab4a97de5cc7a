#!/usr/bin/env bash
# What a framework module links (Sieve::runtime) holds the scoring code and nothing of
# offline file handling (CSV, HDF5), training, exporting, Slurm submission or plotting, and it
# does not even call the HDF5 library; the framework modules,
# built as plugin libraries against Sieve::runtime alone, need no other Sieve code; and the
# sizes of the libraries and the plugins.
# Usage: test_runtime_symbols.sh RUNTIME_ARCHIVE OFFLINE_ARCHIVE TRAIN_ARCHIVE PLUGIN...
set -euo pipefail
runtime=$1 offline=$2 train=$3
shift 3
plugins=("$@")
defined() { nm -C --defined-only "$1" | awk '$2 ~ /^[TWVBDR]$/ { $1 = ""; $2 = ""; print substr($0, 3) }'; }
symbols=$(defined "$runtime")
status=0
# The scorer, the model loader and the pipeline are there...
for wanted in 'sieve::score::Scorer::score' 'sieve::io::parse_model' 'sieve::features::FeaturePipeline' \
              'sieve::score::EventScorer' 'sieve::physics::parse_variations'; do
  grep -qF "$wanted" <<<"$symbols" || { echo "missing from the runtime: $wanted"; status=1; }
done
# ...and none of these.
forbidden='sieve::(train|cluster|plot|exporting)::|sieve::metrics::|sieve::data::(read_csv|read_table|read_dataset|CsvWriter|Hdf5|TableReader|TableWriter)|sieve::score::(FileScorer|score_file|merge_shards|evaluate_table)|tbb::|google::protobuf|onnx::'
if grep -E "$forbidden" <<<"$symbols" | head -20 | grep .; then
  echo "the runtime archive holds the symbols above, which belong to offline, train or tools"
  status=1
fi
# HDF5 is the offline library's: the runtime neither defines nor calls any of it.
undefined_runtime=$(nm --undefined-only "$runtime")
if grep -E '\bH5[A-Z]' <<<"$symbols$undefined_runtime" | head -5 | grep .; then
  echo "the runtime archive uses HDF5 (above), which belongs to offline"
  status=1
fi
# The training entry points are where they belong.
# (Through variables: `grep -q` in a pipeline would stop nm early, a failure under pipefail.)
train_symbols=$(defined "$train")
offline_symbols=$(defined "$offline")
grep -qF 'sieve::train::train_recipe' <<<"$train_symbols" || { echo "sieve::train::train_recipe not in $train"; status=1; }
grep -qF 'sieve::data::read_table' <<<"$offline_symbols" || { echo "sieve::data::read_table not in $offline"; status=1; }
grep -qF 'sieve::data::Hdf5Reader::next_chunk' <<<"$offline_symbols" || { echo "sieve::data::Hdf5Reader not in $offline"; status=1; }
grep -qE '\bH5Dread\b' <<<"$(nm --undefined-only "$offline")" || { echo "$offline does not call H5Dread"; status=1; }
for plugin in "${plugins[@]}"; do
  # Every Sieve symbol the plugin uses is inside it (from the runtime archive).
  missing=$(nm -C --undefined-only "$plugin" | grep 'sieve::' || true)
  if [[ -n $missing ]]; then
    echo "$(basename "$plugin") needs Sieve code that Sieve::runtime does not have:"
    echo "$missing" | head -10
    status=1
  fi
  grep -qF 'sieve::score::EventScorer' <<<"$(nm -C --defined-only "$plugin")" ||
    { echo "$(basename "$plugin") holds no EventScorer: not a module linking the runtime?"; status=1; }
done
for archive in "$runtime" "$offline" "$train"; do
  printf '%-28s %8d kB, %d objects\n' "$(basename "$archive")" $(($(stat -c %s "$archive") / 1024)) "$(ar t "$archive" | wc -l)"
done
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
for plugin in "${plugins[@]}"; do
  strip -o "$stripped" "$plugin"
  printf '%-28s %8d kB (stripped %d kB)\n' "$(basename "$plugin")" $(($(stat -c %s "$plugin") / 1024)) \
    $(($(stat -c %s "$stripped") / 1024))
done
exit $status
