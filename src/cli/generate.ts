import type { Argv, CommandModule } from 'yargs';
import { generate } from '../codegen';
import { PORTABLE } from '../codegen/kernelSelect';
import { importModel } from '../import';
import { TinyfitError } from '../errors';
import { optimize } from '../passes';
import { runCommand } from './errors';
import { QuantArgs, quantizeFromArgs, withQuantOptions } from './quantOptions';
import { optimizeForInt8 } from '../quantize/pipeline';
import { compressWeights } from '../quantize/weightStorage';
import { Graph } from '../ir/types';
import { setIo } from '../quantize/boundary';
import { bytes } from './table';

interface Args extends QuantArgs {
  model: string;
  quantize: 'none' | 'int8' | 'dfp' | 'float16' | 'hybrid';
  io: 'float' | 'int8';
  target: string;
  out: string;
  name: string;
  'ram-budget'?: number;
  reorder: boolean;
  'in-place': boolean;
  verbose: boolean;
}

/**
 * The graph to generate from the imported model and the precision options: an already-quantized model (an int8
 * .tflite) is used as it is, with float32 or raw int8 I/O; a float model is optimized and, on request, quantized
 * or given compressed weights.
 * @throws TinyfitError on option combinations that do not apply to the model
 */
function prepareGraph(imported: Graph, a: Args): Graph {
  const integer = a.quantize === 'int8' || a.quantize === 'dfp';
  if (imported.quantization) {
    if (a.quantize !== 'none') throw new TinyfitError(`${a.model} is already quantized to int8; drop --quantize ${a.quantize}`);
    if (a.calibration || a.ranges) throw new TinyfitError(`${a.model} is already quantized to int8; --calibration/--ranges do not apply`);
    const g = optimize(imported);
    setIo(g, a.io);
    return g;
  }
  if (!integer && (a.calibration || a.ranges || a.io !== 'float')) {
    throw new TinyfitError(`${a.calibration || a.ranges ? '--calibration/--ranges' : '--io int8'} needs --quantize int8 (or dfp) or an int8 model`);
  }
  if (integer) return quantizeFromArgs(optimizeForInt8(imported), a, a.quantize as 'int8' | 'dfp', a.io).graph;
  if (a.quantize === 'float16' || a.quantize === 'hybrid') return compressWeights(optimize(imported), a.quantize);
  return optimize(imported);
}

/** A line naming the kernels copied in an ISA variant, or nothing when all are portable. */
function isaLine(variants: Record<string, string>): string {
  const chosen = Object.entries(variants).filter(([, v]) => v !== PORTABLE);
  return chosen.length ? `  ISA kernel variants: ${chosen.map(([k, v]) => `${k} (${v})`).join(', ')}\n` : '';
}

/** `tinyfit generate <model> --target <id|file.json> --out <dir>`: writes a C project for the target. */
export const generateCommand: CommandModule<object, Args> = {
  command: 'generate <model>',
  describe: 'Generate C sources (weights, AOT inference, static arena) and project files for a target',
  builder: (y: Argv) =>
    withQuantOptions(y)
      .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder, or a .tflite (float32 or int8)' })
      .option('target', { alias: 't', type: 'string', demandOption: true, describe: 'target id (see `tinyfit targets`) or a descriptor file (board.json)' })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'output folder (replaced atomically)' })
      .option('name', { type: 'string', default: 'model', describe: 'prefix of every generated C symbol' })
      .option('ram-budget', { type: 'number', describe: 'fail if the arena needs more bytes than this' })
      .option('reorder', { type: 'boolean', default: true, describe: 'reorder branches to lower the arena (--no-reorder keeps the model order)' })
      .option('in-place', { type: 'boolean', default: true, describe: 'in-place ops, zero-copy concat, streaming overlaps (--no-in-place for plain buffers)' })
      .option('quantize', {
        type: 'string',
        choices: ['none', 'int8', 'dfp', 'float16', 'hybrid'],
        default: 'none',
        describe: 'none (float32), int8 (TFLite scheme), dfp (dynamic fixed point), float16 (half weights) or hybrid (int8 weights, float activations); int8/dfp need --calibration or --ranges',
      })
      .option('io', { type: 'string', choices: ['float', 'int8'], default: 'float', describe: 'int8 models (--quantize int8/dfp, or an int8 .tflite): float32 inputs/outputs (quantized at the boundary) or the raw int8 tensors' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const t0 = Date.now();
      const budget = a['ram-budget'];
      if (budget !== undefined && !(Number.isFinite(budget) && budget >= 0)) {
        throw new TinyfitError(`--ram-budget must be a number of bytes (>= 0), got ${budget}`);
      }
      const imported = importModel(a.model);
      const g = prepareGraph(imported, a);
      const r = generate(g, { target: a.target, outDir: a.out, name: a.name, ramBudget: a['ram-budget'], plan: { reorder: a.reorder, inPlace: a['in-place'] } });
      const seconds = (Date.now() - t0) / 1000;
      if (a.json) {
        process.stdout.write(JSON.stringify({ ...r, seconds }, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        `generated ${r.files.length} files in ${a.out} for ${r.target} (${seconds.toFixed(1)} s)\n` +
          `  ops ${r.ops}, weights ${bytes(r.weightBytes)}, arena ${bytes(r.arenaBytes)} (lower bound ${bytes(r.lowerBoundBytes)})\n` +
          `  inputs:  ${r.inputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n` +
          `  outputs: ${r.outputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n` +
          isaLine(r.kernelVariants),
      );
    }),
};
