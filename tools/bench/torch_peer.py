#!/usr/bin/python3
"""PyTorch inference timings for the benchmark, with the reference implementation's own model and
inference code (tools/peers/torch_recipe.py): the ensemble trained by torch_recipe.py/torch_merge.py
(member_<m>.pt in --workdir) and its preprocessing constants (ensemble.json of the ONNX export).

  /usr/bin/python3 tools/bench/torch_peer.py --mode batch|latency --workdir W --onnx-dir D --test FILE \
      [--events N] [--openblas-coretype SkylakeX] --out-json r.json

batch:   torch_recipe.predict() on every event of --test (10 members x 8 TTA copies, chunks of 1,024 rows,
         one thread), timed without reading the CSV and without the Cartesian conversion.
latency: one event at a time on one thread: its 8 TTA copies stacked into one 8-row batch, standardised,
         one call per member, weighted mean (as onnx/score.js does); microseconds per event over --events
         events after 50 warm-up events. The Cartesian conversion is done beforehand for all events (the
         reference does it with vectorised pandas code, which is not a per-event path).
"""
import argparse
import json
import os
import sys
import time


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--mode', choices=('batch', 'latency'), required=True)
    p.add_argument('--workdir', required=True, help='torch_recipe.py --workdir holding member_<m>.pt')
    p.add_argument('--onnx-dir', required=True, help='export dir holding ensemble.json (means, stds, weights)')
    p.add_argument('--test', required=True)
    p.add_argument('--events', type=int, default=1000, help='latency: events timed')
    p.add_argument('--openblas-coretype', default='keep')
    p.add_argument('--out-json', required=True)
    return p.parse_args(argv)


def configure_env(args):
    """One thread, and the OpenBLAS kernel choice, before numpy/torch are loaded."""
    os.environ['OPENBLAS_NUM_THREADS'] = '1'
    os.environ['OMP_NUM_THREADS'] = '1'
    if args.openblas_coretype == 'unset':
        os.environ.pop('OPENBLAS_CORETYPE', None)
        os.environ.pop('OPENBLAS_L2_SIZE', None)
    elif args.openblas_coretype != 'keep':
        os.environ['OPENBLAS_CORETYPE'] = args.openblas_coretype
        os.environ.pop('OPENBLAS_L2_SIZE', None)


def load_ensemble(workdir, onnx_dir):
    """The members (torch_recipe.StrongNet, eval mode), their ensemble weights and the Standardiser."""
    import torch
    import torch_recipe as TR
    import higgs_common as H
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
    import numpy as np
    std = H.Standardiser(np.array(meta['means']), np.array(meta['stds']))
    return models, weights, std


def time_batch(models, weights, std, x, cat):
    """Seconds of torch_recipe.predict() (TTA) on all events."""
    import torch_recipe as TR
    t0 = time.perf_counter()
    TR.predict(models, weights, x, cat, std, tta=True)
    return time.perf_counter() - t0


def time_latency(models, weights, std, x, cat, events, warmup=50):
    """Microseconds per event, one event at a time (8 TTA rows, one call per member)."""
    import numpy as np
    import torch
    import higgs_common as H
    per = []
    n = min(len(x), events + warmup)
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
    per.sort()
    return dict(events=len(per), us_per_event_median=per[len(per) // 2], us_per_event_p90=per[int(0.9 * (len(per) - 1))],
                us_per_event_mean=sum(per) / len(per))


def main(args):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, '..', 'peers'))
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    import higgs_common as H
    models, weights, std = load_ensemble(args.workdir, args.onnx_dir)
    ev = H.load_events(args.test)
    x, cat = H.cartesian(ev['raw'])
    out = dict(mode=args.mode, members=len(models), tta_copies=len(H.TTA_COPIES), torch=torch.__version__,
               threads=torch.get_num_threads(), openblas_coretype=os.environ.get('OPENBLAS_CORETYPE'), blas=H.blas_info())
    if args.mode == 'batch':
        secs = time_batch(models, weights, std, x, cat)
        out.update(events=len(x), seconds=secs, events_per_second=len(x) / secs)
        print(f'torch batch: {len(x)} events in {secs:.2f} s ({len(x) / secs:.0f} events/s, 1 thread)')
    else:
        out.update(time_latency(models, weights, std, x, cat, args.events))
        print(f'torch latency: median {out["us_per_event_median"]:.1f} us/event over {out["events"]} events')
    with open(args.out_json, 'w') as f:
        json.dump(out, f, indent=1, default=str)


if __name__ == '__main__':
    ARGS = parse_args()
    configure_env(ARGS)
    main(ARGS)
