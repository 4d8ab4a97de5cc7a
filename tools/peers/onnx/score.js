#!/usr/bin/env node
// Peer benchmark: score the exported Strong-2020 ensemble (torch_recipe.py --export-onnx DIR) with onnxruntime-node.
// Needs nothing from Sieve: reads DIR/ensemble.json (feature order, means, stds, ensemble weights, cut) and
// DIR/member_<m>.onnx, and a HiggsML CSV (open-data or Kaggle layout, plain or .gz).
//
//   node tools/peers/onnx/score.js --model-dir DIR --test FILE [--mode both|throughput|latency]
//        [--threads 1] [--workers 0] [--batch 128] [--latency-events 2000] [--no-tta]
//        [--out-json r.json] [--out-scores s.csv] [--max-events N] [--kaggleset b,v] [--spin]
//
// (a) throughput: all events, 10 members x 8 TTA copies. --threads = intra-op threads of one process, or
//     --workers N = N single-threaded worker processes, each scoring 1/N of the events. Reports events/s of the
//     compute (TTA preprocessing + network) and the time of the network arithmetic alone (session.run), both
//     excluding CSV parsing. Each worker parses the CSV itself before a common start signal.
// (b) latency: one event at a time, 8-row calls (the 8 TTA copies), one call per member, one thread; microseconds per
//     event (raw features -> Cartesian -> TTA -> standardise -> 10 calls -> weighted mean), median over N events.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const os = require('os');
const { fork } = require('child_process');
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const a = { mode: 'both', threads: 1, workers: 0, batch: 128, latencyEvents: 2000, warmup: 100, tta: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = () => argv[++i];
    switch (k) {
      case '--model-dir': a.modelDir = v(); break;
      case '--test': a.test = v(); break;
      case '--mode': a.mode = v(); break;
      case '--threads': a.threads = parseInt(v(), 10); break;
      case '--workers': a.workers = parseInt(v(), 10); break;
      case '--batch': a.batch = parseInt(v(), 10); break;
      case '--latency-events': a.latencyEvents = parseInt(v(), 10); break;
      case '--warmup': a.warmup = parseInt(v(), 10); break;
      case '--max-events': a.maxEvents = parseInt(v(), 10); break;
      case '--no-tta': a.tta = false; break;
      case '--spin': a.spin = true; break;
      case '--kaggleset': a.kaggleset = v(); break;
      case '--out-json': a.outJson = v(); break;
      case '--out-scores': a.outScores = v(); break;
      case '--worker': a.worker = true; a.workerIndex = parseInt(v(), 10); a.workerCount = parseInt(v(), 10); break;
      case '-h': case '--help':
        console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 18).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
      default: throw new Error(`unknown option ${k}`);
    }
  }
  if (!a.modelDir || !a.test) throw new Error('--model-dir and --test are required');
  if (!['both', 'throughput', 'latency'].includes(a.mode)) throw new Error('--mode both|throughput|latency');
  return a;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

// ------------------------------------------------------------------------------------------------------ CSV + features
function readEvents(file, raw, maxEvents, kaggleset) {
  let buf = fs.readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  const text = buf.toString('latin1');
  let pos = 0;
  const nextLine = () => {
    if (pos >= text.length) return null;
    let e = text.indexOf('\n', pos);
    if (e < 0) e = text.length;
    let line = text.slice(pos, e);
    pos = e + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return line;
  };
  const header = nextLine().split(',').map((s) => s.trim());
  const col = (n) => header.indexOf(n);
  const idx = raw.map((n) => { const j = col(n); if (j < 0) throw new Error(`${file}: no column ${n}`); return j; });
  const idCol = col('EventId');
  const setCol = col('KaggleSet'), keep = kaggleset ? new Set(kaggleset.split(',')) : null;
  if (keep && setCol < 0) throw new Error(`${file}: no KaggleSet column for --kaggleset`);
  const nf = raw.length;
  let cap = 1 << 16, n = 0;
  let X = new Float64Array(cap * nf), ids = new Float64Array(cap);
  for (let line = nextLine(); line !== null; line = nextLine()) {
    if (line.length === 0) continue;
    if (maxEvents && n >= maxEvents) break;
    if (n === cap) {
      cap *= 2;
      const X2 = new Float64Array(cap * nf); X2.set(X); X = X2;
      const i2 = new Float64Array(cap); i2.set(ids); ids = i2;
    }
    const f = line.split(',');
    if (keep && !keep.has(f[setCol].trim())) continue;
    for (let j = 0; j < nf; j++) {
      const v = parseFloat(f[idx[j]]);
      X[n * nf + j] = (v === -999.0 || !Number.isFinite(v)) ? NaN : v;
    }
    ids[n] = parseFloat(f[idCol]);
    n++;
  }
  if (n === 0) throw new Error(`${file}: no events${keep ? ` with KaggleSet in ${kaggleset}` : ""}`);
  return { n, X: X.subarray(0, n * nf), ids: ids.subarray(0, n) };
}

// Spec 1.4/1.6: Cartesian continuous features in meta.cont_features order (NaN kept), jet_num codes.
function buildFeatures(ev, meta) {
  const raw = meta.raw_features, nf = raw.length, r = (name) => raw.indexOf(name);
  const cont = meta.cont_features, nc = cont.length;
  const src = cont.map((name) => {
    if (raw.includes(name)) return { kind: 'copy', j: r(name) };
    if (name === 'PRI_met_pt') return { kind: 'copy', j: r('PRI_met') };
    if (name === 'PRI_met_px' || name === 'PRI_met_py') return { kind: name.endsWith('px') ? 'px' : 'py', pt: r('PRI_met'), phi: r('PRI_met_phi') };
    const m = name.match(/^(.*)_(px|py|pz)$/);
    if (!m) throw new Error(`cannot build feature ${name}`);
    return { kind: m[2], pt: r(m[1] + '_pt'), phi: r(m[1] + '_phi'), eta: r(m[1] + '_eta') };
  });
  const cat = r(meta.cat_feature);
  const x = new Float64Array(ev.n * nc), c = new BigInt64Array(ev.n), ci = new Int32Array(ev.n);
  for (let i = 0; i < ev.n; i++) {
    const b = i * nf, o = i * nc;
    for (let k = 0; k < nc; k++) {
      const s = src[k];
      let v;
      if (s.kind === 'copy') v = ev.X[b + s.j];
      else if (s.kind === 'px') v = ev.X[b + s.pt] * Math.cos(ev.X[b + s.phi]);
      else if (s.kind === 'py') v = ev.X[b + s.pt] * Math.sin(ev.X[b + s.phi]);
      else v = ev.X[b + s.pt] * Math.sinh(ev.X[b + s.eta]);
      x[o + k] = v;
    }
    const code = Math.min(3, Math.max(0, Math.round(ev.X[b + cat])));
    c[i] = BigInt(code); ci[i] = code;
  }
  return { n: ev.n, nc, x, c, ci };
}

// One TTA copy of events [a, b) written as standardised float32 rows at out[rowOffset*nc...]; NaN -> 0.
function writeCopy(feat, meta, a, b, copy, out, rowOffset) {
  const nc = feat.nc, mean = meta.means, std = meta.stds, vec = meta.vectors;
  const cs = Math.cos(copy.angle), sn = Math.sin(copy.angle);
  const tmp = new Float64Array(nc);
  for (let i = a; i < b; i++) {
    const src = i * nc;
    for (let k = 0; k < nc; k++) tmp[k] = feat.x[src + k];
    for (const v of vec) {
      const px = tmp[v.px], py = tmp[v.py];
      if (copy.angle !== 0) { tmp[v.px] = px * cs - py * sn; tmp[v.py] = py * cs + px * sn; }
      if (copy.flip_y) tmp[v.py] = -tmp[v.py];
      if (copy.flip_z && v.pz !== null && v.pz !== undefined) tmp[v.pz] = -tmp[v.pz];
    }
    const dst = (rowOffset + i - a) * nc;
    for (let k = 0; k < nc; k++) {
      const z = (tmp[k] - mean[k]) / std[k];
      out[dst + k] = Number.isNaN(z) ? 0 : z;
    }
  }
}

// --------------------------------------------------------------------------------------------------------- sessions
function loadMeta(dir) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'ensemble.json'), 'utf8'));
  meta.tta = meta.tta.map((t) => ({ angle: t.angle, flip_y: !!t.flip_y, flip_z: !!t.flip_z }));
  return meta;
}

let SPIN = false;
async function loadSessions(dir, meta, threads) {
  const opt = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  // Idle intra-op threads spin by default; on shared cores that costs far more than it saves (--spin restores it).
  if (threads > 1 && !SPIN) opt.extra = { session: { intra_op: { allow_spinning: '0' } } };
  const s = [];
  for (const m of meta.members) s.push(await ort.InferenceSession.create(path.join(dir, m.file), opt));
  return s;
}

// Scores events [a, b): per batch, the copies are stacked into one (copies*B) x 30 input, one call per member.
async function scoreRange(sessions, meta, feat, a, b, batch, copies) {
  const nc = feat.nc, nCopy = copies.length, w = meta.members.map((m) => m.weight);
  const scores = new Float64Array(b - a);
  let tPrep = 0, tNet = 0;
  const xbuf = new Float32Array(nCopy * batch * nc), cbuf = new BigInt64Array(nCopy * batch);
  for (let s = a; s < b; s += batch) {
    const e = Math.min(b, s + batch), B = e - s;
    let t0 = now();
    for (let k = 0; k < nCopy; k++) {
      writeCopy(feat, meta, s, e, copies[k], xbuf, k * B);
      cbuf.set(feat.c.subarray(s, e), k * B);
    }
    const xt = new ort.Tensor('float32', xbuf.subarray(0, nCopy * B * nc), [nCopy * B, nc]);
    const ct = new ort.Tensor('int64', cbuf.subarray(0, nCopy * B), [nCopy * B]);
    let t1 = now(); tPrep += t1 - t0;
    const acc = new Float64Array(B);
    for (let m = 0; m < sessions.length; m++) {
      const out = await sessions[m].run({ x_cont: xt, x_cat: ct });
      const p = out.p.data;
      for (let k = 0; k < nCopy; k++) for (let i = 0; i < B; i++) acc[i] += w[m] * p[k * B + i];
    }
    const t2 = now(); tNet += t2 - t1;
    for (let i = 0; i < B; i++) scores[s - a + i] = acc[i] / nCopy;
  }
  return { scores, tPrep, tNet };
}

async function latency(sessions, meta, feat, nEvents, warmup, copies) {
  const nc = feat.nc, nCopy = copies.length, w = meta.members.map((m) => m.weight);
  const xbuf = new Float32Array(nCopy * nc), cbuf = new BigInt64Array(nCopy);
  const per = [], net = [];
  const total = Math.min(feat.n, nEvents + warmup);
  for (let i = 0; i < total; i++) {
    const t0 = now();
    for (let k = 0; k < nCopy; k++) { writeCopy(feat, meta, i, i + 1, copies[k], xbuf, k); cbuf[k] = feat.c[i]; }
    const xt = new ort.Tensor('float32', xbuf, [nCopy, nc]), ct = new ort.Tensor('int64', cbuf, [nCopy]);
    const t1 = now();
    let acc = 0;
    for (let m = 0; m < sessions.length; m++) {
      const p = (await sessions[m].run({ x_cont: xt, x_cat: ct })).p.data;
      for (let k = 0; k < nCopy; k++) acc += w[m] * p[k];
    }
    const score = acc / nCopy;
    const t2 = now();
    if (i >= warmup) { per.push((t2 - t0) * 1e6); net.push((t2 - t1) * 1e6); }
    if (!Number.isFinite(score)) throw new Error('non-finite score');
  }
  const q = (arr, f) => { const s = Float64Array.from(arr).sort(); return s[Math.min(s.length - 1, Math.floor(f * s.length))]; };
  const mean = (arr) => arr.reduce((x, y) => x + y, 0) / arr.length;
  return {
    events: per.length, warmup: Math.min(warmup, total), threads: 1, rows_per_call: nCopy, calls_per_event: sessions.length,
    us_per_event_median: q(per, 0.5), us_per_event_p90: q(per, 0.9), us_per_event_p99: q(per, 0.99), us_per_event_mean: mean(per),
    us_network_per_event_median: q(net, 0.5), us_network_per_event_mean: mean(net),
  };
}

// ------------------------------------------------------------------------------------------------------------ main
async function workerMain(args) {
  const meta = loadMeta(args.modelDir);
  const copies = args.tta ? meta.tta : meta.tta.slice(0, 1);
  const sessions = await loadSessions(args.modelDir, meta, 1);
  const t0 = now();
  const ev = readEvents(args.test, meta.raw_features, args.maxEvents, args.kaggleset);
  const feat = buildFeatures(ev, meta);
  const tParse = now() - t0;
  const a = Math.floor((feat.n * args.workerIndex) / args.workerCount), b = Math.floor((feat.n * (args.workerIndex + 1)) / args.workerCount);
  process.send({ type: 'ready', n: feat.n, tParse });
  process.on('message', async (msg) => {
    if (msg.type !== 'go') return;
    const t1 = now();
    const r = await scoreRange(sessions, meta, feat, a, b, args.batch, copies);
    const tCompute = now() - t1;
    // disconnect only once the (large) message has been handed over, or it may be lost
    process.send({ type: 'done', a, b, tPrep: r.tPrep, tNet: r.tNet, tCompute, scores: Array.from(r.scores) },
      () => process.disconnect());
  });
}

async function throughputWorkers(args, meta) {
  const N = args.workers, kids = [], ready = [], done = [];
  for (let i = 0; i < N; i++) {
    const argv = process.argv.slice(2).filter((x, j, arr) => !(x === '--workers' || arr[j - 1] === '--workers'));
    const child = fork(__filename, [...argv, '--worker', String(i), String(N)], { env: { ...process.env, OMP_NUM_THREADS: '1' } });
    kids.push(child);
    ready.push(new Promise((res) => child.on('message', (m) => { if (m.type === 'ready') res(m); })));
    done.push(new Promise((res, rej) => {
      let ok = false;
      child.on('message', (m) => { if (m.type === 'done') { ok = true; res(m); } });
      child.on('exit', (code) => { if (!ok) rej(new Error(`worker ${i} exited (${code}) without results`)); });
    }));
  }
  const r = await Promise.all(ready);
  const t0 = now();
  kids.forEach((k) => k.send({ type: 'go' }));
  const d = await Promise.all(done);
  const wall = now() - t0;
  const n = r[0].n, scores = new Float64Array(n);
  for (const x of d) scores.set(x.scores, x.a);
  return {
    scores, n, tParse: Math.max(...r.map((x) => x.tParse)), wall,
    perWorker: d.map((x) => ({ events: x.b - x.a, prep_seconds: x.tPrep, network_seconds: x.tNet, compute_seconds: x.tCompute })),
    tNet: Math.max(...d.map((x) => x.tNet)), tPrep: Math.max(...d.map((x) => x.tPrep)),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  SPIN = !!args.spin;
  if (args.worker) return workerMain(args);
  const meta = loadMeta(args.modelDir);
  const copies = args.tta ? meta.tta : meta.tta.slice(0, 1);
  const out = {
    script: 'onnx/score.js', model_dir: path.resolve(args.modelDir), test: path.resolve(args.test),
    members: meta.members.length, tta_copies: copies.length, ensemble_weights: meta.members.map((m) => m.weight), cut: meta.cut,
    versions: { node: process.version, onnxruntime: ort.env.versions },
    cpu: os.cpus()[0].model, nproc: os.cpus().length,
  };
  let scores = null, ids = null;
  if (args.mode !== 'latency') {
    if (args.workers > 0) {
      const r = await throughputWorkers(args, meta);
      scores = r.scores;
      out.throughput = {
        events: r.n, workers: args.workers, threads_per_worker: 1, batch_events: args.batch,
        parse_seconds_max_worker: r.tParse, wall_seconds: r.wall, events_per_second: r.n / r.wall,
        network_seconds_slowest_worker: r.tNet, prep_seconds_slowest_worker: r.tPrep,
        events_per_second_network_only: r.n / r.tNet, per_worker: r.perWorker,
        note: 'wall_seconds: common start signal to last worker done (CSV parsing excluded); network = session.run calls',
      };
    } else {
      const sessions = await loadSessions(args.modelDir, meta, args.threads);
      const t0 = now();
      const ev = readEvents(args.test, meta.raw_features, args.maxEvents, args.kaggleset);
      const t1 = now();
      const feat = buildFeatures(ev, meta);
      const t2 = now();
      const r = await scoreRange(sessions, meta, feat, 0, feat.n, args.batch, copies);
      const t3 = now();
      scores = r.scores;
      out.throughput = {
        events: feat.n, workers: 0, intra_op_threads: args.threads, batch_events: args.batch,
        parse_seconds: t1 - t0, features_seconds: t2 - t1, prep_seconds: r.tPrep, network_seconds: r.tNet,
        wall_seconds: t3 - t1, events_per_second: feat.n / (t3 - t1), events_per_second_network_only: feat.n / r.tNet,
        note: 'wall_seconds: Cartesian features + TTA/standardise + network (CSV parsing excluded)',
      };
    }
    console.log(`throughput: ${out.throughput.events} events, ${out.throughput.events_per_second.toFixed(0)} events/s ` +
      `(network alone ${out.throughput.events_per_second_network_only.toFixed(0)} events/s, ` +
      `${(args.workers > 0 ? out.throughput.network_seconds_slowest_worker : out.throughput.network_seconds).toFixed(3)} s)`);
  }
  if (args.mode !== 'throughput') {
    const sessions = await loadSessions(args.modelDir, meta, 1);
    const ev = readEvents(args.test, meta.raw_features, args.latencyEvents + args.warmup, args.kaggleset);
    const feat = buildFeatures(ev, meta);
    out.latency = await latency(sessions, meta, feat, args.latencyEvents, args.warmup, copies);
    console.log(`latency: median ${out.latency.us_per_event_median.toFixed(1)} us/event over ${out.latency.events} events ` +
      `(p90 ${out.latency.us_per_event_p90.toFixed(1)}, network alone ${out.latency.us_network_per_event_median.toFixed(1)})`);
  }
  if (args.outScores && scores) {
    if (!ids) ids = readEvents(args.test, meta.raw_features, args.maxEvents, args.kaggleset).ids;
    const lines = ['EventId,score'];
    for (let i = 0; i < scores.length; i++) lines.push(`${ids[i]},${scores[i].toPrecision(9)}`);
    fs.writeFileSync(args.outScores, lines.join('\n') + '\n');
  }
  if (args.outJson) fs.writeFileSync(args.outJson, JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
