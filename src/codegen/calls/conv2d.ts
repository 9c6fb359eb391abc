/**
 * C calls of conv2d: conv2d_f32 (and its preact / f16w / i8w variants), conv2d_s8, and on compressed int8 weights
 * conv2d_sparse_s8 / conv2d_clustered_s8 / conv2d_s4 (src/codegen/calls/compressed.ts).
 */
import { tensor } from '../../ir/graph';
import { OpOf } from '../../ir/types';
import { prepareConv } from '../../reference/int8/prepare';
import { isCompressedInt8 } from '../../ir/storage';
import { bias16Flag, compressedWeightCall } from './compressed';
import { CallCtx, Int8CallCtx, OpCall, OpCalls, biasArg, cFloat, clampCtx, io, weightArgs, weightVariant } from './common';

/** Template context shared by the float conv2d and depthwise_conv2d calls. */
export function windowedFloatCall(op: OpOf<'conv2d'> | OpOf<'depthwise_conv2d'>, c: CallCtx): OpCall {
  const { x, y, base } = io(op, c);
  const p = c.p;
  const w = tensor(c.g, op.inputs[1]);
  const a = op.attrs;
  const pre = op.kind === 'conv2d' ? op.attrs.pre : undefined;
  const inPlace = op.kind === 'depthwise_conv2d' && p.inPlaceDepthwise(op);
  const template = pre ? 'conv2d_preact' : inPlace ? 'depthwise_conv2d_inplace' : op.kind;
  const wv = weightVariant(w);
  return {
    template,
    kernels: [`${template}${wv}_f32`],
    ctx: {
      ...base,
      wv,
      ...clampCtx(a.clamp),
      inStride: p.stride(x.id),
      outStride: p.stride(y.id),
      reverse: p.reverse(op) ? 1 : 0,
      temp: inPlace ? p.scratch(op) : 'NULL',
      preScale: pre ? p.ptr(op.inputs[3]) : 'NULL',
      preShift: pre ? p.ptr(op.inputs[4]) : 'NULL',
      preMin: pre ? cFloat(pre.clamp.min) : '0.0f',
      preMax: pre ? cFloat(pre.clamp.max) : '0.0f',
      w: weightArgs(w, p),
      bias: biasArg(op, p),
      inH: x.shape[0],
      inW: x.shape[1],
      inC: x.shape[2],
      outC: y.shape[2],
      mult: op.kind === 'depthwise_conv2d' ? op.attrs.depthMultiplier : 1,
      kH: w.shape[1],
      kW: w.shape[2],
      strideH: a.strides[0],
      strideW: a.strides[1],
      dilH: a.dilations[0],
      dilW: a.dilations[1],
      padTop: a.pad.top,
      padLeft: a.pad.left,
      outH: y.shape[0],
      outW: y.shape[1],
    },
  };
}

/** The window geometry arguments of the int8 conv-family kernels. */
export function windowArgs(op: OpOf<'conv2d'> | OpOf<'depthwise_conv2d'>, w: readonly number[]): number[] {
  const a = op.attrs;
  return [w[1], w[2], a.strides[0], a.strides[1], a.dilations[0], a.dilations[1], a.pad.top, a.pad.left];
}

export const conv2dCalls: OpCalls<'conv2d'> = {
  float: windowedFloatCall,
  int8(op, c: Int8CallCtx) {
    const { x, y } = io(op, c);
    const p = c.p;
    const w = tensor(c.g, op.inputs[1]);
    const channels = y.shape[2];
    const r = prepareConv(x.quant, w.quant, y.quant, channels, op.attrs.clamp, { rounding: c.rounding });
    const mult = c.arr('mult', 'int32_t', r.multiplier);
    const shift = c.arr('shift', 'int8_t', r.shift);
    const head = [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), r.inZp];
    const geometry = [channels, ...windowArgs(op, w.shape)];
    const tail = [p.ptr(y.id), y.shape[0], y.shape[1], p.stride(y.id), r.outZp, mult, shift, r.actMin, r.actMax];
    const st = w.storage;
    if (!isCompressedInt8(st)) return c.call('conv2d_s8', [...head, p.ptr(w.id), biasArg(op, p), ...geometry, ...tail, p.reverse(op) ? 1 : 0]);
    // compressed: a bias16 flag after the bias (bias_s8.h); channel after channel, never overlapping the input
    // (no `reverse`: src/plan/writeBehind.ts)
    const k = compressedWeightCall(c, 'conv2d', p.ptr(w.id), st);
    return c.call(k.kernel, [...head, ...k.args, biasArg(op, p), bias16Flag(c, op), ...geometry, ...tail], k.block);
  },
};
