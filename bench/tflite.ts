/**
 * .tflite figures for `npm run bench`: the four MLPerf Tiny int8 models imported and generated for the host with
 * raw int8 I/O — generate time, weight bytes beside the file size, arena beside the liveness lower bound and
 * TFLite Micro's arena for the same file (measured with TFLM's GreedyMemoryPlanner, published with issue 5), the KWS output beside TFLM's published bytes,
 * host inference time of the compiled C, and the reader's fuzz rate.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../src/codegen';
import { table } from '../src/cli/table';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { optimize } from '../src/passes';
import { setIo } from '../src/quantize/boundary';
import { runInt8 } from '../src/reference/runInt8';
import { buildRunner } from '../tests/helpers/cproject';
import { fuzzTflite } from '../tests/helpers/tfliteFuzz';
import { KWS_TFLM_OUTPUT, MLPERF_DIR as DATA, MLPERF_MODELS, kwsTestInput } from '../tests/helpers/mlperf';

const RUNS = 200;

/** Mean host time of one inference of the compiled project (-O2), over RUNS zero-point inputs in one process. */
function hostMicros(outDir: string, inputBytes: number): number {
  const runner = buildRunner(outDir, 'gcc', '-O2 -std=c99');
  const input = Buffer.alloc(inputBytes * RUNS);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(runner, [], { input, maxBuffer: 1 << 28 });
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / RUNS;
  if (r.status !== 0) throw new Error(`runner failed: ${r.stderr}`);
  return us;
}

/** Prints the .tflite figures; `root` is a scratch folder. */
export function printTfliteBench(root: string): void {
  if (!fs.existsSync(DATA)) {
    process.stdout.write(`\n.tflite import: ${DATA} is missing, figures not measured\n`);
    return;
  }
  const rows: (string | number)[][] = [];
  let kws = '';
  for (const [file, lb, tflm] of MLPERF_MODELS) {
    const t0 = process.hrtime.bigint();
    const g = optimize(importModel(path.join(DATA, file)));
    setIo(g, 'int8');
    const outDir = path.join(root, `tflite-${file.replace(/\W/g, '_')}`);
    const r = generate(g, { target: 'host', outDir, name: 'm' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const inBytes = g.inputs.reduce((s, id) => s + numel(tensor(g, id).shape), 0);
    const us = hostMicros(outDir, inBytes);
    rows.push([file, r.ops, Math.round(ms), r.weightBytes, fs.statSync(path.join(DATA, file)).size, r.arenaBytes, lb, (r.arenaBytes / lb).toFixed(3), tflm, (r.arenaBytes / tflm).toFixed(3), us.toFixed(0)]);
    if (file.startsWith('kws')) {
      const out = Array.from(runInt8(g, [kwsTestInput()])[0] as Int8Array);
      kws = `KWS, input x[i] = (i·7) mod 256 − 128: tinyfit ${out.join(' ')}; TFLM ${KWS_TFLM_OUTPUT.join(' ')} (${out.join() === KWS_TFLM_OUTPUT.join() ? 'identical' : 'DIFFERENT'})`;
    }
  }
  process.stdout.write('\nMLPerf Tiny .tflite models (int8, host, raw int8 I/O)\n');
  process.stdout.write(
    table(['model', 'ops', 'generate ms', 'weight B', 'file B', 'arena B', 'LB B', 'arena/LB', 'TFLM arena B', 'arena/TFLM', 'host µs/inference'], rows) + '\n',
  );
  process.stdout.write(`${kws}\n`);
  const seeds = MLPERF_MODELS.map(([f]) => new Uint8Array(fs.readFileSync(path.join(DATA, f))));
  const fz = fuzzTflite(seeds, 10000, 1);
  process.stdout.write(
    `Reader fuzz: ${fz.files} mutated MLPerf files in ${(fz.ms / 1000).toFixed(1)} s (${Math.round(fz.files / (fz.ms / 1000))} files/s), ${fz.parsed} read, ${fz.rejected} rejected with one line, ${fz.failures.length} crashes or hangs (slowest ${fz.slowestMs.toFixed(0)} ms)\n`,
  );
}
