/**
 * TFLite tensors → IR tensors: constant data decoded from the buffer's little-endian bytes, activation shapes
 * without the batch axis (the IR is batch 1), affine quantization parameters as they are in the file.
 */
import { numel } from '../../ir/graph';
import { QuantParams, TensorData } from '../../ir/types';
import { fromHalfBits } from '../../arith/float16';
import { TfliteQuant, TfliteTensor } from './model';

/** Little-endian typed view of a tensor's bytes as the IR's constant types (float16 widened to float32). */
export function decodeData(t: TfliteTensor, fail: (msg: string) => never): TensorData {
  const bytes = t.data!;
  const n = numel(t.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (size: number): void => {
    if (bytes.byteLength !== n * size) fail(`constant tensor ${t.index} '${t.name}' has ${bytes.byteLength} bytes, shape [${t.shape}] of ${t.type} needs ${n * size}`);
  };
  switch (t.type) {
    case 'float32': {
      need(4);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'float16': {
      need(2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = fromHalfBits(view.getUint16(2 * i, true));
      return out;
    }
    case 'int8':
      need(1);
      return new Int8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n));
    case 'int32': {
      need(4);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 'int64': {
      // Only small integer operands (paddings, axes, shapes) are int64: read them exactly or fail.
      need(8);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -(2n ** 31n) || v >= 2n ** 31n) fail(`constant tensor ${t.index} '${t.name}' holds ${v}, outside int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      return fail(`constant tensor ${t.index} '${t.name}' has type ${t.type}; tinyfit reads float32, float16, int8, int32 and int64 constants`);
  }
}

/**
 * The IR quantization of a tensor: per tensor (one scale) or per axis (scales along `quantizedDimension`).
 * Undefined when the file has none. `dropBatch` shifts the axis of an activation whose batch axis the IR drops.
 */
export function irQuant(q: TfliteQuant | undefined, dropBatch: boolean): QuantParams | undefined {
  if (!q || q.scale.length === 0) return undefined;
  const zeroPoint = q.zeroPoint.length ? [...q.zeroPoint] : q.scale.map(() => 0);
  if (q.scale.length === 1) return { scale: [...q.scale], zeroPoint };
  return { scale: [...q.scale], zeroPoint, axis: q.quantizedDimension - (dropBatch ? 1 : 0) };
}

/** An activation's IR shape: the TFLite shape without its leading batch axis of 1 (rank-1 shapes stay). */
export function activationShape(t: TfliteTensor, fail: (msg: string) => never): number[] {
  if (t.shape.length === 0) fail(`tensor ${t.index} '${t.name}' is a scalar; tinyfit needs tensors of rank ≥ 1`);
  if (t.shape.length === 1) return [...t.shape];
  if (t.shape[0] !== 1) fail(`tensor ${t.index} '${t.name}' has batch ${t.shape[0]} (shape [${t.shape}]); tinyfit compiles batch 1`);
  return t.shape.slice(1);
}
