/**
 * Facts of the TFLite flatbuffer schema (version 3) that the reader and writer share: enum codes, BuiltinOptions
 * union codes and vtable field ids (the layout of each builtin options table tinyfit decodes sits with the
 * operator that uses it, src/import/tflite/ops/). Derived from the
 * public schema.fbs; kept in one place so reader.ts and writer.ts cannot disagree. Field ids count schema fields in declaration order; a union field takes two ids
 * (its `_type` byte, then the table offset).
 */

import type { TfliteActivation, TflitePadding, TfliteTensorType } from './model';

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

/** BuiltinOptions union type code of every options table, by table name (NONE = 0). */
export const OPT: Readonly<Record<string, number>> = Object.fromEntries([['NONE', 0], ...BUILTIN_OPTIONS_TABLES.map((n, i): [string, number] => [n, i + 1])]);

/** The union type code of an options table. */
export function optionsCode(table: string): number {
  const code = OPT[table];
  if (code === undefined) throw new Error(`internal: no BuiltinOptions table named ${table}`);
  return code;
}

/** BuiltinOptions union type code → table name (`BuiltinOptions(<code>)` outside the union). */
export function optionsTableName(code: number): string {
  if (code === 0) return 'NONE';
  return BUILTIN_OPTIONS_TABLES[code - 1] ?? `BuiltinOptions(${code})`;
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
