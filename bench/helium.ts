/**
 * Cortex-M55 Helium figures (issue 13, docs/helium-kernels.md): the four MLPerf Tiny int8 models generated for
 * qemu-cortex-m55 three times — with the target's own ISA list (Helium kernels), with the list cut to ["dsp",
 * "fpu"] (the DSP kernels on the same core) and to ["fpu"] (portable kernels) — and for qemu-cortex-m4 (DSP),
 * built at -O2 and run in QEMU (-icount shift=0, SysTick × 40 = instructions, FACTS.md §4). Each row says whether
 * the output bytes equal the host build's. Run: `npx tsc -p tsconfig.json && node dist/bench/helium.js [scratch]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildProject } from '../src/build';
import { generate } from '../src/codegen';
import { table } from '../src/cli/table';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { optimize } from '../src/passes';
import { setIo } from '../src/quantize/boundary';
import { runInt8 } from '../src/reference/runInt8';
import { packageRoot } from '../src/paths';
import { runFirmware } from '../tests/helpers/firmware';
import { MLPERF_DIR, MLPERF_MODELS, kwsTestInput } from '../tests/helpers/mlperf';

/** A copy of a built-in descriptor with another ISA list, written to `dir`; returns its path. */
function withIsa(dir: string, id: string, isa: string[], suffix: string): string {
  const t = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'targets', `${id}.json`), 'utf8'));
  delete t.$schema;
  const file = path.join(dir, `${id}-${suffix}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...t, id: `${id}-${suffix}`, isa }, null, 2));
  return file;
}

function main(): void {
  const root = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-helium-'));
  fs.mkdirSync(root, { recursive: true });
  const only = process.argv[3]?.split(',');
  const variants: [string, string][] = [
    ['m55 helium', 'qemu-cortex-m55'],
    ['m55 dsp', withIsa(root, 'qemu-cortex-m55', ['dsp', 'fpu'], 'dsp')],
    ['m55 portable', withIsa(root, 'qemu-cortex-m55', ['fpu'], 'portable')],
    ['m4 dsp', 'qemu-cortex-m4'],
  ];
  const rows: (string | number)[][] = [];
  for (const [file] of MLPERF_MODELS) {
    const g = optimize(importModel(path.join(MLPERF_DIR, file)));
    setIo(g, 'int8');
    const n = numel(tensor(g, g.inputs[0]).shape);
    const input = file.startsWith('kws') ? kwsTestInput() : Int8Array.from({ length: n }, (_, i) => ((i * 7) % 256) - 128);
    const reference = (runInt8(g, [input]) as Int8Array[]).map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('hex')).join();
    for (const [label, target] of variants) {
      if (only && !only.includes(label.replace(' ', '-'))) continue;
      const outDir = path.join(root, `${file.replace(/\W/g, '_')}-${label.replace(' ', '-')}`);
      generate(g, { target, outDir, name: 'model', testInput: [input] });
      buildProject(outDir);
      const run = runFirmware(outDir, 600_000);
      const same = run.outputs.map((b) => b.toString('hex')).join() === reference;
      rows.push([file, label, run.instructions ?? '-', same ? 'identical' : 'DIFFERENT']);
      process.stderr.write(`${file} ${label} ${run.instructions} ${same}\n`);
    }
  }
  process.stdout.write(table(['model', 'kernels', 'instructions', 'outputs vs host build'], rows) + '\n');
}

main();
