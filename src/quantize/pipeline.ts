/**
 * The post-training quantization pipeline shared by `tinyfit quantize` and `tinyfit generate --quantize`:
 * optimize for int8 (every default pass except pre-activation fusion, which has no int8 kernel), calibrate
 * (or reuse saved ranges), quantize.
 */
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { DEFAULT_PASSES, optimize } from '../passes';
import { CalibrationMethod, calibrate } from './calibrate';
import { TensorRange } from './observers';
import { QuantizeGraphOptions, quantizeGraph } from './quantizeGraph';

/** The passes run before int8 quantization. */
export const INT8_PASSES = DEFAULT_PASSES.filter((p) => p.name !== 'fuse-pre-activation');

/**
 * Optimizes an imported float graph for quantization.
 * @throws TinyfitError on an already-quantized graph (an int8 .tflite)
 */
export function optimizeForInt8(g: Graph): Graph {
  if (g.quantization) throw new TinyfitError(`model '${g.name}' is already quantized to int8; quantization starts from a float32 model`);
  return optimize(g, INT8_PASSES);
}

/** Options of {@link quantizeModel}. */
export interface QuantizeModelOptions extends QuantizeGraphOptions {
  /** Calibration method (default 'minmax'). */
  method?: CalibrationMethod;
  /** Percentile for the 'percentile' method. */
  percentile?: number;
  /** Ranges loaded from a previous run: calibration is skipped. */
  ranges?: Map<number, TensorRange>;
  /** Progress of calibration. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Calibrates (unless `opts.ranges` is given) and quantizes an optimized float graph.
 * @param float a graph from {@link optimizeForInt8}
 * @param samples calibration samples (one float array per input each); unused with `opts.ranges`
 * @returns the int8 graph and the ranges it was built from
 */
export function quantizeModel(float: Graph, samples: Float32Array[][], opts: QuantizeModelOptions = {}): { graph: Graph; ranges: Map<number, TensorRange> } {
  const ranges = opts.ranges ?? calibrate(float, samples, opts.method ?? 'minmax', { percentile: opts.percentile, onProgress: opts.onProgress });
  return { graph: quantizeGraph(float, ranges, opts), ranges };
}
