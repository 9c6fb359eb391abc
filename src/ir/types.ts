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

/** Unary activation functions (applied elementwise). */
export type ActivationFn =
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'sigmoid'
  | 'hard_sigmoid'
  | 'tanh'
  | 'elu'
  | 'selu'
  | 'softplus'
  | 'softsign'
  | 'swish'
  | 'leaky_relu'
  | 'relu_ex'
  | 'scale'
  /** x · relu6(x + 3) / 6 (TFLite HARD_SWISH). */
  | 'hard_swish'
  /** clamp(x, −1, 1) (TFLite RELU_N1_TO_1; relu_ex cannot express it: its negative branch is not constant). */
  | 'relu_n1_to_1';

/** Parameters for parameterised activations. */
export interface ActivationParams {
  /** elu: alpha; leaky_relu: slope; scale: factor. */
  alpha?: number;
  /** relu_ex: f(x) = x ≥ maxValue ? maxValue : x > threshold ? x : negativeSlope·(x − threshold). */
  maxValue?: number;
  threshold?: number;
  negativeSlope?: number;
}

/** Elementwise binary functions. */
export type BinaryFn = 'add' | 'sub' | 'mul' | 'max' | 'min';

/** Output-channel axis of each weighted op's weights in the layouts above (conv OHWI, depthwise 1HWC, dense [OUT, IN]). */
export const WEIGHT_CHANNEL_AXIS = { conv2d: 0, depthwise_conv2d: 3, dense: 0 } as const;

/** Attributes by op kind. */
export interface OpAttrsByKind {
  /**
   * inputs: x[H,W,Cin], w[Cout,KH,KW,Cin], bias[Cout]? — with `pre` (a fused BN-ReLU on the input, applied to
   * in-bounds input values while reading): x, w, bias[Cout], preScale[Cin], preShift[Cin].
   */
  conv2d: { strides: [number, number]; dilations: [number, number]; pad: Pad2D; clamp: FusedClamp; pre?: { clamp: FusedClamp } };
  /** inputs: x[H,W,Cin], w[1,KH,KW,Cin·M], bias[Cin·M]? */
  depthwise_conv2d: {
    strides: [number, number];
    dilations: [number, number];
    pad: Pad2D;
    depthMultiplier: number;
    clamp: FusedClamp;
  };
  /** inputs: x[..., IN], w[OUT, IN], bias[OUT]?; applies to the last axis, leading axes are rows. */
  dense: { clamp: FusedClamp };
  /** Max or average pooling over HWC; average excludes padded cells from the divisor (TF 'same'). */
  pool2d: { type: 'max' | 'avg'; pool: [number, number]; strides: [number, number]; pad: Pad2D };
  /**
   * Global pooling over H and W of an HWC tensor to [C]. `mean` (avg only): TFLite MEAN's int8 arithmetic instead
   * of AVERAGE_POOL's (the output may then have its own quantization parameters); the float result is the same.
   */
  global_pool: { type: 'max' | 'avg'; mean?: boolean };
  /** Same data, new shape (free: the output aliases the input buffer). */
  reshape: Record<string, never>;
  /** Permute axes (batch excluded): out.shape[i] = in.shape[perm[i]]. */
  transpose: { perm: number[] };
  /** inputs: x, scale[C], shift[C]; y = x·scale[c] + shift[c] along `axis` (a standalone BatchNorm). */
  affine: { axis: number; clamp: FusedClamp };
  /** Elementwise unary activation. */
  activation: { fn: ActivationFn; params: ActivationParams };
  /** inputs: x, alpha; alpha repeats over x when its size divides x's trailing block (see reference). */
  prelu: Record<string, never>;
  /** Softmax along `axis` of exp(β·x); β (TFLite's `beta`, default 1) is read by the int8 path only (float graphs scale first). */
  softmax: { axis: number; beta?: number };
  /**
   * Elementwise binary op. An operand may broadcast when, right-aligned against the output shape, it is leading
   * 1s followed by the output's trailing dims ([1,1,C] or [C] against [H,W,C]): element i reads operand[i % size].
   */
  binary: { fn: BinaryFn; clamp: FusedClamp };
  /** Concatenate all inputs along `axis`. */
  concat: { axis: number };
  /** Zero-pad an HWC tensor spatially. */
  pad: { pad: Pad2D };
  /** Crop an HWC tensor spatially (remove `top` rows, `left` columns, ...). */
  crop: { crop: Pad2D };
  /** Nearest-neighbour upsampling of an HWC tensor. */
  upsample: { scale: [number, number] };
  /** float32 → int8 with the output tensor's parameters (TFLite QUANTIZE; a quantized graph's float inputs). */
  quantize: Record<string, never>;
  /** int8 → float32 with the input tensor's parameters (TFLite DEQUANTIZE; a quantized graph's float outputs). */
  dequantize: Record<string, never>;
  /** Identity at inference (Dropout, GaussianNoise, ...): kept by the importer, removed by a pass. */
  identity: { layerClass: string };
}

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
