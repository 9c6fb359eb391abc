/**
 * MLPerf Tiny mode (`tinyfit generate --protocol mlperf`): the firmware's main runs firmware/mlperf/, the EEMBC /
 * MLPerf Tiny device-under-test protocol the mlcommons/tiny runner speaks, instead of the self-test. This file
 * knows the four benchmarks (what the runner sends for each and what the reference firmware reports), checks a
 * model against one, and provides the project's mlperf/ files and template context.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { dtypeBytes, numel, tensor } from '../ir/graph';
import { MemoryPlan } from '../plan';
import { Target } from '../targets';
import { copyFirmware } from './firmwareCopy';

/** What the firmware's serial line speaks: the device agent's framed protocol, or the MLPerf Tiny DUT text protocol. */
export type Protocol = 'agent' | 'mlperf';
export const PROTOCOLS: readonly Protocol[] = ['agent', 'mlperf'];

/** The MLPerf Tiny benchmarks, as the runner and `m-model-[...]` name them. */
export type MlperfModel = 'kws01' | 'vww01' | 'ic01' | 'ad01';
export const MLPERF_MODEL_IDS: readonly MlperfModel[] = ['kws01', 'vww01', 'ic01', 'ad01'];

/** How one benchmark's runner and reference firmware treat the data (mlcommons/tiny benchmark/). */
interface Benchmark {
  /** What the runner's `db` bytes are: the int8 input as is, uint8 pixels (input = byte − 128), or float32 values. */
  sends: 'int8' | 'uint8' | 'float32';
  /** What `m-results-[...]` carries: the output values, or the mean squared error of output and input (anomaly score). */
  result: 'outputs' | 'mse';
}

const BENCHMARKS: Record<MlperfModel, Benchmark> = {
  kws01: { sends: 'int8', result: 'outputs' },
  vww01: { sends: 'uint8', result: 'outputs' },
  ic01: { sends: 'uint8', result: 'outputs' },
  ad01: { sends: 'float32', result: 'mse' },
};

/** The modules of firmware/mlperf/: each a .c and a .h. */
const MLPERF_SOURCES = ['mlperf', 'mlperf_db', 'mlperf_infer', 'mlperf_text'];

/** Families whose firmware main the MLPerf loop replaces, and that main's file. */
const MAIN_FILE: Record<string, string> = { 'cortex-m': 'main.c', riscv: 'main.c', host: 'runner.c' };

/**
 * The benchmark a model file serves, from its name: an id in it (kws01, vww01, ic01, ad01), else kws (keyword
 * spotting), vww / person (visual wake words), resnet / cifar (image classification), anomaly / toycar (anomaly
 * detection). For a TF.js model.json, the folder's name counts. Undefined when the name says nothing.
 */
export function inferMlperfModel(file: string): MlperfModel | undefined {
  const base = path.basename(file);
  const name = (base === 'model.json' || base === '' ? path.basename(path.dirname(file)) : base).toLowerCase();
  const id = MLPERF_MODEL_IDS.find((m) => name.includes(m));
  if (id) return id;
  if (name.includes('kws') || name.includes('keyword')) return 'kws01';
  if (/vww|person|visual.?wake/.test(name)) return 'vww01';
  if (/anomaly|toycar/.test(name)) return 'ad01';
  if (/resnet|cifar|image.?class/.test(name)) return 'ic01';
  return undefined;
}

/** What the MLPerf templates (mlperf_main.c, mlperf/mlperf_config.h) see as `mlperf`. */
export interface MlperfContext {
  model: MlperfModel;
  /** `name%` answers m-name-dut-[name]. */
  name: string;
  /** The family's main file the MLPerf main replaces. */
  mainFile: string;
  inputBytes: number;
  inputUint8: 0 | 1;
  resultMse: 0 | 1;
  inputKept: 0 | 1;
  outputInt8: 0 | 1;
  inputNote: string;
  resultNote: string;
  /** The project's mlperf/ sources and headers (what the Makefile compiles and depends on). */
  sources: string[];
  headers: string[];
}

/**
 * Checks that the planned model can serve benchmark `model` on `target` and returns the template context.
 * @throws TinyfitError when the family has no firmware main, the model has other than one input and one output,
 *   or the input's type is not what the runner sends for the benchmark
 */
export function mlperfContext(plan: MemoryPlan, target: Target, model: MlperfModel): MlperfContext {
  const mainFile = MAIN_FILE[target.family];
  if (!mainFile) {
    throw new TinyfitError(`--protocol mlperf replaces a firmware main: targets of the ${Object.keys(MAIN_FILE).join(', ')} families; '${target.id}' is ${target.family}`);
  }
  const g = plan.graph;
  if (g.inputs.length !== 1 || g.outputs.length !== 1) {
    throw new TinyfitError(`--mlperf-model ${model} needs a model with one input and one output; this one has ${g.inputs.length} input(s) and ${g.outputs.length} output(s)`);
  }
  const input = tensor(g, g.inputs[0]);
  const output = tensor(g, g.outputs[0]);
  const b = BENCHMARKS[model];
  const wants = b.sends === 'float32' ? 'float32' : 'int8';
  if (input.dtype !== wants) {
    const io = wants === 'int8' ? '--io int8 (an int8 model: --quantize int8 or an int8 .tflite)' : '--io float';
    throw new TinyfitError(`--mlperf-model ${model}: the runner sends ${b.sends} input bytes, but the model's input is ${input.dtype}; generate with ${io}`);
  }
  const inputBytes = numel(input.shape) * dtypeBytes(input.dtype);
  if (b.result === 'mse' && output.dtype !== 'float32') {
    throw new TinyfitError(`--mlperf-model ${model} compares the output with the float32 input, so the output must be float32 too; generate with --io float`);
  }
  if (b.result === 'mse' && numel(output.shape) !== numel(input.shape)) {
    throw new TinyfitError(`--mlperf-model ${model} reports the reconstruction error, so the output needs as many values as the input (${numel(input.shape)}); it has ${numel(output.shape)}`);
  }
  return {
    model,
    name: `tinyfit-${target.id}`.replace(/[\]"\\\x00-\x1f\x7f]/g, '_'),
    mainFile,
    inputBytes,
    inputUint8: b.sends === 'uint8' ? 1 : 0,
    resultMse: b.result === 'mse' ? 1 : 0,
    inputKept: inputKept(plan) ? 1 : 0,
    outputInt8: output.dtype === 'int8' ? 1 : 0,
    inputNote:
      b.sends === 'uint8'
        ? `the runner sends ${inputBytes} uint8 pixels; the int8 input gets byte - 128, as the reference firmware does.`
        : `the runner sends the ${inputBytes} bytes of the ${input.dtype} input (little-endian).`,
    resultNote:
      b.result === 'mse'
        ? 'the mean squared error between the output and the input (the anomaly score), printed as "%0.3f".'
        : `the ${numel(output.shape)} output values${output.dtype === 'int8' ? ' as signed decimals (the raw int8 values)' : ', printed as "%0.3f"'}.`,
    sources: MLPERF_SOURCES.map((f) => `mlperf/${f}.c`),
    headers: [...MLPERF_SOURCES.map((f) => `mlperf/${f}.h`), 'mlperf/mlperf_config.h'].sort(),
  };
}

/**
 * Whether the input's arena bytes survive an invoke: its buffer holds the input alone and no other buffer
 * (activation or scratch) is placed over any of its bytes. Then the input is loaded once per `infer` command,
 * as the reference firmware does; otherwise the firmware refills it before every invoke.
 */
export function inputKept(plan: MemoryPlan): boolean {
  const id = plan.graph.inputs[0];
  const buffers = plan.problem.buffers;
  const own = buffers.find((b) => b.tensors.includes(id));
  if (!own || own.tensors.length !== 1) return false;
  const at = plan.placement.offsets;
  const lo = at[own.id];
  const hi = lo + own.bytes;
  return buffers.every((b) => b === own || at[b.id] >= hi || at[b.id] + b.bytes <= lo);
}

/** The project's mlperf/ files: firmware/mlperf/ copied with the prefix rewritten (`mlperf/<file>` → contents). */
export function mlperfFiles(firmwareDir: string, prefix: string, modelName: string): Map<string, string> {
  const dir = path.join(firmwareDir, 'mlperf');
  if (!fs.existsSync(dir)) throw new TinyfitError(`--protocol mlperf needs firmware/mlperf/ in ${firmwareDir}`);
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => /\.(c|h)$/.test(n)).sort()) {
    files.set(`mlperf/${f}`, copyFirmware({ firmwareDir, rel: `mlperf/${f}`, note: 'MLPerf Tiny mode' }, `mlperf/${f}`, prefix, modelName));
  }
  return files;
}
