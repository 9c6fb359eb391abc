/**
 * NEON kernel figures for `npm run bench` (issue 13): instructions per inference of the four MLPerf Tiny int8
 * models on the Raspberry Pi 4's core (Cortex-A72), generated for rpi4 (neon kernels) and for a copy of its
 * descriptor with an empty `isa` list (portable kernels), counted by the bare-metal harness
 * (bench/aarch64Count.ts, QEMU virt -icount shift=0), and whether both give the same output bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { table } from '../src/cli/table';
import { generate } from '../src/codegen';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { optimize } from '../src/passes';
import { setIo } from '../src/quantize/boundary';
import { packageRoot } from '../src/paths';
import { MLPERF_DIR, MLPERF_MODELS } from '../tests/helpers/mlperf';
import { countAarch64Instructions } from './aarch64Count';

/**
 * Writes a copy of targets/rpi4.json without ISA variants (the portable kernels) into `dir`; returns its path.
 * @param dir a scratch folder
 */
export function portableRpi4(dir: string): string {
  const desc = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'targets', 'rpi4.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(dir, 'rpi4-portable.json');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...desc, $schema: path.join(packageRoot(), 'targets', 'schema.json'), id: 'rpi4-portable', isa: [] }, null, 2));
  return file;
}

/** Prints the neon-versus-portable table; `root` is a scratch folder. */
export function printNeonBench(root: string): void {
  const portable = portableRpi4(root);
  const rows: (string | number)[][] = [];
  for (const [file] of MLPERF_MODELS) {
    const g = optimize(importModel(path.join(MLPERF_DIR, file)));
    setIo(g, 'int8');
    const n = numel(tensor(g, g.inputs[0]).shape);
    const input = Int8Array.from({ length: n }, (_, i) => ((i * 7) % 256) - 128);
    const counts = [portable, 'rpi4'].map((target, k) => {
      const outDir = path.join(root, `neon-${file.replace(/\W/g, '_')}-${k}`);
      generate(g, { target, outDir, name: 'model' });
      return countAarch64Instructions(outDir, { input });
    });
    rows.push([file, counts[0].instructions, counts[1].instructions, (counts[0].instructions / counts[1].instructions).toFixed(2), counts[0].output.equals(counts[1].output) ? 'yes' : 'NO']);
  }
  process.stdout.write('\nNEON kernels, Cortex-A72 (QEMU virt -icount shift=0, bare metal, -O2), instructions per inference\n');
  process.stdout.write(`${table(['model', 'portable', 'neon', 'ratio', 'same output'], rows)}\n`);
}
