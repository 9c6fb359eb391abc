/** TFLite QUANTIZE and DEQUANTIZE: the float/int8 boundary, int8 requantization and compressed constants. */
import { addTensor, numel } from '../../../ir/graph';
import { dequantize } from '../../../arith/index';
import { OpConverter, TfliteOpSpec, act, emit, out } from './common';

const quantizeOp: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const t = ctx.tfl(v.op.outputs[0]);
  if (x.dtype === 'int8' && t.type === 'int8') {
    // int8 → int8 requantization: the 'linear' activation's table is TFLM's Requantize.
    out(ctx, v, emit(v, ctx.g, 'activation', v.irName, [x], { fn: 'linear', params: {} }));
    return;
  }
  if (x.dtype !== 'float32' || t.type !== 'int8') v.fail(`only float32 → int8 and int8 → int8 are supported, got ${x.dtype} → ${t.type}`);
  const y = emit(v, ctx.g, 'quantize', v.irName, [x], {});
  y.dtype = 'int8';
  out(ctx, v, y);
};

const dequantizeOp: OpConverter = (ctx, v) => {
  const idx = v.op.inputs[0];
  if (idx !== undefined && idx >= 0 && ctx.isConstant(idx)) {
    // A float16 or int8 constant stored compressed: decode it once (float weights of a float model).
    const c = ctx.constant(idx, v.fail);
    const data = c.data as Float32Array | Int8Array;
    let f: Float32Array;
    if (data instanceof Float32Array) f = data;
    else {
      const q = c.quant ?? v.fail('int8 constant has no quantization parameters');
      const inner = q.axis === undefined ? data.length : numel(c.shape.slice(q.axis + 1));
      const n = q.scale.length;
      f = Float32Array.from(data, (val, i) => {
        const ch = n === 1 ? 0 : Math.floor(i / inner) % n;
        return dequantize(val, q.scale[ch], q.zeroPoint[ch]);
      });
    }
    const oi = v.op.outputs[0];
    const f32 = addTensor(ctx.g, c.name, [...c.shape], 'float32', f);
    ctx.constants.set(oi, f32);
    return;
  }
  const x = act(ctx, v, 0);
  if (x.dtype !== 'int8') v.fail(`only int8 → float32 is supported, got ${x.dtype}`);
  const y = emit(v, ctx.g, 'dequantize', v.irName, [x], {});
  y.dtype = 'float32';
  out(ctx, v, y);
};

/** QUANTIZE, DEQUANTIZE. */
export const BOUNDARY_OPS: Readonly<Record<string, TfliteOpSpec>> = {
  QUANTIZE: { maxVersion: 2, convert: quantizeOp }, // 2: int8 outputs; 3+: int16
  DEQUANTIZE: { maxVersion: 3, convert: dequantizeOp }, // 2: int8, 3: float16 constants
};
