/**
 * The MLPerf Tiny int8 models shipped in examples/mlperf-tiny (github.com/mlcommons/tiny) and their figures: the
 * liveness lower bound of each arena and TFLite Micro's arena_used_bytes for it (GreedyMemoryPlanner, measured and
 * published with issue 5), shared by the .tflite tests and `npm run bench`.
 */
import * as path from 'path';
import { packageRoot } from '../../src/paths';

/** Folder of the four .tflite files (from the package root: this file also runs compiled, from dist/). */
export const MLPERF_DIR = path.join(packageRoot(), 'examples', 'mlperf-tiny');

/** Each model: file name, liveness lower bound of its arena (int8 I/O, B), TFLite Micro's arena for it (B). */
export const MLPERF_MODELS: readonly (readonly [file: string, lowerBound: number, tflmArena: number])[] = [
  ['kws_ref_model.tflite', 16000, 23940],
  ['vww_96_int8.tflite', 55296, 100676],
  ['pretrainedResnet_quant.tflite', 49152, 54932],
  ['ad01_int8.tflite', 768, 2404],
];

/** The KWS test input x[i] = (i·7) mod 256 − 128, i = 0…489. */
export function kwsTestInput(): Int8Array {
  return Int8Array.from({ length: 490 }, (_, i) => ((i * 7) % 256) - 128);
}

/** What TFLite Micro's reference and CMSIS-NN kernels output for {@link kwsTestInput}. */
export const KWS_TFLM_OUTPUT: readonly number[] = [-128, -128, -128, -128, -128, -128, -128, -128, -128, 119, -128, -119];
