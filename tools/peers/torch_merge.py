#!/usr/bin/python3
"""Combine members trained by separate torch_recipe.py runs (e.g. two single-threaded processes with --members 0-4 and
--members 5-9 and the same --workdir) into the 10-member ensemble: ensemble weights 1/best loss, cut on the 20%
validation part (with TTA), scores of the test file, JSON of timings and metrics (same fields as torch_recipe.py).

  W=/tmp/peer_torch_work
  (env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/peers/torch_recipe.py --train T --seed 1337 \
       --members 0-4 --workdir $W --threads 1 &
   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/peers/torch_recipe.py --train T --seed 1337 \
       --members 5-9 --workdir $W --threads 1 & wait)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/peers/torch_merge.py --workdir $W --train T \
       --test X --out-scores s.csv --out-json r.json [--threads 1] [--export-onnx DIR] [--no-tta]

The training file and seed must be the ones the members were trained with (the 80/20 split and the standardisation
are recomputed from them and checked against <workdir>/prep.json).
"""
import argparse
import glob
import json
import os
import sys


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workdir', nargs='+', required=True, help='one or more work dirs holding member_<m>.pt')
    p.add_argument('--train', required=True)
    p.add_argument('--test', required=True)
    p.add_argument('--out-scores')
    p.add_argument('--out-json')
    p.add_argument('--seed', type=int, help='default: the seed in prep.json')
    p.add_argument('--members', default='0-9', help='members expected (default 0-9); missing ones are an error')
    p.add_argument('--allow-missing', action='store_true', help='build the ensemble from whatever members exist')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--export-onnx', metavar='DIR')
    p.add_argument('--no-tta', action='store_true')
    p.add_argument('--train-kaggleset')
    p.add_argument('--test-kaggleset')
    p.add_argument('--openblas-coretype', default='keep')
    p.add_argument('--quiet', action='store_true')
    return p.parse_args(argv)


if __name__ == '__main__':
    ARGS = parse_args()
    # BLAS reads its environment when it is loaded: set it before torch_recipe imports numpy/torch.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if ARGS.threads == 1:
        os.environ['OPENBLAS_NUM_THREADS'] = '1'; os.environ['OMP_NUM_THREADS'] = '1'
    else:
        os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
    if ARGS.openblas_coretype == 'unset':
        os.environ.pop('OPENBLAS_CORETYPE', None); os.environ.pop('OPENBLAS_L2_SIZE', None)
    elif ARGS.openblas_coretype != 'keep':
        os.environ['OPENBLAS_CORETYPE'] = ARGS.openblas_coretype; os.environ.pop('OPENBLAS_L2_SIZE', None)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import higgs_common as H  # noqa: E402
import torch_recipe as R  # noqa: E402


def main(args):
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    torch.set_num_threads(args.threads)
    if args.threads == 1: torch.set_num_interop_threads(1)
    t_all = H.Timer()
    found, metas, train_runs = {}, [], []
    for wd in args.workdir:
        pj = os.path.join(wd, 'prep.json')
        if os.path.exists(pj):
            with open(pj) as f: metas.append(json.load(f))
        for fn in sorted(glob.glob(os.path.join(wd, 'member_*.pt'))):
            r = torch.load(fn)
            if r['member'] in found: raise SystemExit(f'member {r["member"]} found twice ({fn})')
            found[r['member']] = r
        for fn in sorted(glob.glob(os.path.join(wd, 'train_*.json'))):
            with open(fn) as f: train_runs.append(json.load(f))
    want = H.parse_members(args.members, R.N_MEMBERS)
    missing = [m for m in want if m not in found]
    if missing and not args.allow_missing: raise SystemExit(f'missing members {missing} in {args.workdir}')
    results = [found[m] for m in want if m in found]
    if not results: raise SystemExit('no members found')
    seeds = {r['seed'] for r in results} | {m['seed'] for m in metas}
    subs = {r['sub_epochs'] for r in results}
    if len(seeds) != 1: raise SystemExit(f'members trained with different seeds: {sorted(seeds)}')
    seed = seeds.pop()
    if args.seed is not None and args.seed != seed: raise SystemExit(f'--seed {args.seed} but members used {seed}')
    log(f'merging members {[r["member"] for r in results]} (seed {seed}, sub-epochs {sorted(subs)})')
    prep = R.prepare_training(args.train, seed, args.train_kaggleset)
    for m in metas:  # same data -> same split and scaler
        if m['n_events'] != prep['ev']['n'] or not np.allclose(m['means'], prep['std'].mean, rtol=1e-9, atol=1e-9):
            raise SystemExit('the training file differs from the one the members were trained on (prep.json)')
    per_run = [r['wall_seconds']['training'] for r in train_runs]
    extra = dict(script='torch_merge.py', args=vars(args), seed=seed, sub_epochs=sorted(subs)[0],
                 train=dict(R.prep_meta(prep, sorted(subs)[0], 256), means=None, stds=None),
                 partial_runs=[dict(members=r['members'], training_seconds=r['wall_seconds']['training'],
                                    seconds_per_sub_epoch_mean=r['wall_seconds'].get('seconds_per_sub_epoch_mean'),
                                    threads=r['config']['num_threads'],
                                    openblas=[d.get('architecture') for d in r['config']['blas']['threadpools']
                                              if isinstance(d, dict) and d.get('internal_api') == 'openblas'])
                               for r in train_runs],
                 wall_seconds=dict(train_read_csv=prep['seconds_read'], train_prep=prep['seconds_prep'],
                                   training=max(per_run) if per_run else None,
                                   training_note='wall time of the slowest partial run (they ran concurrently)',
                                   training_sum_of_runs=sum(per_run) if per_run else None,
                                   training_per_member={str(r['member']): r['train_seconds'] for r in results},
                                   seconds_per_sub_epoch_mean=float(np.mean([r['seconds_per_sub_epoch'] for r in results]))),
                 n_params=R.n_params(R.StrongNet()))
    out = R.finish(prep, results, args.test, args, extra, log)
    out['wall_seconds']['merge_total'] = t_all()
    if args.out_json: H.write_json(args.out_json, out)
    return out


if __name__ == '__main__':
    main(ARGS)
