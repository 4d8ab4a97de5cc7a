#!/usr/bin/env node
// The ONNX Runtime peer of `sieve bench`: times a graph written by `sieve export --format onnx` (the whole
// ensemble from the raw columns to the score of `sieve score`: sentinels, Cartesian momenta, standardisation,
// embedding, every member, the 8 TTA copies and the weighted mean inside the graph), as a CMSSW ONNXRuntime
// producer runs it; either layout of the members (`--members separate` or `stacked`, metadata
// sieve.member_layout). Reads the model's raw columns (ONNX metadata sieve.raw_columns) from a CSV into memory
// first; no timing includes reading the CSV.
//
// With --features F.onnx (`sieve export --part features`), --model is the graph of `sieve export --part network`:
// the features graph turns the events read into the network's inputs once, beforehand and not timed (one row per
// event and TTA copy, and the embedded columns' codes), and every timing is of the network graph alone, fed those
// rows: as a producer that computes the inputs in its own code calls ONNX Runtime. Events the features graph
// refuses score NaN, as in the whole graph.
//
//   node tools/peers/onnx/bench_graph.js --model M.onnx --test FILE [--mode both|throughput|latency]
//        [--configs 2x1,1x2-spin,1x2-nospin,1x1] [--rows 32,64,128,256,512,1024,2048,4096,8192]
//        [--sweep-events N] [--repeats 3] [--latency-events 2000] [--warmup 200] [--apis sync,async]
//        [--kaggleset b,v] [--max-events N] [--features F.onnx] [--out-json r.json] [--out-scores s.csv]
//
// (a) throughput: every configuration x every rows-per-call value (one row = one event; the graph makes 8
//     network rows of each) scores the first --sweep-events events (0: all) in memory, --repeats times (the
//     fastest kept); then the fastest pair scores all events once, with the scores written out.
//     Configurations: 2x1 = two worker processes, one single-threaded session each, each scoring half the
//     events after a common start signal; 1x2-spin / 1x2-nospin = one process, one session with 2 intra-op
//     threads, idle threads spinning (ONNX Runtime's default) or not (session.intra_op.allow_spinning=0);
//     1x1 = one process, one thread; a suffix -async runs the same through the public asynchronous API.
//     Every session: interOpNumThreads 1, executionMode sequential, graphOptimizationLevel all. Each run is
//     preceded by warm-up calls of the same size; wall time from the start signal to the last worker done.
//     A configuration whose first 4,000-event probe runs under a quarter of the best rate so far is recorded
//     from the probe and not swept.
// (b) latency: one process, one session with one intra-op thread, one event per call ([1, columns]; the 8
//     TTA rows are made inside the graph); microseconds per event (Tensor creation + run + reading the score),
//     median over --latency-events events after --warmup events, for each API of --apis.
//
// APIs: onnxruntime-node's public InferenceSession.run is asynchronous: it queues the native, synchronous
// run with setImmediate and resolves a Promise. 'sync' calls that native run directly (the binding's
// InferenceSession in onnxruntime-node/dist/binding, which the public API wraps); 'async' the public API.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const os = require('os');
const { fork } = require('child_process');
const ort = require('onnxruntime-node');
const { binding, initOrt } = require('onnxruntime-node/dist/binding');

const DEFAULT_CONFIGS = '2x1,1x2-spin,1x2-nospin,1x1';
const DEFAULT_ROWS = '32,64,128,256,512,1024,2048,4096,8192';
const PROBE_EVENTS = 4000;

function parseArgs(argv) {
  const a = {
    mode: 'both', configs: DEFAULT_CONFIGS, rows: DEFAULT_ROWS, sweepEvents: 0, repeats: 3, latencyEvents: 2000, warmup: 200,
    apis: 'sync,async',
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = () => argv[++i];
    switch (k) {
      case '--model': a.model = v(); break;
      case '--test': a.test = v(); break;
      case '--mode': a.mode = v(); break;
      case '--configs': a.configs = v(); break;
      case '--rows': a.rows = v(); break;
      case '--sweep-events': a.sweepEvents = parseInt(v(), 10); break;
      case '--repeats': a.repeats = parseInt(v(), 10); break;
      case '--latency-events': a.latencyEvents = parseInt(v(), 10); break;
      case '--warmup': a.warmup = parseInt(v(), 10); break;
      case '--apis': a.apis = v(); break;
      case '--kaggleset': a.kaggleset = v(); break;
      case '--max-events': a.maxEvents = parseInt(v(), 10); break;
      case '--out-json': a.outJson = v(); break;
      case '--out-scores': a.outScores = v(); break;
      case '--worker': a.worker = v(); break;
      case '--features': a.features = v(); break;
      case '-h': case '--help':
        {
          const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);  // the comment at the top
          console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        }
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${k}`);
    }
  }
  if (!a.model || !a.test) throw new Error('--model and --test are required');
  if (!['both', 'throughput', 'latency'].includes(a.mode)) throw new Error('--mode both|throughput|latency');
  a.configs = a.configs.split(',').map((s) => s.trim()).filter(Boolean).map(parseConfig);
  a.rows = a.rows.split(',').map((s) => parseInt(s, 10));
  if (!(a.repeats >= 1)) throw new Error('--repeats: at least 1');
  if (a.rows.some((r) => !(r > 0))) throw new Error('--rows: positive integers');
  a.apis = a.apis.split(',').map((s) => s.trim()).filter(Boolean);
  if (a.apis.some((x) => x !== 'sync' && x !== 'async')) throw new Error('--apis: sync and/or async');
  return a;
}

// 'PxT[-spin|-nospin][-async]': P processes x T intra-op threads.
function parseConfig(name) {
  const m = name.match(/^(\d+)x(\d+)((?:-spin|-nospin)?)((?:-async)?)$/);
  if (!m) throw new Error(`--configs: '${name}' is not PxT[-spin|-nospin][-async]`);
  const processes = parseInt(m[1], 10), threads = parseInt(m[2], 10);
  if (processes < 1 || threads < 1) throw new Error(`--configs: '${name}' needs at least 1 process and 1 thread`);
  const spin = m[3] === '-nospin' ? false : true;  // ONNX Runtime's default: idle intra-op threads spin
  return { name, processes, threads, spin, api: m[4] ? 'async' : 'sync' };
}

function sessionOptions(threads, spin) {
  const o = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  // Spinning only means something with a thread pool (more than one intra-op thread); set either way, so the
  // JSON says what was asked.
  o.extra = { session: { intra_op: { allow_spinning: spin ? '1' : '0' } } };
  return o;
}

function describeConfig(c) {
  const who = c.processes > 1 ? `${c.processes} processes x ${c.threads} intra-op thread${c.threads > 1 ? 's' : ''}`
    : `1 process, ${c.threads} intra-op thread${c.threads > 1 ? 's' : ''}`;
  const spin = c.threads > 1 ? (c.spin ? ', idle threads spinning' : ', spinning off') : '';
  return `${who}${spin}, ${c.api} API`;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

// ------------------------------------------------------------------------------------------------------- the graph
// The few fields of the ONNX ModelProto needed here, read from the protobuf wire format: metadata_props (field 14,
// StringStringEntryProto {1: key, 2: value}), and the opset. Everything else is skipped by its wire type.
function readMetadata(file) {
  const buf = fs.readFileSync(file);
  let pos = 0;
  const varint = () => {
    let v = 0, mul = 1, b;
    do { b = buf[pos++]; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    return v;
  };
  const fields = (start, end, visit) => {
    pos = start;
    while (pos < end) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) visit(field, varint(), null);
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) { const len = varint(), at = pos; pos += len; visit(field, null, [at, at + len]); pos = at + len; }
      else throw new Error(`${file}: not an ONNX model (wire type ${wire})`);
    }
  };
  const meta = {};
  fields(0, buf.length, (field, _v, span) => {
    if (field !== 14 || !span) return;
    const back = span[1];
    let k = '', val = '';
    fields(span[0], span[1], (f, _x, s) => {
      if (f === 1 && s) k = buf.toString('utf8', s[0], s[1]);
      if (f === 2 && s) val = buf.toString('utf8', s[0], s[1]);
    });
    pos = back;
    meta[k] = val;
  });
  if (!meta['sieve.raw_columns']) throw new Error(`${file}: no metadata sieve.raw_columns (not written by sieve export?)`);
  return { columns: JSON.parse(meta['sieve.raw_columns']), members: parseInt(meta['sieve.members'] || '0', 10),
    ttaCopies: parseInt(meta['sieve.tta_copies'] || '0', 10), layout: meta['sieve.member_layout'] || 'separate', meta };
}

// ------------------------------------------------------------------------------------------------------------ CSV
// The model's raw columns of every event (row-major float32, values as in the file: sentinels are the graph's
// business) and the EventIds.
function readEvents(file, columns, maxEvents, kaggleset) {
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
  const idx = columns.map((c) => { const j = header.indexOf(c); if (j < 0) throw new Error(`${file}: no column ${c}`); return j; });
  const idCol = header.indexOf('EventId'), setCol = header.indexOf('KaggleSet');
  const keep = kaggleset ? new Set(kaggleset.split(',')) : null;
  if (keep && setCol < 0) throw new Error(`${file}: no KaggleSet column for --kaggleset`);
  const R = columns.length;
  let cap = 1 << 16, n = 0;
  let X = new Float32Array(cap * R), ids = new Float64Array(cap);
  for (let line = nextLine(); line !== null; line = nextLine()) {
    if (line.length === 0) continue;
    if (maxEvents && n >= maxEvents) break;
    const f = line.split(',');
    if (keep && !keep.has(f[setCol].trim())) continue;
    if (n === cap) {
      cap *= 2;
      const X2 = new Float32Array(cap * R); X2.set(X); X = X2;
      const i2 = new Float64Array(cap); i2.set(ids); ids = i2;
    }
    for (let j = 0; j < R; j++) X[n * R + j] = parseFloat(f[idx[j]]);
    ids[n] = idCol >= 0 ? parseFloat(f[idCol]) : n;
    n++;
  }
  if (n === 0) throw new Error(`${file}: no events${keep ? ` with KaggleSet in ${kaggleset}` : ''}`);
  return { n, R, X: X.subarray(0, n * R), ids: ids.subarray(0, n) };
}

// The events of `test` as the graph --model takes them: their raw columns, or (--features) the network's inputs
// computed by the features graph (ev.copies rows per event, ev.R values and ev.nc codes per row, ev.refused).
async function loadEvents(args) {
  const g = readMetadata(args.features || args.model);
  const ev = readEvents(args.test, g.columns, args.maxEvents, args.kaggleset);
  ev.copies = 1;
  if (!args.features) return ev;
  const net = readMetadata(args.model);
  if (net.meta['sieve.part'] !== 'network' || g.meta['sieve.part'] !== 'features')
    throw new Error('--features takes a graph of `sieve export --part features` and --model one of --part network');
  const s = await ort.InferenceSession.create(args.features, sessionOptions(1, true));
  const t0 = now();
  const C = net.ttaCopies, chunk = 4096;
  let X = null, codes = null, nIn = 0, nc = 0;
  const refused = new Uint8Array(ev.n);
  for (let a = 0; a < ev.n; a += chunk) {
    const b = Math.min(ev.n, a + chunk);
    const r = await s.run({ raw_inputs: new ort.Tensor('float32', ev.X.subarray(a * ev.R, b * ev.R), [b - a, ev.R]) });
    const x = r.network_inputs, c = r.network_codes;
    if (!X) {
      nIn = x.dims[1]; nc = c ? c.dims[1] : 0;
      X = new Float32Array(ev.n * C * nIn);
      codes = new BigInt64Array(ev.n * C * nc);
    }
    X.set(x.data, a * C * nIn);
    if (c) codes.set(c.data, a * C * nc);
    refused.set(r.refused.data, a);
  }
  return { n: ev.n, R: nIn, X, ids: ev.ids, copies: C, nc, codes, refused, features_seconds: now() - t0 };
}

// -------------------------------------------------------------------------------------------------------- sessions
// The inputs of events [a, b): their raw columns, or the network's inputs and codes of their rows.
function feeds(ev, a, b) {
  const rows = (b - a) * ev.copies;
  if (!ev.codes) return { raw_inputs: new ort.Tensor('float32', ev.X.subarray(a * ev.R, b * ev.R), [b - a, ev.R]) };
  const f = { network_inputs: new ort.Tensor('float32', ev.X.subarray(a * ev.copies * ev.R, b * ev.copies * ev.R), [rows, ev.R]) };
  if (ev.nc) f.network_codes = new ort.Tensor('int64', ev.codes.subarray(a * ev.copies * ev.nc, b * ev.copies * ev.nc), [rows, ev.nc]);
  return f;
}

// A session with one run(ev, a, b, out) call whichever API, for events [a, b) of ev; out is a Float32Array view of
// b - a scores that the run writes (a pre-allocated output tensor).
async function openSession(model, config) {
  const opts = sessionOptions(config.threads, config.spin);
  if (config.api === 'sync') {
    initOrt();
    const s = new binding.InferenceSession();
    s.loadModel(model, opts);
    const output = s.outputMetadata[0].name;
    return {
      options: opts,
      run(ev, a, b, out) {
        return s.run(feeds(ev, a, b), { [output]: new ort.Tensor('float32', out, [b - a]) }, {})[output];
      },
    };
  }
  const s = await ort.InferenceSession.create(model, opts);
  const output = s.outputNames[0];
  return {
    options: opts,
    async run(ev, a, b, out) {
      return (await s.run(feeds(ev, a, b), { [output]: new ort.Tensor('float32', out, [b - a]) }))[output];
    },
  };
}

// Scores events [a, b) in calls of `rows` events into scores[a..b); returns the seconds.
async function scoreRange(session, ev, a, b, rows, scores) {
  const t0 = now();
  for (let s = a; s < b; s += rows) {
    const e = Math.min(b, s + rows);
    const r = session.run(ev, s, e, scores.subarray(s, e));
    if (r && typeof r.then === 'function') await r;
  }
  return now() - t0;
}

// ---------------------------------------------------------------------------------------------- throughput workers
// A worker process: one session of the configuration; the parent sends warm/go messages for a range and a size.
async function workerMain(args) {
  const config = parseConfig(args.worker);
  const ev = await loadEvents(args);
  const session = await openSession(args.model, config);
  const scores = new Float32Array(ev.n);
  process.send({ type: 'ready', n: ev.n });
  process.on('message', async (m) => {
    if (m.type === 'warm') {
      // Warm-up: a few calls of the size to be timed (arena, allocation plans), on the worker's own range.
      const calls = 3, b = Math.min(m.b, m.a + calls * m.rows);
      await scoreRange(session, ev, m.a, b, m.rows, scores);
      process.send({ type: 'warm' });
    } else if (m.type === 'go') {
      const seconds = await scoreRange(session, ev, m.a, m.b, m.rows, scores);
      const reply = { type: 'done', seconds, a: m.a, b: m.b };
      if (m.sendScores) reply.scores = Array.from(scores.subarray(m.a, m.b));
      process.send(reply);
    } else if (m.type === 'exit') {
      process.disconnect();
    }
  });
}

function startWorkers(args, config) {
  const kids = [];
  const base = ['--model', args.model, '--test', args.test, ...(args.kaggleset ? ['--kaggleset', args.kaggleset] : []),
    ...(args.features ? ['--features', args.features] : []),
    ...(args.maxEvents ? ['--max-events', String(args.maxEvents)] : [])];
  for (let i = 0; i < config.processes; i++) {
    const child = fork(__filename, [...base, '--worker', config.name], {
      env: { ...process.env, OMP_NUM_THREADS: String(config.threads) },
    });
    const waiting = [];
    let failed = null;
    child.on('message', (m) => { const w = waiting.shift(); if (w) w.resolve(m); });
    child.on('exit', (code) => {
      failed = new Error(`worker ${i} of ${config.name} exited (${code})`);
      for (const w of waiting.splice(0)) w.reject(failed);
    });
    kids.push({
      child,
      next: () => new Promise((resolve, reject) => (failed ? reject(failed) : waiting.push({ resolve, reject }))),
    });
  }
  return kids;
}

// One timed run of a configuration: events [0, n) dealt in equal contiguous parts to the workers.
async function timedRun(kids, n, rows, sendScores) {
  const parts = kids.map((_, i) => [Math.floor((n * i) / kids.length), Math.floor((n * (i + 1)) / kids.length)]);
  const warmed = kids.map((k) => k.next());
  kids.forEach((k, i) => k.child.send({ type: 'warm', a: parts[i][0], b: parts[i][1], rows }));
  await Promise.all(warmed);
  const done = kids.map((k) => k.next());
  const t0 = now();
  kids.forEach((k, i) => k.child.send({ type: 'go', a: parts[i][0], b: parts[i][1], rows, sendScores }));
  const d = await Promise.all(done);
  const wall = now() - t0;
  return { wall, events: n, per_worker_seconds: d.map((x) => x.seconds), replies: d };
}

async function stopWorkers(kids) {
  const exits = kids.map((k) => new Promise((res) => k.child.once('exit', res)));
  kids.forEach((k) => { if (k.child.connected) k.child.send({ type: 'exit' }); });
  await Promise.all(exits);
}

async function throughput(args, n) {
  const sweepN = args.sweepEvents > 0 ? Math.min(args.sweepEvents, n) : n;
  const runs = [];
  const record = (config, rows, events, times, extra) => {
    const wall = Math.min(...times);
    const r = { config: config.name, description: describeConfig(config), processes: config.processes,
      intra_op_threads: config.threads, allow_spinning: config.spin, api: config.api,
      session_options: sessionOptions(config.threads, config.spin), rows_per_call: rows, events, repeats: times.length,
      wall_seconds: wall, wall_seconds_all: times, events_per_second: events / wall, ...extra };
    runs.push(r);
    return r;
  };
  for (const config of args.configs) {
    const kids = startWorkers(args, config);
    await Promise.all(kids.map((k) => k.next()));  // ready: CSV read, session made
    // A probe first: a configuration under a quarter of the best rate so far (threads spinning on shared cores can
    // run at a few percent) is recorded from the probe and not swept.
    const probeN = Math.min(sweepN, PROBE_EVENTS);
    const probe = await timedRun(kids, probeN, args.rows[0], false);
    const bestSoFar = Math.max(0, ...runs.map((r) => r.events_per_second));
    if (runs.length && probeN / probe.wall < 0.25 * bestSoFar) {
      record(config, args.rows[0], probeN, [probe.wall], { probe_only: true });
      console.log(`  ${config.name.padEnd(14)} ${String(args.rows[0]).padStart(5)} rows/call: ` +
        `${(probeN / probe.wall).toFixed(0).padStart(7)} events/s on a ${probeN}-event probe: under 1/4 of the best, not swept`);
      await stopWorkers(kids);
      continue;
    }
    for (const rows of args.rows) {
      const times = [];
      for (let k = 0; k < args.repeats; k++) times.push((await timedRun(kids, sweepN, rows, false)).wall);
      const r = record(config, rows, sweepN, times, {});
      console.log(`  ${config.name.padEnd(14)} ${String(rows).padStart(5)} rows/call: ${r.events_per_second.toFixed(0).padStart(7)} events/s ` +
        `(best of ${times.length}: ${times.map((t) => t.toFixed(3)).join(', ')} s)`);
    }
    await stopWorkers(kids);
  }
  const best = runs.reduce((x, y) => (y.events_per_second > x.events_per_second ? y : x));
  // The best pair again on every event (the figure the report uses), with the scores.
  const config = args.configs.find((c) => c.name === best.config);
  const kids = startWorkers(args, config);
  await Promise.all(kids.map((k) => k.next()));
  const r = await timedRun(kids, n, best.rows_per_call, true);
  await stopWorkers(kids);
  const scores = new Float32Array(n);
  for (const x of r.replies) scores.set(x.scores, x.a);
  const final = { ...best, events: n, repeats: 1, wall_seconds: r.wall, wall_seconds_all: [r.wall], events_per_second: n / r.wall,
    per_worker_seconds: r.per_worker_seconds };
  console.log(`throughput: best ${best.config} at ${best.rows_per_call} rows/call: ${final.events_per_second.toFixed(0)} events/s ` +
    `on all ${n} events (${describeConfig(config)})`);
  return { sweep_events: sweepN, runs, best: final, scores,
    note: 'events/s: in memory (CSV read before), ' + (args.features ? 'the network graph alone, fed the network\'s inputs ' +
      'that the features graph computed beforehand (not timed)' : 'the graph from raw columns to the score (TTA inside)') + '; wall time from ' +
      'the common start signal to the last worker done; warm-up calls of the same size before each timed run' };
}

// --------------------------------------------------------------------------------------------------------- latency
async function latency(args, ev, api) {
  const session = await openSession(args.model, { processes: 1, threads: 1, spin: true, api });
  const out = new Float32Array(1), per = [];
  const total = args.warmup + args.latencyEvents;
  for (let k = 0; k < total; k++) {
    const i = k % ev.n;
    const t0 = now();
    let r = session.run(ev, i, i + 1, out);
    if (r && typeof r.then === 'function') r = await r;
    const score = r.data[0];
    const t1 = now();
    if (k >= args.warmup) per.push((t1 - t0) * 1e6);
    if (Number.isNaN(score) && k === 0) console.error(`note: event ${i} scores NaN (refused, as sieve score would)`);
  }
  const s = Float64Array.from(per).sort();
  const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { api, description: `1 process, 1 intra-op thread, ${api} API, one event per call` +
      (ev.codes ? ` (its ${ev.copies} rows of network inputs computed beforehand, not timed)` : ''),
    session_options: session.options, events: per.length, warmup: args.warmup, rows_per_call: 1,
    us_per_event_median: q(0.5), us_per_event_p90: q(0.9), us_per_event_p99: q(0.99),
    us_per_event_mean: per.reduce((x, y) => x + y, 0) / per.length };
}

// ------------------------------------------------------------------------------------------------------------ main
async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.worker) return workerMain(args);
  const g = readMetadata(args.model);
  const t0 = now();
  const ev = await loadEvents(args);
  const out = {
    script: 'onnx/bench_graph.js', model: path.resolve(args.model), test: path.resolve(args.test), events: ev.n,
    columns: g.columns.length, members: g.members, member_layout: g.layout, tta_copies: g.ttaCopies,
    part: g.meta['sieve.part'] || 'whole', parse_seconds: now() - t0,
    ...(args.features ? { features: path.resolve(args.features), features_seconds: ev.features_seconds,
      features_note: 'the features graph, 1 intra-op thread, 4,096 events per call, run once on the events read ' +
        'before any timing (not timed in any figure)' } : {}),
    versions: { node: process.version, onnxruntime: ort.env.versions }, cpu: os.cpus()[0].model, nproc: os.cpus().length,
    api_note: 'sync: the native binding\'s synchronous InferenceSession.run (onnxruntime-node/dist/binding), which the ' +
      'public asynchronous API wraps in setImmediate and a Promise; async: the public InferenceSession.run',
  };
  console.log(`${path.basename(args.model)}: ${g.members} members (${g.layout}), ${g.ttaCopies} TTA copies, ${g.columns.length} raw columns; ` +
    `${ev.n} events in memory`);
  let scores = null;
  if (args.mode !== 'latency') {
    const t = await throughput(args, ev.n);
    scores = t.scores;
    delete t.scores;
    out.throughput = t;
  }
  if (args.mode !== 'throughput') {
    out.latency = { runs: [] };
    for (const api of args.apis) {
      const l = await latency(args, ev, api);
      out.latency.runs.push(l);
      console.log(`latency (${api}): median ${l.us_per_event_median.toFixed(1)} us/event over ${l.events} events ` +
        `(p90 ${l.us_per_event_p90.toFixed(1)})`);
    }
    out.latency.best = out.latency.runs.reduce((x, y) => (y.us_per_event_median < x.us_per_event_median ? y : x));
  }
  if (args.outScores && scores) {
    const lines = ['EventId,score'];
    for (let i = 0; i < scores.length; i++)
      lines.push(`${ev.ids[i]},${ev.refused && ev.refused[i] ? 'nan' : scores[i].toPrecision(9)}`);
    fs.writeFileSync(args.outScores, lines.join('\n') + '\n');
  }
  if (args.outJson) fs.writeFileSync(args.outJson, JSON.stringify(out, null, 1) + '\n');
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
