/**
 * Precision as a library call: `quantize(graph, options)` (post-training int8 or dynamic fixed point) and
 * `prepareGraph(imported, options)`, the rules `tinyfit generate` applies to turn an imported model into the graph
 * it generates code from (float32, int8, dynamic fixed point, float16 or hybrid weights; float or raw int8 I/O).
 */
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { optimize } from '../passes';
import { setIo } from './boundary';
import { Scheme } from './activationParams';
import { TensorRange } from './observers';
import { QuantizeModelOptions, optimizeForInt8, quantizeModel } from './pipeline';
import { compressWeights } from './weightStorage';

/** How a model's numbers are computed and stored. */
export type Precision = 'none' | 'int8' | 'dfp' | 'float16' | 'hybrid';

/** Options of {@link quantize}. */
export interface QuantizeOptions extends Omit<QuantizeModelOptions, 'ranges' | 'scheme'> {
  /** 'int8' (TFLite's scheme, default) or 'dfp' (power-of-two scales, shift-only requantization). */
  scheme?: Scheme;
  /** Representative inputs (one float32 array per model input each); needed unless `ranges` is given. */
  calibration?: Float32Array[][];
  /**
   * Calibrated ranges to use instead of calibrating: by tensor id of the int8-optimized float graph, or a function
   * of that graph (e.g. `(g) => loadRanges(file, g)`).
   */
  ranges?: Map<number, TensorRange> | ((float: Graph) => Map<number, TensorRange>);
}

/** What {@link quantize} produced. */
export interface Quantized {
  /** The int8 graph. */
  graph: Graph;
  /** The float graph it was quantized from (optimized for int8: no fused pre-activations). */
  float: Graph;
  /** The calibrated ranges used, by tensor id of `float`. */
  ranges: Map<number, TensorRange>;
}

/**
 * Quantizes a float model: optimizes it for int8, calibrates on `options.calibration` (or uses `options.ranges`)
 * and quantizes weights and activations.
 * @param graph an imported (or already optimized) float32 graph
 * @throws TinyfitError on an already-quantized graph, no calibration data or ranges, or data of the wrong shape
 */
export function quantize(graph: Graph, options: QuantizeOptions = {}): Quantized {
  const float = optimizeForInt8(graph);
  const { calibration, ranges: given, ...rest } = options;
  const ranges = typeof given === 'function' ? given(float) : given;
  if (!ranges && !calibration?.length) {
    throw new TinyfitError('quantization needs representative data: calibration samples (--calibration <file.npy|folder>) or saved ranges (--ranges)');
  }
  const r = quantizeModel(float, calibration ?? [], { ...rest, ranges });
  return { graph: r.graph, float, ranges: r.ranges };
}

/** Options of {@link prepareGraph}. */
export interface PrepareOptions extends QuantizeOptions {
  /** Precision to generate (default 'none': the model's own: float32, or int8 for an int8 .tflite). */
  precision?: Precision;
  /** Int8 models: float32 inputs/outputs (default; quantized at the boundary) or the raw int8 tensors. */
  io?: 'float' | 'int8';
}

/** What {@link prepareGraph} produced: the graph to generate code from and, when it quantized, how. */
export interface Prepared {
  graph: Graph;
  quantized?: Quantized;
}

/**
 * The graph `tinyfit generate` generates code from: an already-quantized model (an int8 .tflite) is used as it is
 * (arithmetic-neutral passes only), with float32 or raw int8 I/O; a float model is optimized and, on request,
 * quantized (int8, dfp) or given compressed weights (float16, hybrid).
 * @param imported the model as imported
 * @throws TinyfitError on options that do not apply to the model (quantizing an int8 model, calibration data or
 *   int8 I/O without int8 quantization)
 */
export function prepareGraph(imported: Graph, options: PrepareOptions = {}): Prepared {
  const precision = options.precision ?? 'none';
  const io = options.io ?? 'float';
  const integer = precision === 'int8' || precision === 'dfp';
  const calibrationGiven = !!options.calibration?.length || !!options.ranges;
  if (imported.quantization) {
    if (precision !== 'none') throw new TinyfitError(`'${imported.name}' is already quantized to int8; drop --quantize ${precision}`);
    if (calibrationGiven) throw new TinyfitError(`'${imported.name}' is already quantized to int8; --calibration/--ranges do not apply`);
    const g = optimize(imported);
    setIo(g, io);
    return { graph: g };
  }
  if (!integer && (calibrationGiven || io !== 'float')) {
    throw new TinyfitError(`${calibrationGiven ? '--calibration/--ranges' : '--io int8'} needs --quantize int8 (or dfp) or an int8 model`);
  }
  if (integer) {
    const quantized = quantize(imported, { ...options, scheme: precision, io });
    return { graph: quantized.graph, quantized };
  }
  if (precision === 'float16' || precision === 'hybrid') return { graph: compressWeights(optimize(imported), precision) };
  return { graph: optimize(imported) };
}
