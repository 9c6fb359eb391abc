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
export type WeightStorage =
  | { kind: 'float16' }
  | { kind: 'int8'; q: Int8Array; scales: Float32Array }
  | CompressedInt8Storage
  | Int16BiasStorage;

/**
 * An int32 bias stored as int16_t because every value fits (src/ir/storage: compressWeights sets it on the biases
 * of compressed dense layers; their kernels read it through bias_s8.h's TINYFIT_BIAS). `data` keeps the int32 values.
 */
export interface Int16BiasStorage {
  kind: 'int16';
}

/**
 * Compressed storage of an int8 weight tensor (src/ir/storage): the tensor's `data` still holds the int8
 * weights the storage decodes to, and the int8 reference decodes the storage itself (decodeStorage) so it
 * computes on exactly what the C kernels read.
 */
export type CompressedInt8Storage = SparseStorage | ClusteredStorage | Int4Storage | SparseClusteredStorage;

/**
 * A canonical Huffman-coded symbol sequence (one symbol per entry of a compressed weight: a gap or a cluster
 * index) and its decoder tables (src/ir/storage/huffman.ts): codes of each length 1..15 counted in `counts`,
 * symbols sorted by (length, value), code bits MSB first.
 */
export interface HuffmanStream {
  /** Symbols the stream decodes to. */
  n: number;
  /** counts[len] = number of codes of length len (index 0 unused), 16 entries. */
  counts: Uint16Array;
  /** The coded symbols sorted by (code length, value). */
  symbols: Uint8Array;
  /** The coded bits, MSB first. */
  bits: Uint8Array;
}

/**
 * Relative-index sparse storage of an int8 [OUT, IN] matrix (Deep Compression §3; src/ir/storage/sparse.ts):
 * per row, kept entries with the zeros skipped before each, filler zeros when a gap overflows `gapBits`.
 */
export interface SparseStorage {
  kind: 'sparse';
  /** Bits per gap, 1..8, packed LSB-first (4: two per byte, low nibble first). */
  gapBits: number;
  /** Kept weights (nonzeros and filler zeros), row after row. */
  values: Int8Array;
  /** Gaps of the entries, packed LSB-first. */
  gaps: Uint8Array;
  /** Entries per output row (each ≤ IN, so IN ≤ 65535). */
  rowCounts: Uint16Array;
  /** When set, flash holds this Huffman coding of the gap symbols (see huffmanMode). */
  huffmanGaps?: HuffmanStream;
  /** How the Huffman stream is decoded (SparseClusteredStorage.huffmanMode). */
  huffmanMode?: HuffmanMode;
}

/** Clustered storage: b-bit packed cluster indices (LSB-first, row-major) and an int8 codebook of ≤ 2^b centroids. */
export interface ClusteredStorage {
  kind: 'clustered';
  /** Bits per index, 1..8. */
  bits: number;
  /** Centroids (≤ 2^bits). */
  codebook: Int8Array;
  /** ⌈n·bits/8⌉ bytes of indices. */
  indices: Uint8Array;
  /** When set, flash holds this Huffman coding of the index symbols (see huffmanMode). */
  huffmanIndices?: HuffmanStream;
  /** How the Huffman stream is decoded (SparseClusteredStorage.huffmanMode). */
  huffmanMode?: HuffmanMode;
}

/**
 * Sparse + clustered storage (Deep Compression §3: relative-index sparse entries whose values are cluster indices
 * into a shared codebook; src/ir/storage/sparseClustered.ts). Rows are axis 0 (output channels); a row is the
 * product of the other axes in the tensor's own layout (dense [OUT, IN]: IN; conv2d [O, KH, KW, I]: KH·KW·I).
 * Per row, entry e sits at position prev + 1 + gap(e) (prev = −1 at the row start) and weighs
 * codebook[index(e)]. When a run of zeros exceeds 2^gapBits − 1, filler entries are stored; a filler's index is 0
 * and codebook[0] = 0 whenever the storage has fillers (the codebook is then [0, nonzero values ascending], else
 * the nonzero values ascending), so kernels need no filler test.
 */
export interface SparseClusteredStorage {
  kind: 'sparseClustered';
  /** Bits per gap, 1..8. */
  gapBits: number;
  /** Bits per cluster index, 1..8. */
  indexBits: number;
  /** Shared int8 centroids (≤ 2^indexBits); codebook[0] = 0 when there are fillers. */
  codebook: Int8Array;
  /** One index per entry, indexBits each, packed LSB-first. */
  indices: Uint8Array;
  /** One gap per entry, gapBits each, packed LSB-first. */
  gaps: Uint8Array;
  /** Entries per row (each ≤ row length ≤ 65535). */
  rowCounts: Uint16Array;
  /** When set, flash holds this Huffman coding of the gap symbols instead of `gaps`. */
  huffmanGaps?: HuffmanStream;
  /** When set, flash holds this Huffman coding of the index symbols instead of `indices`. */
  huffmanIndices?: HuffmanStream;
  /**
   * How the Huffman streams are decoded: 'startup' (default) once into static RAM arrays holding the packed
   * symbols, before first use; 'stream' by the kernel, entry by entry, every inference (no RAM, more instructions).
   */
  huffmanMode?: HuffmanMode;
}

/** When a Huffman-coded weight stream is decoded (see SparseClusteredStorage.huffmanMode). */
export type HuffmanMode = 'startup' | 'stream';

/** int4 storage: two weights per byte, element 2k in the low nibble of byte k (CMSIS-NN s4 packing). */
export interface Int4Storage {
  kind: 'int4';
  /** ⌈n/2⌉ bytes. */
  packed: Uint8Array;
}

/** A value in the graph: an activation (no data) or a constant (data set). */
export interface Tensor {
  /** Storage of a weight other than its dtype's plain array (see WeightStorage). */
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
