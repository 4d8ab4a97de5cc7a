#!/usr/bin/python3
"""An independent evaluator of the lwtnn graphs that `sieve export --format lwtnn` writes.

It knows nothing of Sieve's code: it follows the lwtnn graph format (input nodes with
(x + offset) * scale, feed_forward nodes running dense layers with lwtnn's activations,
concatenate nodes) and computes the graph's inputs from a CSV ntuple exactly as the file's
"sieve" block tells an Athena user to: sentinels -> missing, px = pt cos(phi),
py = pt sin(phi), pz = pt sinh(eta), a missing input replaced by its default, the
categoricals' one-hot, and (--tta) the mean over the copies whose signs the block gives.

    lwtnn_reference.py --graph G.json --data FILE.csv[.gz] --out SCORES [--tta] [--max-events N]

SCORES gets one score per data row (the first N), in file order (shortest round-trip decimals).
Needs numpy (Debian's python3-numpy).
"""
import argparse
import csv
import gzip
import io
import json
import os
import sys

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')  # small matrices: one thread, no spinning
import numpy as np  # noqa: E402


def sigmoid(x, alpha=1.0):
    # lwtnn's nn_sigmoid: exactly 0 below -30 and 1 above 30.
    z = alpha * x
    with np.errstate(over='ignore'):
        s = 1.0 / (1.0 + np.exp(-z))
    return np.where(z < -30.0, 0.0, np.where(z > 30.0, 1.0, s))


def activate(x, spec):
    name, alpha = (spec, 1.0) if isinstance(spec, str) else (spec['function'], float(spec.get('alpha', 1.0)))
    if name == 'linear':
        return x
    if name == 'sigmoid':
        return sigmoid(x)
    if name == 'rectified':
        return np.maximum(x, 0.0)
    if name == 'swish':
        return x * sigmoid(x, alpha)
    if name == 'tanh':
        return np.tanh(x)
    if name == 'elu':
        return np.where(x >= 0, x, alpha * (np.exp(np.minimum(x, 0.0)) - 1.0))
    if name == 'leakyrelu':
        return np.where(x > 0, x, alpha * x)
    if name == 'abs':
        return np.abs(x)
    raise SystemExit(f'activation {name} is not one this evaluator knows')


class Layers:
    """The graph's dense layers as numpy arrays, converted once."""

    def __init__(self, graph):
        self.graph = graph
        self.arrays = {}

    def get(self, index, n_in):
        if index not in self.arrays:
            layer = self.graph['layers'][index]
            if layer['architecture'] != 'dense':
                raise SystemExit(f'architecture {layer["architecture"]} is not one this evaluator knows')
            w = np.array(layer['weights'], dtype=np.float64).reshape(-1, n_in)  # [n_out, n_in]
            self.arrays[index] = (w.T.copy(), np.array(layer['bias'], dtype=np.float64), layer.get('activation', 'linear'))
        return self.arrays[index]


def evaluate(graph, layers, sources, chunk=1024):
    """sources: one [events, variables] array per input node (raw values, before offset/scale)."""
    n = sources[0].shape[0]
    if n > chunk:  # in blocks of events, which stay in the caches
        return np.concatenate([evaluate(graph, layers, [s[i:i + chunk] for s in sources], chunk)
                               for i in range(0, n, chunk)])
    scaled = []
    for node, values in zip(graph['inputs'], sources):
        offset = np.array([float(v['offset']) for v in node['variables']])
        scale = np.array([float(v['scale']) for v in node['variables']])
        scaled.append((values + offset) * scale)
    cache = {}

    def node_value(i):
        if i in cache:
            return cache[i]
        node = graph['nodes'][i]
        kind = node['type']
        if kind == 'input':
            out = scaled[node['sources'][0]]
            if out.shape[1] != node['size']:
                raise SystemExit(f'input node {i}: {out.shape[1]} values, expected {node["size"]}')
        elif kind == 'concatenate':
            out = np.concatenate([node_value(s) for s in node['sources']], axis=1)
        elif kind == 'feed_forward':
            (source,) = node['sources']
            x = node_value(source)
            w, b, activation = layers.get(node['layer_index'], x.shape[1])
            out = activate(x @ w + b, activation)
        else:
            raise SystemExit(f'node type {kind} is not one this evaluator knows')
        cache[i] = out
        return out

    output = graph['outputs']['score']
    return node_value(output['node_index'])[:, 0]


def read_columns(path, columns, max_events):
    raw = open(path, 'rb').read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode()))
    header = next(reader)
    where = [header.index(c) for c in columns]
    rows = []
    for row in reader:
        if row and len(rows) < max_events:
            rows.append([row[i] for i in where])
    # The ntuple's values as float32, as Sieve and an experiment's reader hold them.
    return np.array(rows, dtype=np.float32).astype(np.float64)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--graph', required=True)
    p.add_argument('--data', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--tta', action='store_true', help="average the copies of the sieve block's tta signs")
    p.add_argument('--max-events', type=int, default=sys.maxsize, help='the first N events only')
    a = p.parse_args()
    graph = json.load(open(a.graph))
    info = graph['sieve']
    columns = info['raw_columns']
    raw = read_columns(a.data, columns, a.max_events)
    for name, values in info['sentinels'].items():
        j = columns.index(name)
        for s in values:
            raw[raw[:, j] == np.float32(s), j] = np.nan
    col = {name: raw[:, j] for j, name in enumerate(columns)}

    # The codes of each categorical column, in the block's order.
    categoricals = info.get('categoricals', [])
    codes, values = {}, {}
    for cat in categoricals:
        name = cat['column']
        values[name] = np.array(cat['values'], dtype=np.float32).astype(np.float64)
        match = col[name][:, None] == values[name][None, :]
        codes[name] = np.argmax(match, axis=1)
        unseen = ~match.any(axis=1)
        if unseen.any():
            if cat['unseen'] == 'error':
                raise SystemExit(f'{unseen.sum()} events have a {name} value without a code')
            codes[name][unseen] = int(np.where(values[name] == np.float32(cat['unseen']))[0][0])

    features = []
    for spec in info['inputs']:
        how = spec['compute']
        if how == 'copy':
            x = col[spec['column']]
        elif how == 'pt*cos(phi)':
            x = col[spec['pt']] * np.cos(col[spec['phi']])
        elif how == 'pt*sin(phi)':
            x = col[spec['pt']] * np.sin(col[spec['phi']])
        elif how == 'pt*sinh(eta)':
            x = col[spec['pt']] * np.sinh(col[spec['eta']])
        elif how == 'code_value':
            x = values[spec['column']][codes[spec['column']]]
        else:
            raise SystemExit(f'unknown input computation {how}')
        features.append(x.astype(np.float32).astype(np.float64))  # float32 inputs, as Sieve's
    features = np.stack(features, axis=1)
    defaults = [v.get('default') for v in graph['inputs'][0]['variables']]

    sources_extra = []  # one one-hot node per embedded categorical, in order
    for cat in categoricals:
        if cat['embedded']:
            c = codes[cat['column']]
            one_hot = np.zeros((len(c), len(cat['one_hot'])))
            one_hot[np.arange(len(c)), c] = 1.0
            sources_extra.append(one_hot)

    tta = info['tta']
    copies = tta['signs'] if a.tta and tta['copies'] > 1 else [[1] * features.shape[1]]
    layers = Layers(graph)
    total = np.zeros(features.shape[0])
    for signs in copies:
        x = features.copy()
        for j, s in enumerate(signs):
            if s < 0:
                x[:, j] = -x[:, j] if tta['space'] == 'raw' else 2.0 * float(defaults[j]) - x[:, j]
        for j, d in enumerate(defaults):
            if d is not None:
                x[np.isnan(x[:, j]), j] = float(d)
        if np.isnan(x).any():
            raise SystemExit('an input without a default is missing')
        total += evaluate(graph, layers, [x] + sources_extra)
    scores = total / len(copies)
    with open(a.out, 'w') as f:
        for s in scores:
            f.write(repr(float(s)) + '\n')
    print(f'lwtnn_reference.py: {len(scores)} events, {len(copies)} copies, {len(graph["nodes"])} nodes')


if __name__ == '__main__':
    main()
