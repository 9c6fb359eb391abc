/**
 * The int8 reference interpreter: runs a quantized graph (src/quantize/quantizeGraph.ts) op by op with the
 * bit-exact int8 kernels of this folder. The generated C computes exactly the same bytes; the tests check it.
 */
import { TinyfitError } from '../../errors';
import { numel, tensor } from '../../ir/graph';
import { Graph, Op, Tensor } from '../../ir/types';
import { RequantOptions } from '../../arith/rounding';
import { splitAxis } from '../ops/common';
import { affineInt8 } from './affine';
import { concatInt8 } from './concat';
import { conv2dInt8 } from './conv2d';
import { denseInt8 } from './dense';
import { depthwiseConv2dInt8 } from './depthwise';
import { addInt8 } from './add';
import { mulInt8 } from './mul';
import { minMaxInt8 } from './minmax';
import { activationLut, lutInt8 } from './lut';
import { logisticInt8 } from './logistic';
import { tanhInt8 } from './tanh';
import { softmaxInt8 } from './softmax';
import { preluInt8 } from './prelu';
import { padInt8 } from './pad';
import { globalPoolInt8, pool2dInt8 } from './pool';
import { cropInt8, transposeInt8, upsampleInt8 } from './movers';
import { dequantizeInt8, quantizeInt8 } from './quantizeIo';

/** A tensor value during interpretation. */
export type Int8Value = Int8Array | Float32Array | Int32Array;

function int8(v: Int8Value | undefined, t: Tensor, op: Op): Int8Array {
  if (!(v instanceof Int8Array)) throw new Error(`internal: op '${op.name}' input '${t.name}' is not int8`);
  return v;
}

/** Runs one op on int8 (and, at the boundary, float32) values. */
function runOp(g: Graph, op: Op, vals: Map<number, Int8Value>, opts: RequantOptions): Int8Value {
  const t = (i: number): Tensor => tensor(g, op.inputs[i]);
  const v = (i: number): Int8Value | undefined => (op.inputs[i] === undefined ? undefined : (vals.get(op.inputs[i]) ?? t(i).data));
  const x = (i: number): Int8Array => int8(v(i), t(i), op);
  const y = tensor(g, op.outputs[0]);
  const xs = t(0).shape;
  switch (op.kind) {
    case 'quantize':
      return quantizeInt8(v(0) as Float32Array, y.quant);
    case 'dequantize':
      return dequantizeInt8(x(0), t(0).quant);
    case 'conv2d':
      return conv2dInt8(x(0), xs, t(0).quant, x(1), t(1).shape, t(1).quant, v(2) as Int32Array | undefined, y.quant, op.attrs, opts);
    case 'depthwise_conv2d':
      return depthwiseConv2dInt8(x(0), xs, t(0).quant, x(1), t(1).shape, t(1).quant, v(2) as Int32Array | undefined, y.quant, op.attrs, opts);
    case 'dense':
      return denseInt8(x(0), xs, t(0).quant, x(1), t(1).shape, t(1).quant, v(2) as Int32Array | undefined, y.quant, op.attrs, opts);
    case 'affine':
      return affineInt8(x(0), xs, t(0).quant, x(1), t(1).quant, v(2) as Int32Array, y.quant, op.attrs, opts);
    case 'pool2d':
      return pool2dInt8(x(0), xs, t(0).quant, op.attrs);
    case 'global_pool':
      return globalPoolInt8(x(0), xs, t(0).quant, op.attrs.type, { mean: op.attrs.mean, outQuant: y.quant });
    case 'reshape':
    case 'identity':
      return x(0);
    case 'transpose':
      return transposeInt8(x(0), xs, op.attrs.perm);
    case 'pad':
      return padInt8(x(0), xs, t(0).quant, op.attrs);
    case 'crop':
      return cropInt8(x(0), xs, op.attrs.crop);
    case 'upsample':
      return upsampleInt8(x(0), xs, op.attrs.scale);
    case 'activation':
      if (op.attrs.fn === 'sigmoid') return logisticInt8(x(0), t(0).quant!);
      if (op.attrs.fn === 'tanh') return tanhInt8(x(0), t(0).quant!);
      return lutInt8(x(0), activationLut(op.attrs.fn, op.attrs.params, t(0).quant, y.quant));
    case 'prelu':
      return preluInt8(x(0), t(0).quant, x(1), t(1).quant, y.quant, opts);
    case 'softmax': {
      const [outer, n, inner] = splitAxis(xs, op.attrs.axis);
      return softmaxInt8(x(0), outer, n, inner, t(0).quant!, op.attrs.beta ?? 1);
    }
    case 'binary': {
      const n = numel(y.shape);
      if (op.attrs.fn === 'add' || op.attrs.fn === 'sub') return addInt8(x(0), t(0).quant, x(1), t(1).quant, y.quant, op.attrs, n, opts);
      if (op.attrs.fn === 'mul') return mulInt8(x(0), t(0).quant, x(1), t(1).quant, y.quant, op.attrs, n, opts);
      return minMaxInt8(x(0), t(0).quant, x(1), t(1).quant, y.quant, op.attrs, n, opts);
    }
    case 'concat':
      return concatInt8(op.inputs.map((_, i) => x(i)), op.inputs.map((_, i) => t(i).shape), op.inputs.map((_, i) => t(i).quant), y.quant, op.attrs, opts);
    default:
      throw new TinyfitError(`op '${(op as Op).name}' (${(op as Op).kind}) has no int8 kernel`);
  }
}

/**
 * Runs a quantized graph and returns the value of every tensor it computes, by id.
 * @param g an int8 graph (its `quantization.rounding` selects the requantization rounding)
 * @param inputs one array per graph input: Float32Array for float inputs, Int8Array for int8 inputs
 * @throws TinyfitError on a wrong number, type or size of inputs
 */
export function runInt8All(g: Graph, inputs: readonly Int8Value[]): Map<number, Int8Value> {
  if (inputs.length !== g.inputs.length) throw new TinyfitError(`model '${g.name}' takes ${g.inputs.length} input(s), got ${inputs.length}`);
  const opts: RequantOptions = { rounding: g.quantization?.rounding ?? 'double' };
  const vals = new Map<number, Int8Value>();
  g.inputs.forEach((id, i) => {
    const t = tensor(g, id);
    const want = numel(t.shape);
    const v = inputs[i];
    const ok = t.dtype === 'int8' ? v instanceof Int8Array : v instanceof Float32Array;
    if (!ok || v.length !== want) {
      throw new TinyfitError(`input ${i} ('${t.name}') needs ${want} ${t.dtype} values, got ${v.length} ${v.constructor.name}`);
    }
    vals.set(id, v);
  });
  for (const op of g.ops) {
    try {
      vals.set(op.outputs[0], runOp(g, op, vals, opts));
    } catch (e) {
      // Parameter errors from the kernels' Prepare step name no op: say which one (user errors stay user errors).
      if (e instanceof TinyfitError || (e as Error).message.startsWith('internal')) throw e;
      throw new TinyfitError(`op '${op.name}' (${op.kind}): ${(e as Error).message}`);
    }
  }
  return vals;
}

/** Runs a quantized graph and returns its outputs in `g.outputs` order. */
export function runInt8(g: Graph, inputs: readonly Int8Value[]): Int8Value[] {
  const vals = runInt8All(g, inputs);
  return g.outputs.map((id) => vals.get(id)!);
}
