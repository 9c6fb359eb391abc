/**
 * The decoded contents of a TFLite flatbuffer (schema version 3) that tinyfit reads: plain objects, no
 * flatbuffer accessors, so the op mapping (toGraph.ts) and the writer (writer.ts) share one representation.
 * Field names are the schema's, in camelCase. Only what tinyfit needs is decoded; the rest is ignored.
 */

/** TensorType names (schema enum TensorType); codes outside the enum read as `unknown(<code>)`. */
export type TfliteTensorType =
  | 'float32'
  | 'float16'
  | 'int32'
  | 'uint8'
  | 'int64'
  | 'string'
  | 'bool'
  | 'int16'
  | 'complex64'
  | 'int8'
  | 'float64'
  | 'complex128'
  | 'uint64'
  | 'resource'
  | 'variant'
  | 'uint32'
  | 'uint16'
  | 'int4'
  | `unknown(${number})`;

/** Fused activation (schema enum ActivationFunctionType). */
export type TfliteActivation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';

/** Padding (schema enum Padding). */
export type TflitePadding = 'SAME' | 'VALID';

/** QuantizationParameters (affine only; `details` other than none are ignored). */
export interface TfliteQuant {
  /** Per tensor: one scale; per axis: one per slice along `quantizedDimension`. Empty when absent. */
  scale: number[];
  /** Same length as `scale` (int64 in the file, read as numbers). Empty when absent. */
  zeroPoint: number[];
  /** Axis of per-axis quantization (default 0). */
  quantizedDimension: number;
  min?: number[];
  max?: number[];
}

/** A tensor of a subgraph. */
export interface TfliteTensor {
  /** Index in the subgraph's tensor list. */
  index: number;
  name: string;
  /** Dimensions as stored (batch included). */
  shape: number[];
  type: TfliteTensorType;
  /** Index into the model's buffers (0 = the empty sentinel buffer). */
  buffer: number;
  /** The buffer's bytes when it has any (a copy, so it is aligned for typed arrays); undefined otherwise. */
  data?: Uint8Array;
  quant?: TfliteQuant;
  isVariable: boolean;
  /** The tensor has sparsity parameters (not supported by tinyfit). */
  sparse: boolean;
}

/** An entry of the model's operator-code table. */
export interface TfliteOperatorCode {
  /** max(deprecated_builtin_code, builtin_code), as the TFLite runtime resolves it. */
  builtinCode: number;
  /** BuiltinOperator name ('CONV_2D', ...), `CUSTOM:<custom_code>`, or `UNKNOWN(<code>)`. */
  name: string;
  /** Op version (default 1). */
  version: number;
  customCode?: string;
}

/** Builtin options tinyfit decodes (schema tables of the same names); other option tables decode to `{}`. */
export interface Conv2DOptions {
  padding: TflitePadding;
  strideW: number;
  strideH: number;
  fusedActivationFunction: TfliteActivation;
  dilationWFactor: number;
  dilationHFactor: number;
}
export interface DepthwiseConv2DOptions extends Conv2DOptions {
  depthMultiplier: number;
}
export interface FullyConnectedOptions {
  fusedActivationFunction: TfliteActivation;
  /** 0 = DEFAULT, 1 = SHUFFLED4x16INT8. */
  weightsFormat: number;
  keepNumDims: boolean;
  asymmetricQuantizeInputs: boolean;
}
export interface Pool2DOptions {
  padding: TflitePadding;
  strideW: number;
  strideH: number;
  filterWidth: number;
  filterHeight: number;
  fusedActivationFunction: TfliteActivation;
}
/** AddOptions, SubOptions, MulOptions. */
export interface ActivationOptions {
  fusedActivationFunction: TfliteActivation;
}
export interface ConcatenationOptions {
  axis: number;
  fusedActivationFunction: TfliteActivation;
}
export interface ReshapeOptions {
  newShape?: number[];
}
export interface SqueezeOptions {
  squeezeDims: number[];
}
export interface SoftmaxOptions {
  beta: number;
}
export interface LeakyReluOptions {
  alpha: number;
}
/** ReducerOptions (MEAN, SUM, ...). */
export interface ReducerOptions {
  keepDims: boolean;
}

/** Decoded builtin options; `{}` for option tables tinyfit does not read or operators without options. */
export type TfliteOptions =
  | Conv2DOptions
  | DepthwiseConv2DOptions
  | FullyConnectedOptions
  | Pool2DOptions
  | ActivationOptions
  | ConcatenationOptions
  | ReshapeOptions
  | SqueezeOptions
  | SoftmaxOptions
  | LeakyReluOptions
  | ReducerOptions
  | Record<string, never>;

/** An operator of a subgraph. */
export interface TfliteOperator {
  /** Position in the subgraph's operator list (execution order). */
  index: number;
  opcodeIndex: number;
  /** Tensor indices; −1 marks an omitted optional input (e.g. no bias). */
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union type code (0 = none). */
  optionsType: number;
  options: TfliteOptions;
}

/** A subgraph (tinyfit compiles subgraph 0). */
export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

/** Metadata entry (name and the index of its buffer). */
export interface TfliteMetadata {
  name: string;
  buffer: number;
}

/** A decoded .tflite model. */
export interface TfliteModel {
  /** Schema version (3). */
  version: number;
  description: string;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
  /** Raw bytes of every buffer (index 0 is the empty sentinel); tensors' `data` are copies of these. */
  buffers: Uint8Array[];
  metadata: TfliteMetadata[];
}
