/**
 * Worker process of the model mutation fuzz (tests/fuzz/runner.ts, started with child_process.fork): runs the
 * compiled library (dist/, built by jest's globalSetup; folder in TINYFIT_FUZZ_DIST) through its API on one mutated
 * model at a time — importModel → optimize → generate (target host) — and reports how it ended over IPC. Plain
 * JavaScript so that node runs it without a TypeScript loader.
 *
 * In:  { id, modelDir, outDir }
 * Out: { id, outcome: 'generated', ms, inputs, outputs, arenaBytes }
 *    | { id, outcome: 'user' | 'internal', ms, stage, name, message, stack }
 */
'use strict';
const path = require('path');
const { performance } = require('perf_hooks');

const lib = require(path.join(process.env.TINYFIT_FUZZ_DIST, 'src', 'index.js'));

// Exit with the parent.
process.on('disconnect', () => process.exit(0));

process.on('message', (m) => {
  const t0 = performance.now();
  let stage = 'import';
  try {
    const g = lib.importModel(m.modelDir);
    stage = 'optimize';
    const o = lib.optimize(g);
    stage = 'generate';
    const r = lib.generate(o, { target: 'host', outDir: m.outDir, name: 'model' });
    process.send({
      id: m.id,
      outcome: 'generated',
      ms: performance.now() - t0,
      inputs: r.inputs.map((x) => x.bytes),
      outputs: r.outputs.map((x) => x.bytes),
      arenaBytes: r.arenaBytes,
    });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    process.send({
      id: m.id,
      outcome: e instanceof lib.TinyfitError ? 'user' : 'internal',
      ms: performance.now() - t0,
      stage,
      name: err.name,
      message: String(err.message),
      stack: String(err.stack || ''),
    });
  }
});
process.send({ ready: true });
