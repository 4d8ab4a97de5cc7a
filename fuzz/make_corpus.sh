#!/usr/bin/env bash
# Rebuilds the seed corpora in fuzz/corpus/<target>/ from the real files of the
# repository: small pieces of the HiggsML data in data/higgsml/ (every layout, LF and CRLF,
# plain and gzip), the golden model file of tests/data/ plus two small models trained by
# `sieve train` (give its path as $1, default build/bin/sieve), recipe files written
# the way RecipeConfig::describe() writes them, and the HDF5 reader's seeds
# (make_hdf5_corpus.sh, which runs the built fuzz_hdf5_reader: its path as $2). The seeds
# are committed; run this only to refresh them.
set -eu  # (no pipefail: `zcat | head` ends zcat with SIGPIPE)
cd "$(dirname "$0")/.."
sieve=${1:-build/bin/sieve}
out=fuzz/corpus
rm -rf "$out"
mkdir -p "$out/csv_reader" "$out/model_file" "$out/recipe_config" "$out/schema" "$out/job_files"

open=data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz
test_layout=data/higgsml/fixtures/kaggle-test.EventId-350000-350098.features-only.csv.gz
crlf=data/higgsml/fixtures/train_sml_sig.csv.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- csv_reader: two option bytes (see fuzz_csv_reader.cpp), then the file -------------
seed() { # name, flags byte (octal escape), max-line byte (octal escape), file
  { printf "$2$3"; cat "$4"; } >"$out/csv_reader/$1"
}
zcat "$open" | head -n 4 >"$tmp/open.csv"
zcat "$open" | head -n 4 | cut -d, -f1-33 >"$tmp/kaggle-training.csv"
zcat "$test_layout" | head -n 4 >"$tmp/kaggle-test.csv"
zcat "$crlf" | head -n 3 >"$tmp/crlf.csv"
zcat "$open" | sed -n '1p;10,11p' >"$tmp/undefined.csv"      # rows with -999.0 cells
{ zcat "$open" | head -n 2; echo "100001,nan,inf,-inf,1e40,,x"; zcat "$open" | sed -n '3p'; } >"$tmp/bad-rows.csv"
printf 'KaggleSet,x,Label,KaggleWeight,PRI_tau_pt\nt,1,s,0.5,32.6\nv,2,b,1e-3,-999.0\n' >"$tmp/generic.csv"
gzip -9n <"$tmp/open.csv" >"$tmp/open.csv.gz"
seed open-data-1-row-chunks        '\000' '\377' "$tmp/open.csv"
seed open-data-gzip-compared       '\340' '\377' "$tmp/open.csv"
seed open-data-gzip-bytes          '\300' '\377' "$tmp/open.csv.gz"
seed kaggle-training-2-row-chunks  '\100' '\377' "$tmp/kaggle-training.csv"
seed kaggle-test                   '\300' '\377' "$tmp/kaggle-test.csv"
seed crlf-tutorial-sample          '\240' '\377' "$tmp/crlf.csv"
seed undefined-values              '\200' '\377' "$tmp/undefined.csv"
seed bad-rows-skipped              '\330' '\377' "$tmp/bad-rows.csv"
seed generic-all-columns           '\001' '\377' "$tmp/open.csv"
seed generic-subset-extra-allowed  '\306' '\377' "$tmp/open.csv"
seed generic-other-set             '\343' '\377' "$tmp/generic.csv"
seed short-line-limit              '\000' '\030' "$tmp/kaggle-test.csv"

# --- model_file: the golden file and two small trained models -----------------------------
cp tests/data/golden-format1.model "$out/model_file/golden-format1.model"
"$sieve" train --data "$open" --out "$out/model_file/relu-baseline.model" --baseline --quiet \
  --members 2 --folds 2 --epochs 1 --width 4 --depth 1 >/dev/null
"$sieve" train --data "$open" --out "$out/model_file/swa-no-tta.model" --quiet --members 1 --folds 2 \
  --epochs 1 --width 3 --depth 2 --embedding-dim 2 --tta false --swa-start-sub-epoch 0 >/dev/null
"$sieve" train --data data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz \
  --schema schemas/fair-universe-2024.toml --out "$out/model_file/fair-universe.model" --quiet \
  --members 1 --folds 2 --epochs 1 --width 4 --depth 1 >/dev/null

# --- recipe_config: the recipe files describe() writes, and a hand-written one --------------
cat >"$out/recipe_config/published-recipe.toml" <<'TOML'
seed = 1337
members = 10
folds = 10
epochs = 15
batch_size = 256
validation_fraction = 0.20000000000000001
width = 33
depth = 6
dense = 1
activation = swish
embedding = 1
embedding_dim = 3
schedule = onecycle
lr_low = 0.0001
lr_high = 0.01
warmup_fraction = 0.33333333333333331
cycle_beta1 = 0
constant_lr = 0.002
restart_sub_epochs = 9
augment = 1
augment_space = raw
tta = 1
swa_start_sub_epoch = -1
cut_top_percent = 10
cut_min_prediction = 0.90000000000000002
TOML
cat >"$out/recipe_config/hand-written.toml" <<'TOML'
# A small recipe for tests
[recipe]
members = 3          # three members
folds = "3"
epochs = 2
activation = "relu"
schedule = cosine-restarts
restart_sub_epochs = 4
augment_space = standardised
embedding = false
TOML
printf 'seed=42\n' >"$out/recipe_config/one-option"
printf 'nominal,tes_up,tes_down,jes_up,jes_down,soft_met\n' >"$out/recipe_config/variations"
printf 'lr_high = 3e-3\n' >"$out/recipe_config/one-option-spaced"
# --- schema: the shipped presets and small hand-written ones ------------------------------
cp schemas/higgsml-2014.toml schemas/fair-universe-2024.toml "$out/schema/"
cat >"$out/schema/tabular.toml" <<'TOML'
[dataset]
name = "tabular"
label = "y"
signal = "sig"
background = "bkg"

[inputs]
continuous = ["a", "b", "c"]

[categorical]
column = "k"
codes = [0, 1, 2]
unseen = 2

[missing]
values = [-999, -25]
nan = true
columns = { b = [-1] }
TOML
cat >"$out/schema/substitution.toml" <<'TOML'
[dataset]
name = "nano"
label = "is_signal"

[inputs]
continuous = ["MET_pt", "MET_phi"]

[[objects]]
name = "jet"
pt = "Jet_pt"
eta = "Jet_eta"
phi = "Jet_phi"
mass = "Jet_mass"

[[variations]]
name = "jes_up"
columns = { Jet_pt = "Jet_pt_jesTotalUp", Jet_mass = "Jet_mass_jesTotalUp" }
TOML
# --- job_files: a selector byte (0 CMSSW, 1 Gaudi), then the adapters' example job files ------
{ printf '\000'; cat adapters/cmssw/test/sieveScoreDemo.job; } >"$out/job_files/cmssw-demo.job"
{ printf '\001'; cat adapters/gaudi/options/sieveScore.py; } >"$out/job_files/gaudi-sieveScore.py"
printf "\000process.numberOfThreads = uint32(4)\nsource = HiggsCsvSource\nsource.fileName = untracked.string('a,b.csv')\nmodule p = SieveScoreProducer\np.v = vdouble(1.5, -2e3)\np.t = InputTag('a', 'b', 'c')\np.i = vint32(1, 2)\np.x = int64(-9)\np.u = uint64(7)\npath = p\n" >"$out/job_files/cmssw-types.job"
fuzz/make_hdf5_corpus.sh "${2:-build-fuzz/bin/fuzz_hdf5_reader}" >/dev/null
ls "$out"/* | wc -l
