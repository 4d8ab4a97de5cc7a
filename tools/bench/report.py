"""Writes bench/report.md (one table per section) and the PNG plots from the benchmark's results
(the dict that tools/bench/run_bench.py builds and saves as results.json). Pure Python for the
tables; matplotlib (Debian's python3-matplotlib) for the plots, skipped with a note when missing.
Every figure is derived from the results here, so a report can be rewritten from a results.json."""
import math
import os

from metrics import mean_std

TOOLS = ('Sieve', 'PyTorch', 'XGBoost')
COLOURS = {'Sieve': '#1f77b4', 'PyTorch': '#d62728', 'XGBoost': '#2ca02c', 'ONNX Runtime': '#9467bd'}


# ------------------------------------------------------------------------------------------------ formatting
def fmt(v, digits=2, unit=''):
    """A number with `digits` decimals (thousands separated when large), or 'n/a'."""
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return 'n/a'
    if isinstance(v, int) or (abs(v) >= 1000 and digits <= 1):
        return f'{v:,.0f}{unit}'
    return f'{v:,.{digits}f}{unit}'


def pm(mean, std, digits):
    if mean is None:
        return 'n/a'
    return fmt(mean, digits) + (f' ± {fmt(std, digits)}' if std is not None else ' (one seed)')


def ratio(a, b, digits=2):
    """a / b as 'x.xx×', or 'n/a'."""
    if a is None or b is None or b == 0:
        return 'n/a'
    return f'{a / b:.{digits}f}×'


def table(header, rows):
    """A markdown table."""
    out = ['| ' + ' | '.join(header) + ' |', '|' + '|'.join('---' for _ in header) + '|']
    out += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(out) + '\n'


def get(d, *keys, default=None):
    """d[k1][k2]... or default when any level is missing or None."""
    for k in keys:
        if not isinstance(d, dict) or d.get(k) is None:
            return default
        d = d[k]
    return d


# ------------------------------------------------------------------------------------------------ derived figures
def inference_flops_per_event(results):
    inf = results.get('inference') or {}
    f = get(results, 'limit', 'forward_flops') or inf.get('forward_flops')
    if f is None:
        return None
    return f * inf.get('members', 10) * inf.get('copies', 8)


def peak(results, cores):
    return get(results, 'limit', 'peak', f'gflops_{cores}')


def fraction_rows(results):
    """(workload, achieved GFLOP/s, cores of the peak, fraction) for every workload that ran."""
    rows = []
    fpe = inference_flops_per_event(results)
    tr, inf = results.get('training') or {}, results.get('inference') or {}
    if get(tr, 'sieve', 'gflops') is not None:
        rows.append(('Sieve training, whole recipe (2 threads)', tr['sieve']['gflops'], 2))
    if get(tr, 'sieve', 'flops') and get(tr, 'torch', 'train_seconds'):
        rows.append(('PyTorch training, same FLOPs (2 processes x 1 thread)',
                     tr['sieve']['flops'] / tr['torch']['train_seconds'] * 1e-9, 2))
    micro = inf.get('sieve_micro') or {}
    if get(micro, 'training_step', 'gflops') is not None:
        rows.append(('Sieve training step alone, batch 256 (1 thread, sieve-micro)', micro['training_step']['gflops'], 1))
    if fpe:
        if get(inf, 'sieve', 'events_per_second'):
            rows.append(('Sieve scoring, end to end from the file (2 threads)', inf['sieve']['events_per_second'] * fpe * 1e-9, 2))
        if get(micro, 'score_block_2', 'events_per_second'):
            rows.append(('Sieve scoring blocks of 512 events in memory (2 threads)',
                         micro['score_block_2']['events_per_second'] * fpe * 1e-9, 2))
        if get(micro, 'score_block', 'events_per_second'):
            rows.append(('Sieve scoring a block of 512 events in memory (1 thread)',
                         micro['score_block']['events_per_second'] * fpe * 1e-9, 1))
        if get(micro, 'one_event', 'nominal_us'):
            rows.append(('Sieve one event at a time (1 thread)', fpe / micro['one_event']['nominal_us'] * 1e-3, 1))
        ob, tb = best_run(get(inf, 'onnx', 'throughput')), best_run(get(inf, 'torch', 'throughput'))
        if ob:
            rows.append((f'ONNX Runtime scoring in memory, its best ({onnx_graph_name(ob)}{ob.get("config")}, '
                         f'{fmt(ob.get("rows_per_call"), 0)} events per call)', ob['events_per_second'] * fpe * 1e-9,
                         min(2, cores_of(ob))))
        if tb:
            rows.append((f'PyTorch scoring in memory, its best ({tb.get("engine")}, {tb.get("config")}, '
                         f'{fmt(tb.get("batch_events"), 0)} events per call)', tb['events_per_second'] * fpe * 1e-9,
                         min(2, cores_of(tb))))
    if get(micro, 'forward', 'gflops') is not None:
        rows.append((f'Sieve network forward alone, {micro["forward"].get("rows", 2048)} rows (1 thread, sieve-micro)',
                     micro['forward']['gflops'], 1))
    out = []
    for name, g, cores in rows:
        p = peak(results, cores)
        out.append((name, g, cores, g / p if p else None))
    return out


def physics_summary(ph):
    """Per tool: per-seed means over folds, mean ± std over seeds, and std over all folds."""
    out = {}
    for tool in TOOLS:
        runs = [r for r in ph.get('runs', []) if r['tool'] == tool]
        if not runs:
            continue
        seeds = sorted({r['seed'] for r in runs})
        per_seed = []
        for s in seeds:
            rs = [r for r in runs if r['seed'] == s]
            per_seed.append(dict(seed=s, folds=len(rs), auc=mean_std([r['auc'] for r in rs])[0],
                                 ams=mean_std([r['ams'] for r in rs])[0], cut=mean_std([r['cut'] for r in rs])[0]))
        out[tool] = dict(per_seed=per_seed, runs=len(runs),
                         auc=mean_std([p['auc'] for p in per_seed]), ams=mean_std([p['ams'] for p in per_seed]),
                         auc_folds=mean_std([r['auc'] for r in runs]), ams_folds=mean_std([r['ams'] for r in runs]),
                         cut=mean_std([r['cut'] for r in runs])[0],
                         seconds=sum(r.get('seconds') or 0.0 for r in runs))
    return out


def marginal_costs(points):
    """Seconds per extra event between consecutive sizes: constant when the cost is linear."""
    pts = sorted(points)
    return [(t2 - t1) / (n2 - n1) for (n1, t1), (n2, t2) in zip(pts, pts[1:]) if n2 > n1]


def linear_fit(points):
    """Least-squares t = a + b*n over (n, t) points: (a, b, largest relative deviation of a point)."""
    if len(points) < 2:
        return None, None, None
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return None, None, None
    b = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
    a = my - b * mx
    dev = max(abs(p[1] - (a + b * p[0])) / p[1] for p in points if p[1] > 0)
    return a, b, dev


# ------------------------------------------------------------------------------------------------ sections
def section_header(results):
    m = results.get('meta', {})
    mach, comp, ver = m.get('machine', {}), m.get('compiler', {}), m.get('versions', {})
    lines = ['# Sieve benchmark report\n']
    if m.get('mode') == 'quick':
        lines.append('> **QUICK RUN** (`sieve bench --quick`): small sizes and a fixed, small number of sub-epochs '
                     f'({get(m, "settings", "sieve_sub_epochs")} for Sieve and PyTorch alike), one seed. The figures '
                     'only show that the pipeline works; they are **not** the benchmark\'s results. The full run is '
                     '`sieve bench` (see the README).\n')
    lines.append(f'Written by `{m.get("command", "sieve bench")}` on {m.get("date", "n/a")} '
                 f'in {fmt(m.get("duration_seconds"), 0)} s; sections: {", ".join(m.get("sections", []))}.\n')
    rows = [
        ('CPU', f'{mach.get("cpu", "n/a")} (family {mach.get("family", "?")} model {mach.get("model", "?")})'),
        ('cores', f'{mach.get("cpus", "n/a")} logical CPUs: {mach.get("sockets", "?")} socket(s) x '
                  f'{mach.get("cores_per_socket", "?")} core(s) x {mach.get("threads_per_core", "?")} thread(s)'
                  + (f', {mach["hypervisor"]} guest' if mach.get('hypervisor') else '')),
        ('vector ISA', mach.get('isa', 'n/a')),
        ('caches', mach.get('caches', 'n/a')),
        ('memory / kernel', f'{fmt(mach.get("memory_gb"), 1)} GB / Linux {mach.get("kernel", "n/a")}'),
        ('compiler', comp.get('compiler', 'n/a')),
        ('compiler flags (libcore)', f'`{comp.get("flags", "n/a")}`'),
        ('sieve', ver.get('sieve', 'n/a')),
        ('PyTorch', ver.get('torch', 'n/a')),
        ('BLAS under PyTorch', ver.get('blas', 'n/a')),
        ('ONNX Runtime', ver.get('onnxruntime', 'n/a')),
        ('XGBoost', ver.get('xgboost', 'n/a')),
        ('Python / NumPy', f'{ver.get("python", "n/a")} / {ver.get("numpy", "n/a")}'),
        ('Google Benchmark', ver.get('benchmark', 'n/a')),
        ('load average (1 min) at start / end', f'{fmt(get(m, "load_start", default=[None])[0])} / '
                                                 f'{fmt(get(m, "load_end", default=[None])[0])}'),
    ]
    lines.append('## Machine and software\n')
    lines.append(table(['item', 'value'], rows))
    lines.append('Every timing ran alone, one command after another (the two PyTorch training processes are one '
                 'configuration and ran together); the load average before each command is in the log at the end. '
                 'Intermediate files are in the work directory (`bench/out/`, not committed).\n')
    return '\n'.join(lines)


def section_physics(results):
    ph = results.get('physics')
    if not ph:
        return ''
    summ = physics_summary(ph)
    lines = ['## 1. Physics: 5-fold cross-validation on the 18,000 real events\n',
             f'The {fmt(ph.get("events"), 0)} real events of `{ph.get("source", "data/higgsml/...")}` were dealt once '
             f'into {ph.get("folds")} folds stratified by label and PRI_jet_num (seed {ph.get("fold_seed")}); every '
             f'tool trained on the same `train_k.csv` and was scored on the same `test_k.csv` files, with seeds '
             f'{", ".join(str(s) for s in ph.get("seeds", []))}. Sub-epochs: Sieve {get(ph, "sub_epochs", "sieve")}, '
             f'PyTorch {get(ph, "sub_epochs", "torch")}; XGBoost {ph.get("xgboost_settings", "as in tools/peers")}. '
             'Metrics on each held-out fold: weighted ROC AUC and the AMS (b_r = 10) at the tool\'s own cut, with the '
             'fold\'s weights rescaled per class to the Kaggle training totals (signal 691.988608, background '
             '410999.847322). Mean ± sample std over seeds of the per-seed mean over folds; "fold spread" is the '
             'std over all folds and seeds.\n']
    rows = []
    for tool in TOOLS:
        s = summ.get(tool)
        if not s:
            continue
        rows.append((tool, pm(*s['auc'], 4), pm(*s['ams'], 3), fmt(s['auc_folds'][1], 4), fmt(s['ams_folds'][1], 3),
                     fmt(s['cut'], 4), s['runs'], fmt(s['seconds'], 0)))
    cv = ph.get('cross_validate')
    if cv:
        rows.append(('Sieve, own splits (`sieve cross-validate`)', pm(cv.get('auc_mean'), cv.get('auc_std'), 4),
                     pm(cv.get('ams_mean'), cv.get('ams_std'), 3), 'n/a', 'n/a', 'n/a',
                     cv.get('folds', 0) * len(cv.get('seeds', [])), fmt(cv.get('seconds'), 0)))
    lines.append(table(['tool', 'weighted ROC AUC', 'AMS at own cut', 'AUC fold spread', 'AMS fold spread',
                        'mean cut', 'fold runs', 'training s (sum)'], rows))
    seed_rows = [(tool, p['seed'], fmt(p['auc'], 4), fmt(p['ams'], 3), fmt(p['cut'], 4))
                 for tool in TOOLS if tool in summ for p in summ[tool]['per_seed']]
    lines.append('Per seed (mean over the folds):\n')
    lines.append(table(['tool', 'seed', 'AUC', 'AMS', 'mean cut'], seed_rows))
    check = ph.get('check')
    if check:
        lines.append(f'Check: the driver recomputed AUC and AMS from each tool\'s per-event scores with one '
                     f'implementation (`tools/bench/metrics.py`); largest difference from the tools\' own figures: '
                     f'AUC {fmt(check.get("auc"), 6)}, AMS {fmt(check.get("ams"), 6)} '
                     f'(over {check.get("runs", 0)} fold runs with scores).\n')
    curves = ph.get('curves') or {}
    if curves:
        seed = next(iter(curves.values())).get('seed')
        lines.append(f'Plots (seed {seed}, the five held-out folds pooled, each event scored by the model that did not '
                     f'see it): `roc_curves.png` (weighted ROC of the three models) and `ams_vs_cut.png` (AMS of '
                     f'score ≥ cut, pooled weights rescaled to the Kaggle totals; dashed: each tool\'s mean cut).\n')
        lines.append('![ROC curves](roc_curves.png)\n\n![AMS vs cut](ams_vs_cut.png)\n')
    return '\n'.join(lines)


def section_training(results):
    tr = results.get('training')
    if not tr:
        return ''
    s, t = tr.get('sieve') or {}, tr.get('torch') or {}
    lines = ['## 2. Training speed: the whole recipe on the scale sample\n',
             f'{fmt(tr.get("events"), 0)} KaggleSet t events of the scale sample (`sieve make-scale-sample`), '
             f'{tr.get("members", 10)} members x {get(tr, "sub_epochs", "sieve")} sub-epochs (Sieve) / '
             f'{get(tr, "sub_epochs", "torch")} sub-epochs (PyTorch), seed {tr.get("seed")}. Sieve: `sieve train '
             f'--threads 2`. PyTorch in its best configuration on this machine (tools/peers/README.md): two '
             f'single-threaded processes (members 0-4 and 5-9, OpenBLAS core {t.get("coretype", "n/a")}) then '
             '`torch_merge.py` (ensemble, cut on the validation part, ONNX export). "Member training" is the time each '
             'tool reports for training the members (no file reading, no cut); "whole recipe" is the wall time of '
             'the commands: reading, training, cut and writing (for PyTorch: the two processes plus the merge, '
             'less the merge\'s scoring of its small test file).\n']
    rows = []
    if s:
        rows.append(('Sieve', f'1 process, {s.get("threads")} threads', fmt(s.get('train_seconds'), 1),
                     fmt(s.get('wall_seconds'), 1), fmt(s.get('gflops'), 1), '1.00×', fmt(s.get('load1'), 1)))
    if t:
        rows.append(('PyTorch', f'{t.get("processes")} processes x 1 thread + merge', fmt(t.get('train_seconds'), 1),
                     fmt(t.get('recipe_wall_seconds'), 1),
                     fmt(s['flops'] / t['train_seconds'] * 1e-9, 1) if s.get('flops') and t.get('train_seconds') else 'n/a',
                     ratio(t.get('train_seconds'), s.get('train_seconds')) + ' (training), '
                     + ratio(t.get('recipe_wall_seconds'), s.get('wall_seconds')) + ' (whole)', fmt(t.get('load1'), 1)))
    lines.append(table(['tool', 'configuration', 'member training s', 'whole recipe s', 'GFLOP/s (Sieve\'s count)',
                        'time / Sieve\'s', 'load before'], rows))
    if t.get('per_process_seconds'):
        lines.append(f'PyTorch per process (member training): '
                     f'{", ".join(fmt(x, 1) + " s" for x in t["per_process_seconds"])}; '
                     f'{fmt(t.get("ms_per_sub_epoch"), 0)} ms per sub-epoch and member on average; merge '
                     f'{fmt(t.get("merge_seconds"), 1)} s.\n')
    return '\n'.join(lines)


ENGINES = {
    'torchscript': 'TorchScript (torch.jit.trace, torch.jit.freeze, torch.jit.optimize_for_inference) of the ensemble '
                   'as one module from the raw columns (8 TTA copies inside)',
    'eager': 'the same module in eager mode',
    'recipe': '`torch_recipe.predict` (the reference\'s eager inference: numpy TTA and standardisation, 10 member calls '
              'per chunk; its Cartesian conversion done before the clock starts)',
}


def best_run(tp):
    """The fastest figure of a peer's throughput sweep: its runs and the run of the best configuration on every event
    (the figure every ratio uses: the peer's best)."""
    runs = list((tp or {}).get('runs') or [])
    if get(tp, 'best', 'events_per_second'):
        runs.append(dict(tp['best'], all_events=True))
    return max(runs, key=lambda r: r.get('events_per_second') or 0.0) if runs else None


def cores_of(run):
    return (run.get('processes') or 1) * (run.get('intra_op_threads') or run.get('threads') or 1)


def onnx_graph_name(run):
    """'separate graph, ' or 'stacked graph, ' (the --members layout of the graph a run timed), or '' for results of
    a bench that timed one graph."""
    return f'{run["graph"]} graph, ' if run.get('graph') else ''


def onnx_graph(run, inf=None):
    """The graph of `sieve export` an ONNX Runtime run timed: its --members layout, its part and its operators (those
    of the one graph in the results of a bench that timed one), and what it is fed."""
    ops = run.get('operators', get(inf or {}, 'onnx', 'operators'))
    layout = run.get('layout', run.get('graph'))
    members = f' --members {layout}' if layout else ''
    count = f" ({ops} operators)" if ops else ""
    if run.get('part') == 'network':
        return (f'the network graph of `sieve export{members} --part network`{count}, fed the rows of network inputs '
                'that the graph of `--part features` computed before any timing (not timed)')
    return f'the one graph of `sieve export{members}`{count}, raw columns to the score'


def score_check(chk):
    """A peer's scores against `sieve score`'s, in words."""
    return (f'largest difference {chk.get("max_abs_diff", 0):.1e} over {fmt(chk.get("events"), 0)} events, '
            f'{chk.get("nan_mismatch", 0)} NaN mismatches')


def onnx_config(run, inf=None, session=True):
    """The configuration of an ONNX Runtime throughput run, written out."""
    rows = run.get('rows_per_call')
    text = (f'{onnx_graph(run, inf)}; '
            f'{run.get("description", run.get("config"))}; {fmt(rows, 0)} events per call '
            f'({fmt(rows * 8 if rows else None, 0)} network rows)')
    if session:
        text += (f'; session: intraOpNumThreads {run.get("intra_op_threads")}, interOpNumThreads 1, executionMode '
                 f'sequential, graphOptimizationLevel all, session.intra_op.allow_spinning '
                 f'{1 if run.get("allow_spinning") else 0}')
    return text


def torch_config(run):
    batch = run.get('batch_events')
    return (f'{ENGINES.get(run.get("engine"), run.get("engine"))}; {run.get("description", run.get("config"))}; '
            f'{fmt(batch, 0)} events per call ({fmt(batch * 8 if batch else None, 0)} network rows); torch.inference_mode')


def sweep_table(runs, key_cols, size_key, name_fn):
    """Every configuration tried: one row per configuration, one column per size, events/s (the best in bold)."""
    sizes = sorted({r[size_key] for r in runs})
    best = max((r['events_per_second'] for r in runs), default=None)
    configs = []
    for r in runs:
        k = tuple(r.get(c) for c in key_cols)
        if k not in configs:
            configs.append(k)
    rows = []
    for k in configs:
        mine = [r for r in runs if tuple(r.get(c) for c in key_cols) == k]
        cells = []
        for size in sizes:
            r = next((x for x in mine if x[size_key] == size), None)
            if r is None:
                cells.append('not swept' if any(x.get('probe_only') for x in mine) else '—')
                continue
            v = fmt(r['events_per_second'], 0) + (' (probe)' if r.get('probe_only') else '')
            cells.append(f'**{v}**' if r['events_per_second'] == best else v)
        rows.append([name_fn(mine[0])] + cells)
    return table(['configuration'] + [fmt(x, 0) for x in sizes], rows)


def section_inference(results):
    inf = results.get('inference')
    if not inf:
        return ''
    s, micro = inf.get('sieve') or {}, inf.get('sieve_micro') or {}
    ort, pt = inf.get('onnx') or {}, inf.get('torch') or {}
    base = get(micro, 'score_block_2', 'events_per_second')
    ob, tb = best_run(ort.get('throughput')), best_run(pt.get('throughput'))
    lines = ['## 3. Inference speed\n',
             f'{fmt(inf.get("events"), 0)} test events (KaggleSet b and v of the scale sample), '
             f'{inf.get("members", 10)} members x {inf.get("copies", 8)} TTA copies, the models of section 2: Sieve\'s '
             'model, the same model exported by `sieve export --format onnx` for ONNX Runtime (one graph from the raw '
             'columns to the score of `sieve score`: sentinels, Cartesian momenta, standardisation, embedding, the 8 TTA '
             'copies, every member and the weighted mean, as a CMSSW ONNXRuntime producer runs it; both layouts of its '
             'members, `--members separate`, a chain of operators per member, and `--members stacked`, the members as '
             'one batch through one batched MatMul per layer; and the network alone, `--part network`, fed the rows of '
             'network inputs that the graph of `--part features` computed before any timing, as a producer that '
             'computes its inputs in its own code runs it: that figure leaves out work Sieve\'s includes), and the PyTorch '
             'members of section 2. **Reading the CSV is excluded on both sides**: every figure compared is scored from '
             'events already in memory. Each peer was run in every configuration listed below; every ratio is against '
             'the peer\'s best figure, whose configuration is written out in the row. lwtnn, what ATLAS runs, is not '
             'among the peers: it is neither a Debian package nor reachable from this machine (no internet), so it '
             'cannot be built here; `sieve export --format lwtnn` writes its graph, checked against `sieve score` by '
             'a NumPy evaluator of the lwtnn format in the tests, not timed.\n']
    rows = []
    if base:
        rows.append(('Sieve scorer (sieve-micro BM_ScoreBlock/512/threads:2)',
                     '2 threads in one process, each scoring blocks of 512 events with its own workspace, in memory',
                     fmt(base, 0), fmt(base / 2, 0), '1.00×'))
    if ob:
        rows.append(('ONNX Runtime, best (`onnx/bench_graph.js`)', onnx_config(ob, inf) +
                     ('' if ob.get('all_events') else f'; first {fmt(ob.get("events"), 0)} events, best of {ob.get("repeats")}'),
                     fmt(ob['events_per_second'], 0), fmt(ob['events_per_second'] / cores_of(ob), 0),
                     ratio(base, ob['events_per_second'])))
    if tb:
        rows.append(('PyTorch, best (`torch_peer.py`)', torch_config(tb) +
                     ('' if tb.get('all_events') else f'; first {fmt(tb.get("events"), 0)} events, best of {tb.get("repeats")}'),
                     fmt(tb['events_per_second'], 0), fmt(tb['events_per_second'] / cores_of(tb), 0),
                     ratio(base, tb['events_per_second'])))
    if get(micro, 'score_block', 'events_per_second'):
        e = micro['score_block']['events_per_second']
        rows.append(('Sieve scorer, one thread (BM_ScoreBlock/512)', '1 thread, blocks of 512 events in memory',
                     fmt(e, 0), fmt(e, 0), '—'))
    if get(micro, 'forward', 'events_per_second'):
        e = micro['forward']['events_per_second']
        rows.append(('Sieve network arithmetic alone (BM_Forward)',
                     f'1 thread, {micro["forward"].get("rows", 2048)} rows per call; events = rows / 80', fmt(e, 0),
                     fmt(e, 0), '—'))
    if s.get('events_per_second'):
        rows.append(('Sieve `sieve score`, end to end (not compared)',
                     f'{s.get("threads")} threads, reading the CSV and writing the scores (the test-set target)',
                     fmt(s['events_per_second'], 0), fmt(s['events_per_second'] / max(1, s.get('threads') or 1), 0), '—'))
    lines.append('Throughput (events/s; "Sieve / tool" = Sieve\'s in-memory 2-thread rate over the tool\'s best):\n')
    lines.append(table(['tool', 'configuration', 'events/s', 'events/s per core', 'Sieve / tool'], rows))

    if inf.get('frameworks'):
        lines.append(framework_paragraph(inf))

    tp = ort.get('throughput') or {}
    if tp.get('runs'):
        graphs = ('the graphs of `sieve export --members ... --part ...`: ' + '; '.join(
            f'{k}, {g.get("graph")}, {fmt(g.get("operators"), 0)} operators' for k, g in ort['graphs'].items())
            if ort.get('graphs') else ort.get('graph', 'sieve.onnx'))
        fed = [g['features'] for g in (ort.get('graphs') or {}).values() if g.get('features')]
        if fed:
            graphs += (f'; the network graphs are fed the rows the features graph computed before any timing (1 thread: '
                       f'{fmt(fed[0]["seconds"], 2)} s for {fmt(fed[0]["events"], 0)} events, in no figure)')
        lines.append(f'ONNX Runtime, every configuration tried (`onnx/bench_graph.js`, {graphs}; '
                     f'events/s on the first {fmt(tp.get("sweep_events"), 0)} events, the best of '
                     f'{tp["runs"][0].get("repeats")} runs; columns: events per call, each one 8 network rows; every '
                     'session interOpNumThreads 1, executionMode sequential, graphOptimizationLevel all; a configuration '
                     'under a quarter of the best rate on its first probe was not swept):\n')
        lines.append(sweep_table(tp['runs'], ('graph', 'config'), 'rows_per_call',
                                 lambda r: f'{onnx_graph_name(r)}{r["config"]}: {r.get("description", "")}'))
        b = tp.get('best') or {}
        chk = ort.get('check') or {}
        others = ''.join(f'; the {k} graph\'s fastest on all events: {score_check(g["check"])}'
                         for k, g in (ort.get('graphs') or {}).items() if k != b.get('graph') and g.get('check'))
        lines.append(f'The fastest ({onnx_graph_name(b)}{b.get("config")}, {fmt(b.get("rows_per_call"), 0)} events per '
                     'call) again on all '
                     f'{fmt(b.get("events"), 0)} events: {fmt(b.get("events_per_second"), 0)} events/s (one run)'
                     + (f'; its scores against `sieve score`\'s: {score_check(chk)}' if chk else '') + others
                     + f'. onnxruntime-node {get(ort, "versions", "onnxruntime", "node", default="n/a")}; API: '
                     f'{ort.get("api_note", "n/a")}.\n')
    tt = pt.get('throughput') or {}
    if tt.get('runs'):
        lines.append(f'PyTorch, every configuration tried (`tools/bench/torch_peer.py`; events/s on the first '
                     f'{fmt(tt.get("sweep_events"), 0)} events, the best of {tt["runs"][0].get("repeats")} runs; columns: '
                     'events per call, each one 8 network rows; torchscript = torch.jit.trace + freeze + '
                     'optimize_for_inference of the ensemble from the raw columns, eager = the same module, recipe = '
                     '`torch_recipe.predict` at its own 1,024 events per chunk; 1x2 = one process with '
                     'torch.set_num_threads(2), -passive with OMP_WAIT_POLICY=PASSIVE; OpenBLAS core '
                     f'{get(results, "meta", "settings", "openblas_coretype", default="n/a")}):\n')
        lines.append(sweep_table(tt['runs'], ('engine', 'config'), 'batch_events',
                                 lambda r: f'{r["engine"]}, {r["config"]}: {r.get("description", "")}'))
        b = tt.get('best') or {}
        chk = pt.get('check') or {}
        lines.append(f'The fastest ({b.get("engine")}, {b.get("config")}, {fmt(b.get("batch_events"), 0)} events per '
                     f'call) again on all {fmt(b.get("events"), 0)} events: {fmt(b.get("events_per_second"), 0)} events/s '
                     '(one run)' + (f'; largest difference from `torch_recipe.predict` on 2,000 events: TorchScript '
                                    f'{chk.get("torchscript", 0):.1e}, eager {chk.get("eager", 0):.1e}' if chk else '')
                     + '.\n')

    one = micro.get('one_event') or {}
    olat, tlat = get(ort, 'latency', 'best'), get(pt, 'latency', 'best')
    lrows = []
    if one:
        lrows.append(('Sieve (sieve-micro BM_ScoreOneEvent)', '1 thread, one event from its raw columns (Google Benchmark '
                      'mean)', fmt(one.get('nominal_us'), 1), 'n/a', '1.00×'))
    if olat:
        inside = '' if olat.get('part') == 'network' else ' (the 8 TTA rows made inside the graph)'
        lrows.append(('ONNX Runtime, best', f'{onnx_graph(olat, inf)}, {olat.get("description")}{inside}; '
                      'intraOpNumThreads 1, interOpNumThreads 1, executionMode sequential, graphOptimizationLevel all',
                      fmt(olat['us_per_event_median'], 1), fmt(olat.get('us_per_event_p90'), 1),
                      ratio(olat['us_per_event_median'], one.get('nominal_us'))))
    if tlat:
        lrows.append(('PyTorch, best', f'{ENGINES.get(tlat.get("engine"), tlat.get("engine"))}; {tlat.get("description")}',
                      fmt(tlat['us_per_event_median'], 1), fmt(tlat.get('us_per_event_p90'), 1),
                      ratio(tlat['us_per_event_median'], one.get('nominal_us'))))
    if lrows:
        lines.append('One event at a time, one thread, raw columns to the score (10 members x 8 TTA copies), '
                     'microseconds per event (median for the peers; "time / Sieve\'s" = the peer\'s best median over '
                     'Sieve\'s):\n')
        lines.append(table(['tool', 'configuration', 'µs/event', 'p90 µs', 'time / Sieve\'s'], lrows))
        tried = [(f'ONNX Runtime, {onnx_graph_name(r)}{r.get("api")} API', fmt(r.get('us_per_event_median'), 1),
                  fmt(r.get('us_per_event_p90'), 1),
                  fmt(r.get('events'), 0)) for r in get(ort, 'latency', 'runs', default=[])]
        tried += [(f'PyTorch, {r.get("engine")}', fmt(r.get('us_per_event_median'), 1), fmt(r.get('us_per_event_p90'), 1),
                   fmt(r.get('events'), 0)) for r in get(pt, 'latency', 'runs', default=[])]
        if tried:
            lines.append('Every latency configuration tried (sync API: the binding\'s synchronous run; async: the '
                         'public Promise-based `InferenceSession.run`):\n')
            lines.append(table(['configuration', 'median µs', 'p90 µs', 'events'], tried))
        if one.get('variations_us'):
            lines.append(f'Sieve also scores the event under four systematic variations (TES up/down, JES up/down: the '
                         f'DER features recomputed from the varied PRI momenta) in {fmt(one["variations_us"], 1)} µs '
                         f'({one.get("variations", 5)} scores); the peers have no systematic variations.\n')
        if one.get('model'):
            lines.append(f'The scoring microbenchmarks (sieve-micro) scored with `{one["model"]}` '
                         f'({one.get("members", "?")} members; `SIEVE_MICRO_MODEL`).\n')
    end_to_end = {}
    if get(inf, 'sieve_bf16', 'events_per_second') and get(inf, 'sieve', 'events_per_second'):
        end_to_end = dict(events=inf.get('events'), events_per_second=inf['sieve_bf16']['events_per_second'],
                          float32_events_per_second=inf['sieve']['events_per_second'])
    lines.append(bf16_paragraph(micro.get('bf16') or {}, inf.get('bf16_auc') or {}, end_to_end))
    return '\n'.join(lines)


def framework_rates(inf):
    """(name, events/s, events/s of `sieve score`, identical) of each framework demo job, from the processes' wall
    times on the test set (medians of the rounds that alternated them with `sieve score`, when there were rounds)."""
    events = inf.get('events')
    score = get(inf, 'frameworks_reference', 'wall_seconds') or get(inf, 'sieve', 'wall_seconds')
    names = {'cmssw': 'CMSSW demo (SieveScoreProducer, 2 threads, 2 streams)',
             'gaudi': 'Gaudi demo (SieveScoreTransformer, 2 threads, 2 slots)'}
    return [(names.get(k, k), events / j['wall_seconds'], events / score, j.get('identical_to_sieve_score'))
            for k, j in (inf.get('frameworks') or {}).items() if events and score and j.get('wall_seconds')]


def framework_paragraph(inf):
    """The adapters' demo jobs against `sieve score` on the same file, end to end."""
    rates = framework_rates(inf)
    if not rates:
        return ''
    rows = [('`sieve score` (2 threads)', fmt(rates[0][2], 0), '—', '')]
    rows += [(name, fmt(r, 0), f'{100 * (1 - r / ref):.0f}%', 'yes' if same else ('not compared' if same is None else '**no**'))
             for name, r, ref, same in rates]
    ref = inf.get('frameworks_reference') or {}
    rounds = (f" (the median of {len(ref['rounds'])} rounds, the three jobs run in turn; `sieve score` "
              + ', '.join(fmt(w, 2) for w in ref['rounds']) + ' s' + ''.join(
                  f", {k} " + ', '.join(fmt(w, 2) for w in j.get('rounds', [])) + ' s'
                  for k, j in (inf.get('frameworks') or {}).items()) + ')') if len(ref.get('rounds') or []) > 1 else ''
    streams = get(inf, 'sieve_micro', 'one_event_streams') or {}
    weights = (f"\nEach stream's (thread's) workspace scores with its own copy of the ensemble's arranged weights "
               '(`weightsPerStream`, `WeightsPerThread`; the default): one event per call on 2 threads sharing one scorer '
               f'took {fmt(streams["shared_us"], 1)} µs of wall time per event (the two threads together) with the weights shared '
               f'and {fmt(streams["own_us"], 1)} µs with a copy each (sieve-micro BM_ScoreOneEventStreams, same run).\n'
               if streams.get('shared_us') and streams.get('own_us') else '')
    return ("The framework jobs: the adapters' modules on the stand-in frameworks (`sieve-cmssw-demo`, "
            '`sieve-gaudi-demo`), each event scored on its own as a stream or slot does, against `sieve score`, which '
            "scores blocks of events; all three read the test set's CSV and write the scores, events/s from each "
            "process's wall time" + rounds + ":\n\n"
            + table(['job', 'events/s', 'slower than `sieve score`', 'scores identical'], rows) + weights)


def bf16_paragraph(speed, auc, end_to_end):
    """`--precision bf16` against float32: the speed-up per event and per block (sieve-micro), end to end on the test
    set (`sieve score`), and the AUC change on the real labelled events."""
    if not speed and not auc:
        return ('Reduced precision (`--precision bf16`): not measured (no AMX-BF16 on this CPU, or the section did '
                'not run).\n')
    rows = []
    if speed.get('one_event_us'):
        rows.append(('one event, nominal (1 thread, µs)', fmt(speed.get('one_event_float32_us'), 1),
                     fmt(speed['one_event_us'], 1), ratio(speed['one_event_float32_us'], speed['one_event_us'])))
    if speed.get('variations_us'):
        rows.append(('one event with four variations, 5 scores (1 thread, µs)', fmt(speed['variations_float32_us'], 1),
                     fmt(speed['variations_us'], 1), ratio(speed['variations_float32_us'], speed['variations_us'])))
    if speed.get('block_events_per_second'):
        rows.append(('blocks of 512 events (1 thread, events/s)', fmt(speed['block_float32_events_per_second'], 0),
                     fmt(speed['block_events_per_second'], 0),
                     ratio(speed['block_events_per_second'], speed['block_float32_events_per_second'])))
    if end_to_end.get('events_per_second') and end_to_end.get('float32_events_per_second'):
        rows.append((f'the {fmt(end_to_end["events"], 0)}-event test set end to end (`sieve score`, 2 threads, s)',
                     fmt(end_to_end['events'] / end_to_end['float32_events_per_second'], 2),
                     fmt(end_to_end['events'] / end_to_end['events_per_second'], 2),
                     ratio(end_to_end['events_per_second'], end_to_end['float32_events_per_second'])))
    if auc.get('auc_bf16') is not None:
        rows.append((f'weighted AUC, {fmt(auc.get("events"), 0)} real labelled events (the scale sample the model '
                     'trained on is drawn from them: the change is the figure)', fmt(auc['auc_float32'], 6),
                     fmt(auc['auc_bf16'], 6), f'{auc["auc_change"]:+.1e}'))
        rows.append(('largest score difference', '', fmt(auc.get('max_abs_score_diff'), 5), ''))
    return ('Reduced precision: `sieve score --precision bf16` (opt-in; float32 stays the default and the exact '
            'reference) multiplies every layer in bfloat16 with float32 sums (AMX-BF16 tiles, two events per 16-row '
            'tile: the weights and hidden inputs in bf16, the network\'s inputs as two bf16 parts each; biases and '
            'activations in float32). '
            '"bf16 / float32" is the speed-up (above 1: bf16 faster), or the AUC change:\n\n'
            + table(['', 'float32', 'bf16', 'bf16 / float32'], rows))


def section_limit(results):
    lim = results.get('limit')
    if not lim:
        return ''
    p, od = lim.get('peak') or {}, lim.get('objdump') or {}
    f = lim.get('forward_flops')
    lines = ['## 4. The limit: FP32 FMA peak and Sieve\'s fraction of it\n',
             f'Peak measured with `sieve-peak` (bench/peak_flops.cpp): {p.get("chains", "n/a")} independent '
             f'{p.get("isa", "n/a")} FMA chains per thread on register-resident values (checksum printed: '
             f'{fmt(p.get("checksum"), 1)}), Google Benchmark, 1 and 2 threads.\n']
    mhz = p.get('mhz')

    def per_cycle(g, cores):
        return fmt(g * 1e3 / mhz / cores, 1) if g and mhz else 'n/a'
    lines.append(table(['', 'GFLOP/s', 'per core', f'FLOP per cycle per core at the nominal {fmt(mhz, 0)} MHz',
                        'load before'], [
        ('1 core', fmt(p.get('gflops_1'), 1), fmt(p.get('gflops_1'), 1), per_cycle(p.get('gflops_1'), 1),
         fmt(p.get('load1'), 1)),
        ('2 cores', fmt(p.get('gflops_2'), 1), fmt(p.get('gflops_2') / 2 if p.get('gflops_2') else None, 1),
         per_cycle(p.get('gflops_2'), 2), '')]))
    lines.append('(64 FLOP per cycle per core would be two 16-lane FMA units fully busy; the clock under load may differ '
                 'from the nominal one. Every fraction below divides by this measured peak, not by a nominal one.)\n')
    if od:
        lines.append(f'Checked with objdump: {od.get("summary", "n/a")}\n')
    if f:
        fpe = inference_flops_per_event(results) or f * 80
        lines.append(f'FLOP counts from the network\'s shape: one forward pass of one row = 2·Σ width·fan_in + 2·width '
                     f'= 2·33·(33+66+99+132+165+198) + 2·33 = **{fmt(f, 0)}** FLOPs (GEMMs only; bias, activation and '
                     f'embedding not counted; the issue text\'s 46,266 does not match its own formula). Scoring one event '
                     f'= 10 members x 8 copies = {fmt(fpe, 0)} FLOPs'
                     + (f'; the {fmt(get(results, "inference", "events"), 0)} test events = '
                        f'{fmt(get(results, "inference", "events") * fpe * 1e-12, 2)} TFLOP'
                        if get(results, 'inference', 'events') else '')
                     + '. A training step is counted as 3x the forward pass of its batch, plus the validation forward '
                     'passes, as `sieve train` counts them'
                     + (f' (whole recipe: {fmt(get(results, "training", "sieve", "flops") * 1e-12, 2)} TFLOP)'
                        if get(results, 'training', 'sieve', 'flops') else '') + '.\n')
    rows = [(name, fmt(g, 1), f'{cores} ({fmt(peak(results, cores), 1)})', f'{fr * 100:.1f}%' if fr is not None else 'n/a')
            for name, g, cores, fr in fraction_rows(results)]
    if rows:
        lines.append(table(['workload', 'GFLOP/s', 'cores of the peak (GFLOP/s)', 'fraction of peak'], rows))
        lines.append('![fraction of peak](fraction_of_peak.png)\n')
    return '\n'.join(lines)


def section_scaling(results):
    sc = results.get('scaling')
    if not sc:
        return ''
    lines = ['## 5. Scaling\n']
    rows = []
    tr, scr = sc.get('train') or {}, sc.get('score') or {}
    if tr:
        rows.append((f'`sieve train`, {fmt(tr.get("events"), 0)} events, {tr.get("sub_epochs")} sub-epochs (member training s)',
                     fmt(get(tr, '1'), 1), fmt(get(tr, '2'), 1), ratio(get(tr, '1'), get(tr, '2'))))
    if scr:
        rows.append((f'`sieve score`, {fmt(scr.get("events"), 0)} events (s)', fmt(get(scr, '1', 'seconds'), 2),
                     fmt(get(scr, '2', 'seconds'), 2), ratio(get(scr, '1', 'seconds'), get(scr, '2', 'seconds'))))
    if rows:
        lines.append('Threads:\n')
        lines.append(table(['workload', '1 thread', '2 threads', 'speed-up'], rows))
    sizes = sc.get('sizes') or []
    if sizes:
        pts = [(z['events'], z['seconds']) for z in sizes if z.get('seconds')]
        a, b, _ = linear_fit(pts)
        lines.append('Scoring cost against the number of events (`sieve score --threads 2`, wall time of the whole '
                     'command, files from `sieve make-scale-sample --sizes`):\n')
        lines.append(table(['events', 'seconds', 'events/s', 'µs per event', 'fit a + b·n (s)', 'deviation from fit'], [
            (fmt(n, 0), fmt(t, 3), fmt(n / t, 0), fmt(t / n * 1e6, 2),
             fmt(a + b * n, 3) if a is not None else 'n/a',
             f'{(t - (a + b * n)) / t * 100:+.1f}%' if a is not None else 'n/a') for n, t in pts]))
        if a is not None:
            slopes = marginal_costs(pts)
            spread = max(slopes) / min(slopes) - 1 if slopes and min(slopes) > 0 else None
            verdict = ('n/a' if spread is None else 'linear' if spread < 0.15 else
                       'NOT linear: the cost per extra event changes by more than 15%')
            lines.append(f'Least-squares fit: t = {a:.3f} s + {b * 1e6:.3f} µs · n (the fixed cost a is start-up: '
                         f'loading the model, starting threads, opening files). Cost of each extra event between '
                         f'consecutive sizes: {", ".join(f"{x * 1e6:.2f} µs" for x in slopes)} (spread '
                         f'{fmt(spread * 100 if spread is not None else None, 1)}%): **{verdict}**.\n')
        lines.append('![time vs events](time_vs_events.png)\n')
    return '\n'.join(lines)


def section_targets(results):
    """The project's targets (issues 6 and 15) against this run's figures: met, missed or not measured."""
    if get(results, 'meta', 'mode') != 'full':
        return ('## Targets\n\nNot checked: the targets are set for the full run (`sieve bench`), whose sizes, '
                'sub-epochs and seeds this run does not have.\n')
    rows = []

    def add(target, value, ok):
        rows.append((target, value, 'n/a' if ok is None else ('met' if ok else '**missed**')))

    s, t = get(results, 'training', 'sieve') or {}, get(results, 'training', 'torch') or {}
    if s:
        w = s.get('wall_seconds')
        add('training: the whole recipe on 2 cores under 30 s (never above 60 s)', fmt(w, 1) + ' s',
            None if w is None else w < 30.0)
        r = t.get('train_seconds') / s['train_seconds'] if t.get('train_seconds') and s.get('train_seconds') else None
        add('training: at least 2.5x faster than PyTorch\'s best configuration', ratio(t.get('train_seconds'), s.get('train_seconds')),
            None if r is None else r >= 2.5)
        add('training: at least 4.5x faster than one PyTorch process', 'not run (the bench runs the best configuration)', None)
    inf = results.get('inference') or {}
    eps = get(inf, 'sieve', 'events_per_second')
    if eps and inf.get('events'):
        secs = inf['events'] / eps
        for limit in (6.0, 5.0):
            add(f'inference: the {fmt(inf["events"], 0)}-event test set under {limit:.0f} s', fmt(secs, 2) + ' s '
                '(`sieve score`, end to end from the file, 2 threads)', secs < limit)
        bf = get(inf, 'sieve_bf16', 'events_per_second')
        if bf:
            add('inference, opt-in `--precision bf16`: the test set under 5 s', fmt(inf['events'] / bf, 2) + ' s '
                '(the same run with `--precision bf16`; float32 stays the default)', inf['events'] / bf < 5.0)
    for name, r, ref, _ in framework_rates(inf):
        add(f'inference: the {name.split(" (")[0]} within 10% of `sieve score`\'s events/s',
            f'{fmt(r, 0)} against {fmt(ref, 0)} events/s ({100 * (1 - r / ref):.0f}% slower; end to end, 2 threads)',
            r >= 0.9 * ref)
    mem, ob = get(inf, 'sieve_micro', 'score_block_2', 'events_per_second'), best_run(get(inf, 'onnx', 'throughput'))
    if ob:
        add('inference: faster than ONNX Runtime on the test set',
            f'{ratio(mem, ob["events_per_second"])} (both in memory on 2 cores; against ONNX Runtime\'s best: '
            f'{onnx_config(ob, inf, session=False)})', None if mem is None else mem > ob['events_per_second'])
    one = get(inf, 'sieve_micro', 'one_event', 'nominal_us')
    if one is not None:
        for limit in (40.0, 25.0):
            add(f'inference: one event under {limit:.0f} µs on one thread', fmt(one, 1) + ' µs', one < limit)
        var = get(inf, 'sieve_micro', 'one_event', 'variations_us')
        if var is not None:
            add('inference: one event with four variations under 80 µs on one thread', fmt(var, 1) + ' µs (5 scores)',
                var < 80.0)
        var_bf16 = get(inf, 'sieve_micro', 'bf16', 'variations_us')
        if var_bf16 is not None:
            add('inference, opt-in `--precision bf16`: one event with four variations under 80 µs',
                fmt(var_bf16, 1) + ' µs (5 scores)', var_bf16 < 80.0)
        olat = get(inf, 'onnx', 'latency', 'best')
        if olat:
            add('inference: faster than ONNX Runtime per event',
                f'{ratio(olat["us_per_event_median"], one)} (against ONNX Runtime\'s best: {onnx_graph(olat, inf)}, '
                f'{olat.get("description")})', one < olat['us_per_event_median'])
    ph = physics_summary(results.get('physics') or {})
    if 'Sieve' in ph and 'PyTorch' in ph:
        for key, name, digits in (('auc', 'AUC', 4), ('ams', 'AMS', 3)):
            (sm, _), (tm, ts) = ph['Sieve'][key], ph['PyTorch'][key]
            ok = None if sm is None or tm is None else sm >= tm - (ts or 0.0)
            add(f'physics: {name} equal to the PyTorch reference within its seed spread (or better)',
                f'{fmt(sm, digits)} against {pm(tm, ts, digits)}', ok)
    if 'Sieve' in ph and 'XGBoost' in ph:
        for key, name, digits in (('auc', 'AUC', 4), ('ams', 'AMS', 3)):
            sm, xm = ph['Sieve'][key][0], ph['XGBoost'][key][0]
            add(f'physics: {name} better than XGBoost', f'{fmt(sm, digits)} against {fmt(xm, digits)}',
                None if sm is None or xm is None else sm > xm)
    if not rows:
        return ''
    return '\n'.join(['## Targets\n', 'The targets of the project\'s benchmark issue, against this run\'s figures '
                      '(sections below).\n', table(['target', 'this run', ''], rows)])


def section_log(results):
    steps = results.get('steps') or []
    if not steps:
        return ''
    rows = [(i + 1, s.get('section', ''), s.get('name', ''), fmt(s.get('seconds'), 2), fmt(s.get('load1'), 2),
             'ok' if s.get('returncode') == 0 else f'exit {s.get("returncode")}') for i, s in enumerate(steps)]
    lines = ['## Log of the commands\n',
             'In the order they ran; seconds of wall time, and the 1-minute load average just before. The exact '
             'command lines are in `bench/out/results.json` and each command\'s output in `bench/out/logs/`.\n',
             table(['#', 'section', 'step', 'seconds', 'load before', 'status'], rows)]
    return '\n'.join(lines)


def render(results):
    """The whole report as markdown."""
    parts = [section_header(results), section_targets(results), section_physics(results), section_training(results),
             section_inference(results), section_limit(results), section_scaling(results)]
    notes = results.get('notes') or []
    if notes:
        parts.append('## Notes\n\n' + '\n'.join(f'- {n}' for n in notes) + '\n')
    parts.append(section_log(results))
    return '\n'.join(p for p in parts if p)


# ------------------------------------------------------------------------------------------------ plots
def make_plots(results, out_dir):
    """Writes the PNG plots the results allow; returns (written file names, a note or None)."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError as e:
        return [], f'plots skipped: matplotlib is not available ({e}); install python3-matplotlib'
    written = []
    quick = ' (QUICK RUN)' if get(results, 'meta', 'mode') == 'quick' else ''

    def save(fig, name):
        fig.tight_layout()
        fig.savefig(os.path.join(out_dir, name), dpi=110)
        plt.close(fig)
        written.append(name)

    curves = get(results, 'physics', 'curves') or {}
    if curves:
        fig, ax = plt.subplots(figsize=(6, 5))
        for tool, c in curves.items():
            ax.plot(c['fpr'], c['tpr'], label=f'{tool} (AUC {c["auc"]:.4f})', color=COLOURS.get(tool))
        ax.plot([0, 1], [0, 1], color='grey', lw=0.5, ls=':')
        ax.set_xlabel('background efficiency (weighted)')
        ax.set_ylabel('signal efficiency (weighted)')
        ax.set_title('ROC, 5 held-out folds pooled' + quick)
        ax.legend(loc='lower right')
        ax.grid(alpha=0.3)
        save(fig, 'roc_curves.png')
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for tool, c in curves.items():
            ax.plot(c['cuts'], c['ams'], label=tool, color=COLOURS.get(tool))
            if c.get('cut_mean') is not None:
                ax.axvline(c['cut_mean'], color=COLOURS.get(tool), ls='--', lw=0.8)
        ax.set_xlabel('cut on the score')
        ax.set_ylabel('AMS (b_r = 10, weights rescaled to Kaggle totals)')
        ax.set_title('AMS vs cut, 5 held-out folds pooled' + quick)
        ax.legend()
        ax.grid(alpha=0.3)
        save(fig, 'ams_vs_cut.png')

    fr = [r for r in fraction_rows(results) if r[3] is not None]
    if fr:
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(fr) + 1.5))
        names = [r[0] for r in fr][::-1]
        vals = [(r[3] or 0) * 100 for r in fr][::-1]
        cols = [COLOURS['Sieve'] if n.startswith('Sieve') else COLOURS['PyTorch'] if n.startswith('PyTorch')
                else COLOURS['ONNX Runtime'] for n in names]
        ax.barh(range(len(names)), vals, color=cols)
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels(names, fontsize=8)
        for i, v in enumerate(vals):
            ax.text(v, i, f' {v:.1f}%', va='center', fontsize=8)
        ax.set_xlabel('fraction of the measured FP32 FMA peak (%) of the cores used')
        ax.set_title('Achieved fraction of peak' + quick)
        ax.set_xlim(0, max(vals + [1]) * 1.25)
        save(fig, 'fraction_of_peak.png')

    sizes = [z for z in (get(results, 'scaling', 'sizes') or []) if z.get('seconds')]
    if sizes:
        pts = [(z['events'], z['seconds']) for z in sizes]
        a, b, _ = linear_fit(pts)
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4.2))
        ax.loglog([p[0] for p in pts], [p[1] for p in pts], 'o', color=COLOURS['Sieve'], label='sieve score, 2 threads')
        if a is not None:
            lo, hi = min(p[0] for p in pts), max(p[0] for p in pts)
            xs = [lo * (hi / lo) ** (k / 50) for k in range(51)]
            ax.loglog(xs, [a + b * x for x in xs], '-', color='grey', lw=1,
                      label=f'fit {a:.2f} s + {b * 1e6:.2f} µs x events')
        ax.set_xlabel('events scored')
        ax.set_ylabel('wall time (s)')
        ax.set_title('Scoring time vs events' + quick)
        ax.legend()
        ax.grid(alpha=0.3, which='both')
        ax2.semilogx([p[0] for p in pts], [p[1] / p[0] * 1e6 for p in pts], 'o-', color=COLOURS['Sieve'],
                     label='whole run / events')
        slopes = marginal_costs(pts)
        if slopes:
            srt = sorted(pts)
            mids = [(n1 * n2) ** 0.5 for (n1, _), (n2, _) in zip(srt, srt[1:])]
            ax2.semilogx(mids, [x * 1e6 for x in slopes], 's--', color='grey', label='extra event (between sizes)')
        ax2.set_ylim(bottom=0)
        ax2.set_xlabel('events scored')
        ax2.set_ylabel('µs per event')
        ax2.set_title('Cost per event' + quick)
        ax2.legend()
        ax2.grid(alpha=0.3, which='both')
        save(fig, 'time_vs_events.png')
    return written, None


def write(results, out_dir):
    """Writes out_dir/report.md and the plots; returns the report's path and the plots written."""
    os.makedirs(out_dir, exist_ok=True)
    plots, note = make_plots(results, out_dir)
    if note:
        results.setdefault('notes', []).append(note)
    path = os.path.join(out_dir, 'report.md')
    with open(path + '.tmp', 'w') as f:
        f.write(render(results))
    os.replace(path + '.tmp', path)
    return path, plots
