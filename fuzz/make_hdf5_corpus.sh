#!/usr/bin/env bash
# Rebuilds fuzz/corpus/hdf5_reader/ (make_corpus.sh runs it; it also runs alone): the
# structured seeds of fuzz_hdf5_reader.cpp, tables described by bytes whose values are the
# first rows of the real FAIR-Universe sample, and the raw seeds, the HDF5 files those
# descriptions make, written by the built target itself (give its path as $1, default
# build-fuzz/bin/fuzz_hdf5_reader; scripts/fuzz.sh builds it).
set -eu
cd "$(dirname "$0")/.."
fuzzer=${1:-build-fuzz/bin/fuzz_hdf5_reader}
out=fuzz/corpus/hdf5_reader
rm -rf "$out"
mkdir -p "$out"

python3 - "$out" <<'PY'
import csv, gzip, struct, sys

out = sys.argv[1]
with gzip.open("data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz", "rt") as f:
    rows = list(csv.DictReader(f))[:12]

NAMES = ["id", "y", "w", "set", "a", "b", "c", "x"]
# The target's kinds, in its order.
KINDS = ["I8", "U8", "I16", "U16", "I32", "U32", "I64", "U64", "F32", "F64", "FixedString", "VarString",
         "Enum", "Array", "Nested", "Bitfield", "Matrix", "Scalar"]
PACK = {"I8": "b", "U8": "B", "I16": "h", "U16": "H", "I32": "i", "U32": "I", "I64": "q", "U64": "Q",
        "F32": "f", "F64": "d", "Enum": "b", "Bitfield": "B"}
STRINGS = {"1": 0, "0": 1, "t": 2, "s": 3, "b": 4, "": 5, "sig": 6}

def values(kind, source, n):
    """The value bytes of one column: n rows of the FAIR column `source`."""
    cells = [r[source] for r in rows[:n]]
    if kind in ("FixedString", "VarString"):
        return bytes(STRINGS.get(c, 5) for c in cells)
    if kind == "Array":
        return b"".join(struct.pack("<3f", float(c), -float(c), 25.0) for c in cells)
    if kind == "Nested":
        return b"".join(struct.pack("<2f", float(c), 1.0) for c in cells)
    if kind == "Matrix":
        return b"".join(struct.pack("<2f", float(c), 2.0) for c in cells)
    if kind == "Scalar":
        return struct.pack("<f", float(cells[0]))
    code = PACK[kind]
    if code in "fd":
        return b"".join(struct.pack("<" + code, float(c)) for c in cells)
    return b"".join(struct.pack("<" + code, int(float(c))) for c in cells)

def seed(name, flags, reading, n, columns, tail=b""):
    """columns: (name, kind, FAIR column). Ragged (flags bit 1): every column after the
    first has one row more."""
    body = bytes([flags, reading, n, len(columns) - 1])
    for k, (col, kind, source) in enumerate(columns):
        body += bytes([NAMES.index(col), KINDS.index(kind)])
        extra = 1 if flags & 2 and k > 0 else 0
        if flags & 2 and k > 0:
            body += bytes([extra])
        body += values(kind, source, n + extra)
    with open(f"{out}/{name}", "wb") as f:
        f.write(body + tail)

labels, weights, jets = "labels", "weights", "PRI_n_jets"
tabular = [("id", "I64", jets), ("y", "I8", labels), ("w", "F64", weights), ("a", "F32", "PRI_had_pt"),
           ("b", "F32", "PRI_jet_leading_pt"), ("c", "F64", "DER_mass_vis"), ("x", "VarString", labels)]
seed("tabular-chunked-one-row-chunks", 0x08, 0x00, 10, tabular)
seed("tabular-three-row-chunks-skip", 0x00, 0x14, 10, tabular)
seed("tabular-nan-missing-all-rows", 0x08, 0x0d, 12, tabular)
seed("integers-of-every-width", 0x00, 0x0c, 8,
     [("a", "I8", jets), ("b", "U16", jets), ("c", "U64", jets), ("y", "U8", labels), ("w", "I32", jets),
      ("id", "U32", jets)])
seed("string-labels-and-sets", 0x08, 0x08, 6,
     [("a", "F32", "PRI_lep_pt"), ("b", "F64", "PRI_lep_eta"), ("c", "F32", "PRI_met"),
      ("y", "FixedString", labels), ("set", "VarString", labels)])
seed("generic-columns", 0x00, 0x0a, 8, [("a", "F32", "PRI_lep_pt"), ("b", "F32", "PRI_met"), ("x", "F64", weights)])
seed("unreadable-field-types", 0x00, 0x00, 4,
     [("a", "Array", "PRI_had_pt"), ("b", "Nested", "PRI_had_eta"), ("c", "Enum", labels), ("y", "Bitfield", labels)])
seed("matrix-and-scalar", 0x08, 0x00, 5,
     [("a", "Matrix", "PRI_had_pt"), ("b", "Scalar", "PRI_had_eta"), ("c", "F32", "PRI_met")])
seed("ragged-group", 0x02, 0x00, 6,
     [("a", "F32", "PRI_had_pt"), ("b", "F32", "PRI_met"), ("c", "F32", "PRI_lep_pt")])
seed("cut-short", 0x0c, 0x00, 10, tabular, tail=b"\x01\x40")
seed("higgsml-required", 0x00, 0x03, 4, tabular)
PY

# The raw seeds: the images of the structured ones, as the target writes them.
images=$(mktemp -d)
trap 'rm -rf "$images"' EXIT
SIEVE_FUZZ_HDF5_IMAGES=$images "$fuzzer" -runs=0 "$out" >/dev/null 2>&1
for image in "$images"/*; do cp "$image" "$out/raw-$(basename "$image")"; done
ls "$out" | wc -l
