/**
 * Kernel calls of an int8 graph: every requantization parameter (per-channel multipliers and shifts, clamp
 * bounds, lookup tables, softmax/logistic/tanh constants) is computed here at generation time by the same
 * functions the TypeScript int8 reference uses, and emitted as C constants, so the C computes exactly the
 * reference's integers.
 */
import { numel, tensor } from '../ir/graph';
import { normAxis } from '../ir/shapes';
import { Graph, NO_CLAMP, Op, Tensor } from '../ir/types';
import { Rounding } from '../arith/rounding';
import { activationQuant, outputRange } from '../reference/int8/common';
import { prepareAffine, prepareConv, prepareDense, prepareDepthwise } from '../reference/int8/prepare';
import { addSubMultipliers } from '../reference/int8/add';
import { mulMultiplier } from '../reference/int8/mul';
import { requantPlan } from '../reference/int8/concat';
import { activationLut } from '../reference/int8/lut';
import { meanParams } from '../reference/int8/pool';
import { preluParams } from '../reference/int8/prelu';
import { softmaxParams } from '../reference/int8/softmax';
import { logisticParams } from '../reference/int8/logistic';
import { tanhParams } from '../reference/int8/tanh';
import { cFloat, cInt32 } from './format';
import { OpCall, PointerNames } from './opCalls';
import { splitAxis } from '../reference/ops/common';

/** An OpCall plus the file-scope constant arrays it needs. */
export interface Int8OpCall extends OpCall {
  decls: string[];
  /** Bytes of those constant arrays (flash). */
  declBytes: number;
}

const C_BYTES: Record<string, number> = { int8_t: 1, int: 4, int32_t: 4 };

/** Emits int8 kernel calls; `sym` names this op's constant arrays. */
export function opCallInt8(g: Graph, op: Op, p: PointerNames, sym: string, rounding: Rounding, prefix: string): Int8OpCall | undefined {
  const x = tensor(g, op.inputs[0]);
  const y = tensor(g, op.outputs[0]);
  const decls: string[] = [];
  let declBytes = 0;
  const opts = { rounding };
  const arr = (suffix: string, ctype: string, values: ArrayLike<number>): string => {
    const name = `${sym}_${suffix}`;
    declBytes += Math.max(values.length, 1) * C_BYTES[ctype];
    decls.push(`static const ${ctype} ${name}[${Math.max(values.length, 1)}] = { ${Array.from(values, cInt32).join(', ')} };`);
    return name;
  };
  const call = (kernel: string, args: (string | number)[], block: string[] = [], kernels = [kernel]): Int8OpCall => ({
    template: 'call',
    kernels,
    ctx: { name: op.name, kind: op.kind, fn: kernel, argsText: args.map(String).join(', '), block },
    decls,
    declBytes, // every arr() of this op runs while its arguments are built, before call()
  });
  const zp = (t: Tensor): number => activationQuant(t.quant, t.name).zeroPoint;
  const bias = (): string => (op.inputs[2] !== undefined ? p.ptr(op.inputs[2]) : 'NULL');

  switch (op.kind) {
    case 'quantize': {
      const q = activationQuant(y.quant, y.name);
      return call('quantize_s8', [p.ptr(x.id), numel(x.shape), p.ptr(y.id), cFloat(q.scale), q.zeroPoint]);
    }
    case 'dequantize': {
      const q = activationQuant(x.quant, x.name);
      return call('dequantize_s8', [p.ptr(x.id), numel(x.shape), p.ptr(y.id), cFloat(q.scale), q.zeroPoint]);
    }
    case 'conv2d':
    case 'depthwise_conv2d': {
      const w = tensor(g, op.inputs[1]);
      const a = op.attrs;
      const channels = y.shape[2];
      const r =
        op.kind === 'conv2d'
          ? prepareConv(x.quant, w.quant, y.quant, channels, a.clamp, opts)
          : prepareDepthwise(x.quant, w.quant, y.quant, channels, a.clamp, opts);
      const mult = arr('mult', 'int32_t', r.multiplier);
      const shift = arr('shift', 'int8_t', r.shift);
      const geom = [w.shape[1], w.shape[2], a.strides[0], a.strides[1], a.dilations[0], a.dilations[1], a.pad.top, a.pad.left];
      if (op.kind === 'depthwise_conv2d' && p.inPlaceDepthwise(op)) {
        return call('depthwise_conv2d_inplace_s8', [
          p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], r.inZp, p.ptr(w.id), bias(), ...geom, y.shape[0], y.shape[1],
          p.scratch(op) ?? 'NULL', r.outZp, mult, shift, r.actMin, r.actMax,
        ]);
      }
      const third = op.kind === 'conv2d' ? channels : op.attrs.depthMultiplier;
      return call(`${op.kind}_s8`, [
        p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), r.inZp, p.ptr(w.id), bias(), third, ...geom,
        p.ptr(y.id), y.shape[0], y.shape[1], p.stride(y.id), r.outZp, mult, shift, r.actMin, r.actMax, p.reverse(op) ? 1 : 0,
      ]);
    }
    case 'dense': {
      const w = tensor(g, op.inputs[1]);
      const r = prepareDense(x.quant, w.quant, y.quant, w.shape[0], op.attrs.clamp, opts);
      const mult = arr('mult', 'int32_t', r.multiplier);
      const shift = arr('shift', 'int8_t', r.shift);
      return call('dense_s8', [
        p.ptr(x.id), numel(x.shape) / w.shape[1], w.shape[1], r.inZp, p.ptr(w.id), bias(), w.shape[0], p.ptr(y.id), r.outZp,
        mult, shift, r.perChannel ? 1 : 0, r.actMin, r.actMax,
      ]);
    }
    case 'affine': {
      const [outer, c, inner] = splitAxis(x.shape, op.attrs.axis);
      const sc = tensor(g, op.inputs[1]);
      const r = prepareAffine(x.quant, sc.quant, y.quant, c, op.attrs.clamp, opts);
      const inStride = p.strided(x.id) ? p.stride(x.id) : c * inner;
      const outStride = p.strided(y.id) ? p.stride(y.id) : c * inner;
      return call('affine_s8', [
        p.ptr(x.id), outer, c, inner, inStride, r.inZp, p.ptr(sc.id), p.ptr(op.inputs[2]), p.ptr(y.id), outStride, r.outZp,
        arr('mult', 'int32_t', r.multiplier), arr('shift', 'int8_t', r.shift), r.actMin, r.actMax,
      ]);
    }
    case 'pool2d': {
      const a = op.attrs;
      const q = activationQuant(x.quant, x.name);
      const range = outputRange(NO_CLAMP, q);
      return call(`pool2d_${a.type}_s8`, [
        p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), a.pool[0], a.pool[1], a.strides[0], a.strides[1], a.pad.top,
        a.pad.left, p.ptr(y.id), y.shape[0], y.shape[1], p.stride(y.id), q.zeroPoint, range.min, range.max, p.reverse(op) ? 1 : 0,
      ]);
    }
    case 'global_pool': {
      const head = [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), p.ptr(y.id)];
      if (op.attrs.mean) {
        if (op.attrs.type !== 'avg') throw new Error(`internal: op '${op.name}': 'mean' applies to average pooling only`);
        // TFLite MEAN: own output parameters, 1/(H·W) folded into the multiplier at generation time.
        const m = meanParams(x.quant, y.quant, x.shape[0] * x.shape[1]);
        return call('global_pool_mean_s8', [...head, m.inZeroPoint, m.outZeroPoint, cInt32(m.multiplier), m.shift, m.sameParams ? 1 : 0]);
      }
      return call(`global_pool_${op.attrs.type}_s8`, head);
    }
    case 'reshape':
    case 'identity':
      return undefined;
    case 'transpose': {
      const shape = arr('shape', 'int', x.shape);
      const perm = arr('perm', 'int', op.attrs.perm);
      return call('transpose_s8', [p.ptr(x.id), shape, perm, x.shape.length, p.ptr(y.id)]);
    }
    case 'pad': {
      const q = op.attrs.pad;
      return call('pad_s8', [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], q.top, q.left, q.bottom, q.right, p.ptr(y.id), zp(x)]);
    }
    case 'crop':
      return call('crop_s8', [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], op.attrs.crop.top, op.attrs.crop.left, p.ptr(y.id), y.shape[0], y.shape[1]]);
    case 'upsample':
      return call('upsample_nearest_s8', [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], op.attrs.scale[0], op.attrs.scale[1], p.ptr(y.id)]);
    case 'activation': {
      const strided = p.strided(x.id) || p.strided(y.id);
      const n = strided ? x.shape[x.shape.length - 1] : numel(x.shape);
      const rows = numel(x.shape) / n;
      const inStride = strided ? p.stride(x.id) : n;
      const outStride = strided ? p.stride(y.id) : n;
      if (op.attrs.fn === 'sigmoid' || op.attrs.fn === 'tanh') {
        const k = op.attrs.fn === 'sigmoid' ? logisticParams(x.quant!) : tanhParams(x.quant!);
        return call(op.attrs.fn === 'sigmoid' ? 'activation_logistic_s8' : 'activation_tanh_s8', [
          p.ptr(x.id), inStride, p.ptr(y.id), outStride, rows, n, k.inputZeroPoint, k.inputRangeRadius, cInt32(k.inputMultiplier), k.inputLeftShift,
        ]);
      }
      const table = arr('lut', 'int8_t', activationLut(op.attrs.fn, op.attrs.params, x.quant, y.quant));
      return call('activation_lut_s8', [p.ptr(x.id), inStride, p.ptr(y.id), outStride, rows, n, table]);
    }
    case 'prelu': {
      const al = tensor(g, op.inputs[1]);
      const inQ = activationQuant(x.quant, x.name);
      const alQ = activationQuant(al.quant, al.name);
      const outQ = activationQuant(y.quant, y.name);
      const m = preluParams(inQ, alQ, outQ, rounding);
      return call('prelu_s8', [
        p.ptr(x.id), p.ptr(al.id), numel(x.shape), numel(al.shape), p.ptr(y.id), inQ.zeroPoint, alQ.zeroPoint, outQ.zeroPoint,
        cInt32(m.pos.multiplier), m.pos.shift, cInt32(m.neg.multiplier), m.neg.shift,
      ]);
    }
    case 'softmax': {
      const [outer, n, inner] = splitAxis(x.shape, op.attrs.axis);
      const k = softmaxParams(activationQuant(x.quant, x.name).scale, op.attrs.beta ?? 1);
      return call('softmax_s8', [p.ptr(x.id), outer, n, inner, p.ptr(y.id), cInt32(k.inputMultiplier), k.inputLeftShift, cInt32(k.diffMin)]);
    }
    case 'binary': {
      const b = tensor(g, op.inputs[1]);
      const qa = activationQuant(x.quant, x.name);
      const qb = activationQuant(b.quant, b.name);
      const qo = activationQuant(y.quant, y.name);
      const { min, max } = outputRange(op.attrs.clamp, qo);
      const head = [p.ptr(x.id), numel(x.shape), p.ptr(b.id), numel(b.shape), p.ptr(y.id), numel(y.shape)];
      const fn = op.attrs.fn;
      if (fn === 'add' || fn === 'sub') {
        const m = addSubMultipliers(fn, qa, qb, qo, rounding);
        return call('binary_add_s8', [
          ...head, qa.zeroPoint, cInt32(m.input1.multiplier), m.input1.shift, qb.zeroPoint, cInt32(m.input2.multiplier), m.input2.shift,
          qo.zeroPoint, cInt32(m.output.multiplier), m.output.shift, fn === 'sub' ? 1 : 0, min, max,
        ]);
      }
      if (fn === 'mul') {
        const m = mulMultiplier(qa.scale, qb.scale, qo.scale, rounding);
        return call('binary_mul_s8', [...head, qa.zeroPoint, qb.zeroPoint, qo.zeroPoint, cInt32(m.multiplier), m.shift, min, max]);
      }
      const pa = requantPlan(qa, qo, rounding);
      const pb = requantPlan(qb, qo, rounding);
      return call('binary_minmax_s8', [
        ...head, pa.zeroPoint, cInt32(pa.multiplier.multiplier), pa.multiplier.shift, pa.copy ? 1 : 0,
        pb.zeroPoint, cInt32(pb.multiplier.multiplier), pb.multiplier.shift, pb.copy ? 1 : 0, qo.zeroPoint, fn === 'min' ? 1 : 0, min, max,
      ]);
    }
    case 'concat':
      return concatCall(g, op, p, y, arr, call, rounding, prefix);
  }
  return undefined;
}

type ArrFn = (suffix: string, ctype: string, values: ArrayLike<number>) => string;
type CallFn = (kernel: string, args: (string | number)[], block?: string[], kernels?: string[]) => Int8OpCall;

/** Concatenation: zero-copy views (producers wrote their slices), byte copies or requantizing copies. */
function concatCall(g: Graph, op: Op, p: PointerNames, y: Tensor, arr: ArrFn, call: CallFn, rounding: Rounding, prefix: string): Int8OpCall {
  const ins = op.inputs.map((id) => tensor(g, id));
  const qo = activationQuant(y.quant, y.name);
  const a = normAxis((op.attrs as { axis: number }).axis, y.shape.length);
  const plans = ins.map((t) => requantPlan(activationQuant(t.quant, t.name), qo, rounding));
  const views = p.concatViews(op);
  if (views || p.strided(y.id)) {
    const block: string[] = [];
    const kernels = new Set<string>();
    let offset = 0;
    ins.forEach((t, k) => {
      if (!views?.has(t.id)) {
        const rows = numel(t.shape) / t.shape[a];
        const r = plans[k];
        if (!r.copy) {
          kernels.add('concat_slice_requant_s8');
          block.push(`${prefix}_concat_slice_requant_s8(${p.ptr(t.id)}, ${rows}, ${t.shape[a]}, ${p.stride(t.id)}, ${r.zeroPoint}, ${p.ptr(y.id)} + ${offset}, ${p.stride(y.id)}, ${qo.zeroPoint}, ${cInt32(r.multiplier.multiplier)}, ${r.multiplier.shift});`);
        } else {
          kernels.add('concat_slice_s8');
          block.push(`${prefix}_concat_slice_s8(${p.ptr(t.id)}, ${rows}, ${t.shape[a]}, ${p.stride(t.id)}, ${p.ptr(y.id)} + ${offset}, ${p.stride(y.id)});`);
        }
      }
      offset += t.shape[a];
    });
    return { template: 'call_block', kernels: [...kernels], ctx: { name: op.name, kind: op.kind, block, views: views?.size ?? 0 }, decls: [], declBytes: 0 };
  }
  const [outer, , inner] = splitAxis(y.shape, a);
  const n = ins.length;
  const insName = `${arr('sizes', 'int', ins.map((t) => t.shape[a]))}`;
  const zps = arr('zp', 'int32_t', plans.map((r) => (r.copy ? 0 : r.zeroPoint)));
  const mults = arr('mult', 'int32_t', plans.map((r) => r.multiplier.multiplier));
  const shifts = arr('shift', 'int32_t', plans.map((r) => r.multiplier.shift));
  const copy = arr('copy', 'int', plans.map((r) => (r.copy ? 1 : 0)));
  return call('concat_s8', ['ins', insName, n, outer, inner, p.ptr(y.id), zps, mults, shifts, copy, qo.zeroPoint], [
    `const int8_t *const ins[${n}] = { ${ins.map((t) => p.ptr(t.id)).join(', ')} };`,
  ]);
}
