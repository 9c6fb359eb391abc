/**
 * C calls of dense: dense_f32 (and its f16w / i8w variants), dense_s8, and on compressed int8 weights
 * dense_sparse_s8 / dense_clustered_s8 / dense_sparse_clustered_s8 / dense_s4 (src/codegen/calls/compressed.ts: Huffman-coded
 * streams decoded once, before first use, or — 'stream' mode — by the kernel itself).
 */
import { numel, tensor } from '../../ir/graph';
import { prepareDense } from '../../reference/int8/prepare';
import { isCompressedInt8 } from '../../ir/storage';
import { bias16Flag, compressedWeightCall } from './compressed';
import { OpCalls, biasArg, clampCtx, io, weightArgs, weightVariant } from './common';

export const denseCalls: OpCalls<'dense'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    const w = tensor(c.g, op.inputs[1]);
    const wv = weightVariant(w);
    return {
      template: 'dense',
      kernels: [`dense${wv}_f32`],
      ctx: {
        ...base,
        ...clampCtx(op.attrs.clamp),
        wv,
        w: weightArgs(w, c.p),
        bias: biasArg(op, c.p),
        rows: numel(x.shape) / w.shape[1],
        inN: w.shape[1],
        outN: w.shape[0],
      },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const w = tensor(c.g, op.inputs[1]);
    const r = prepareDense(x.quant, w.quant, y.quant, w.shape[0], op.attrs.clamp, { rounding: c.rounding });
    const mult = c.arr('mult', 'int32_t', r.multiplier);
    const shift = c.arr('shift', 'int8_t', r.shift);
    const head = [p.ptr(x.id), numel(x.shape) / w.shape[1], w.shape[1], r.inZp];
    const tail = [biasArg(op, p), w.shape[0], p.ptr(y.id), r.outZp, mult, shift, r.perChannel ? 1 : 0, r.actMin, r.actMax];
    const st = w.storage;
    if (!isCompressedInt8(st)) return c.call('dense_s8', [...head, p.ptr(w.id), ...tail]);
    // compressed kernels take a bias16 flag after the bias (bias_s8.h)
    tail.splice(1, 0, bias16Flag(c, op));
    const k = compressedWeightCall(c, 'dense', p.ptr(w.id), st);
    return c.call(k.kernel, [...head, ...k.args, ...tail], k.block);
  },
};
