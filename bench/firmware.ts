/**
 * Firmware figures for `npm run bench` (issue 11): the four MLPerf Tiny int8 models generated for the virtual
 * boards (Cortex-M, RV32IMC, and the Raspberry Pi 4 under qemu-aarch64), built with `tinyfit build` and run in QEMU (-icount shift=0): code outside the weight arrays
 * (text + rodata − weights; and without the model's constant tables) beside TFLite Micro + CMSIS-NN's code measured the same way, RAM (data + bss without
 * the stack reserve, plus the stack the run used) beside TFLM's arena alone, instructions per inference beside
 * TFLM + CMSIS-NN's on the same emulated Cortex-M4 (FACTS.md §4), and whether the output bytes equal the host
 * build's. Boards whose memory cannot hold a model show what `tinyfit build` said.
 */
import * as path from 'path';
import { buildProject, hasCommand } from '../src/build';
import { toolsOf } from '../src/build/doctor';
import { getTarget } from '../src/targets';
import { generate } from '../src/codegen';
import { table } from '../src/cli/table';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { optimize } from '../src/passes';
import { setIo } from '../src/quantize/boundary';
import { runInt8 } from '../src/reference/runInt8';
import { runFirmware } from '../tests/helpers/firmware';
import { MLPERF_DIR, MLPERF_MODELS, kwsTestInput } from '../tests/helpers/mlperf';
import { BenchSelection, selectBoards, selectsModel } from './select';

/** TFLM + CMSIS-NN on QEMU mps2-an386 (FACTS.md §4): instructions per inference and code (.text, KB). */
const TFLM: Record<string, { instructions: number; codeKB: number }> = {
  'kws_ref_model.tflite': { instructions: 7.95e6, codeKB: 60 },
  'vww_96_int8.tflite': { instructions: 24.9e6, codeKB: 60 },
  'pretrainedResnet_quant.tflite': { instructions: 31.9e6, codeKB: 59 },
  'ad01_int8.tflite': { instructions: 0.58e6, codeKB: 28 },
};

const BOARDS = ['qemu-cortex-m4', 'qemu-cortex-m7', 'qemu-cortex-m33', 'qemu-cortex-m55', 'qemu-cortex-m0', 'qemu-cortex-m3', 'qemu-stm32f405', 'qemu-riscv32', 'rpi4'];

/** Input x[i] = (i·7) mod 256 − 128 for every model (KWS's published test input, the same rule for the others). */
function ruleInput(n: number): Int8Array {
  return Int8Array.from({ length: n }, (_, i) => ((i * 7) % 256) - 128);
}

/** Prints the firmware figures for the selected models and boards; `root` is a scratch folder. */
export function printFirmwareBench(root: string, sel: BenchSelection = {}): void {
  const rows: (string | number)[][] = [];
  const boards = selectBoards(sel, BOARDS);
  const missing = boards.filter((b) => !toolsOf(getTarget(b)).every((t) => hasCommand(t.command)));
  if (missing.length) process.stdout.write(`\nFirmware: tools missing for ${missing.join(', ')} (\`tinyfit doctor --install\`): those boards are not measured\n`);
  for (const [file, , tflmArena] of MLPERF_MODELS.filter(([f]) => selectsModel(sel, f))) {
    const g = optimize(importModel(path.join(MLPERF_DIR, file)));
    setIo(g, 'int8');
    const input = file.startsWith('kws') ? kwsTestInput() : ruleInput(numel(tensor(g, g.inputs[0]).shape));
    const reference = (runInt8(g, [input]) as Int8Array[]).map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('hex'));
    for (const board of boards.filter((b) => !missing.includes(b))) {
      const outDir = path.join(root, `fw-${file.replace(/\W/g, '_')}-${board}`);
      generate(g, { target: board, outDir, name: 'model', testInput: [input] });
      let r;
      try {
        r = buildProject(outDir);
      } catch (e) {
        rows.push([file, board, '-', '-', '-', '-', '-', '-', '-', `does not fit: ${(e as Error).message.replace(/^the firmware does not fit target '[^']+': /, '').replace(/ \(.*$/, '')}`]);
        continue;
      }
      const run = runFirmware(outDir, 300_000);
      const code = r.sections['.text'] + r.sections['.rodata'] - r.flash.weights;
      const ram = r.ram.used + run.stackUsed;
      const same = run.outputs.map((b) => b.toString('hex')).join() === reference.join();
      const anchor = TFLM[file];
      rows.push([
        file,
        board,
        code,
        (code / (anchor.codeKB * 1024)).toFixed(2),
        code - r.flash.constants,
        ram,
        (ram / tflmArena).toFixed(2),
        run.instructions ?? '-',
        run.instructions && board === 'qemu-cortex-m4' ? (run.instructions / anchor.instructions).toFixed(2) : '',
        same ? 'identical' : 'DIFFERENT',
      ]);
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  process.stdout.write('\nFirmware on the virtual boards (MLPerf Tiny int8, input x[i] = (i·7) mod 256 − 128; QEMU -icount shift=0; rpi4: qemu-aarch64 user mode, no instruction count)\n');
  process.stdout.write(
    table(['model', 'board', 'code B', 'code/TFLM', 'without model constants B', 'RAM+stack B', 'RAM/TFLM arena', 'instructions', 'instr/TFLM+CMSIS-NN (M4)', 'outputs vs TS reference'], rows) + '\n',
  );
  process.stdout.write('Anchors: TFLM + CMSIS-NN code ≈ 60/60/59/28 KB and 7.95/24.9/31.9/0.58 M instructions on the same QEMU Cortex-M4; TFLM arena 23,940/100,676/54,932/2,404 B (FACTS.md §4).\n');
}
