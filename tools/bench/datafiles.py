"""Input files of the benchmark, made once and shared by every tool: the 5 cross-validation fold
files of the real events (stratified by label and PRI_jet_num) and the test part (KaggleSet b and
v) of a scale sample. Plain Python (no numpy): rows are copied verbatim, so every tool reads the
very same bytes."""
import gzip
import json
import os
import random


def open_text(path):
    """A CSV file, plain or gzip, as text."""
    return gzip.open(path, 'rt', newline='') if path.endswith('.gz') else open(path, newline='')


def _write_atomically(path, header, lines):
    tmp = path + '.tmp'
    with open(tmp, 'w', newline='') as out:
        out.write(header)
        out.writelines(lines)
    os.replace(tmp, path)


def _stamp_matches(path, stamp):
    try:
        with open(path) as f:
            return json.load(f).get('stamp') == stamp
    except (OSError, ValueError):
        return False


def write_fold_files(source, out_dir, folds=5, seed=2014):
    """Deals the events of `source` into `folds` folds stratified by (Label, PRI_jet_num): each
    stratum is shuffled with random.Random(seed) and dealt round-robin, continuing across strata, so
    that fold sizes differ by at most one and every fold has the same class and jet-count mix.
    Writes out_dir/test_<k>.csv (fold k) and out_dir/train_<k>.csv (the other folds), k = 1..folds,
    rows in the source's order. Reuses the files when out_dir/manifest.json says they were made from
    the same source, fold count and seed. Returns the manifest (per fold: events, signal events)."""
    st = os.stat(source)
    stamp = dict(source=os.path.abspath(source), size=st.st_size, mtime=int(st.st_mtime), folds=folds, seed=seed)
    manifest_path = os.path.join(out_dir, 'manifest.json')
    if _stamp_matches(manifest_path, stamp) and all(
            os.path.exists(os.path.join(out_dir, f'{p}_{k}.csv')) for p in ('train', 'test') for k in range(1, folds + 1)):
        with open(manifest_path) as f:
            return json.load(f)
    with open_text(source) as f:
        header = f.readline()
        lines = f.readlines()
    names = [c.strip() for c in header.strip().split(',')]
    i_label, i_jets = names.index('Label'), names.index('PRI_jet_num')
    strata = {}
    for row, line in enumerate(lines):
        cells = line.rstrip('\r\n').split(',')
        strata.setdefault((cells[i_label].strip(), int(float(cells[i_jets]))), []).append(row)
    rng = random.Random(seed)
    fold_of = [0] * len(lines)
    next_fold = 0
    for key in sorted(strata):
        rows = strata[key]
        rng.shuffle(rows)
        for row in rows:
            fold_of[row] = next_fold
            next_fold = (next_fold + 1) % folds
    os.makedirs(out_dir, exist_ok=True)
    info = []
    for k in range(folds):
        test = [line for row, line in enumerate(lines) if fold_of[row] == k]
        train = [line for row, line in enumerate(lines) if fold_of[row] != k]
        _write_atomically(os.path.join(out_dir, f'test_{k + 1}.csv'), header, test)
        _write_atomically(os.path.join(out_dir, f'train_{k + 1}.csv'), header, train)
        signal = sum(1 for row in range(len(lines)) if fold_of[row] == k and lines[row].split(',')[i_label].strip() == 's')
        info.append(dict(fold=k + 1, test_events=len(test), train_events=len(train), test_signal_events=signal))
    manifest = dict(stamp=stamp, events=len(lines), strata={f'{l}/{j}': len(r) for (l, j), r in sorted(strata.items())},
                    folds=info)
    with open(manifest_path + '.tmp', 'w') as f:
        json.dump(manifest, f, indent=1)
    os.replace(manifest_path + '.tmp', manifest_path)
    return manifest


def select_kaggle_sets(source, out_path, sets=('b', 'v')):
    """Copies the header and the rows of `source` whose KaggleSet is one of `sets` to out_path
    (plain CSV, written atomically). Returns the number of rows written."""
    n = 0
    tmp = out_path + '.tmp'
    with open_text(source) as f, open(tmp, 'w', newline='') as out:
        header = f.readline()
        out.write(header)
        i_set = [c.strip() for c in header.strip().split(',')].index('KaggleSet')
        wanted = set(sets)
        for line in f:
            if line.split(',')[i_set].strip() in wanted:
                out.write(line)
                n += 1
    os.replace(tmp, out_path)
    return n


def read_labels_weights(path):
    """EventId -> (label 0/1, analysis weight) of a labelled HiggsML CSV (KaggleWeight if present, else Weight)."""
    out = {}
    with open_text(path) as f:
        names = [c.strip() for c in f.readline().strip().split(',')]
        i_id, i_label = names.index('EventId'), names.index('Label')
        i_w = names.index('KaggleWeight') if 'KaggleWeight' in names else names.index('Weight')
        for line in f:
            c = line.rstrip('\r\n').split(',')
            out[int(c[i_id])] = (1 if c[i_label].strip() == 's' else 0, float(c[i_w]))
    return out


def read_scores(path):
    """EventId -> score from a two-column scores CSV (EventId,score or EventId,score_nominal)."""
    out = {}
    with open_text(path) as f:
        f.readline()
        for line in f:
            c = line.rstrip('\r\n').split(',')
            out[int(c[0])] = float(c[1])
    return out
