#!/usr/bin/env node
// Runs a graph written by `sieve export --format onnx` with onnxruntime-node, as a CMSSW
// ONNXRuntime producer would: one float32 input [N, columns], one float32 output [N].
//
//   node tools/peers/onnx/run_graph.js --model M.onnx --in RAW --columns R --out SCORES [--batch 4096]
//        [--features F.onnx]
//
// RAW holds N x R float32 values (little-endian, row-major: the model's raw columns in
// its order, missing values as the schema's sentinels or NaN); SCORES receives N float32
// scores. Prints the graph's input and output names and the ONNX Runtime version.
// With --features, F (`sieve export --part features`) turns each batch into the network's
// inputs, which M (`--part network`) scores; an event F refuses scores NaN.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const a = { batch: 4096 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = () => argv[++i];
    switch (k) {
      case '--model': a.model = v(); break;
      case '--in': a.in = v(); break;
      case '--columns': a.columns = parseInt(v(), 10); break;
      case '--out': a.out = v(); break;
      case '--batch': a.batch = parseInt(v(), 10); break;
      case '--features': a.features = v(); break;
      default: throw new Error(`unknown option ${k}`);
    }
  }
  if (!a.model || !a.in || !a.out || !(a.columns > 0) || !(a.batch > 0))
    throw new Error('usage: run_graph.js --model M.onnx --in RAW --columns R --out SCORES [--batch N]');
  return a;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const bytes = fs.readFileSync(a.in);
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  if (values.length % a.columns !== 0) throw new Error(`${a.in}: ${values.length} values are not rows of ${a.columns}`);
  const n = values.length / a.columns;
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const session = await ort.InferenceSession.create(a.model, options);
  const features = a.features ? await ort.InferenceSession.create(a.features, options) : null;
  if (session.outputNames.length !== 1 || (!features && session.inputNames.length !== 1))
    throw new Error(`expected one input and one output, got ${session.inputNames} -> ${session.outputNames}`);
  const input = features ? features.inputNames[0] : session.inputNames[0], output = session.outputNames[0];
  const scores = new Float32Array(n);
  for (let start = 0; start < n; start += a.batch) {
    const rows = Math.min(a.batch, n - start);
    let feed = { [input]: new ort.Tensor('float32', values.slice(start * a.columns, (start + rows) * a.columns), [rows, a.columns]) };
    let refused = null;
    if (features) {
      const f = await features.run(feed);
      refused = f.refused.data;
      feed = {};
      for (const name of session.inputNames) feed[name] = f[name];
    }
    const result = await session.run(feed);
    const out = result[output];
    if (out.dims.length !== 1 || out.dims[0] !== rows) throw new Error(`output ${output} has shape [${out.dims}], expected [${rows}]`);
    scores.set(out.data, start);
    if (refused) refused.forEach((r, i) => { if (r) scores[start + i] = NaN; });
  }
  fs.writeFileSync(a.out, Buffer.from(scores.buffer));
  console.log(`onnxruntime-node ${ort.env.versions.node}: ${input} [${n}, ${a.columns}] -> ` +
    `${features ? `${features.outputNames} -> ${session.inputNames} -> ` : ''}${output} [${n}]`);
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
