#!/usr/bin/python3
"""PyTorch inference timings for the benchmark, PyTorch at its best: the ensemble trained by
tools/peers/torch_recipe.py / torch_merge.py (member_<m>.pt in --workdir; means, stds and ensemble weights from
the ensemble.json of its export) as ONE module from the 30 raw columns to the score, like `sieve score` and
the graph of `sieve export --format onnx`: -999 -> NaN, Cartesian momenta, the 8 TTA copies (sign flips of
the momenta), standardisation, NaN -> 0, the 10 members, the weighted mean and the mean over the copies.

  /usr/bin/python3 tools/bench/torch_peer.py --mode throughput|latency --workdir W --onnx-dir D --test FILE \
      [--engines torchscript,eager,recipe] [--configs 2x1,1x2-passive,1x2] [--batches 64,128,256,1024,2048,4096,8192] \
      [--sweep-events N] [--repeats 3] [--events N] [--openblas-coretype SkylakeX] --out-json r.json [--out-scores s.csv]

Engines: torchscript = torch.jit.trace, torch.jit.freeze, torch.jit.optimize_for_inference of that module;
eager = the same module in eager mode; recipe = torch_recipe.predict() (the reference's own eager inference:
numpy TTA and standardisation, 10 member calls per chunk of 1,024 events; its Cartesian conversion is done
before the clock starts). Everything runs under torch.inference_mode.

throughput: every engine x configuration x batch size (events per call; the module makes 8 rows of each)
   scores the first --sweep-events events in memory (0: all) --repeats times (the fastest kept); then the
   fastest triple scores every event once. Configurations: 2x1 = two worker processes with
   torch.set_num_threads(1), each scoring half the events after a common start signal; 1x2 = one process with
   torch.set_num_threads(2) (OpenMP's default wait policy); 1x2-passive = the same with OMP_WAIT_POLICY=PASSIVE;
   1x1 = one process, one thread. The recipe engine runs at its own chunk size only. A configuration whose first
   2,000-event probe runs under a quarter of the best rate so far is recorded from the probe and not swept.
latency: one process, one thread, one event per call (the 8 TTA copies inside); microseconds per event, median
   over --events events after 100 warm-up events, for every engine (recipe: 8-row batch, 10 member calls).
The CSV is read before any clock starts.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE_EVENTS = 2000
PEERS = os.path.join(HERE, '..', 'peers')


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--mode', choices=('throughput', 'latency'), required=True)
    p.add_argument('--workdir', required=True, help='torch_recipe.py --workdir holding member_<m>.pt')
    p.add_argument('--onnx-dir', required=True, help='export dir holding ensemble.json (means, stds, weights)')
    p.add_argument('--test', required=True)
    p.add_argument('--engines', default='torchscript,eager,recipe')
    p.add_argument('--configs', default='2x1,1x2-passive,1x2')
    p.add_argument('--batches', default='64,128,256,1024,2048,4096,8192', help='throughput: events per call')
    p.add_argument('--sweep-events', type=int, default=0, help='throughput: events of each sweep run (0: all)')
    p.add_argument('--repeats', type=int, default=3, help='throughput: runs of each sweep point (the fastest kept)')
    p.add_argument('--events', type=int, default=1000, help='latency: events timed')
    p.add_argument('--openblas-coretype', default='keep')
    p.add_argument('--out-json')
    p.add_argument('--out-scores', help='throughput: EventId,score of the final run')
    p.add_argument('--worker', help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.engines = [e.strip() for e in args.engines.split(',') if e.strip()]
    bad = [e for e in args.engines if e not in ('torchscript', 'eager', 'recipe')]
    if bad:
        p.error(f'unknown engine(s) {bad}')
    args.configs = [parse_config(c.strip()) for c in args.configs.split(',') if c.strip()]
    args.batches = [int(b) for b in args.batches.split(',')]
    return args


def parse_config(name):
    """'PxT[-passive]': P processes x T threads."""
    import re
    m = re.fullmatch(r'(\d+)x(\d+)(-passive)?', name)
    if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
        raise SystemExit(f'--configs: {name!r} is not PxT[-passive]')
    return dict(name=name, processes=int(m.group(1)), threads=int(m.group(2)), passive=bool(m.group(3)))


def describe(config):
    who = (f'{config["processes"]} processes x {config["threads"]} thread{"s" if config["threads"] > 1 else ""}'
           if config['processes'] > 1 else f'1 process, {config["threads"]} thread{"s" if config["threads"] > 1 else ""}')
    if config['threads'] > 1:
        who += ', OMP_WAIT_POLICY=PASSIVE' if config['passive'] else ', OpenMP default wait policy'
    return who


def thread_env(threads, passive, coretype):
    """The environment of a process with `threads` threads, set before numpy/torch are loaded."""
    env = {k: v for k, v in os.environ.items() if k not in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OMP_WAIT_POLICY')}
    env.update(OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    if passive:
        env['OMP_WAIT_POLICY'] = 'PASSIVE'
    if coretype not in ('keep', 'unset'):
        env['OPENBLAS_CORETYPE'] = coretype
    elif coretype == 'keep':
        for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
            if k in os.environ:
                env[k] = os.environ[k]
    return env


def configure_self(threads, passive, coretype):
    """The same for this process (before numpy/torch are imported)."""
    for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OMP_WAIT_POLICY', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS'):
        if coretype == 'keep' and k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
            continue
        os.environ.pop(k, None)
    os.environ.update(thread_env(threads, passive, coretype))


# ------------------------------------------------------------------------------------------------------ the module
def build_module(workdir, onnx_dir):
    """The ensemble from raw columns (H.RAW_FEATURES order, float32 [N, 30]) to the score [N], and the members, their
    weights and the Standardiser (for the recipe engine)."""
    import numpy as np
    import torch
    import torch.nn as nn
    sys.path.insert(0, PEERS)
    import higgs_common as H
    import torch_recipe as TR

    with open(os.path.join(onnx_dir, 'ensemble.json')) as f:
        meta = json.load(f)
    models, weights = [], []
    for m in meta['members']:
        r = torch.load(os.path.join(workdir, f'member_{m["member"]}.pt'))
        net = TR.StrongNet()
        net.load_state_dict(r['state_dict'])
        net.eval()
        models.append(net)
        weights.append(float(m['weight']))
    mean, std = np.array(meta['means']), np.array(meta['stds'])

    raw = H.RAW_FEATURES
    copy_cols, px_cols, py_cols, pz_cols = [], [], [], []
    for name in H.CONT_FEATURES:
        if name in raw:
            copy_cols.append((name, raw.index(name)))
        elif name == 'PRI_met_pt':
            copy_cols.append((name, raw.index('PRI_met')))
        elif name in ('PRI_met_px', 'PRI_met_py'):
            (px_cols if name.endswith('px') else py_cols).append((name, raw.index('PRI_met'), raw.index('PRI_met_phi')))
        else:
            v, k = name.rsplit('_', 1)
            angle = raw.index(f'{v}_phi') if k in ('px', 'py') else raw.index(f'{v}_eta')
            {'px': px_cols, 'py': py_cols, 'pz': pz_cols}[k].append((name, raw.index(f'{v}_pt'), angle))
    built = [c[0] for c in copy_cols + px_cols + py_cols + pz_cols]
    order = [built.index(n) for n in H.CONT_FEATURES]
    # The 8 TTA copies on raw Cartesian momenta: a rotation by 0 or pi negates px and py; the flips negate py or pz.
    signs = np.ones((len(H.TTA_COPIES), len(H.CONT_FEATURES)))
    for k, (angle, fy, fz) in enumerate(H.TTA_COPIES):
        if angle != 0.0:
            assert abs(abs(angle) - np.pi) < 1e-12, 'TTA rotations are by 0 or pi'
            signs[k, H.PX_IDX] *= -1
            signs[k, H.PY_IDX] *= -1
        if fy:
            signs[k, H.PY_IDX] *= -1
        if fz:
            signs[k, H.PZ_IDX] *= -1

    def idx(cols, j):
        return torch.tensor([c[j] for c in cols], dtype=torch.long)

    class RawEnsemble(nn.Module):
        def __init__(self):
            super().__init__()
            self.members = nn.ModuleList(models)
            self.register_buffer('weights', torch.tensor(weights, dtype=torch.float32))
            self.register_buffer('copy_idx', idx(copy_cols, 1))
            self.register_buffer('pt_xy', idx(px_cols, 1))
            self.register_buffer('phi', idx(px_cols, 2))
            self.register_buffer('pt_z', idx(pz_cols, 1))
            self.register_buffer('eta', idx(pz_cols, 2))
            self.register_buffer('order', torch.tensor(order, dtype=torch.long))
            self.register_buffer('signs', torch.tensor(signs, dtype=torch.float32).unsqueeze(1))
            self.register_buffer('mean', torch.tensor(mean, dtype=torch.float32))
            self.register_buffer('inv_std', torch.tensor(1.0 / std, dtype=torch.float32))
            self.cat_col = raw.index(H.CAT_FEATURE)
            self.copies = len(H.TTA_COPIES)

        def forward(self, x):
            x = torch.where((x == -999.0) | torch.isinf(x), torch.full_like(x, float('nan')), x)
            pt, phi = x.index_select(1, self.pt_xy), x.index_select(1, self.phi)
            pz = x.index_select(1, self.pt_z) * torch.sinh(x.index_select(1, self.eta))
            cont = torch.cat((x.index_select(1, self.copy_idx), pt * torch.cos(phi), pt * torch.sin(phi), pz), 1)
            cont = cont.index_select(1, self.order)
            cat = torch.clamp(torch.round(x[:, self.cat_col]), 0, 3).long()
            z = torch.nan_to_num((cont.unsqueeze(0) * self.signs - self.mean) * self.inv_std, 0.0, 0.0, 0.0)
            z = z.reshape(-1, cont.shape[1])
            c = cat.repeat(self.copies)
            acc = self.members[0](z, c) * self.weights[0]
            for i, m in enumerate(self.members):
                if i > 0:
                    acc = acc + m(z, c) * self.weights[i]
            return acc.reshape(self.copies, -1).mean(0)

    return RawEnsemble().eval(), models, weights, H.Standardiser(mean, std)


def make_engine(engine, module, example):
    """A callable raw float32 tensor -> scores tensor."""
    import torch
    if engine == 'eager':
        return module
    with torch.inference_mode():
        traced = torch.jit.trace(module, example, check_trace=False)
    frozen = torch.jit.freeze(traced.eval())
    return torch.jit.optimize_for_inference(frozen)


def load_raw(path):
    """The 30 raw columns (H.RAW_FEATURES order, -999 kept) as float32, and the EventIds."""
    import numpy as np
    import pandas as pd
    sys.path.insert(0, PEERS)
    import higgs_common as H
    df = pd.read_csv(path, compression='infer', usecols=lambda c: c.strip() in H.RAW_FEATURES + ['EventId'])
    df.columns = [c.strip() for c in df.columns]
    return np.ascontiguousarray(df[H.RAW_FEATURES].to_numpy(np.float32)), df['EventId'].to_numpy(np.int64)


class Scorer:
    """One engine in one process: score(a, b, batch) -> seconds, writing self.scores[a:b]."""

    def __init__(self, engine, workdir, onnx_dir, test):
        import numpy as np
        import torch
        sys.path.insert(0, PEERS)
        import higgs_common as H
        self.engine = engine
        self.raw, self.ids = load_raw(test)
        self.scores = np.zeros(len(self.raw))
        module, self.models, self.weights, self.std = build_module(workdir, onnx_dir)
        if engine == 'recipe':
            ev = H.load_events(test)  # the reference's own preprocessing, outside the clock
            self.x, self.cat = H.cartesian(ev['raw'])
        else:
            self.fn = make_engine(engine, module, torch.from_numpy(self.raw[:64]))
        self.torch = torch

    def score(self, a, b, batch):
        import torch_recipe as TR
        torch = self.torch
        t0 = time.perf_counter()
        if self.engine == 'recipe':
            self.scores[a:b] = TR.predict(self.models, self.weights, self.x[a:b], self.cat[a:b], self.std, tta=True)
        else:
            with torch.inference_mode():
                raw = torch.from_numpy(self.raw)
                for s in range(a, b, batch):
                    self.scores[s:min(b, s + batch)] = self.fn(raw[s:min(b, s + batch)]).numpy()
        return time.perf_counter() - t0


# ------------------------------------------------------------------------------------------------ worker processes
def worker_main(args):
    """A worker: one engine with the threads of its configuration; commands on stdin, JSON replies on stdout."""
    spec = json.loads(args.worker)
    import torch
    torch.set_num_threads(spec['threads'])
    torch.set_num_interop_threads(1)
    scorer = Scorer(spec['engine'], args.workdir, args.onnx_dir, args.test)
    print(json.dumps(dict(type='ready', n=len(scorer.raw), threads=torch.get_num_threads())), flush=True)
    for line in sys.stdin:
        m = json.loads(line)
        if m['cmd'] == 'warm':
            scorer.score(m['a'], min(m['b'], m['a'] + 3 * m['batch']), m['batch'])
            print(json.dumps(dict(type='warm')), flush=True)
        elif m['cmd'] == 'go':
            secs = scorer.score(m['a'], m['b'], m['batch'])
            if m.get('scores'):
                import numpy as np
                np.save(m['scores'], scorer.scores[m['a']:m['b']])
            print(json.dumps(dict(type='done', seconds=secs)), flush=True)
        elif m['cmd'] == 'exit':
            break


class Workers:
    def __init__(self, args, engine, config):
        spec = json.dumps(dict(engine=engine, threads=config['threads']))
        env = thread_env(config['threads'], config['passive'], args.openblas_coretype)
        argv = [sys.executable, os.path.abspath(__file__), '--mode', 'throughput', '--workdir', args.workdir, '--onnx-dir',
                args.onnx_dir, '--test', args.test, '--worker', spec]
        self.procs = [subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
                      for _ in range(config['processes'])]
        self.n = [self.reply(p)['n'] for p in self.procs][0]

    @staticmethod
    def reply(p):
        line = p.stdout.readline()
        if not line:
            raise RuntimeError(f'a torch_peer worker exited ({p.wait()})')
        return json.loads(line)

    def run(self, n, batch, scores_prefix=None):
        """Events [0, n) in equal parts; wall seconds from the start signal to the last worker done."""
        k = len(self.procs)
        parts = [(n * i // k, n * (i + 1) // k) for i in range(k)]
        for p, (a, b) in zip(self.procs, parts):
            p.stdin.write(json.dumps(dict(cmd='warm', a=a, b=b, batch=batch)) + '\n')
            p.stdin.flush()
        for p in self.procs:
            self.reply(p)
        t0 = time.perf_counter()
        for i, (p, (a, b)) in enumerate(zip(self.procs, parts)):
            p.stdin.write(json.dumps(dict(cmd='go', a=a, b=b, batch=batch,
                                          scores=f'{scores_prefix}_{i}.npy' if scores_prefix else None)) + '\n')
            p.stdin.flush()
        per = [self.reply(p)['seconds'] for p in self.procs]
        return time.perf_counter() - t0, per, parts

    def close(self):
        for p in self.procs:
            try:
                p.stdin.write(json.dumps(dict(cmd='exit')) + '\n')
                p.stdin.close()
            except OSError:
                pass
            p.wait()


def throughput(args):
    import numpy as np
    runs = []
    n_all = None
    for engine in args.engines:
        for config in args.configs:
            batches = args.batches if engine != 'recipe' else [1024]
            w = Workers(args, engine, config)
            try:
                n_all = w.n
                n = min(args.sweep_events, w.n) if args.sweep_events > 0 else w.n
                # A probe first: a configuration under a quarter of the best rate so far (OpenMP threads spinning
                # on shared cores run at a few percent) is recorded from the probe and not swept.
                probe_n = min(n, PROBE_EVENTS)
                probe = probe_n / w.run(probe_n, batches[0])[0]
                if runs and probe < 0.25 * max(r['events_per_second'] for r in runs):
                    runs.append(dict(engine=engine, config=config['name'], description=describe(config),
                                     processes=config['processes'], threads=config['threads'], passive=config['passive'],
                                     batch_events=batches[0], rows_per_call=batches[0] * 8, events=probe_n, repeats=1,
                                     wall_seconds=probe_n / probe, wall_seconds_all=[probe_n / probe],
                                     events_per_second=probe, probe_only=True))
                    print(f'  {engine:11s} {config["name"]:11s} {batches[0]:5d} events/call: {probe:8.0f} events/s '
                          f'on a {probe_n}-event probe: under 1/4 of the best, not swept', flush=True)
                    continue
                for batch in batches:
                    times = [w.run(n, batch)[0] for _ in range(args.repeats)]
                    best = min(times)
                    runs.append(dict(engine=engine, config=config['name'], description=describe(config),
                                     processes=config['processes'], threads=config['threads'], passive=config['passive'],
                                     batch_events=batch, rows_per_call=batch * 8, events=n, repeats=len(times),
                                     wall_seconds=best, wall_seconds_all=times, events_per_second=n / best))
                    print(f'  {engine:11s} {config["name"]:11s} {batch:5d} events/call: {n / best:8.0f} events/s '
                          f'(best of {len(times)}: {", ".join(f"{t:.3f}" for t in times)} s)', flush=True)
            finally:
                w.close()
    best = max(runs, key=lambda r: r['events_per_second'])
    config = next(c for c in args.configs if c['name'] == best['config'])
    w = Workers(args, best['engine'], config)
    prefix = os.path.join(os.path.dirname(os.path.abspath(args.out_json or 'x')), 'torch_peer_scores')
    try:
        wall, per, parts = w.run(w.n, best['batch_events'], prefix)
    finally:
        w.close()
    final = dict(best, events=w.n, repeats=1, wall_seconds=wall, wall_seconds_all=[wall], events_per_second=w.n / wall,
                 per_worker_seconds=per)
    print(f'torch throughput: best {best["engine"]} {best["config"]} {best["batch_events"]} events/call: '
          f'{w.n / wall:.0f} events/s on all {w.n} events', flush=True)
    scores = np.concatenate([np.load(f'{prefix}_{i}.npy') for i in range(len(parts))])
    for i in range(len(parts)):
        os.remove(f'{prefix}_{i}.npy')
    return dict(sweep_events=runs[0]['events'] if runs else None, runs=runs, best=final, events=n_all), scores


def latency(args):
    import numpy as np
    import torch
    sys.path.insert(0, PEERS)
    import higgs_common as H
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    out = []
    raw, _ = load_raw(args.test)
    module, models, weights, std = build_module(args.workdir, args.onnx_dir)
    warmup, n = 100, min(len(raw), args.events + 100)
    for engine in args.engines:
        per = []
        if engine == 'recipe':
            ev = H.load_events(args.test)
            x, cat = H.cartesian(ev['raw'])
            with torch.inference_mode():
                for i in range(n):
                    t0 = time.perf_counter()
                    one = x[i:i + 1]
                    rows = np.concatenate([std.transform(H.tta_transform(one, a, fy, fz)) for a, fy, fz in H.TTA_COPIES])
                    xs = torch.from_numpy(rows)
                    cs = torch.from_numpy(np.repeat(cat[i:i + 1], len(H.TTA_COPIES)))
                    acc = torch.zeros(len(rows), 1)
                    for mdl, w in zip(models, weights):
                        acc += w * mdl(xs, cs)
                    float(acc.mean())
                    if i >= warmup:
                        per.append((time.perf_counter() - t0) * 1e6)
            note = '8-row batch, 10 member calls, numpy TTA; Cartesian features precomputed'
        else:
            fn = make_engine(engine, module, torch.from_numpy(raw[:64]))
            t = torch.from_numpy(raw)
            with torch.inference_mode():
                for i in range(n):
                    t0 = time.perf_counter()
                    float(fn(t[i:i + 1])[0])
                    if i >= warmup:
                        per.append((time.perf_counter() - t0) * 1e6)
            note = 'one call per event from the raw columns (8 TTA rows inside)'
        per.sort()
        r = dict(engine=engine, description=f'1 thread, {note}', events=len(per), warmup=warmup,
                 us_per_event_median=per[len(per) // 2], us_per_event_p90=per[int(0.9 * (len(per) - 1))],
                 us_per_event_mean=sum(per) / len(per))
        out.append(r)
        print(f'  torch latency {engine}: median {r["us_per_event_median"]:.1f} us/event over {len(per)} events', flush=True)
    return dict(runs=out, best=min(out, key=lambda r: r['us_per_event_median']))


def check_engines(args):
    """Largest difference between the engines' scores and torch_recipe.predict() on the first 2,000 events."""
    import numpy as np
    import torch
    sys.path.insert(0, PEERS)
    import higgs_common as H
    import torch_recipe as TR
    raw, _ = load_raw(args.test)
    raw = raw[:2000]
    module, models, weights, std = build_module(args.workdir, args.onnx_dir)
    ev = H.load_events(args.test)
    x, cat = H.cartesian(ev['raw'])
    ref = TR.predict(models, weights, x[:len(raw)], cat[:len(raw)], std, tta=True)
    out = {}
    for engine in ('eager', 'torchscript'):
        fn = make_engine(engine, module, torch.from_numpy(raw[:64]))
        with torch.inference_mode():
            got = fn(torch.from_numpy(raw)).numpy()
        out[engine] = float(np.max(np.abs(got - ref)))
    return out


def main(args):
    import torch
    import numpy as np
    sys.path.insert(0, PEERS)
    import higgs_common as H
    torch.set_num_threads(1)
    out = dict(mode=args.mode, torch=torch.__version__, openblas_coretype=os.environ.get('OPENBLAS_CORETYPE'),
               blas=H.blas_info(), mkldnn=torch.backends.mkldnn.is_available())
    if args.mode == 'throughput':
        t, scores = throughput(args)
        out['throughput'] = t
        out['check_max_abs_diff_vs_recipe_predict'] = check_engines(args)
        if args.out_scores:
            _, ids = load_raw(args.test)
            H.write_scores(args.out_scores, ids, scores)
    else:
        out['latency'] = latency(args)
    if args.out_json:
        with open(args.out_json, 'w') as f:
            json.dump(out, f, indent=1, default=str)


if __name__ == '__main__':
    ARGS = parse_args()
    if ARGS.worker:
        spec = json.loads(ARGS.worker)
        # The worker's environment (threads, wait policy, OpenBLAS core) was set by the parent.
        worker_main(ARGS)
    else:
        configure_self(1, False, ARGS.openblas_coretype)
        main(ARGS)
