/**
 * Core IR types: a typed graph of tensors and ops, NHWC, batch dimension omitted (batch = 1).
 *
 * Shapes never include the batch axis: a Dense output is `[units]`, a Conv1D activation `[steps, channels]`,
 * a Conv2D activation `[height, width, channels]`. Constant tensors hold their data in the layout the kernels
 * want: conv weights OHWI, depthwise weights 1HWC (C = in_channels × depth_multiplier), dense weights OI.
 */

/** Element type of a tensor. */
export type DType = 'float32' | 'int8' | 'int32';

/** Affine quantization parameters (real = scale · (q − zeroPoint)); per-axis when `axis` is set. */
export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  axis?: number;
}

/** Typed data of a constant tensor. */
export type TensorData = Float32Array | Int8Array | Int32Array;

/**
 * How generated code stores a float32 weight tensor other than as float32 (the tensor's `data` then holds the
 * values the stored form decodes to, so the float reference computes what the C computes):
 * IEEE half, or int8 with one float scale per output channel (dynamic-range "hybrid").
 */
export type WeightStorage = { kind: 'float16' } | { kind: 'int8'; q: Int8Array; scales: Float32Array };

/** A value in the graph: an activation (no data) or a constant (data set). */
export interface Tensor {
  /** Compressed storage of a float32 weight (see WeightStorage). */
  storage?: WeightStorage;
  id: number;
  name: string;
  shape: number[];
  dtype: DType;
  data?: TensorData;
  quant?: QuantParams;
}

/** A clamp fused into an op's output (ReLU = [0, +inf], ReLU6 = [0, 6]). */
export interface FusedClamp {
  min: number;
  max: number;
}

/** No clamp. */
export const NO_CLAMP: FusedClamp = { min: -Infinity, max: Infinity };

/** Padding amounts for the two spatial axes of an HWC tensor. */
export interface Pad2D {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export type { ActivationFn, ActivationParams } from './ops/activation';
export type { BinaryFn } from './ops/binary';
export type { OpAttrsByKind } from './ops';
import type { OpAttrsByKind } from './ops';

/** Every op kind. */
export type OpKind = keyof OpAttrsByKind;

/** An op of a given kind. */
export interface OpOf<K extends OpKind> {
  id: number;
  kind: K;
  /** Name of the layer it came from (for reports and errors). */
  name: string;
  inputs: number[];
  outputs: number[];
  attrs: OpAttrsByKind[K];
}

/** Any op. */
export type Op = { [K in OpKind]: OpOf<K> }[OpKind];

/** How a quantized graph rescales its int32 accumulators (src/quantize/rounding.ts). */
export interface GraphQuantization {
  /** 'double' (TFLite default), 'single' (TFLITE_SINGLE_ROUNDING) or 'shift' (dynamic fixed point). */
  rounding: 'double' | 'single' | 'shift';
}

/** A model graph. `ops` is kept in a valid execution (topological) order. */
export interface Graph {
  name: string;
  /** Set on int8 graphs (src/quantize/quantizeGraph.ts). */
  quantization?: GraphQuantization;
  tensors: Map<number, Tensor>;
  ops: Op[];
  inputs: number[];
  outputs: number[];
}
