/**
 * The Deep-Compression-style account of a compressed int8 graph: per weight layer the weights kept, the bits
 * each kept weight and its index cost, the flash bytes exactly as the generated weights.c holds them (weight
 * storage, biases) and the ratio to the layer's float32 bytes; then the requantization constants and the
 * total (= codegen's constantBytes, the figure `tinyfit build` counts as weights).
 */
import { numel, tensor } from '../ir/graph';
import { CompressedInt8Storage, Graph, HuffmanStream, Op } from '../ir/types';
import { isCompressedInt8 } from '../ir/storage';
import { constantBytes, storedBytes } from '../codegen/size';

/** One weight layer of a {@link CompressionReport}. */
export interface CompressionRow {
  layer: string;
  kind: string;
  /** Elements of the weight tensor. */
  weights: number;
  /** Nonzero weights. */
  kept: number;
  /** Storage format: dense, sparse, clustered, sparseClustered, int4 (+ Huffman). */
  format: string;
  /** Distinct nonzero int8 values. */
  values: number;
  /** Mean flash bits per kept weight for its value (cluster index or int8/int4 value; Huffman-coded when it is). */
  valueBits: number;
  /** Mean flash bits per kept weight for its position (relative index, fillers included); 0 when dense. */
  indexBits: number;
  weightBytes: number;
  biasBytes: number;
  /** weightBytes + biasBytes. */
  bytes: number;
  /** float32 bytes of the same weights and biases. */
  floatBytes: number;
  ratio: number;
  /** RAM a start-up Huffman decode needs (0 otherwise). */
  ramBytes: number;
}

/** The whole account. */
export interface CompressionReport {
  layers: CompressionRow[];
  /** Requantization constants and other constants outside the weight layers' weights and biases. */
  otherBytes: number;
  /** Everything weights.c holds: Σ bytes + otherBytes. */
  totalBytes: number;
  /** float32 bytes of every weight and bias. */
  floatBytes: number;
  ratio: number;
  ramBytes: number;
}

const huffBits = (h: HuffmanStream | undefined): number | undefined => (h ? 8 * h.bits.length : undefined);

/** Flash bits of the value and position streams of a storage (value bits, index bits), before the per-row counts and codebook. */
function streamBits(st: CompressedInt8Storage | undefined, n: number): { value: number; index: number } {
  if (!st) return { value: 8 * n, index: 0 };
  const s = st as unknown as Record<string, unknown>;
  const packedBits = (arr: unknown): number => 8 * ((arr as Uint8Array | Int8Array | undefined)?.length ?? 0);
  switch (st.kind) {
    case 'int4':
      return { value: packedBits(s.packed), index: 0 };
    case 'clustered':
      return { value: huffBits(s.huffmanIndices as HuffmanStream) ?? packedBits(s.indices), index: 0 };
    case 'sparse':
      return { value: 8 * ((s.values as Int8Array).length), index: huffBits(s.huffmanGaps as HuffmanStream) ?? packedBits(s.gaps) };
    default:
      // combined sparse + clustered: cluster indices as values, gaps as positions
      return {
        value: huffBits(s.huffmanIndices as HuffmanStream) ?? packedBits(s.indices),
        index: huffBits(s.huffmanGaps as HuffmanStream) ?? packedBits(s.gaps),
      };
  }
}

function formatName(st: CompressedInt8Storage | undefined): string {
  if (!st) return 'dense';
  const s = st as unknown as Record<string, unknown>;
  const huff = s.huffmanGaps || s.huffmanIndices;
  const mode = typeof s.huffmanMode === 'string' ? ` (${s.huffmanMode})` : '';
  return `${st.kind}${huff ? ` + Huffman${mode}` : ''}`;
}

/** Weight layers of a graph: ops with a constant weight tensor (input 1) — dense and convolutions. */
export function weightOps(g: Graph): Op[] {
  return g.ops.filter((op) => op.inputs.length >= 2 && tensor(g, op.inputs[1]).data !== undefined && (op.kind === 'dense' || op.kind.startsWith('conv') || op.kind.startsWith('depthwise')));
}

/**
 * The compression account of an int8 graph (with or without compressed storages).
 * @param g the int8 graph as code generation will see it
 * @param ramBytes RAM of a start-up Huffman decode per storage (from src/ir/storage), 0 when not given
 */
export function compressionReport(g: Graph, ramBytes: (st: CompressedInt8Storage) => number = () => 0): CompressionReport {
  const layers: CompressionRow[] = [];
  let sum = 0;
  let floatBytes = 0;
  for (const op of weightOps(g)) {
    const w = tensor(g, op.inputs[1]);
    const b = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? tensor(g, op.inputs[2]) : undefined;
    const st = isCompressedInt8(w.storage) ? w.storage : undefined;
    const data = w.data!;
    const n = numel(w.shape);
    let kept = 0;
    const distinct = new Set<number>();
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== 0) {
        kept++;
        distinct.add(data[i]);
      }
    }
    const bits = streamBits(st, n);
    const weightBytes = storedBytes(w);
    const biasBytes = b?.data ? storedBytes(b) : 0;
    const fb = 4 * (n + (b?.data ? numel(b.shape) : 0));
    layers.push({
      layer: op.name,
      kind: op.kind,
      weights: n,
      kept,
      format: formatName(st),
      values: distinct.size,
      valueBits: kept ? bits.value / kept : 0,
      indexBits: kept ? bits.index / kept : 0,
      weightBytes,
      biasBytes,
      bytes: weightBytes + biasBytes,
      floatBytes: fb,
      ratio: fb / Math.max(1, weightBytes + biasBytes),
      ramBytes: st ? ramBytes(st) : 0,
    });
    sum += weightBytes + biasBytes;
    floatBytes += fb;
  }
  const totalBytes = constantBytes(g);
  return {
    layers,
    otherBytes: totalBytes - sum,
    totalBytes,
    floatBytes,
    ratio: floatBytes / Math.max(1, totalBytes),
    ramBytes: layers.reduce((a, l) => a + l.ramBytes, 0),
  };
}
