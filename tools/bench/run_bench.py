#!/usr/bin/python3
"""Driver of `sieve bench`: the side-by-side benchmark of Sieve against the peers in tools/peers/
(PyTorch reference of the recipe, XGBoost baseline, ONNX Runtime scorer), in one process tree and one
sitting. Every command runs alone, one after another (on two cores a second job halves a figure).

Normally started by `sieve bench` (which passes the paths of the binaries):

  /usr/bin/python3 tools/bench/run_bench.py --source-dir . --build-dir build-bench --sieve build-bench/bin/sieve \
      --micro build-bench/bin/sieve-micro --peak build-bench/bin/sieve-peak [--quick] [--sections LIST] [--dry-run]
  /usr/bin/python3 tools/bench/run_bench.py --report-from bench/out/results.json --out-dir bench   # tables + plots only

Sections (default all): physics, training, inference, limit, scaling (see bench/report.md for what each
measures). Writes <out-dir>/report.md and PNG plots; keeps scale samples, fold files, models, per-command logs
and results.json in <work-dir> (bench/out/, git-ignored). Debian's python3 only; no network access.
"""
import argparse
import datetime
import filecmp
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import datafiles  # noqa: E402
import metrics  # noqa: E402
import report  # noqa: E402

SECTIONS = ('physics', 'training', 'inference', 'limit', 'scaling')
REAL_EVENTS = 'data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz'
RESCALE = ['--rescale-signal', '691.988608', '--rescale-background', '410999.847322']
PYTHON = '/usr/bin/python3'

# What each mode runs. Sieve's sub-epochs are epochs x (10 folds - 1).
MODES = {
    'full': dict(scale_sizes=(250000, 100000, 450000, 0), seeds=(1337, 2222, 3333), sieve_epochs=15,
                 torch_sub_epochs=135, scaling_sizes=(10000, 100000, 1000000), onnx_latency_events=2000,
                 torch_latency_events=1000, onnx_sweep_events=60000, torch_sweep_events=20000, repeats=3, xgb_args=(),
                 micro_min_time=None),
    'quick': dict(scale_sizes=(20000, 5000, 15000, 0), seeds=(1337,), sieve_epochs=1, torch_sub_epochs=9,
                  scaling_sizes=(2000, 10000, 50000), onnx_latency_events=300, torch_latency_events=200,
                  onnx_sweep_events=5000, torch_sweep_events=2000, repeats=1,
                  xgb_args=('--max-rounds', '150', '--early-stopping', '15'), micro_min_time='0.1'),
}
SCALE_SEED, SIZES_SEED, FOLD_SEED, TRAIN_SEED = 2020, 2021, 2014, 1337
# What the inference section tries of each peer (tools/peers/onnx/bench_graph.js, tools/bench/torch_peer.py); the
# report lists every figure and uses the best.
ONNX_CONFIGS = ('2x1', '1x2-spin', '1x2-nospin')
ONNX_ROWS = (32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)
# The graphs of `sieve export` ONNX Runtime runs (its --members layout, the file): a chain of operators per member,
# the faster with many events per call; the members stacked (a quarter of the operators), the faster per event.
# (tag, --members, --part, file, configurations): the whole graph (raw columns to the score) in both layouts, and
# the network alone (fed the inputs the features graph computed beforehand, untimed), which a producer computing its
# inputs in its own code runs; the network graphs with the two configurations that led the whole graphs' sweeps.
ONNX_GRAPHS = (('separate', 'separate', 'whole', 'sieve.onnx', ONNX_CONFIGS),
               ('stacked', 'stacked', 'whole', 'sieve-stacked.onnx', ONNX_CONFIGS),
               ('separate network', 'separate', 'network', 'sieve-network.onnx', ('2x1', '1x2-spin')),
               ('stacked network', 'stacked', 'network', 'sieve-stacked-network.onnx', ('2x1', '1x2-spin')))
ONNX_FEATURES = 'sieve-features.onnx'
TORCH_ENGINES = ('torchscript', 'eager', 'recipe')
TORCH_CONFIGS = ('2x1', '1x2-passive', '1x2')
TORCH_BATCHES = (64, 128, 256, 1024, 2048, 4096, 8192)
FOLDS = 5


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--source-dir', default=os.path.dirname(os.path.dirname(HERE)), help='the Sieve source tree')
    p.add_argument('--build-dir', help='the build tree of --sieve (where sieve-micro/sieve-peak are built if missing)')
    p.add_argument('--sieve', help='the sieve executable')
    p.add_argument('--micro', help='sieve-micro (Google Benchmark microbenchmarks)')
    p.add_argument('--peak', help='sieve-peak (FP32 FMA peak)')
    p.add_argument('--sections', default='all', help='comma-separated subset of ' + ','.join(SECTIONS))
    p.add_argument('--quick', action='store_true', help='small sizes, 9 sub-epochs, one seed')
    p.add_argument('--out-dir', help='report.md and plots (default: <source>/bench)')
    p.add_argument('--work-dir', help='intermediate files (default: <source>/bench/out)')
    p.add_argument('--dry-run', action='store_true', help='list the commands; run nothing')
    p.add_argument('--report-from', help='only write the report and plots from this results.json')
    p.add_argument('--openblas-coretype', help='OpenBLAS core for PyTorch (default: SkylakeX on AVX-512 CPUs, else '
                                                'unset; see tools/peers/README.md)')
    args = p.parse_args(argv)
    args.sections = list(SECTIONS) if args.sections == 'all' else [s.strip() for s in args.sections.split(',') if s.strip()]
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        p.error(f'unknown section(s) {", ".join(unknown)}; known: {", ".join(SECTIONS)}')
    args.out_dir = args.out_dir or os.path.join(args.source_dir, 'bench')
    args.work_dir = args.work_dir or os.path.join(args.source_dir, 'bench', 'out')
    if not args.report_from:
        for name in ('sieve', 'build_dir'):
            if not getattr(args, name):
                p.error(f'--{name.replace("_", "-")} is required (sieve bench passes it)')
        bin_dir = os.path.dirname(os.path.abspath(args.sieve))
        args.micro = args.micro or os.path.join(bin_dir, 'sieve-micro')
        args.peak = args.peak or os.path.join(bin_dir, 'sieve-peak')
    return args


# ------------------------------------------------------------------------------------------------ running commands
class Runner:
    """Runs commands one at a time, logging each (wall time, load average before, output) into the results;
    in a dry run only prints them."""

    def __init__(self, work_dir, dry_run):
        self.work_dir, self.dry = work_dir, dry_run
        self.log_dir = os.path.join(work_dir, 'logs')
        self.steps = []
        self.section = ''

    def _record(self, name, argv, seconds, load1, rc, log):
        step = dict(section=self.section, name=name, command=argv, seconds=seconds, load1=load1, returncode=rc, log=log)
        self.steps.append(step)
        return step

    def show(self, name, text):
        print(f'[{len(self.steps) + 1:2d}] {self.section}: {name}\n     {text}', flush=True)

    def run(self, name, argv, env=None, check=True, extra_env=None):
        """Runs argv alone (with extra_env added to env or the driver's environment, and shown); returns
        (step, stdout). Output goes to logs/NN-name.log as well."""
        cmd = ' '.join([f'{k}={shlex.quote(v)}' for k, v in (extra_env or {}).items()] +
                       [shlex.quote(str(a)) for a in argv])
        shown = [f'{k}={v}' for k, v in (extra_env or {}).items()] + [str(a) for a in argv]
        if extra_env:
            env = dict(env or os.environ, **extra_env)
        self.show(name, cmd)
        if self.dry:
            self._record(name, shown, None, None, 0, None)
            return None, ''
        os.makedirs(self.log_dir, exist_ok=True)
        log = os.path.join(self.log_dir, f'{len(self.steps) + 1:02d}-{re.sub(r"[^A-Za-z0-9]+", "_", name)}.log')
        load1 = os.getloadavg()[0]
        t0 = time.perf_counter()
        p = subprocess.run([str(a) for a in argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        secs = time.perf_counter() - t0
        with open(log, 'w') as f:
            f.write(f'$ {cmd}\n# {secs:.3f} s, exit {p.returncode}, load before {load1:.2f}\n--- stdout\n{p.stdout}'
                    f'--- stderr\n{p.stderr}')
        step = self._record(name, shown, secs, load1, p.returncode, log)
        print(f'     {secs:.2f} s (load before {load1:.2f}){"" if p.returncode == 0 else f", EXIT {p.returncode}"}',
              flush=True)
        if check and p.returncode != 0:
            tail = '\n'.join((p.stderr or p.stdout).strip().splitlines()[-15:])
            raise RuntimeError(f'{name} failed (exit {p.returncode}); log {log}:\n{tail}')
        return step, p.stdout

    def run_together(self, name, argvs, env=None):
        """Starts the commands at once and waits for all: ONE configuration made of several processes (PyTorch's
        two single-threaded training processes). Returns (step, stdouts)."""
        cmds = [' '.join(shlex.quote(str(a)) for a in argv) for argv in argvs]
        self.show(name, '\n     '.join(f'{c} &' for c in cmds) + '\n     wait')
        if self.dry:
            self._record(name, [[str(a) for a in argv] for argv in argvs], None, None, 0, None)
            return None, [''] * len(argvs)
        os.makedirs(self.log_dir, exist_ok=True)
        log = os.path.join(self.log_dir, f'{len(self.steps) + 1:02d}-{re.sub(r"[^A-Za-z0-9]+", "_", name)}.log')
        load1 = os.getloadavg()[0]
        t0 = time.perf_counter()
        procs = [subprocess.Popen([str(a) for a in argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for argv in argvs]
        outs = [p.communicate() for p in procs]
        secs = time.perf_counter() - t0
        rc = max(abs(p.returncode) for p in procs)
        with open(log, 'w') as f:
            for c, (o, e), p in zip(cmds, outs, procs):
                f.write(f'$ {c}\n# exit {p.returncode}\n--- stdout\n{o}--- stderr\n{e}\n')
            f.write(f'# together {secs:.3f} s, load before {load1:.2f}\n')
        step = self._record(name, [[str(a) for a in argv] for argv in argvs], secs, load1, rc, log)
        print(f'     {secs:.2f} s together (load before {load1:.2f}){"" if rc == 0 else f", EXIT {rc}"}', flush=True)
        if rc != 0:
            raise RuntimeError(f'{name} failed; log {log}')
        return step, [o for o, _ in outs]

    def python_step(self, name, description, fn, *fn_args):
        """A step done by the driver itself (writing input files)."""
        self.show(name, f'[driver] {description}')
        if self.dry:
            self._record(name, ['[driver]', description], None, None, 0, None)
            return None
        load1 = os.getloadavg()[0]
        t0 = time.perf_counter()
        out = fn(*fn_args)
        secs = time.perf_counter() - t0
        self._record(name, ['[driver]', description], secs, load1, 0, None)
        print(f'     {secs:.2f} s', flush=True)
        return out


def read_json(path):
    with open(path) as f:
        return json.load(f)


def grep(pattern, text, cast=float):
    """The groups of the first match of pattern in text, cast; None when there is none."""
    m = re.search(pattern, text or '')
    if not m:
        return None
    g = m.groups()
    return cast(g[0]) if len(g) == 1 else tuple(cast(x) for x in g)


def parse_train(stdout):
    """`sieve train` summary: member-training seconds, GFLOP/s and the FLOP count."""
    m = grep(r'training: (\d+) members x (\d+) sub-epochs on (\d+) events in ([\d.]+) s \(([\d.]+) GFLOP/s\)', stdout)
    if m is None:
        return {}
    return dict(members=int(m[0]), sub_epochs=int(m[1]), events=int(m[2]), train_seconds=m[3], gflops=m[4],
                flops=m[3] * m[4] * 1e9)


def parse_score(stdout):
    """`sieve score` summary: events, seconds, events/s, threads."""
    m = grep(r'scored (\d+) events x (\d+) variations in ([\d.]+) s \(([\d.]+) events/s, (\d+) threads\)', stdout)
    if m is None:
        return {}
    return dict(events=int(m[0]), variations=int(m[1]), seconds=m[2], events_per_second=m[3], threads=int(m[4]))


def parse_gbench(stdout):
    """Google Benchmark JSON -> {benchmark name: entry}."""
    if not stdout:
        return {}
    return {b['name']: b for b in json.loads(stdout).get('benchmarks', [])}


# ------------------------------------------------------------------------------------------------ the benchmark
class Bench:
    def __init__(self, args):
        self.args = args
        self.mode = 'quick' if args.quick else 'full'
        self.cfg = MODES[self.mode]
        self.src = os.path.abspath(args.source_dir)
        self.work = os.path.abspath(args.work_dir)
        self.R = Runner(self.work, args.dry_run)
        self.results = dict(notes=[])
        self.real = os.path.join(self.src, REAL_EVENTS)
        self.peers = os.path.join(self.src, 'tools', 'peers')
        self.coretype = args.openblas_coretype or ('SkylakeX' if 'avx512f' in cpu_flags() else 'unset')
        # The peers' Python runs with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE removed from its environment; the scripts set
        # them themselves from --openblas-coretype (tools/peers/README.md).
        self.peer_env = {k: v for k, v in os.environ.items() if k not in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')}
        self.sieve = os.path.abspath(args.sieve)
        self.sieve_sub_epochs = self.cfg['sieve_epochs'] * 9

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def mkdir(self, *parts):
        """The work dir's sub-directory (not made in a dry run)."""
        path = self.path(*parts)
        if not self.R.dry:
            os.makedirs(path, exist_ok=True)
        return path

    def sieve_train_args(self, data, out, threads, seed=TRAIN_SEED):
        return [self.sieve, 'train', '--data', data, '--out', out, '--threads', str(threads), '--seed', str(seed),
                '--epochs', str(self.cfg['sieve_epochs']), '--quiet']

    def torch(self, script, *args):
        return [PYTHON, os.path.join(self.peers, script), *args, '--openblas-coretype', self.coretype, '--quiet']

    # ---------------------------------------------------------------------------------------------- set-up
    def setup(self):
        """Peers installed, benchmark executables built, sieve's subcommands known; machine and versions recorded."""
        self.R.section = 'setup'
        need_peers = any(s in self.args.sections for s in ('physics', 'training', 'inference'))
        if need_peers and not peers_installed(self.peers):
            self.R.run('install the peers', ['sh', os.path.join(self.peers, 'install.sh')])
        need = [p for p, s in ((self.args.micro, 'inference'), (self.args.peak, 'limit')) if s in self.args.sections]
        if need and not all(os.path.exists(p) for p in need):
            cache = os.path.join(self.args.build_dir, 'CMakeCache.txt')
            bench_on = os.path.exists(cache) and 'SIEVE_BUILD_BENCH:BOOL=ON' in open(cache).read()
            if not bench_on:
                self.R.run('configure with the microbenchmarks', ['cmake', '-S', self.src, '-B', self.args.build_dir,
                                                                 '-DSIEVE_BUILD_BENCH=ON'])
            self.R.run('build sieve-micro and sieve-peak', ['cmake', '--build', self.args.build_dir, '--target',
                                                            'sieve-micro', 'sieve-peak'])
        # Which subcommands this sieve has (a query, not a step: also in a dry run).
        help_text = run_text([self.sieve, '--help'])
        self.commands = set(re.findall(r'^  (\S+)\s', help_text, re.M))
        for c in ('train', 'evaluate', 'make-scale-sample'):
            if c not in self.commands:
                raise RuntimeError(f'this sieve has no `{c}` subcommand, which the benchmark needs')
        if 'score' not in self.commands:
            self.note('`sieve score` is not in this build: no Sieve scoring figures and no Sieve curves.')
        if not self.R.dry:
            self.results['meta'] = describe_environment(self)

    def note(self, text):
        print(f'NOTE: {text}', flush=True)
        self.results['notes'].append(text)

    # ---------------------------------------------------------------------------------------------- data
    def scale_sample(self):
        """The scale sample (release layout: t, b, v) and its test part (b and v) as its own file."""
        t, b, v, u = self.cfg['scale_sizes']
        tag = f'{t}_{b}_{v}_{u}_s{SCALE_SEED}'
        full, test = self.path('data', f'scale_{tag}.csv'), self.path('data', f'scale_{tag}_test.csv')
        if getattr(self, '_scale', None):
            return self._scale
        self.R.section = 'data'
        if not os.path.exists(full):
            self.mkdir('data')
            self.R.run('make the scale sample', [self.sieve, 'make-scale-sample', '--from', self.real, '--out', full,
                                                 '--seed', str(SCALE_SEED), '--sizes', f'{t},{b},{v},{u}'])
        if not os.path.exists(test):
            self.R.python_step('split out the test events', f'copy the KaggleSet b and v rows of {full} to {test}',
                               datafiles.select_kaggle_sets, full, test, ('b', 'v'))
        self._scale = (full, test, t, b + v)
        return self._scale

    def sized_sample(self, n):
        """A file of n scale-sample events (all KaggleSet b), for the scoring-cost curve."""
        path = os.path.join(self.mkdir('data'), f'events_{n}_s{SIZES_SEED}.csv')
        if not os.path.exists(path):
            self.R.run(f'make {n} events', [self.sieve, 'make-scale-sample', '--from', self.real, '--out', path,
                                            '--seed', str(SIZES_SEED), '--sizes', f'0,{n},0,0'])
        return path

    # ---------------------------------------------------------------------------------------------- 1. physics
    def physics(self):
        self.R.section = 'physics'
        d = self.mkdir('physics')
        folds_dir = self.path('physics', 'folds')
        manifest = self.R.python_step(
            'write the fold files', f'{FOLDS} folds of {self.real} stratified by (Label, PRI_jet_num), seed {FOLD_SEED}, '
            f'into {folds_dir}/train_k.csv and test_k.csv', datafiles.write_fold_files, self.real, folds_dir, FOLDS,
            FOLD_SEED)
        seeds = self.cfg['seeds']
        ph = dict(source=REAL_EVENTS, events=(manifest or {}).get('events'), folds=FOLDS, fold_seed=FOLD_SEED,
                  seeds=list(seeds), sub_epochs=dict(sieve=self.sieve_sub_epochs, torch=self.cfg['torch_sub_epochs']),
                  xgboost_settings=('tools/peers defaults (up to 5,000 rounds, early stopping after 200)'
                                    if not self.cfg['xgb_args'] else ' '.join(self.cfg['xgb_args'])),
                  runs=[])
        scores = {}  # (tool, seed, fold) -> scores file
        for seed in seeds:
            for k in range(1, FOLDS + 1):
                train, test = os.path.join(folds_dir, f'train_{k}.csv'), os.path.join(folds_dir, f'test_{k}.csv')
                base = os.path.join(d, f's{seed}_f{k}')
                # Sieve: train, evaluate (its own figures), score (per-event scores for the curves).
                step, out = self.R.run(f'Sieve train seed {seed} fold {k}',
                                       self.sieve_train_args(train, base + '_sieve.model', 2, seed))
                secs = parse_train(out).get('train_seconds')
                _, out = self.R.run(f'Sieve evaluate seed {seed} fold {k}',
                                    [self.sieve, 'evaluate', '--model', base + '_sieve.model', '--data', test, '--json',
                                     *RESCALE, '--threads', '2'])
                if out:
                    e = json.loads(out)
                    s0 = e['sets'][0]
                    ph['runs'].append(dict(tool='Sieve', seed=seed, fold=k, auc=s0['auc'], ams=s0['ams_at_cut'],
                                           cut=e['cut'], seconds=secs))
                if 'score' in self.commands:
                    self.R.run(f'Sieve score seed {seed} fold {k}',
                               [self.sieve, 'score', '--model', base + '_sieve.model', '--in', test, '--out',
                                base + '_sieve_scores.csv', '--threads', '2', '--quiet'])
                    scores[('Sieve', seed, k)] = base + '_sieve_scores.csv'
                # PyTorch reference.
                self.R.run(f'PyTorch seed {seed} fold {k}',
                           self.torch('torch_recipe.py', '--train', train, '--test', test, '--out-scores',
                                      base + '_torch_scores.csv', '--out-json', base + '_torch.json', '--seed', str(seed),
                                      '--threads', '1', '--sub-epochs', str(self.cfg['torch_sub_epochs'])),
                           env=self.peer_env)
                self.add_peer_run(ph, 'PyTorch', seed, k, base + '_torch.json')
                scores[('PyTorch', seed, k)] = base + '_torch_scores.csv'
                # XGBoost baseline.
                self.R.run(f'XGBoost seed {seed} fold {k}',
                           [PYTHON, os.path.join(self.peers, 'xgb_baseline.py'), '--train', train, '--test', test,
                            '--out-scores', base + '_xgb_scores.csv', '--out-json', base + '_xgb.json', '--seed',
                            str(seed), '--threads', '2', '--quiet', *self.cfg['xgb_args']], env=self.peer_env)
                self.add_peer_run(ph, 'XGBoost', seed, k, base + '_xgb.json')
                scores[('XGBoost', seed, k)] = base + '_xgb_scores.csv'
        if 'cross-validate' in self.commands:
            cv_json = os.path.join(d, 'sieve_cross_validate.json')
            step, _ = self.R.run('Sieve cross-validate (its own splits)',
                                 [self.sieve, 'cross-validate', '--data', self.real, '--folds', str(FOLDS), '--seeds',
                                  ','.join(map(str, seeds)), '--threads', '2', '--epochs', str(self.cfg['sieve_epochs']),
                                  '--json', cv_json, '--quiet'])
            if step:
                cv = read_json(cv_json)
                ph['cross_validate'] = dict(auc_mean=get_in(cv, 'auc', 'mean'), auc_std=get_in(cv, 'auc', 'std'),
                                            ams_mean=get_in(cv, 'ams', 'mean'), ams_std=get_in(cv, 'ams', 'std'),
                                            seeds=[s.get('seed') for s in cv.get('seeds', [])], folds=cv.get('folds'),
                                            seconds=step['seconds'])
        else:
            self.note('`sieve cross-validate` is not in this build: no row for Sieve on its own splits.')
        if not self.R.dry:
            self.physics_curves(ph, scores, folds_dir)
        self.results['physics'] = ph

    def add_peer_run(self, ph, tool, seed, k, path):
        if self.R.dry:
            return
        j = read_json(path)
        ph['runs'].append(dict(tool=tool, seed=seed, fold=k, auc=j['test']['auc_weighted'],
                               ams=j['test']['ams_at_cut_rescaled'], cut=j['cut']['cut'],
                               seconds=(j.get('wall_seconds') or {}).get('training')))

    def physics_curves(self, ph, scores, folds_dir):
        """Recomputes every fold run's AUC and AMS from its scores (a check on the tools' figures), and pools the
        held-out folds of the first seed into ROC and AMS-vs-cut curves per tool."""
        truth = {k: datafiles.read_labels_weights(os.path.join(folds_dir, f'test_{k}.csv')) for k in range(1, FOLDS + 1)}
        worst = dict(auc=0.0, ams=0.0, runs=0)
        pooled = {}
        first_seed = self.cfg['seeds'][0]
        for run in ph['runs']:
            f = scores.get((run['tool'], run['seed'], run['fold']))
            if not f or not os.path.exists(f):
                continue
            sc = datafiles.read_scores(f)
            ids = sorted(truth[run['fold']])
            y = [truth[run['fold']][i][0] for i in ids]
            w = metrics.rescale(y, [truth[run['fold']][i][1] for i in ids])
            p = [sc[i] for i in ids]
            auc, _, _ = metrics.roc(y, p, w)
            ams = metrics.ams_at_cut(y, p, w, run['cut'])
            worst['auc'] = max(worst['auc'], abs(auc - run['auc']))
            worst['ams'] = max(worst['ams'], abs(ams - run['ams']))
            worst['runs'] += 1
            if run['seed'] == first_seed:
                acc = pooled.setdefault(run['tool'], dict(y=[], w=[], p=[], cuts=[]))
                acc['y'] += y
                acc['w'] += [truth[run['fold']][i][1] for i in ids]
                acc['p'] += p
                acc['cuts'].append(run['cut'])
        ph['check'] = worst
        curves = {}
        for tool in report.TOOLS:
            if tool not in pooled:
                continue
            a = pooled[tool]
            w = metrics.rescale(a['y'], a['w'])
            auc, fpr, tpr = metrics.roc(a['y'], a['p'], w)
            cuts, ams = metrics.ams_curve(a['y'], a['p'], w)
            curves[tool] = dict(seed=first_seed, auc=auc, fpr=fpr, tpr=tpr, cuts=cuts, ams=ams,
                                cut_mean=sum(a['cuts']) / len(a['cuts']))
        ph['curves'] = curves

    # ---------------------------------------------------------------------------------------------- 2. training
    def training(self):
        full, test, n_train, n_test = self.scale_sample()
        self.R.section = 'training'
        self.mkdir('training')
        if not self.R.dry:  # members of an earlier run must not mix with this run's
            shutil.rmtree(self.path('training', 'torch_work'), ignore_errors=True)
        model = self.path('training', 'sieve.model')
        step, out = self.R.run('Sieve train (2 threads)', self.sieve_train_args(full, model, 2))
        tr = dict(events=n_train, members=10, seed=TRAIN_SEED,
                  sub_epochs=dict(sieve=self.sieve_sub_epochs, torch=self.cfg['torch_sub_epochs']))
        if step:
            tr['sieve'] = dict(parse_train(out), threads=2, wall_seconds=step['seconds'], load1=step['load1'])
        # PyTorch: two single-threaded processes, then the merge (ensemble, cut, ONNX export). The merge's test file
        # is a small one (the real events) so that its time is the recipe's, not a scoring benchmark.
        work, onnx = self.path('training', 'torch_work'), self.path('training', 'onnx')
        common = ['--train', full, '--train-kaggleset', 't', '--seed', str(TRAIN_SEED), '--workdir', work, '--threads', '1',
                  '--sub-epochs', str(self.cfg['torch_sub_epochs'])]
        step, _ = self.R.run_together('PyTorch train, 2 processes x 1 thread', [
            self.torch('torch_recipe.py', *common, '--members', '0-4', '--out-json', self.path('training', 'torch_0-4.json')),
            self.torch('torch_recipe.py', *common, '--members', '5-9', '--out-json', self.path('training', 'torch_5-9.json'))],
            env=self.peer_env)
        mstep, _ = self.R.run('PyTorch merge (ensemble, cut, ONNX export)',
                              self.torch('torch_merge.py', '--workdir', work, '--train', full, '--train-kaggleset', 't',
                                         '--test', self.real, '--out-json', self.path('training', 'torch_merge.json'),
                                         '--threads', '1', '--export-onnx', onnx), env=self.peer_env)
        if step and mstep:
            parts = [read_json(self.path('training', f'torch_{m}.json')) for m in ('0-4', '5-9')]
            merge = read_json(self.path('training', 'torch_merge.json'))
            ws = merge.get('wall_seconds', {})
            scoring = sum(ws.get(k) or 0.0 for k in ('test_read_csv', 'test_features', 'inference_test'))
            per = [p['wall_seconds']['training'] for p in parts]
            tr['torch'] = dict(processes=2, threads_per_process=1, coretype=self.coretype, train_seconds=max(per),
                               per_process_seconds=per, parallel_wall_seconds=step['seconds'],
                               merge_seconds=mstep['seconds'] - scoring,
                               recipe_wall_seconds=step['seconds'] + mstep['seconds'] - scoring, load1=step['load1'],
                               ms_per_sub_epoch=1000 * sum(p['wall_seconds']['seconds_per_sub_epoch_mean'] for p in parts) / 2,
                               blas=[t.get('architecture') for t in get_in(merge, 'config', 'blas', 'threadpools') or []
                                     if isinstance(t, dict) and t.get('internal_api') == 'openblas'])
        self.results['training'] = tr
        self.trained = True  # in this run (also in a dry run: later sections reuse its figures)

    def ensure_trained(self):
        """The models of section 2 (Sieve model, PyTorch members, ONNX export): trained now unless this run or an
        earlier run in the same mode (stamp in the work dir) made them."""
        need = [self.path('training', 'sieve.model'), self.path('training', 'onnx', 'ensemble.json')]
        stamp = self.path('training', 'stamp.json')
        if getattr(self, 'trained', False):
            return
        if all(os.path.exists(p) for p in need) and os.path.exists(stamp) and read_json(stamp) == self.stamp():
            self.note('the models of section 2 come from an earlier run in the work dir (same mode and sizes); '
                      'section 2 was not run now.')
            return
        self.note('section 2 (training) was run as a prerequisite of the sections after it.')
        self.training()

    def stamp(self):
        return dict(mode=self.mode, scale_sizes=list(self.cfg['scale_sizes']), seed=TRAIN_SEED)

    # ---------------------------------------------------------------------------------------------- 3. inference
    def inference(self):
        full, test, _, n_test = self.scale_sample()
        self.ensure_trained()
        self.R.section = 'inference'
        model, onnx = self.path('training', 'sieve.model'), self.path('training', 'onnx')
        self.mkdir('inference')
        # Every figure compared is in memory: reading the CSV is excluded on both sides (Sieve's `sieve score`, which
        # reads and writes the files, is reported for the test-set target, not compared).
        inf = dict(events=n_test, members=10, copies=8, forward_flops=forward_flops(), csv='excluded')
        if 'score' in self.commands:
            step, out = self.R.run('Sieve score (2 threads)', [self.sieve, 'score', '--model', model, '--in', test, '--out',
                                                               self.path('inference', 'sieve_scores.csv'), '--threads', '2',
                                                               '--quiet'])
            if step:
                inf['sieve'] = dict(parse_score(out), wall_seconds=step['seconds'], load1=step['load1'])
            # The same with the opt-in --precision bf16 (fails without AMX-BF16: then not reported).
            step, out = self.R.run('Sieve score --precision bf16 (2 threads)',
                                   [self.sieve, 'score', '--model', model, '--in', test, '--out',
                                    self.path('inference', 'sieve_scores_bf16.csv'), '--threads', '2',
                                    '--precision', 'bf16', '--quiet'], check=False)
            if step and step['returncode'] == 0:
                inf['sieve_bf16'] = dict(parse_score(out), wall_seconds=step['seconds'], load1=step['load1'])
            self.framework_jobs(model, test, inf)
        micro_args = [self.args.micro, '--benchmark_filter=BM_Forward/2048$|BM_ScoreBlock|BM_ScoreOneEvent|BM_TrainingStep',
                      '--benchmark_format=json']
        if self.cfg['micro_min_time']:
            micro_args.append(f'--benchmark_min_time={self.cfg["micro_min_time"]}')
        # The scoring microbenchmarks score with the model of section 2.
        step, out = self.R.run('sieve-micro: forward, score block (1 and 2 threads), one event, training step', micro_args,
                               extra_env=dict(SIEVE_MICRO_MODEL=model))
        if step:
            inf['sieve_micro'] = micro_figures(parse_gbench(out), os.path.relpath(model, self.src))
            members = get_in(inf, 'sieve_micro', 'one_event', 'members')
            if members is not None and members != 10:
                self.note(f'sieve-micro scored with a {members}-member model, not the recipe\'s 10: this sieve-micro '
                          'predates SIEVE_MICRO_MODEL; rebuild it.')
        self.bf16_auc(model, inf)
        self.onnx_runtime(model, test, inf)
        # PyTorch: the members of section 2 as one module from the raw columns (TorchScript and eager), and the
        # reference's own eager inference.
        tp = os.path.join(HERE, 'torch_peer.py')
        common = ['--workdir', self.path('training', 'torch_work'), '--onnx-dir', onnx,
                  '--openblas-coretype', self.coretype]
        pt = {}
        step, _ = self.R.run('PyTorch throughput: engines x configurations x batch sizes',
                             [PYTHON, tp, '--mode', 'throughput', *common, '--test', test,
                              '--engines', ','.join(TORCH_ENGINES), '--configs', ','.join(TORCH_CONFIGS),
                              '--batches', ','.join(map(str, TORCH_BATCHES)),
                              '--sweep-events', str(self.cfg['torch_sweep_events']), '--repeats', str(self.cfg['repeats']),
                              '--out-json', self.path('inference', 'torch_throughput.json')], env=self.peer_env)
        if step:
            j = read_json(self.path('inference', 'torch_throughput.json'))
            pt.update(throughput=j['throughput'], check=j.get('check_max_abs_diff_vs_recipe_predict'), load1=step['load1'],
                      mkldnn=j.get('mkldnn'))
        step, _ = self.R.run('PyTorch one event per call (1 thread)',
                             [PYTHON, tp, '--mode', 'latency', *common, '--test', self.real, '--engines',
                              ','.join(TORCH_ENGINES), '--events', str(self.cfg['torch_latency_events']),
                              '--out-json', self.path('inference', 'torch_latency.json')], env=self.peer_env)
        if step:
            pt.update(latency=read_json(self.path('inference', 'torch_latency.json'))['latency'], latency_load1=step['load1'])
        inf['torch'] = pt
        self.results['inference'] = inf

    def framework_jobs(self, model, test, inf):
        """The CMSSW and Gaudi demo jobs (the adapters' modules on the stand-in frameworks, 2 threads, as many streams
        or slots) on the test set, against `sieve score` on the same file: events/s from each process's wall time
        (model loading, reading the CSV and writing the scores included on every side), and whether their scores files
        are `sieve score`'s byte for byte. The three run in turn, `repeats` rounds (a single run of each moved the
        ratio by +-5% on these machines); each job's figure is the median of its rounds."""
        bin_dir = os.path.dirname(self.sieve)
        reference = self.path('inference', 'sieve_scores.csv')
        walls, same, failed = {}, {}, set()
        for r in range(self.cfg['repeats']):
            step, _ = self.R.run(f'Sieve score, framework comparison round {r + 1} (2 threads)',
                                 [self.sieve, 'score', '--model', model, '--in', test, '--out',
                                  self.path('inference', 'sieve_scores_round.csv'), '--threads', '2', '--quiet'])
            if step:
                walls.setdefault('sieve', []).append(step['seconds'])
            for name, exe in (('cmssw', 'sieve-cmssw-demo'), ('gaudi', 'sieve-gaudi-demo')):
                out = self.path('inference', f'{name}_scores.csv')
                step, _ = self.R.run(f'{exe} (2 threads), round {r + 1}',
                                     [os.path.join(bin_dir, exe), '--model', model, '--in', test, '--out', out,
                                      '--threads', '2', '--quiet'], check=False)
                if not step or step['returncode'] != 0:
                    if step:
                        self.note(f'{exe} failed (see {step["log"]}): no adapter figure')
                    failed.add(name)
                    continue
                walls.setdefault(name, []).append(step['seconds'])
                if not self.R.dry:
                    same[name] = same.get(name, True) and os.path.exists(reference) and filecmp.cmp(reference, out,
                                                                                                    shallow=False)
        if 'sieve' not in walls:
            return
        jobs = {name: dict(wall_seconds=statistics.median(w), rounds=w, identical_to_sieve_score=same.get(name))
                for name, w in walls.items() if name != 'sieve' and name not in failed}
        if jobs:
            inf['frameworks'] = jobs
            inf['frameworks_reference'] = dict(wall_seconds=statistics.median(walls['sieve']), rounds=walls['sieve'])

    def bf16_auc(self, model, inf):
        """The real labelled events scored in float32 and with --precision bf16: the AUC of each and the largest score
        difference (the speed of bf16 is sieve-micro's)."""
        paths = {}
        for precision in ('float32', 'bf16'):
            paths[precision] = self.path('inference', f'real_{precision}.csv')
            step, _ = self.R.run(f'Sieve score the real events ({precision})',
                                 [self.sieve, 'score', '--model', model, '--in', self.real, '--out', paths[precision],
                                  '--precision', precision, '--threads', '2', '--quiet'], check=False)
            if step and step['returncode'] != 0:
                self.note(f'--precision {precision} did not score (see {step["log"]}): no bf16 AUC change')
                return
        if self.R.dry:
            return
        truth = datafiles.read_labels_weights(self.real)
        ids = sorted(truth)
        y = [truth[i][0] for i in ids]
        w = metrics.rescale(y, [truth[i][1] for i in ids])
        auc = {}
        for precision, path in paths.items():
            sc = datafiles.read_scores(path)
            auc[precision], _, _ = metrics.roc(y, [sc[i] for i in ids], w)
        diff = compare_scores(paths['float32'], paths['bf16'])
        inf['bf16_auc'] = dict(events=len(ids), auc_float32=auc['float32'], auc_bf16=auc['bf16'],
                               auc_change=auc['bf16'] - auc['float32'], max_abs_score_diff=diff['max_abs_diff'])

    def onnx_runtime(self, model, test, inf):
        """ONNX Runtime: the whole ensemble as the one graph of `sieve export` (raw columns to the score, TTA inside),
        as a CMSSW ONNXRuntime producer runs it: the same model and computation as `sieve score`; and the network
        alone (`--part network`), fed the rows the features graph (`--part features`) computed before any timing.
        Both layouts of the members (ONNX_GRAPHS) are exported and swept; every run is tagged with its graph, and the
        best over all is the figure the report's ratios use."""
        graph_js = os.path.join(self.peers, 'onnx', 'bench_graph.js')
        ort = inf['onnx'] = dict(graphs={})
        if 'export' not in self.commands:
            self.note('`sieve export` is not in this build (no ONNX support): no ONNX Runtime figures.')
            return
        runs, bests, lat_runs, sweep = [], [], [], {}
        features = self.path('inference', ONNX_FEATURES)
        self.R.run('Sieve export --format onnx --part features (raw columns to the network\'s inputs)',
                   [self.sieve, 'export', '--model', model, '--format', 'onnx', '--part', 'features', '--out', features])
        for key, layout, part, name, configs in ONNX_GRAPHS:
            graph = self.path('inference', name)
            slug = key.replace(' ', '_')
            g = ort['graphs'][key] = dict(graph=os.path.relpath(graph, self.src), layout=layout, part=part)
            step, out = self.R.run(f'Sieve export --format onnx --members {layout} --part {part}',
                                   [self.sieve, 'export', '--model', model, '--format', 'onnx', '--members', layout,
                                    '--part', part, '--out', graph])
            if step:
                g['operators'] = grep(r'(\d+) operators', out, int)
            tag = dict(graph=key, layout=layout, part=part, operators=g.get('operators'))
            fed = ['--features', features] if part == 'network' else []
            scores = self.path('inference', f'onnx_scores_{slug}.csv')
            step, _ = self.R.run(f'ONNX Runtime throughput, {key} graph: configurations x rows per call',
                                 ['node', graph_js, '--model', graph, *fed, '--test', test, '--mode', 'throughput',
                                  '--configs', ','.join(configs), '--rows', ','.join(map(str, ONNX_ROWS)),
                                  '--sweep-events', str(self.cfg['onnx_sweep_events']), '--repeats', str(self.cfg['repeats']),
                                  '--out-json', self.path('inference', f'onnx_throughput_{slug}.json'),
                                  '--out-scores', scores])
            if step:
                j = read_json(self.path('inference', f'onnx_throughput_{slug}.json'))
                tp = j['throughput']
                if j.get('features_seconds') is not None:
                    g['features'] = dict(seconds=j['features_seconds'], events=j.get('events'))
                runs += [dict(r, **tag) for r in tp['runs']]
                bests.append(dict(tp['best'], **tag))
                sweep = dict(sweep_events=tp.get('sweep_events'), note=tp.get('note'))
                ort.update(versions=j.get('versions'), api_note=j.get('api_note'))
                g['load1'] = step['load1']
                if os.path.exists(self.path('inference', 'sieve_scores.csv')) and get_in(inf, 'sieve', 'events'):
                    g['check'] = compare_scores(self.path('inference', 'sieve_scores.csv'), scores)
            step, _ = self.R.run(f'ONNX Runtime one event per call (1 thread), {key} graph',
                                 ['node', graph_js, '--model', graph, *fed, '--test', self.real, '--mode', 'latency',
                                  '--latency-events', str(self.cfg['onnx_latency_events']), '--warmup', '200',
                                  '--max-events', str(self.cfg['onnx_latency_events'] + 200), '--apis', 'sync,async',
                                  '--out-json', self.path('inference', f'onnx_latency_{slug}.json')])
            if step:
                lat = read_json(self.path('inference', f'onnx_latency_{slug}.json'))['latency']
                lat_runs += [dict(r, **tag) for r in lat['runs']]
                g['latency_load1'] = step['load1']
        if bests:
            # As bench_graph.js picks its best: the fastest of the sweep (then run again on all events).
            fastest = max(runs, key=lambda r: r['events_per_second'])['graph']
            best = next(b for b in bests if b['graph'] == fastest)
            ort.update(throughput=dict(sweep, runs=runs, best=best),
                       check=ort['graphs'][best['graph']].get('check'),
                       load1=ort['graphs'][best['graph']].get('load1'))
        if lat_runs:
            best = min(lat_runs, key=lambda r: r['us_per_event_median'])
            ort.update(latency=dict(runs=lat_runs, best=best),
                       latency_load1=ort['graphs'][best['graph']].get('latency_load1'))

    # ---------------------------------------------------------------------------------------------- 4. limit
    def limit(self):
        self.R.section = 'limit'
        lim = dict(forward_flops=forward_flops())
        step, out = self.R.run('sieve-peak: FP32 FMA peak, 1 and 2 threads', [self.args.peak, '--benchmark_format=json'])
        if step:
            b = parse_gbench(out)
            mhz = json.loads(out).get('context', {}).get('mhz_per_cpu')
            one = next((v for k, v in b.items() if k.endswith('threads:1')), {})
            two = next((v for k, v in b.items() if k.endswith('threads:2')), {})
            label = one.get('label', '')
            lim['peak'] = dict(gflops_1=gflops(one.get('GFLOP/s')), gflops_2=gflops(two.get('GFLOP/s')),
                               checksum=one.get('checksum'),
                               isa=label.split(',')[0], chains=grep(r'(\d+) chains', label, int), load1=step['load1'],
                               mhz=mhz)
        if not self.R.dry:
            lim['objdump'] = check_peak_kernel(self.args.peak)
        self.results['limit'] = lim

    # ---------------------------------------------------------------------------------------------- 5. scaling
    def scaling(self):
        full, test, n_train, n_test = self.scale_sample()
        self.ensure_trained()
        self.R.section = 'scaling'
        sc = dict(train=dict(events=n_train, sub_epochs=self.sieve_sub_epochs), score=dict(events=n_test), sizes=[])
        self.mkdir('scaling')
        step, out = self.R.run('Sieve train (1 thread)', self.sieve_train_args(full, self.path('scaling', 'sieve_1.model'), 1))
        if step:
            sc['train']['1'] = parse_train(out).get('train_seconds')
        two = get_in(self.results, 'training', 'sieve', 'train_seconds')
        if not getattr(self, 'trained', False):
            step, out = self.R.run('Sieve train (2 threads)', self.sieve_train_args(full, self.path('scaling', 'sieve_2.model'), 2))
            two = parse_train(out).get('train_seconds') if step else None
        sc['train']['2'] = two
        model = self.path('training', 'sieve.model')
        if 'score' not in self.commands:
            self.results['scaling'] = sc
            return
        for threads in (1, 2):
            if threads == 2 and 'inference' in self.args.sections:  # measured in section 3 just before
                sc['score']['2'] = dict(seconds=get_in(self.results, 'inference', 'sieve', 'seconds'))
                continue
            step, out = self.R.run(f'Sieve score ({threads} thread{"s" if threads > 1 else ""})',
                                   [self.sieve, 'score', '--model', model, '--in', test, '--out',
                                    self.path('scaling', f'scores_{threads}.csv'), '--threads', str(threads), '--quiet'])
            if step:
                sc['score'][str(threads)] = dict(seconds=parse_score(out).get('seconds'))
        self.R.section = 'data'
        files = [(n, self.sized_sample(n)) for n in self.cfg['scaling_sizes']]
        self.R.section = 'scaling'
        for n, f in files:
            step, out = self.R.run(f'Sieve score {n} events (2 threads)',
                                   [self.sieve, 'score', '--model', model, '--in', f, '--out',
                                    self.path('scaling', f'scores_{n}.csv'), '--threads', '2', '--quiet'])
            if step:
                s = parse_score(out)
                # The process's wall time: the whole cost of scoring a file, start-up included.
                sc['sizes'].append(dict(events=n, seconds=step['seconds'], events_per_second=n / step['seconds'],
                                        scorer_seconds=s.get('seconds'), load1=step['load1']))
        self.results['scaling'] = sc

    # ---------------------------------------------------------------------------------------------- all
    def run(self):
        t0 = time.time()
        load_start = list(os.getloadavg())
        print(f'sieve bench ({self.mode}{", dry run" if self.R.dry else ""}): sections {", ".join(self.args.sections)}; '
              f'work dir {self.work}; load average {load_start[0]:.2f}', flush=True)
        self.mkdir()
        self.setup()
        # The peak first (quick, and the basis of the fractions), then the sections in their order.
        order = [s for s in ('limit', 'physics', 'training', 'inference', 'scaling') if s in self.args.sections]
        failed = []
        for s in order:
            try:
                getattr(self, s)()
            except (RuntimeError, OSError, ValueError, KeyError) as e:  # report it, go on with the other sections
                failed.append(s)
                self.note(f'section {s} stopped: {type(e).__name__}: {e}'.replace('\n', ' / '))
        if self.R.dry:
            print(f'dry run: {len(self.R.steps)} commands listed; nothing was run', flush=True)
            return 0
        if 'training' in self.args.sections:
            with open(self.path('training', 'stamp.json'), 'w') as f:
                json.dump(self.stamp(), f)
        meta = self.results['meta']
        meta.update(mode=self.mode, sections=self.args.sections, load_start=load_start, load_end=list(os.getloadavg()),
                    duration_seconds=time.time() - t0,
                    settings=dict(self.cfg, sieve_sub_epochs=self.sieve_sub_epochs, openblas_coretype=self.coretype))
        self.results['steps'] = self.R.steps
        with open(self.path('results.json'), 'w') as f:
            json.dump(self.results, f, indent=1)
        path, plots = report.write(self.results, os.path.abspath(self.args.out_dir))
        print(f'wrote {path}' + (f' and {", ".join(plots)}' if plots else '') + f'; results in {self.path("results.json")}')
        if failed:
            print(f'sieve bench: error: section(s) {", ".join(failed)} did not finish (see the notes in the report)',
                  file=sys.stderr)
            return 1
        return 0


# ------------------------------------------------------------------------------------------------ helpers
def get_in(d, *keys):
    return report.get(d, *keys)


def forward_flops(width=33, depth=6, inputs=33):
    """FLOPs of one forward pass of one row of the recipe's network: 2 x (weights of the dense body) + 2 x width (the
    tail): 2*sum_d width*(inputs + d*width) + 2*width."""
    return 2 * sum(width * (inputs + d * width) for d in range(depth)) + 2 * width


def cpu_flags():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


def peers_installed(peers_dir):
    """Whether the peers' Debian packages and onnxruntime-node are present (tools/peers/install.sh otherwise)."""
    probe = subprocess.run([PYTHON, '-c', 'import torch, xgboost, sklearn, pandas, numpy, onnx, matplotlib, threadpoolctl'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (probe.returncode == 0 and shutil.which('node') is not None
            and os.path.isdir(os.path.join(peers_dir, 'onnx', 'node_modules', 'onnxruntime-node')))


def gflops(counter):
    """A GFLOP/s counter of a Google Benchmark JSON in GFLOP/s. sieve-micro's counters are rates in FLOP/s (the
    console shows them with an SI prefix, e.g. 28.0G/s); sieve-peak's are already in GFLOP/s."""
    if counter is None:
        return None
    return counter * 1e-9 if counter > 1e5 else counter


def micro_figures(bench, model):
    """The sieve-micro figures the report uses (`model`: the model file its scoring benchmarks used)."""
    out = {}
    fwd = bench.get('BM_Forward/2048')
    if fwd:
        g = gflops(fwd.get('GFLOP/s'))
        out['forward'] = dict(rows=2048, gflops=g, events_per_second=g * 1e9 / forward_flops() / 80 if g else None)
    for key, threads in (('score_block', 1), ('score_block_2', 2)):
        blk = next((v for k, v in bench.items() if k.startswith('BM_ScoreBlock/') and
                    (k.endswith(f'threads:{threads}') or (threads == 1 and 'threads:' not in k))), None)
        if blk:
            out[key] = dict(events_per_second=blk.get('events/s'), gflops=gflops(blk.get('GFLOP/s')), threads=threads,
                            events_per_call=grep(r'BM_ScoreBlock/(\d+)', blk['name'], int))
    nominal, varied = bench.get('BM_ScoreOneEvent/0'), bench.get('BM_ScoreOneEvent/1')
    if nominal:
        to_us = {'ns': 1e-3, 'us': 1.0, 'ms': 1e3, 's': 1e6}

        def us(b):
            return b['real_time'] * to_us.get(b.get('time_unit', 'ns'), 1e-3)
        out['one_event'] = dict(nominal_us=us(nominal), variations_us=us(varied) if varied else None,
                                variations=grep(r'(\d+) variations', (varied or {}).get('label', ''), int),
                                members=grep(r'(\d+) members', nominal.get('label', ''), int),
                                label=nominal.get('label', ''), model=model)
    # One event per call on 2 threads sharing one scorer, as framework streams do: the workspaces reading the
    # scorer's weights, or each its own copy (the adapters' default).
    streams = {arg: bench.get(f'BM_ScoreOneEventStreams/{arg}/real_time/threads:2') for arg in (0, 1)}
    if nominal and streams[0] and streams[1]:
        out['one_event_streams'] = dict(shared_us=us(streams[0]), own_us=us(streams[1]), threads=2)
    # --precision bf16 against float32 (absent when the CPU has no AMX-BF16: the benchmarks skip).
    one_bf16, blk_bf16 = bench.get('BM_ScoreOneEventBf16/0'), bench.get('BM_ScoreBlockBf16/512')
    var_bf16 = bench.get('BM_ScoreOneEventBf16/1')
    if nominal and one_bf16 and not one_bf16.get('error_occurred'):
        bf = out['bf16'] = dict(one_event_us=us(one_bf16), one_event_float32_us=us(nominal))
        bf['one_event_speedup'] = bf['one_event_float32_us'] / bf['one_event_us']
        if varied and var_bf16 and not var_bf16.get('error_occurred'):
            bf.update(variations_us=us(var_bf16), variations_float32_us=us(varied))
        f32 = (out.get('score_block') or {}).get('events_per_second')
        if blk_bf16 and not blk_bf16.get('error_occurred') and blk_bf16.get('events/s') and f32:
            bf.update(block_events_per_second=blk_bf16['events/s'], block_float32_events_per_second=f32,
                      block_speedup=blk_bf16['events/s'] / f32)
    step = next((v for k, v in bench.items() if k.startswith('BM_TrainingStep')), None)
    if step:
        out['training_step'] = dict(gflops=gflops(step.get('GFLOP/s')))
    return out


def compare_scores(reference, other):
    """Largest |difference| between two scores files over their common EventIds (NaN equal to NaN), and the number of
    events where exactly one of them is NaN."""
    import math
    a, b = datafiles.read_scores(reference), datafiles.read_scores(other)
    worst, nan_mismatch, n = 0.0, 0, 0
    for k, x in a.items():
        y = b.get(k)
        if y is None:
            continue
        n += 1
        if math.isnan(x) or math.isnan(y):
            nan_mismatch += math.isnan(x) != math.isnan(y)
            continue
        worst = max(worst, abs(x - y))
    return dict(events=n, max_abs_diff=worst, nan_mismatch=nan_mismatch, missing=len(a) - n)


def check_peak_kernel(peak_exe):
    """Disassembles the AVX-512 kernel of sieve-peak and checks that its loop is register-only vector FMAs."""
    if not shutil.which('objdump'):
        return dict(summary='objdump not found: instructions not checked')
    dis = subprocess.run(['objdump', '-d', '--no-show-raw-insn', '-C', peak_exe], stdout=subprocess.PIPE,
                         text=True).stdout
    m = re.search(r'^[0-9a-f]+ <[^>]*fma_chains_avx512[^>]*>:\n(.*?)\n\n', dis, re.S | re.M)
    if not m:
        return dict(summary='fma_chains_avx512 not found in the disassembly')
    insns = []
    for line in m.group(1).splitlines():
        parts = line.strip().split(':', 1)
        if len(parts) == 2 and parts[1].strip():
            insns.append((int(parts[0], 16), parts[1].strip()))
    # The loop: the backward conditional jump and its target.
    loop = None
    for addr, text in insns:
        j = re.match(r'j\w+\s+([0-9a-f]+)', text)
        if j and int(j.group(1), 16) < addr:
            loop = (int(j.group(1), 16), addr)
    if not loop:
        return dict(summary='no loop found in fma_chains_avx512')
    body = [t for a, t in insns if loop[0] <= a <= loop[1]]
    fmas = [t for t in body if re.match(r'vfmadd\d+ps', t)]
    zmm_reg_only = [t for t in fmas if t.count('%zmm') == 3 and '(' not in t]
    others = [t.split()[0] for t in body if t not in fmas]
    accumulators = {t.split(',')[-1] for t in zmm_reg_only}
    summary = (f'the loop of `fma_chains_avx512` (0x{loop[0]:x}-0x{loop[1]:x}) is {len(body)} instructions: '
               f'{len(fmas)} `{fmas[0].split()[0] if fmas else "vfmadd"}` of which {len(zmm_reg_only)} have only zmm '
               f'register operands ({len(accumulators)} distinct accumulators, no memory operand), plus '
               f'{", ".join(others)} (loop counter and branch). The accumulators are loaded before the loop and stored '
               'after it, so nothing is folded away.')
    return dict(function='fma_chains_avx512', loop_start=loop[0], loop_end=loop[1], instructions=len(body),
                fma=len(fmas), fma_zmm_register_only=len(zmm_reg_only), accumulators=len(accumulators), other=others,
                summary=summary)


def run_text(argv, **kw):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw).stdout.strip()
    except OSError:
        return ''


def describe_environment(bench):
    """Machine (lscpu), compiler and flags (the build tree), library versions, date."""
    lscpu = dict(re.findall(r'^([^:\n]+):\s*(.*)$', run_text(['lscpu']), re.M))
    flags = cpu_flags()
    isa = ', '.join(f for f in ('avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx512_bf16', 'amx_bf16', 'amx_tile', 'avx2', 'fma') if f in flags)
    mem = grep(r'MemTotal:\s+(\d+) kB', open('/proc/meminfo').read()) if os.path.exists('/proc/meminfo') else None
    machine = dict(cpu=lscpu.get('Model name'), family=lscpu.get('CPU family'), model=lscpu.get('Model'),
                   cpus=lscpu.get('CPU(s)'), threads_per_core=lscpu.get('Thread(s) per core'),
                   cores_per_socket=lscpu.get('Core(s) per socket'), sockets=lscpu.get('Socket(s)'),
                   hypervisor=lscpu.get('Hypervisor vendor'), isa=isa,
                   caches=f'L1d {lscpu.get("L1d cache", "?")}, L2 {lscpu.get("L2 cache", "?")}, L3 {lscpu.get("L3 cache", "?")}',
                   memory_gb=mem / 1024 ** 2 if mem else None, kernel=os.uname().release)
    build = bench.args.build_dir
    cache = {}
    if os.path.exists(os.path.join(build, 'CMakeCache.txt')):
        cache = dict(re.findall(r'^([A-Za-z_]+):[A-Z]+=(.*)$', open(os.path.join(build, 'CMakeCache.txt')).read(), re.M))
    cxx = cache.get('CMAKE_CXX_COMPILER', 'c++')
    flags_line = None
    ninja = os.path.join(build, 'build.ninja')
    if os.path.exists(ninja):
        text = open(ninja).read()
        m = re.search(r'^build libcore/CMakeFiles/sieve_runtime\.dir/runtime/src/nn/\S+\.o:.*?\n((?:  .*\n)+)', text, re.M)
        if m:
            flags_line = grep(r'FLAGS = (.*)', m.group(1), str)
    if not flags_line:
        flags_line = ' '.join(x for x in (cache.get('CMAKE_CXX_FLAGS'), cache.get(
            f'CMAKE_CXX_FLAGS_{cache.get("CMAKE_BUILD_TYPE", "Release").upper()}'), f'SIEVE_ARCH={cache.get("SIEVE_ARCH")}') if x)
    compiler = dict(compiler=run_text([cxx, '--version']).splitlines()[0] if run_text([cxx, '--version']) else cxx,
                    flags=flags_line, build_type=cache.get('CMAKE_BUILD_TYPE'), arch=cache.get('SIEVE_ARCH'))
    versions = dict(sieve=run_text([bench.sieve, '--version']).replace('\n', '; '))
    py = run_text([PYTHON, '-c', 'import json, sys, numpy; v = dict(python=sys.version.split()[0], numpy=numpy.__version__)\n'
                   'for m in ("torch", "xgboost"):\n'
                   '    try: v[m] = __import__(m).__version__\n'
                   '    except Exception as e: v[m] = "not installed"\n'
                   'print(json.dumps(v))'], env=bench.peer_env)
    try:
        versions.update(json.loads(py.splitlines()[-1]))
    except (ValueError, IndexError):
        pass
    ort = os.path.join(bench.peers, 'onnx', 'node_modules', 'onnxruntime-node', 'package.json')
    if os.path.exists(ort):
        versions['onnxruntime'] = f'onnxruntime-node {read_json(ort).get("version")} (node {run_text(["node", "--version"])})'
    blas = run_text(['dpkg-query', '-W', '-f=${Version}', 'libopenblas0-pthread'])
    versions['blas'] = f'OpenBLAS {blas} (libopenblas0-pthread), core chosen by OPENBLAS_CORETYPE={bench.coretype}'
    versions['benchmark'] = 'libbenchmark ' + run_text(['dpkg-query', '-W', '-f=${Version}', 'libbenchmark-dev'])
    argv = ['sieve bench'] + (['--quick'] if bench.args.quick else []) + (
        ['--sections', ','.join(bench.args.sections)] if bench.args.sections != list(SECTIONS) else [])
    return dict(date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'), command=' '.join(argv),
                machine=machine, compiler=compiler, versions=versions)


def main(argv=None):
    args = parse_args(argv)
    if args.report_from:
        results = read_json(args.report_from)
        path, plots = report.write(results, os.path.abspath(args.out_dir))
        print(f'wrote {path}' + (f' and {", ".join(plots)}' if plots else ' (no plots)'))
        return 0
    try:
        return Bench(args).run()
    except RuntimeError as e:
        print(f'sieve bench: error: {e}', file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
