/**
 * The Deep-Compression-style account of a compressed int8 graph: per weight layer what src/ir/storage's
 * storageReport measures (weights kept, bits per value and per gap, flash bytes of weights and bias, float32
 * bytes), plus the requantization constants and the total — codegen's constantBytes, the figure `tinyfit build`
 * counts as weights + model constants.
 */
import { constantBytes } from '../codegen/size';
import { storageReport, TensorStorageRow } from '../ir/storage/report';
import { Graph } from '../ir/types';

/** The whole account. */
export interface CompressionReport {
  layers: TensorStorageRow[];
  /** Requantization constants and other constants outside the weight layers' weights and biases. */
  otherBytes: number;
  /** Everything weights.c holds: Σ (flashBytes + biasBytes) + otherBytes. */
  totalBytes: number;
  /** float32 bytes of every weight and bias of the weight layers. */
  floatBytes: number;
  /** floatBytes / totalBytes. */
  ratio: number;
  /** RAM of start-up Huffman decoding. */
  ramBytes: number;
}

/**
 * The compression account of an int8 graph (with or without compressed storages).
 * @param g the int8 graph as code generation will see it
 */
export function compressionReport(g: Graph): CompressionReport {
  const s = storageReport(g);
  const totalBytes = constantBytes(g);
  return {
    layers: s.rows,
    otherBytes: totalBytes - s.total.flashBytes,
    totalBytes,
    floatBytes: s.total.float32Bytes,
    ratio: s.total.float32Bytes / Math.max(1, totalBytes),
    ramBytes: s.total.ramBytes,
  };
}
