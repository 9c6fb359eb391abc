import type { Argv, CommandModule } from 'yargs';
import { generate, GenerateResult, inferMlperfModel, MlperfModel, Protocol, PROTOCOLS } from '../codegen';
import { PORTABLE } from '../codegen/kernelSelect';
import { importModel } from '../import';
import { TinyfitError } from '../errors';
import { runCommand } from './errors';
import { QuantArgs, progress, quantizeOptionsFromArgs, withQuantOptions } from './quantOptions';
import { Graph } from '../ir/types';
import { PrepareOptions, prepareGraph } from '../quantize/precision';
import { saveRanges } from '../quantize/calibrate';
import { loadTestInput, testInputFromSample } from './testInput';
import { bytes } from './table';
import { KernelArgs, PatchArgs, patchPlanOptions, withKernelOption, withPatchOptions } from './planOptions';

/** The arguments of `generate` (and of `deploy`'s generate step). */
export interface GenerateArgs extends QuantArgs, PatchArgs, KernelArgs {
  model: string;
  quantize: 'none' | 'int8' | 'dfp' | 'float16' | 'hybrid';
  io: 'float' | 'int8';
  target: string;
  out: string;
  name: string;
  'ram-budget'?: number;
  'test-input'?: string[];
  reorder: boolean;
  'in-place': boolean;
  agent: boolean;
  'weights-in-ram': boolean;
  /** `generate` only: what the firmware's serial line speaks (default agent). */
  protocol?: Protocol;
  verbose: boolean;
}

/** The library's precision options from the command line (calibration data loaded only when quantizing). */
function prepareOptions(imported: Graph, a: GenerateArgs): PrepareOptions {
  const integer = a.quantize === 'int8' || a.quantize === 'dfp';
  const given = { precision: a.quantize, io: a.io };
  if (!integer || imported.quantization) {
    // Only whether calibration data was given matters here: prepareGraph refuses it for these precisions.
    return { ...given, ...(a.calibration?.length || a.ranges ? { ranges: new Map() } : {}) };
  }
  if (!a.calibration?.length && !a.ranges) {
    throw new TinyfitError('quantization needs representative data: --calibration <file.npy|folder> (or --ranges saved by an earlier --save-ranges)');
  }
  return { ...quantizeOptionsFromArgs(a, imported, a.quantize as 'int8' | 'dfp', a.io), ...given };
}

/** A line naming the kernels copied in an ISA variant, or nothing when all are portable. */
function isaLine(variants: Record<string, string>): string {
  const chosen = Object.entries(variants).filter(([, v]) => v !== PORTABLE);
  return chosen.length ? `  ISA kernel variants: ${chosen.map(([k, v]) => `${k} (${v})`).join(', ')}\n` : '';
}

/** What `generate` does with its arguments (also the first step of `deploy`): import, prepare, generate. */
export function generateFromArgs(a: GenerateArgs): { r: GenerateResult; seconds: number } {
  const t0 = Date.now();
  const budget = a['ram-budget'];
  if (budget !== undefined && !(Number.isFinite(budget) && budget >= 0)) {
    throw new TinyfitError(`--ram-budget must be a number of bytes (>= 0), got ${budget}`);
  }
  const imported = importModel(a.model);
  const bar = progress('calibrating', a.json);
  let g: Graph;
  let firstSample: Float32Array[] | undefined;
  try {
    const opts = prepareOptions(imported, a);
    firstSample = opts.calibration?.[0];
    const prepared = prepareGraph(imported, { ...opts, onProgress: (d, t) => bar.update(d, t) });
    g = prepared.graph;
    if (a['save-ranges'] && prepared.quantized) {
      saveRanges(a['save-ranges'], prepared.quantized.float, prepared.quantized.ranges, { method: a.method, samples: opts.calibration?.length ?? 0 });
    }
  } finally {
    bar.stop();
  }
  const testInput = a['test-input']?.length ? loadTestInput(a['test-input'], g) : firstSample ? testInputFromSample(g, firstSample) : undefined;
  const r = generate(g, { target: a.target, outDir: a.out, name: a.name, ramBudget: a['ram-budget'], plan: { reorder: a.reorder, inPlace: a['in-place'], ...patchPlanOptions(a) }, kernels: a.kernels, testInput, agent: a.agent, weightsInRam: a['weights-in-ram'], ...protocolOptions(a) });
  return { r, seconds: (Date.now() - t0) / 1000 };
}

/** `--protocol mlperf`: the protocol and the MLPerf Tiny benchmark the model file's name tells (else the graph's name). */
function protocolOptions(a: GenerateArgs): { protocol?: Protocol; mlperfModel?: MlperfModel } {
  return a.protocol === 'mlperf' ? { protocol: 'mlperf', mlperfModel: inferMlperfModel(a.model) } : {};
}

/** The terminal summary of a generation. */
export function generateText(r: GenerateResult, seconds: number): string {
  return (
    `generated ${r.files.length} files in ${r.outDir} for ${r.target} (${seconds.toFixed(1)} s)\n` +
    `  ops ${r.ops}, weights ${bytes(r.weightBytes)}, arena ${bytes(r.arenaBytes)} (lower bound ${bytes(r.lowerBoundBytes)})\n` +
    (r.patches ? `  ${r.patches}\n` : '') +
    `  inputs:  ${r.inputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n` +
    `  outputs: ${r.outputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n` +
    isaLine(r.kernelVariants) +
    (r.mlperf ? `  MLPerf Tiny device under test: ${r.mlperf.model}, name '${r.mlperf.name}'${r.mlperf.refillsInput ? ' (input refilled before each inference)' : ''}\n` : '')
  );
}

/** `tinyfit generate <model> --target <id|file.json> --out <dir>`: writes a C project for the target. */
export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate <model>',
  describe: 'Generate C sources (weights, AOT inference, static arena) and project files for a target',
  builder: (y: Argv) =>
    withGenerateOptions(y).option('protocol', {
      type: 'string',
      choices: PROTOCOLS,
      default: 'agent',
      describe:
        "what the firmware's serial line speaks: agent (tinyfit's device agent) or mlperf (the MLPerf Tiny device-under-test protocol the mlcommons/tiny runner drives, docs/mlperf-dut.md; the benchmark is told by the model file's name: kws, vww/person, resnet/cifar, anomaly/toycar)",
    }) as unknown as Argv<GenerateArgs>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const { r, seconds } = generateFromArgs(a);
      process.stdout.write(a.json ? JSON.stringify({ ...r, seconds }, null, 2) + '\n' : generateText(r, seconds));
    }),
};

/** The options of `generate` (shared with `deploy`). */
export function withGenerateOptions(y: Argv, out: { required: boolean; describe: string } = { required: true, describe: 'output folder (replaced atomically)' }): Argv<GenerateArgs> {
  return withKernelOption(withPatchOptions(withQuantOptions(y)))
    .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder, or a .tflite (float32 or int8)' })
    .option('target', { alias: 't', type: 'string', demandOption: true, describe: 'target id (see `tinyfit targets`) or a descriptor file (board.json)' })
    .option('out', { alias: 'o', type: 'string', demandOption: out.required, describe: out.describe })
    .option('name', { type: 'string', default: 'model', describe: 'prefix of every generated C symbol' })
    .option('test-input', {
      type: 'string',
      array: true,
      describe: 'the input firmware runs the model on: one .npy per model input (float32, or int8 for an int8 input); default: the first calibration sample, else zeros',
    })
    .option('ram-budget', { type: 'number', describe: 'fail if the arena needs more bytes than this (with --patches auto: the arena to reach)' })
    .option('reorder', { type: 'boolean', default: true, describe: 'reorder branches to lower the arena (--no-reorder keeps the model order)' })
    .option('in-place', { type: 'boolean', default: true, describe: 'in-place ops, zero-copy concat, streaming overlaps (--no-in-place for plain buffers)' })
    .option('quantize', {
      type: 'string',
      choices: ['none', 'int8', 'dfp', 'float16', 'hybrid'],
      default: 'none',
      describe: 'none (float32), int8 (TFLite scheme), dfp (dynamic fixed point), float16 (half weights) or hybrid (int8 weights, float activations); int8/dfp need --calibration or --ranges',
    })
    .option('io', { type: 'string', choices: ['float', 'int8'], default: 'float', describe: 'int8 models (--quantize int8/dfp, or an int8 .tflite): float32 inputs/outputs (quantized at the boundary) or the raw int8 tensors' })
    .option('agent', { type: 'boolean', default: true, describe: 'link the device agent into firmware (run, profile, validate talk to it; --no-agent keeps only the self-test)' })
    .option('weights-in-ram', { type: 'boolean', default: false, describe: 'weights in RAM (non-const), so the agent’s LOAD_WEIGHTS can replace them without reflashing' })
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<GenerateArgs>;
}
