#!/usr/bin/python3
"""Gradient-boosted-tree baseline for the Sieve benchmark (XGBoost, Debian python3-xgboost). Needs nothing from Sieve.

Same data handling as the recipe peer (tools/peers/higgs_common.py): the same stratified 80/20 split (seeded),
class-balanced weights, early stopping on the 20% part, the cut chosen on the 20% part by the published procedure
(method-spec 5.2, weight factor = total events / validation events), and the same test metrics in the JSON.

  /usr/bin/python3 tools/peers/xgb_baseline.py --train T.csv.gz --test X.csv.gz --out-scores s.csv --out-json r.json \
      --seed 1337 [--threads 2] [--features cartesian|raw] [--params '{"max_depth": 7}']

Features: 'cartesian' (default) = the recipe's 30 continuous features (spec 1.6) + PRI_jet_num as a number (31);
'raw' = the 30 original DER_/PRI_ columns (PRI_jet_num included). -999 -> missing (XGBoost learns the default
direction). Trees need no standardisation.
"""
import argparse
import json
import os
import sys


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--train', required=True)
    p.add_argument('--test', required=True)
    p.add_argument('--out-scores')
    p.add_argument('--out-json')
    p.add_argument('--seed', type=int, default=1337)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--features', choices=('cartesian', 'raw'), default='cartesian')
    p.add_argument('--params', default='{}', help='JSON object overriding the XGBoost parameters below')
    p.add_argument('--max-rounds', type=int, default=5000)
    p.add_argument('--early-stopping', type=int, default=200)
    p.add_argument('--train-kaggleset')
    p.add_argument('--test-kaggleset')
    p.add_argument('--quiet', action='store_true')
    return p.parse_args(argv)


# Tuned for HiggsML with class-balanced weights scaled to mean 1 (so min_child_weight is in "event" units).
DEFAULT_PARAMS = dict(objective='binary:logistic', eval_metric='logloss', tree_method='hist', max_depth=7, eta=0.03,
                      subsample=0.9, colsample_bytree=0.7, min_child_weight=5.0, reg_lambda=1.0, gamma=0.0,
                      max_bin=256)

if __name__ == '__main__':
    ARGS = parse_args()
    os.environ['OMP_NUM_THREADS'] = str(ARGS.threads)
    # idle OpenMP threads sleep instead of spinning: with ACTIVE waiting, 2 threads on shared cores were 5x slower
    os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
    os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import higgs_common as H  # noqa: E402


def features(ev, kind):
    x, cat = H.cartesian(ev['raw'])
    if kind == 'cartesian': return np.column_stack([x, cat.astype(np.float64)]), H.CONT_FEATURES + [H.CAT_FEATURE], cat
    return ev['raw'][H.RAW_FEATURES].to_numpy(np.float64), list(H.RAW_FEATURES), cat


def balanced(y, w):
    """Each class sums to len(y)/2 (class balance as in the recipe, scaled to mean weight 1 for the tree hessians)."""
    out = w.astype(np.float64).copy()
    for c in (0, 1): out[y == c] *= (len(y) / 2) / w[y == c].sum()
    return out


def main(args):
    import xgboost as xgb
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    params = dict(DEFAULT_PARAMS, nthread=args.threads, seed=args.seed)
    params.update(json.loads(args.params))
    t_all = H.Timer()
    t = H.Timer()
    ev = H.load_events(args.train, args.train_kaggleset)
    t_read = t()
    if ev['label'] is None or ev['weight'] is None: raise SystemExit('training file needs Label and a weight')
    X, names, cat = features(ev, args.features)
    y, w = ev['label'], ev['weight']
    tr, va = H.split_80_20(y, cat, args.seed)
    dtr = xgb.DMatrix(X[tr], label=y[tr], weight=balanced(y[tr], w[tr]), missing=np.nan, feature_names=names)
    dva = xgb.DMatrix(X[va], label=y[va], weight=balanced(y[va], w[va]), missing=np.nan, feature_names=names)
    t_prep = t() - t_read
    log(f'xgboost {xgb.__version__}: {len(tr)} train / {len(va)} validation events, {len(names)} {args.features} '
        f'features, {args.threads} threads')
    t1 = H.Timer()
    evals_result = {}
    bst = xgb.train(params, dtr, num_boost_round=args.max_rounds, evals=[(dtr, 'train'), (dva, 'val')],
                    early_stopping_rounds=args.early_stopping, evals_result=evals_result,
                    verbose_eval=False if args.quiet else 250)
    t_train = t1()
    best_it = int(bst.best_iteration)
    rng = (0, best_it + 1)
    log(f'trained {bst.num_boosted_rounds()} rounds in {t_train:.1f}s; best iteration {best_it + 1} '
        f'(val logloss {bst.best_score:.5f})')
    t2 = H.Timer()
    pv = bst.predict(dva, iteration_range=rng)
    t_val = t2()
    cut = H.cut_by_ams(pv, y[va], w[va], wgt_factor=ev['n'] / len(va))
    cut['seconds_inference'] = t_val
    log(f'cut {cut["cut"]:.5f} (validation AMS at cut {cut["ams_at_cut"]:.4f}, max {cut["ams_max"]:.4f})')
    t = H.Timer()
    tev = H.load_events(args.test, args.test_kaggleset)
    t_tread = t()
    Xt, _, _ = features(tev, args.features)
    dte = xgb.DMatrix(Xt, missing=np.nan, feature_names=names)
    t3 = H.Timer()
    score = bst.predict(dte, iteration_range=rng)
    t_inf = t3()
    metrics = H.test_metrics(score, tev, cut['cut'])
    if args.out_scores: H.write_scores(args.out_scores, tev['event_id'], score)
    out = dict(script='xgb_baseline.py', args=vars(args), seed=args.seed, features=args.features, feature_names=names,
               params=params, n_members=1, best_iteration=best_it + 1, rounds_trained=int(bst.num_boosted_rounds()),
               best_losses=[float(bst.best_score)], ensemble_weights=[1.0],
               train=dict(file=ev['path'], n_events=int(ev['n']), n_train=int(len(tr)), n_val=int(len(va)),
                          weight_column=ev['weight_column']),
               cut=cut, test=dict(file=tev['path'], layout=tev['layout'], **metrics),
               wall_seconds=dict(train_read_csv=t_read, train_prep=t_prep, training=t_train, inference_validation=t_val,
                                 test_read_csv=t_tread, inference_test=t_inf,
                                 inference_test_events_per_second=len(score) / t_inf if t_inf > 0 else None,
                                 total=t_all()),
               config=dict(xgboost=xgb.__version__, nthread=args.threads, blas=H.blas_info()))
    if args.out_json: H.write_json(args.out_json, out)
    log(f'test: {len(score)} events, AUC(weighted) {metrics.get("auc_weighted", float("nan")):.5f}, '
        f'AMS at cut (rescaled) {metrics.get("ams_at_cut_rescaled", float("nan")):.4f}; total {t_all():.1f}s')
    return out


if __name__ == '__main__':
    main(ARGS)
