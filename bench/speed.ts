/**
 * Speed figures for `npm run bench` (issue 13): each MLPerf Tiny int8 model on the virtual Cortex-M boards,
 * with the portable kernels and with the kernels the board's ISA selects (when it has variants for the model),
 * each built at -O2 and -Os: instructions per inference (QEMU -icount shift=0, the firmware's SysTick count,
 * FACTS.md §4), MACs per instruction (MACs from the IR's op statistics), the ratio to TFLite Micro's instructions
 * with its reference kernels and with CMSIS-NN (measured on the Cortex-M4 mps2-an386), and whether the output
 * bytes equal the host build's. Each project is generated once per kernel choice and only rebuilt per level.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { buildProject, OptLevel } from '../src/build';
import { generate, KernelPolicy, TestInput } from '../src/codegen';
import { PORTABLE } from '../src/codegen/kernelSelect';
import { table } from '../src/cli/table';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { graphStats } from '../src/ir/stats';
import { Graph } from '../src/ir/types';
import { optimize } from '../src/passes';
import { packageRoot } from '../src/paths';
import { setIo } from '../src/quantize/boundary';
import { buildRunner, STRICT } from '../tests/helpers/cproject';
import { runFirmware } from '../tests/helpers/firmware';
import { MLPERF_DIR, MLPERF_MODELS } from '../tests/helpers/mlperf';
import { BenchSelection, MLPERF_SHORT, selectBoards, selectsModel } from './select';

/** TFLite Micro's instructions per inference on QEMU mps2-an386 (Cortex-M4, -O2; FACTS.md §4). */
export const TFLM_INSTRUCTIONS: Record<string, { reference: number; cmsisNn: number }> = {
  'kws_ref_model.tflite': { reference: 42.7e6, cmsisNn: 7.95e6 },
  'vww_96_int8.tflite': { reference: 99.1e6, cmsisNn: 24.9e6 },
  'pretrainedResnet_quant.tflite': { reference: 107.2e6, cmsisNn: 31.9e6 },
  'ad01_int8.tflite': { reference: 1.94e6, cmsisNn: 0.58e6 },
};

/** The virtual boards measured by default: targets/ ids, or descriptors in bench/boards/ (M0 and M3 code on the 4 MB MPS2 images). */
export const SPEED_BOARDS = ['qemu-cortex-m4', 'qemu-cortex-m7', 'qemu-cortex-m33', 'qemu-cortex-m55', 'bench-cortex-m0-an386', 'bench-cortex-m3-an385'];

const LEVELS: OptLevel[] = ['O2', 'Os'];

/** A board name as generate() takes it: a bench/boards/ descriptor's path, else the name itself. */
function boardTarget(board: string): string {
  return board.startsWith('bench-') ? path.join(packageRoot(), 'bench', 'boards', `${board}.json`) : board;
}

/** Input x[i] = (i·7) mod 256 − 128 (KWS's published test input; the same rule for the other models). */
function ruleInput(n: number): Int8Array {
  return Int8Array.from({ length: n }, (_, i) => ((i * 7) % 256) - 128);
}

/** The host build's output bytes (hex, all outputs) for the input: gcc -O2. */
function hostOutput(g: Graph, dir: string, input: TestInput): string {
  generate(g, { target: 'host', outDir: dir });
  const run = spawnSync(buildRunner(dir, 'gcc', `-O2 ${STRICT}`), [], { input: Buffer.concat(input.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength))) });
  if (run.status !== 0) throw new Error(`host runner failed: ${run.stderr}`);
  return run.stdout.toString('hex');
}

/** MACs per inference: the sum over the IR's op statistics. */
export function graphMacs(g: Graph): number {
  return graphStats(g).reduce((a, s) => a + s.macs, 0);
}

/** Prints the speed table for the selected models and boards; `root` is a scratch folder. */
export function printSpeedBench(root: string, sel: BenchSelection = {}): void {
  const rows: (string | number)[][] = [];
  const m = (x: number): string => `${(x / 1e6).toFixed(2)} M`;
  for (const [file] of MLPERF_MODELS.filter(([f]) => selectsModel(sel, f))) {
    const g = optimize(importModel(path.join(MLPERF_DIR, file)));
    setIo(g, 'int8');
    const input = [ruleInput(numel(tensor(g, g.inputs[0]).shape))];
    const macs = graphMacs(g);
    const host = hostOutput(g, path.join(root, `speed-host-${MLPERF_SHORT[file]}`), input);
    const anchor = TFLM_INSTRUCTIONS[file];
    for (const board of selectBoards(sel, SPEED_BOARDS)) {
      for (const kernels of ['portable', 'auto'] as KernelPolicy[]) {
        const outDir = path.join(root, `speed-${MLPERF_SHORT[file]}-${board}-${kernels}`);
        const r = generate(g, { target: boardTarget(board), outDir, name: 'model', testInput: input, kernels, reference: false });
        const variants = Object.entries(r.kernelVariants).filter(([, v]) => v !== PORTABLE);
        // 'auto' on a board without variants for this model is the portable build again.
        if (kernels === 'auto' && !variants.length) continue;
        const label = kernels === 'portable' ? 'portable' : [...new Set(variants.map(([, v]) => v))].join('+');
        for (const level of LEVELS) {
          const head = [MLPERF_SHORT[file], board, label, `-${level}`];
          try {
            buildProject(outDir, { optimize: level });
          } catch (e) {
            rows.push([...head, '-', '-', '-', '-', `build failed: ${(e as Error).message.split('\n')[0].slice(0, 80)}`]);
            continue;
          }
          const run = runFirmware(outDir, 600_000);
          const n = run.instructions;
          const same = run.outputs.map((b) => b.toString('hex')).join('') === host;
          rows.push([...head, n ? m(n) : '-', n ? (macs / n).toFixed(3) : '-', n ? (n / anchor.reference).toFixed(2) : '-', n ? (n / anchor.cmsisNn).toFixed(2) : '-', same ? 'identical' : 'DIFFERENT']);
          process.stderr.write('.');
        }
      }
    }
  }
  process.stderr.write('\n');
  process.stdout.write('\nSpeed on the virtual Cortex-M boards (MLPerf Tiny int8, input x[i] = (i·7) mod 256 − 128; QEMU -icount shift=0, instructions per inference)\n');
  process.stdout.write(table(['model', 'board', 'kernels', 'opt', 'instructions', 'MACs/instr', '÷ TFLM ref', '÷ TFLM+CMSIS-NN', 'outputs vs host build'], rows) + '\n');
  process.stdout.write(
    'Anchors (TFLM on QEMU mps2-an386 Cortex-M4, -O2, FACTS.md §4): reference kernels 42.7/99.1/107.2/1.94 M, CMSIS-NN 7.95/24.9/31.9/0.58 M instructions (KWS/VWW/IC/AD); ratios below 1 are fewer instructions than TFLM.\n' +
      'bench-cortex-m0-an386: ARMv6-M code counted on the M4 of mps2-an386 (no QEMU M0 board holds these models); bench-cortex-m3-an385: the MPS2 Cortex-M3 image.\n',
  );
}
