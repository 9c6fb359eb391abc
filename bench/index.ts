/**
 * `npm run bench`: figures beside their anchors. For every zoo model: generate time, weight bytes, arena bytes
 * next to the liveness lower bound (ratio), and the MobileNetV2-class generate time next to its 20 s budget;
 * then the planner figures (bench/plan.ts), the int8 figures (bench/quantize.ts) and the MLPerf Tiny .tflite
 * figures (bench/tflite.ts), the firmware figures on the virtual Cortex-M boards (bench/firmware.ts) and the
 * device-link throughput (bench/deviceLink.ts), and the speed figures: instructions per inference of the MLPerf Tiny
 * models on the virtual Cortex-M boards, portable vs ISA kernels, -O2 and -Os (bench/speed.ts).
 * A selection (bench/select.ts): `npm run bench -- --only speed --models kws,ic --boards qemu-cortex-m4`, or the
 * TINYFIT_BENCH_ONLY / _MODELS / _BOARDS variables; sections: zoo (with plan and quantize), tflite, firmware, speed, link.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate } from '../src/codegen';
import { getTf } from '../src/engine';
import { importModel } from '../src/import';
import { optimize } from '../src/passes';
import { table } from '../src/cli/table';
import { buildMobileNetV2, ZOO } from '../tests/zoo/models';
import { saveModel, seedWeights } from '../tests/zoo/save';
import { Graph } from '../src/ir/types';
import { printPlanBench } from './plan';
import { printQuantizeBench } from './quantize';
import { printTfliteBench } from './tflite';
import { printFirmwareBench } from './firmware';
import { printNeonBench } from './neon';
import { printDeviceLinkBench } from './deviceLink';
import { printSpeedBench } from './speed';
import { printCompressBench } from './compress';
import { benchSelection, runsSection } from './select';

async function main(): Promise<void> {
  const sel = benchSelection();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-bench-'));
  try {
    if (runsSection(sel, 'zoo')) await printZooBench(root);
    if (runsSection(sel, 'tflite')) printTfliteBench(root);
    if (runsSection(sel, 'firmware')) printFirmwareBench(root, sel);
    if (runsSection(sel, 'speed')) printSpeedBench(root, sel);
    if (runsSection(sel, 'neon')) printNeonBench(root);
    if (runsSection(sel, 'link')) await printDeviceLinkBench(root);
    if (runsSection(sel, 'compress')) printCompressBench(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The zoo's code generation figures, then the planner and int8 figures on the same graphs. */
async function printZooBench(root: string): Promise<void> {
  const tf = await getTf();
  const rows: (string | number)[][] = [];
  const graphs = new Map<string, Graph>();
  const imported = new Map<string, Graph>();
  const entries = [...ZOO.map((e) => ({ name: e.name, build: e.build, quantize: undefined as undefined | 'uint8' })), { name: 'mobilenet_v2_uint8', build: buildMobileNetV2, quantize: 'uint8' as const }];
  for (const e of entries) {
    const model = e.build(tf);
    seedWeights(model, 1);
    const dir = path.join(root, e.name);
    await saveModel(model, path.join(dir, 'model'), { quantize: e.quantize });
    model.dispose();
    const t0 = process.hrtime.bigint();
    const raw = importModel(path.join(dir, 'model', 'model.json'));
    imported.set(e.name, raw);
    const g = optimize(raw);
    graphs.set(e.name, g);
    const r = generate(g, { target: 'host', outDir: path.join(dir, 'c'), name: 'm' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    rows.push([
      e.name,
      r.ops,
      Math.round(ms),
      r.weightBytes,
      r.arenaBytes,
      r.lowerBoundBytes,
      (r.arenaBytes / r.lowerBoundBytes).toFixed(3),
    ]);
    process.stderr.write(`.`);
  }
  process.stderr.write('\n');
  process.stdout.write('Code generation (float32, host target)\n');
  process.stdout.write(table(['model', 'ops', 'generate ms', 'weight B', 'arena B', 'lower bound B', 'arena/LB'], rows) + '\n');
  const mnv2 = rows[rows.length - 1];
  process.stdout.write(`\nMobileNetV2-class (uint8 manifest) generate: ${(Number(mnv2[2]) / 1000).toFixed(1)} s vs budget 20 s (ratio ${(Number(mnv2[2]) / 20000).toFixed(2)})\n`);
  printPlanBench(graphs);
  printQuantizeBench(imported, graphs);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(2);
});
