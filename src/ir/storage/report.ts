/**
 * What the weights of a graph cost as generated C stores them, per weight tensor of a dense or conv2d op and in
 * total: format, kept entries and fillers, bits per value (cluster index) and per gap — the mean coded bits when
 * Huffman-coded — flash bytes exactly as weights.c holds the tensor, the op's bias bytes, the RAM of start-up
 * Huffman decoding, and the float32 bytes of the same weights and biases (the Deep Compression ratio's base).
 */
import { numel } from '../shapes';
import { Graph, HuffmanStream, Tensor } from '../types';
import { huffmanBitsPerSymbol } from './huffman';
import { sparseClusteredEntries } from './sparseClustered';
import { huffmanRamBytes, isCompressedInt8, tensorFlashBytes } from './index';

/** One weight tensor of {@link storageReport}. */
export interface TensorStorageRow {
  /** The op's name. */
  op: string;
  /** The tensor's name. */
  tensor: string;
  /** Storage: 'sparse', 'clustered', 'sparseClustered', 'int4', 'int8', 'float16', 'float32', … (+ '+huffman'). */
  format: string;
  /** Weights of the tensor (its element count). */
  weights: number;
  /** Nonzero weights. */
  kept: number;
  /** Filler entries of the sparse formats (entries − nonzero weights; 0 otherwise). */
  fillers: number;
  /** Bits per stored value: the cluster index, the int8 / int4 value; Huffman: mean coded bits. */
  bitsPerValue: number;
  /** Bits per gap of the sparse formats (Huffman: mean coded bits), 0 otherwise. */
  bitsPerGap: number;
  /** Flash bytes of the tensor's arrays in weights.c (values / indices / gaps / Huffman bits and tables / codebook / row counts). */
  flashBytes: number;
  /** Flash bytes of the op's bias (0 without one). */
  biasBytes: number;
  /** RAM bytes of start-up Huffman decoding. */
  ramBytes: number;
  /** float32 bytes of the same weights and bias. */
  float32Bytes: number;
}

/** {@link storageReport}'s result. */
export interface StorageReport {
  rows: TensorStorageRow[];
  total: {
    weights: number;
    kept: number;
    fillers: number;
    /** Weight + bias flash bytes. */
    flashBytes: number;
    biasBytes: number;
    ramBytes: number;
    float32Bytes: number;
    /** float32Bytes / flashBytes. */
    ratio: number;
  };
}

/** Mean bits per symbol of a stream: its fixed width, or the coded bits per symbol of its Huffman stream. */
const bitsOf = (width: number, h: HuffmanStream | undefined): number => (h ? huffmanBitsPerSymbol(h) : width);

/** Format, entries and bits of one weight tensor's storage. */
function describe(t: Tensor): Pick<TensorStorageRow, 'format' | 'fillers' | 'bitsPerValue' | 'bitsPerGap'> & { entries?: number } {
  const st = t.storage;
  if (!isCompressedInt8(st)) {
    const format = st?.kind ?? t.dtype;
    const bits = st?.kind === 'float16' ? 16 : st?.kind === 'int8' ? 8 : t.dtype === 'int8' ? 8 : 32;
    return { format, fillers: 0, bitsPerValue: bits, bitsPerGap: 0 };
  }
  const huff = (h: boolean) => (h && st.kind !== 'int4' ? `+huffman-${st.huffmanMode ?? 'startup'}` : '');
  if (st.kind === 'sparse') {
    return { format: `sparse${huff(!!st.huffmanGaps)}`, fillers: 0, entries: st.values.length, bitsPerValue: 8, bitsPerGap: bitsOf(st.gapBits, st.huffmanGaps) };
  }
  if (st.kind === 'clustered') return { format: `clustered${huff(!!st.huffmanIndices)}`, fillers: 0, bitsPerValue: bitsOf(st.bits, st.huffmanIndices), bitsPerGap: 0 };
  if (st.kind === 'int4') return { format: 'int4', fillers: 0, bitsPerValue: 4, bitsPerGap: 0 };
  return {
    format: `sparseClustered${huff(!!(st.huffmanGaps || st.huffmanIndices))}`,
    fillers: 0,
    entries: sparseClusteredEntries(st),
    bitsPerValue: bitsOf(st.indexBits, st.huffmanIndices),
    bitsPerGap: bitsOf(st.gapBits, st.huffmanGaps),
  };
}

/**
 * Per weight tensor of the graph's dense and conv2d ops, and in total, what its storage costs (see
 * {@link TensorStorageRow}). The flash bytes are those of the arrays weights.c emits for the tensor and the bias.
 * @param g a graph (typically int8 with compressed weights from compressWeights)
 */
export function storageReport(g: Graph): StorageReport {
  const rows: TensorStorageRow[] = [];
  const seen = new Set<number>();
  for (const op of g.ops) {
    if (op.kind !== 'dense' && op.kind !== 'conv2d') continue;
    const w = g.tensors.get(op.inputs[1]);
    if (!w?.data || seen.has(w.id)) continue;
    seen.add(w.id);
    const b = op.inputs[2] !== undefined ? g.tensors.get(op.inputs[2]) : undefined;
    const bias = b?.data && !seen.has(b.id) ? b : undefined;
    if (bias) seen.add(bias.id);
    let kept = 0;
    for (let i = 0; i < w.data.length; i++) if (w.data[i] !== 0) kept++;
    const d = describe(w);
    const st = w.storage;
    rows.push({
      op: op.name,
      tensor: w.name,
      format: d.format,
      weights: numel(w.shape),
      kept,
      fillers: d.entries !== undefined ? d.entries - kept : 0,
      bitsPerValue: d.bitsPerValue,
      bitsPerGap: d.bitsPerGap,
      flashBytes: tensorFlashBytes(w),
      biasBytes: bias ? tensorFlashBytes(bias) : 0,
      ramBytes: isCompressedInt8(st) ? huffmanRamBytes(st) : 0,
      float32Bytes: 4 * (numel(w.shape) + (bias ? numel(bias.shape) : 0)),
    });
  }
  const sum = (k: keyof TensorStorageRow) => rows.reduce((a, r) => a + (r[k] as number), 0);
  const flashBytes = sum('flashBytes') + sum('biasBytes');
  const float32Bytes = sum('float32Bytes');
  return {
    rows,
    total: {
      weights: sum('weights'),
      kept: sum('kept'),
      fillers: sum('fillers'),
      flashBytes,
      biasBytes: sum('biasBytes'),
      ramBytes: sum('ramBytes'),
      float32Bytes,
      ratio: flashBytes ? float32Bytes / flashBytes : 0,
    },
  };
}
