"""Shared helpers for the Sieve peer implementations (tools/peers/).

Everything here follows /work/shared/reference/method-spec.md (Strong, MLST 2020):
data reading (open-data or Kaggle layout), -999 -> NaN, Cartesian features (spec 1.4/1.6),
the stratified 80/20 split (1.2), raw-momentum augmentation and the 8 TTA copies (4),
AMS (5.1), the published cut procedure (5.2) and the test metrics asked for by the benchmark.

Needs numpy, pandas and scikit-learn (Debian: python3-numpy python3-pandas python3-sklearn).
Nothing from Sieve itself.
"""
import json
import math
import os
import platform
import sys
import time

import numpy as np
import pandas as pd

__all__ = ['RAW_FEATURES', 'CONT_FEATURES', 'CAT_FEATURE', 'VECTORS', 'SIG_TOTAL', 'BKG_TOTAL',
           'load_events', 'cartesian', 'strat_key', 'split_80_20', 'Standardiser', 'augment_raw',
           'tta_transform', 'TTA_COPIES', 'calc_ams', 'cut_by_ams', 'weighted_auc', 'test_metrics',
           'blas_info', 'write_scores', 'write_json', 'Timer', 'parse_members']

# The 30 original DER_/PRI_ features in the file order of the release.
RAW_FEATURES = [
    'DER_mass_MMC', 'DER_mass_transverse_met_lep', 'DER_mass_vis', 'DER_pt_h', 'DER_deltaeta_jet_jet',
    'DER_mass_jet_jet', 'DER_prodeta_jet_jet', 'DER_deltar_tau_lep', 'DER_pt_tot', 'DER_sum_pt',
    'DER_pt_ratio_lep_tau', 'DER_met_phi_centrality', 'DER_lep_eta_centrality',
    'PRI_tau_pt', 'PRI_tau_eta', 'PRI_tau_phi', 'PRI_lep_pt', 'PRI_lep_eta', 'PRI_lep_phi',
    'PRI_met', 'PRI_met_phi', 'PRI_met_sumet', 'PRI_jet_num',
    'PRI_jet_leading_pt', 'PRI_jet_leading_eta', 'PRI_jet_leading_phi',
    'PRI_jet_subleading_pt', 'PRI_jet_subleading_eta', 'PRI_jet_subleading_phi', 'PRI_jet_all_pt']

# Spec 1.6: the order the network sees (30 continuous), then PRI_jet_num as the categorical.
CONT_FEATURES = [
    'DER_mass_MMC', 'DER_mass_transverse_met_lep', 'DER_mass_vis', 'DER_pt_h', 'DER_deltaeta_jet_jet',
    'DER_mass_jet_jet', 'DER_prodeta_jet_jet', 'DER_deltar_tau_lep', 'DER_pt_tot', 'DER_sum_pt',
    'DER_pt_ratio_lep_tau', 'DER_met_phi_centrality', 'DER_lep_eta_centrality',
    'PRI_met_sumet', 'PRI_jet_all_pt',
    'PRI_lep_px', 'PRI_lep_py', 'PRI_lep_pz', 'PRI_tau_px', 'PRI_tau_py', 'PRI_tau_pz',
    'PRI_met_px', 'PRI_met_py',
    'PRI_jet_subleading_px', 'PRI_jet_subleading_py', 'PRI_jet_subleading_pz',
    'PRI_jet_leading_px', 'PRI_jet_leading_py', 'PRI_jet_leading_pz',
    'PRI_met_pt']
CAT_FEATURE = 'PRI_jet_num'
# Vectors that are augmented: (name, index of px, index of py, index of pz or None) in CONT_FEATURES.
VECTORS = [(v, CONT_FEATURES.index(v + '_px'), CONT_FEATURES.index(v + '_py'),
            CONT_FEATURES.index(v + '_pz') if (v + '_pz') in CONT_FEATURES else None)
           for v in ('PRI_lep', 'PRI_tau', 'PRI_met', 'PRI_jet_subleading', 'PRI_jet_leading')]
PX_IDX = np.array([v[1] for v in VECTORS])
PY_IDX = np.array([v[2] for v in VECTORS])
PZ_IDX = np.array([v[3] for v in VECTORS if v[3] is not None])

# Published per-class weight totals of the 250,000 Kaggle training events (data/higgsml/README.md).
SIG_TOTAL = 691.988608
BKG_TOTAL = 410999.847322


class Timer:
    def __init__(self): self.t0 = time.perf_counter()
    def __call__(self): return time.perf_counter() - self.t0


def load_events(path, kaggleset=None):
    """Read a HiggsML CSV (plain or .gz; open-data or Kaggle layout).

    Returns a dict: event_id, raw (DataFrame of the 30 features, -999 -> NaN), label (0/1 ints or None),
    weight (analysis weight: KaggleWeight if present, else Weight; or None), kaggleset (array or None), layout.
    kaggleset: optional comma list ('t' or 'b,v') to keep only those KaggleSet rows.
    """
    df = pd.read_csv(path, compression='infer')
    df.columns = [c.strip() for c in df.columns]
    missing = [f for f in RAW_FEATURES if f not in df.columns]
    if missing: raise SystemExit(f'{path}: missing columns {missing}')
    if kaggleset:
        if 'KaggleSet' not in df.columns: raise SystemExit(f'{path}: no KaggleSet column to filter on')
        df = df[df['KaggleSet'].astype(str).str.strip().isin(kaggleset.split(','))].reset_index(drop=True)
    if 'KaggleWeight' in df.columns: wcol, layout = 'KaggleWeight', 'opendata'
    elif 'Weight' in df.columns: wcol, layout = 'Weight', 'kaggle-training'
    else: wcol, layout = None, 'features-only'
    raw = df[RAW_FEATURES].astype(np.float64)
    raw = raw.replace([np.inf, -np.inf, -999.0], np.nan)  # spec 1.3, on every column
    label = None
    if 'Label' in df.columns:
        lab = df['Label'].astype(str).str.strip()
        label = (lab == 's').to_numpy().astype(np.int64)
    return dict(event_id=df['EventId'].to_numpy().astype(np.int64), raw=raw, label=label,
                weight=df[wcol].to_numpy(np.float64) if wcol else None,
                kaggleset=df['KaggleSet'].astype(str).str.strip().to_numpy() if 'KaggleSet' in df.columns else None,
                layout=layout, weight_column=wcol, n=len(df), path=os.path.abspath(path))


def cartesian(raw):
    """Spec 1.4/1.6: 30 continuous features (float64, NaN kept) in CONT_FEATURES order, and jet_num codes 0..3."""
    out = {}
    for c in RAW_FEATURES:
        if c.startswith('DER_') or c in ('PRI_met_sumet', 'PRI_jet_all_pt'): out[c] = raw[c].to_numpy()
    for v in ('PRI_tau', 'PRI_lep', 'PRI_jet_leading', 'PRI_jet_subleading'):
        pt, eta, phi = (raw[f'{v}_{k}'].to_numpy() for k in ('pt', 'eta', 'phi'))
        out[v + '_px'], out[v + '_py'], out[v + '_pz'] = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    met, mphi = raw['PRI_met'].to_numpy(), raw['PRI_met_phi'].to_numpy()
    out['PRI_met_px'], out['PRI_met_py'], out['PRI_met_pt'] = met * np.cos(mphi), met * np.sin(mphi), met
    x = np.stack([out[c] for c in CONT_FEATURES], axis=1)
    jn = raw[CAT_FEATURE].to_numpy()
    if np.isnan(jn).any(): raise SystemExit('PRI_jet_num has undefined values')
    cat = np.clip(np.rint(jn), 0, 3).astype(np.int64)  # proc_cats: sorted unique {0,1,2,3} -> 0..3
    return x, cat


def strat_key(label, cat):
    """Unique id of the pair (label, jet_num) (spec 1.2, gen_strat_key)."""
    return label.astype(np.int64) * 4 + cat.astype(np.int64)


def split_80_20(label, cat, seed):
    """sklearn train_test_split(test_size=0.2, random_state=seed, stratify=(label, jet_num)), as in spec 1.2.
    Returns (train_idx, val_idx) as sorted arrays of row indices."""
    from sklearn.model_selection import train_test_split
    idx = np.arange(len(label))
    tr, va = train_test_split(idx, test_size=0.2, random_state=seed, stratify=strat_key(label, cat))
    return np.sort(tr), np.sort(va)


class Standardiser:
    """StandardScaler fitted ignoring NaN, population std (ddof 0), NaN -> 0 after scaling (spec 1.3, 1.7)."""
    def __init__(self, mean=None, std=None): self.mean, self.std = mean, std

    def fit(self, x):
        self.mean = np.nanmean(x, axis=0)
        self.std = np.nanstd(x, axis=0)
        self.std = np.where(self.std > 0, self.std, 1.0)  # sklearn's _handle_zeros_in_scale
        return self

    def transform(self, x, dtype=np.float32):
        z = (x - self.mean) / self.std
        return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0).astype(dtype, copy=False)


def augment_raw(x, rng):
    """Train-time augmentation on RAW Cartesian momenta (x is modified in a copy): one uniform phi rotation per event
    for every transverse vector (MET included), independent 50% y flip and 50% z flip per event. NaN stays NaN."""
    x = x.copy()
    n = len(x)
    a = rng.uniform(-np.pi, np.pi, n)
    fy = rng.random(n) < 0.5
    fz = rng.random(n) < 0.5
    c, s = np.cos(a)[:, None], np.sin(a)[:, None]
    px, py = x[:, PX_IDX], x[:, PY_IDX]
    x[:, PX_IDX], x[:, PY_IDX] = px * c - py * s, py * c + px * s
    x[np.ix_(fy, PY_IDX)] = -x[np.ix_(fy, PY_IDX)]
    x[np.ix_(fz, PZ_IDX)] = -x[np.ix_(fz, PZ_IDX)]
    return x


# Spec 4, test time: aug_idx 0..7 -> angle linspace(0, 2pi, 3)[aug_idx % 2] (0 or pi), bits of aug_idx//2:
# format(aug_idx//2, '02b') = 'ab'; LUMIN reads the string's first char as the y flip and the second as the z flip.
TTA_COPIES = [(float(np.linspace(0, 2 * np.pi, 3)[i % 2]), format(i // 2, '02b')[0] == '1', format(i // 2, '02b')[1] == '1')
              for i in range(8)]


def tta_transform(x, angle, flip_y, flip_z):
    """One deterministic TTA copy on raw Cartesian momenta: rotation by angle (0 or pi), optional y and z flips."""
    x = x.copy()
    if angle != 0.0:
        c, s = math.cos(angle), math.sin(angle)
        px, py = x[:, PX_IDX].copy(), x[:, PY_IDX].copy()
        x[:, PX_IDX], x[:, PY_IDX] = px * c - py * s, py * c + px * s
    if flip_y: x[:, PY_IDX] = -x[:, PY_IDX]
    if flip_z: x[:, PZ_IDX] = -x[:, PZ_IDX]
    return x


def calc_ams(s, b, br=10.0):
    """Spec 5.1."""
    if b == 0: return -1.0
    rad = 2.0 * ((s + b + br) * math.log(1.0 + s / (b + br)) - s)
    return math.sqrt(rad) if rad > 0 else -1.0


def _suffix_sums(pred, y, w):
    """For each event i: (sum of signal weight with pred >= pred_i, same for background)."""
    order = np.argsort(pred, kind='mergesort')
    ps = pred[order]
    ws = np.where(y[order] == 1, w[order], 0.0)
    wb = np.where(y[order] == 0, w[order], 0.0)
    suf_s = np.concatenate([np.cumsum(ws[::-1])[::-1], [0.0]])
    suf_b = np.concatenate([np.cumsum(wb[::-1])[::-1], [0.0]])
    first = np.searchsorted(ps, pred, side='left')  # first sorted position with value >= pred_i
    return suf_s[first], suf_b[first]


def cut_by_ams(pred, y, w, wgt_factor, top_perc=10.0, min_pred=0.9, br=10.0):
    """Spec 5.2 (LUMIN binary_class_cut_by_ams): AMS of the cut at each event with pred >= min_pred (others -1),
    take the top_perc% events by that AMS, cut = mean of their predictions.
    Ties in AMS keep the data order (stable sort). Returns dict(cut, ams_at_cut, ams_max, cut_at_max)."""
    pred = np.asarray(pred, np.float64)
    s, b = _suffix_sums(pred, y, w)
    s, b = s * wgt_factor, b * wgt_factor
    ams = np.full(len(pred), -1.0)
    for i in np.nonzero(pred >= min_pred)[0]: ams[i] = calc_ams(s[i], b[i], br)
    order = np.argsort(-ams, kind='mergesort')
    top = order[:int(top_perc * len(pred) / 100)]
    cut = float(np.mean(pred[top]))
    sel = pred >= cut
    ams_cut = calc_ams(wgt_factor * w[sel & (y == 1)].sum(), wgt_factor * w[sel & (y == 0)].sum(), br)
    imax = int(np.argmax(ams))
    return dict(cut=cut, ams_at_cut=ams_cut, ams_max=float(ams[imax]), cut_at_max=float(pred[imax]),
                wgt_factor=wgt_factor, top_perc=top_perc, min_pred=min_pred, br=br,
                n_events=int(len(pred)), n_above_min_pred=int((pred >= min_pred).sum()))


def weighted_auc(y, score, w):
    """ROC AUC with event weights (ties handled by trapezoids)."""
    order = np.argsort(-np.asarray(score, np.float64), kind='mergesort')
    sc, yy, ww = np.asarray(score, np.float64)[order], y[order], w[order]
    tp = np.cumsum(np.where(yy == 1, ww, 0.0))
    fp = np.cumsum(np.where(yy == 0, ww, 0.0))
    last = np.r_[np.nonzero(np.diff(sc))[0], len(sc) - 1]  # last index of each tie group
    tp, fp = np.r_[0.0, tp[last]], np.r_[0.0, fp[last]]
    if tp[-1] == 0 or fp[-1] == 0: return float('nan')
    return float(np.trapz(tp, fp) / (tp[-1] * fp[-1]))


def test_metrics(score, ev, cut):
    """Metrics of test scores: weighted AUC (the file's analysis weight), AMS at the cut with weights rescaled per class
    to the published training totals (signal 691.988608, background 410999.847322), and, if the file has KaggleSet
    b/v rows, the official public/private AMS with the raw KaggleWeight (spec 5.3)."""
    if ev['label'] is None or ev['weight'] is None: return dict(note='test file has no Label/weight: no metrics')
    y, w = ev['label'], ev['weight']
    ws, wb = w[y == 1].sum(), w[y == 0].sum()
    wr = np.where(y == 1, w * (SIG_TOTAL / ws if ws > 0 else 0.0), w * (BKG_TOTAL / wb if wb > 0 else 0.0))
    sel = score >= cut
    s, b = wr[sel & (y == 1)].sum(), wr[sel & (y == 0)].sum()
    out = dict(n_events=int(len(y)), n_signal=int(y.sum()), auc_weighted=weighted_auc(y, score, w),
               auc_unweighted=weighted_auc(y, score, np.ones_like(w)),
               ams_at_cut_rescaled=calc_ams(s, b), s_at_cut_rescaled=float(s), b_at_cut_rescaled=float(b),
               n_selected=int(sel.sum()), weight_column=ev['weight_column'])
    # informational: best single cut on the test file itself (optimistic, not a result)
    ss, bb = _suffix_sums(np.asarray(score, np.float64), y, wr)
    best = max((calc_ams(a, c), i) for i, (a, c) in enumerate(zip(ss, bb)) if score[i] >= 0.5) if (score >= 0.5).any() else (-1.0, 0)
    out['ams_max_rescaled_informational'] = best[0]
    if ev['kaggleset'] is not None:
        for name, code in (('public', 'b'), ('private', 'v')):
            m = ev['kaggleset'] == code
            if m.any():
                out[f'ams_{name}_raw_kaggleweight'] = calc_ams(w[m & sel & (y == 1)].sum(), w[m & sel & (y == 0)].sum())
                out[f'n_{name}'] = int(m.sum())
    return out


def blas_info():
    """Environment of the BLAS/threading stack: env variables and what threadpoolctl sees (OpenBLAS core, threads)."""
    info = dict(env={k: os.environ.get(k) for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS',
                                                     'OMP_NUM_THREADS', 'OMP_WAIT_POLICY', 'MKL_NUM_THREADS')},
                python=sys.version.split()[0], numpy=np.__version__, machine=platform.machine(),
                cpu=_cpu_model(), nproc=os.cpu_count())
    try:
        from threadpoolctl import threadpool_info
        info['threadpools'] = [{k: d.get(k) for k in ('internal_api', 'prefix', 'version', 'num_threads',
                                                      'threading_layer', 'architecture', 'filepath')}
                               for d in threadpool_info()]
    except Exception as e:  # threadpoolctl is optional
        info['threadpools'] = f'threadpoolctl unavailable: {e}'
    return info


def _cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'): return line.split(':', 1)[1].strip()
    except OSError: pass
    return platform.processor()


def write_scores(path, event_id, score):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    pd.DataFrame({'EventId': event_id, 'score': np.asarray(score, np.float64)}).to_csv(path, index=False, float_format='%.9g')


def _jsonable(o):
    if isinstance(o, dict): return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)): return [_jsonable(v) for v in o]
    if isinstance(o, (np.floating,)): o = float(o)
    if isinstance(o, (np.integer,)): return int(o)
    if isinstance(o, np.ndarray): return _jsonable(o.tolist())
    if isinstance(o, float) and not math.isfinite(o): return None
    return o


def write_json(path, obj):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = path + f'.tmp{os.getpid()}'
    with open(tmp, 'w') as f: json.dump(_jsonable(obj), f, indent=2)
    os.replace(tmp, path)


def parse_members(spec, n=10):
    """'0-9', '0-4', '5-9', '3' or '0,2,5' -> sorted list of member ids."""
    out = set()
    for part in str(spec).split(','):
        part = part.strip()
        if not part: continue
        if '-' in part:
            a, b = part.split('-', 1); out.update(range(int(a), int(b) + 1))
        else: out.add(int(part))
    bad = [m for m in out if not 0 <= m < n]
    if bad: raise SystemExit(f'--members: ids out of range 0..{n - 1}: {bad}')
    return sorted(out)
