/**
 * Facts of the TFLite flatbuffer schema (version 3) that the reader and writer share: enum codes, BuiltinOptions
 * union codes, vtable field ids and the layout of the builtin options tables tinyfit decodes. Derived from the
 * public schema.fbs; kept in one place so reader.ts and writer.ts cannot disagree. Field ids count schema fields in declaration order; a union field takes two ids
 * (its `_type` byte, then the table offset).
 */

import type { TfliteActivation, TfliteOptions, TflitePadding, TfliteTensorType } from './model';

/** The file identifier at bytes 4..8. */
export const FILE_IDENTIFIER = 'TFL3';
/** The only schema version tinyfit reads. */
export const SCHEMA_VERSION = 3;

/** BuiltinOperator names by code 0..205 (the enum is dense there); 225 is listed separately. */
const OPERATOR_NAMES_DENSE: readonly string[] = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE', 'DEQUANTIZE',
  'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D', 'MUL', 'RELU',
  'RELU_N1_TO_1', 'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH',
  'CONCAT_EMBEDDINGS', 'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD',
  'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER', 'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB',
  'DIV', 'SQUEEZE', 'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP',
  'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM',
  'ARG_MAX', 'MINIMUM', 'LESS', 'NEG', 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN',
  'TRANSPOSE_CONV', 'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT',
  'SHAPE', 'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT',
  'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL',
  'FLOOR_MOD', 'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS',
  'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU',
  'REVERSE_SEQUENCE', 'MATRIX_DIAG', 'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE',
  'NON_MAX_SUPPRESSION_V4', 'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM',
  'BATCH_MATMUL', 'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D',
  'IMAG', 'REAL', 'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE', 'REDUCE_ALL',
  'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE', 'BROADCAST_ARGS',
  'RANDOM_STANDARD_NORMAL', 'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU', 'DYNAMIC_UPDATE_SLICE',
  'RELU_0_TO_1', 'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX', 'UNSORTED_SEGMENT_SUM', 'ATAN2',
  'UNSORTED_SEGMENT_MIN', 'SIGN', 'BITCAST', 'BITWISE_XOR', 'RIGHT_SHIFT', 'STABLEHLO_LOGISTIC', 'STABLEHLO_ADD',
  'STABLEHLO_DIVIDE', 'STABLEHLO_MULTIPLY', 'STABLEHLO_MAXIMUM', 'STABLEHLO_RESHAPE', 'STABLEHLO_CLAMP',
  'STABLEHLO_CONCATENATE', 'STABLEHLO_BROADCAST_IN_DIM', 'STABLEHLO_CONVOLUTION', 'STABLEHLO_SLICE',
  'STABLEHLO_CUSTOM_CALL', 'STABLEHLO_REDUCE', 'STABLEHLO_ABS', 'STABLEHLO_AND', 'STABLEHLO_COSINE',
  'STABLEHLO_EXPONENTIAL', 'STABLEHLO_FLOOR', 'STABLEHLO_LOG', 'STABLEHLO_MINIMUM', 'STABLEHLO_NEGATE',
  'STABLEHLO_OR', 'STABLEHLO_POWER', 'STABLEHLO_REMAINDER', 'STABLEHLO_RSQRT', 'STABLEHLO_SELECT',
  'STABLEHLO_SUBTRACT', 'STABLEHLO_TANH', 'STABLEHLO_SCATTER', 'STABLEHLO_COMPARE', 'STABLEHLO_CONVERT',
  'STABLEHLO_DYNAMIC_SLICE', 'STABLEHLO_DYNAMIC_UPDATE_SLICE', 'STABLEHLO_PAD', 'STABLEHLO_IOTA',
  'STABLEHLO_DOT_GENERAL', 'STABLEHLO_REDUCE_WINDOW', 'STABLEHLO_SORT', 'STABLEHLO_WHILE', 'STABLEHLO_GATHER',
  'STABLEHLO_TRANSPOSE', 'DILATE', 'STABLEHLO_RNG_BIT_GENERATOR', 'REDUCE_WINDOW',
];

/** BuiltinOperator code → name, for every code of the enum. */
export const BUILTIN_OPERATOR_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  ...OPERATOR_NAMES_DENSE.map((n, i): [number, string] => [i, n]),
  [225, 'TEMP_STREAMING_CONV_2D'],
]);

/** BuiltinOperator name → code. */
export const BUILTIN_OPERATOR_CODES: ReadonlyMap<string, number> = new Map(
  [...BUILTIN_OPERATOR_NAMES].map(([c, n]): [string, number] => [n, c]),
);

/** BuiltinOperator.CUSTOM: the op is named by OperatorCode.custom_code. */
export const CUSTOM_OPERATOR_CODE = 32;
/** Largest code that fits OperatorCode.deprecated_builtin_code (a signed byte); larger codes store 127 there. */
export const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

/** TensorType names by code (0..17). */
export const TENSOR_TYPES: readonly TfliteTensorType[] = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8', 'float64',
  'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4',
];

/** Bytes per element of the fixed-width tensor types (absent for string, resource, variant, int4). */
export const TENSOR_TYPE_BYTES: Readonly<Partial<Record<TfliteTensorType, number>>> = {
  float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, bool: 1, int16: 2, complex64: 8, int8: 1, float64: 8,
  complex128: 16, uint64: 8, uint32: 4, uint16: 2,
};

/** TensorType code → name (`unknown(<code>)` outside the enum). */
export function tensorTypeName(code: number): TfliteTensorType {
  return TENSOR_TYPES[code] ?? `unknown(${code})`;
}

/** TensorType name → code; `unknown(<code>)` gives its code back. Throws on a malformed name. */
export function tensorTypeCode(type: TfliteTensorType): number {
  const i = TENSOR_TYPES.indexOf(type);
  if (i >= 0) return i;
  const m = /^unknown\((-?\d+)\)$/.exec(type);
  if (!m) throw new Error(`not a TFLite tensor type: ${type}`);
  return Number(m[1]);
}

/** ActivationFunctionType names by code. */
export const ACTIVATIONS: readonly TfliteActivation[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'];
/** Padding names by code. */
export const PADDINGS: readonly TflitePadding[] = ['SAME', 'VALID'];

/** The BuiltinOptions union's member tables in order; a member's type code is its index + 1 (0 = NONE). */
export const BUILTIN_OPTIONS_TABLES: readonly string[] = [
  'Conv2DOptions', 'DepthwiseConv2DOptions', 'ConcatEmbeddingsOptions', 'LSHProjectionOptions', 'Pool2DOptions',
  'SVDFOptions', 'RNNOptions', 'FullyConnectedOptions', 'SoftmaxOptions', 'ConcatenationOptions', 'AddOptions',
  'L2NormOptions', 'LocalResponseNormalizationOptions', 'LSTMOptions', 'ResizeBilinearOptions', 'CallOptions',
  'ReshapeOptions', 'SkipGramOptions', 'SpaceToDepthOptions', 'EmbeddingLookupSparseOptions', 'MulOptions',
  'PadOptions', 'GatherOptions', 'BatchToSpaceNDOptions', 'SpaceToBatchNDOptions', 'TransposeOptions',
  'ReducerOptions', 'SubOptions', 'DivOptions', 'SqueezeOptions', 'SequenceRNNOptions', 'StridedSliceOptions',
  'ExpOptions', 'TopKV2Options', 'SplitOptions', 'LogSoftmaxOptions', 'CastOptions', 'DequantizeOptions',
  'MaximumMinimumOptions', 'ArgMaxOptions', 'LessOptions', 'NegOptions', 'PadV2Options', 'GreaterOptions',
  'GreaterEqualOptions', 'LessEqualOptions', 'SelectOptions', 'SliceOptions', 'TransposeConvOptions',
  'SparseToDenseOptions', 'TileOptions', 'ExpandDimsOptions', 'EqualOptions', 'NotEqualOptions', 'ShapeOptions',
  'PowOptions', 'ArgMinOptions', 'FakeQuantOptions', 'PackOptions', 'LogicalOrOptions', 'OneHotOptions',
  'LogicalAndOptions', 'LogicalNotOptions', 'UnpackOptions', 'FloorDivOptions', 'SquareOptions',
  'ZerosLikeOptions', 'FillOptions', 'BidirectionalSequenceLSTMOptions', 'BidirectionalSequenceRNNOptions',
  'UnidirectionalSequenceLSTMOptions', 'FloorModOptions', 'RangeOptions', 'ResizeNearestNeighborOptions',
  'LeakyReluOptions', 'SquaredDifferenceOptions', 'MirrorPadOptions', 'AbsOptions', 'SplitVOptions',
  'UniqueOptions', 'ReverseV2Options', 'AddNOptions', 'GatherNdOptions', 'CosOptions', 'WhereOptions',
  'RankOptions', 'ReverseSequenceOptions', 'MatrixDiagOptions', 'QuantizeOptions', 'MatrixSetDiagOptions',
  'HardSwishOptions', 'IfOptions', 'WhileOptions', 'DepthToSpaceOptions', 'NonMaxSuppressionV4Options',
  'NonMaxSuppressionV5Options', 'ScatterNdOptions', 'SelectV2Options', 'DensifyOptions', 'SegmentSumOptions',
  'BatchMatMulOptions', 'CumsumOptions', 'CallOnceOptions', 'BroadcastToOptions', 'Rfft2dOptions',
  'Conv3DOptions', 'HashtableOptions', 'HashtableFindOptions', 'HashtableImportOptions', 'HashtableSizeOptions',
  'VarHandleOptions', 'ReadVariableOptions', 'AssignVariableOptions', 'RandomOptions', 'BucketizeOptions',
  'GeluOptions', 'DynamicUpdateSliceOptions', 'UnsortedSegmentProdOptions', 'UnsortedSegmentMaxOptions',
  'UnsortedSegmentMinOptions', 'UnsortedSegmentSumOptions', 'ATan2Options', 'SignOptions', 'BitcastOptions',
  'BitwiseXorOptions', 'RightShiftOptions',
];

/** BuiltinOptions union type codes of the option tables tinyfit decodes. */
export const OPT = {
  NONE: 0,
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  ReducerOptions: 27,
  SubOptions: 28,
  SqueezeOptions: 30,
  LeakyReluOptions: 75,
} as const;

/** BuiltinOptions union type code → table name (`BuiltinOptions(<code>)` outside the union). */
export function optionsTableName(code: number): string {
  if (code === 0) return 'NONE';
  return BUILTIN_OPTIONS_TABLES[code - 1] ?? `BuiltinOptions(${code})`;
}

/** The options table an operator's builtin options usually use, for builders (undefined: none). */
export const OPTIONS_TYPE_OF_OPERATOR: Readonly<Record<string, number>> = {
  CONV_2D: OPT.Conv2DOptions,
  DEPTHWISE_CONV_2D: OPT.DepthwiseConv2DOptions,
  AVERAGE_POOL_2D: OPT.Pool2DOptions,
  MAX_POOL_2D: OPT.Pool2DOptions,
  L2_POOL_2D: OPT.Pool2DOptions,
  FULLY_CONNECTED: OPT.FullyConnectedOptions,
  SOFTMAX: OPT.SoftmaxOptions,
  CONCATENATION: OPT.ConcatenationOptions,
  ADD: OPT.AddOptions,
  SUB: OPT.SubOptions,
  MUL: OPT.MulOptions,
  RESHAPE: OPT.ReshapeOptions,
  SQUEEZE: OPT.SqueezeOptions,
  LEAKY_RELU: OPT.LeakyReluOptions,
  MEAN: OPT.ReducerOptions,
  SUM: OPT.ReducerOptions,
  REDUCE_MAX: OPT.ReducerOptions,
  REDUCE_MIN: OPT.ReducerOptions,
  REDUCE_PROD: OPT.ReducerOptions,
};

/** Base of every options field: its decoded name (camelCase, as in model.ts) and vtable slot. */
interface FieldBase {
  name: string;
  id: number;
}

/**
 * One field of a builtin options table: how it is stored and decoded (`kind`) and its schema default (the
 * decoded value when the field is absent). Scalars: int32, float32 (read as float32, so rounded), bool (a
 * byte); enums: padding and activation (int8 codes decoded to names), weightsFormat (an int8 that must be 0
 * or 1); int32[]: an int32 vector, whose `undefined` default leaves the key out of the decoded object.
 */
export type OptionField = FieldBase &
  (
    | { kind: 'int32' | 'float32' | 'weightsFormat'; default: number }
    | { kind: 'bool'; default: boolean }
    | { kind: 'padding'; default: TflitePadding }
    | { kind: 'activation'; default: TfliteActivation }
    | { kind: 'int32[]'; default: readonly number[] | undefined }
  );

/** A builtin options table tinyfit decodes: its fields in decoded key order, and its vtable slot count. */
export interface OptionsTable {
  fields: readonly OptionField[];
  /** Vtable slots to reserve when writing the table (the highest field id + 1). */
  slots: number;
}

const int32 = (name: string, id: number, def = 0): OptionField => ({ name, id, kind: 'int32', default: def });
const float32 = (name: string, id: number): OptionField => ({ name, id, kind: 'float32', default: 0 });
const bool = (name: string, id: number): OptionField => ({ name, id, kind: 'bool', default: false });
const activation = (id: number): OptionField => ({ name: 'fusedActivationFunction', id, kind: 'activation', default: 'NONE' });
const padding: OptionField = { name: 'padding', id: 0, kind: 'padding', default: 'SAME' };
const paddingStrides = [padding, int32('strideW', 1), int32('strideH', 2)];
const table = (...fields: OptionField[]): OptionsTable => ({ fields, slots: Math.max(...fields.map((f) => f.id)) + 1 });

/**
 * The options tables tinyfit decodes, by BuiltinOptions union code: the one description the reader, the writer
 * and defaultOptions follow. Field ids are schema.fbs declaration order; fields are listed in decoded key order.
 * Note the schema's defaults: dilation factors 1, but strides, filter sizes, depth_multiplier and beta 0.
 */
export const DECODED_OPTIONS: ReadonlyMap<number, OptionsTable> = new Map([
  [OPT.Conv2DOptions, table(...paddingStrides, activation(3), int32('dilationWFactor', 4, 1), int32('dilationHFactor', 5, 1))],
  [OPT.DepthwiseConv2DOptions, table(...paddingStrides, activation(4), int32('dilationWFactor', 5, 1), int32('dilationHFactor', 6, 1), int32('depthMultiplier', 3))],
  [OPT.Pool2DOptions, table(...paddingStrides, int32('filterWidth', 3), int32('filterHeight', 4), activation(5))],
  [OPT.FullyConnectedOptions, table(activation(0), { name: 'weightsFormat', id: 1, kind: 'weightsFormat', default: 0 }, bool('keepNumDims', 2), bool('asymmetricQuantizeInputs', 3))],
  [OPT.SoftmaxOptions, table(float32('beta', 0))],
  [OPT.ConcatenationOptions, table(int32('axis', 0), activation(1))],
  [OPT.AddOptions, table(activation(0))],
  [OPT.SubOptions, table(activation(0))],
  [OPT.MulOptions, table(activation(0))],
  [OPT.ReshapeOptions, table({ name: 'newShape', id: 0, kind: 'int32[]', default: undefined })],
  [OPT.SqueezeOptions, table({ name: 'squeezeDims', id: 0, kind: 'int32[]', default: [] })],
  [OPT.LeakyReluOptions, table(float32('alpha', 0))],
  [OPT.ReducerOptions, table(bool('keepDims', 0))],
]);

/** The decoded value of a field absent from its table (a fresh array for vectors; undefined: no key). */
export function fieldDefault(f: OptionField): unknown {
  return Array.isArray(f.default) ? [...f.default] : f.default;
}

/**
 * The decoded value of an options table with every field absent (the schema defaults), for union type `code`;
 * `{}` for tables tinyfit does not decode.
 */
export function defaultOptions(code: number): TfliteOptions {
  const out: Record<string, unknown> = {};
  for (const f of DECODED_OPTIONS.get(code)?.fields ?? []) if (f.default !== undefined) out[f.name] = fieldDefault(f);
  return out as TfliteOptions;
}

/** Vtable field ids of the non-options tables (schema field order; a union takes two ids: type, then value). */
export const F = {
  Model: { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 },
  OperatorCode: { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, isVariable: 5, sparsity: 6, shapeSignature: 7, hasRank: 8 },
  Quantization: { min: 0, max: 1, scale: 2, zeroPoint: 3, detailsType: 4, details: 5, quantizedDimension: 6 },
  Operator: { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4, customOptions: 5 },
  Buffer: { data: 0, offset: 1, size: 2 },
  Metadata: { name: 0, buffer: 1 },
} as const;

/** Vtable slots to reserve when writing each non-options table (the highest id the writer uses + 1). */
export const NUM_FIELDS = {
  Model: 7, OperatorCode: 4, SubGraph: 5, Tensor: 7, Quantization: 7, Operator: 5, Buffer: 1, Metadata: 2,
  SparsityParameters: 0,
} as const;
