import { numel, tensor } from '../ir/graph';
import { normAxis } from '../ir/shapes';
import { ActivationFn, BinaryFn, FusedClamp, Graph, Op, Tensor } from '../ir/types';
import { cFloat } from './format';
import { splitAxis } from '../reference/ops/common';
import { activationParams } from '../reference/ops/activation';

/** How generated code refers to tensors, and the memory plan's decisions calls must honour. */
export interface PointerNames {
  /** C expression for a tensor's data pointer (arena position for activations, symbol for constants). */
  ptr(id: number): string;
  /** Elements between consecutive pixels of an HWC tensor (its channel count unless it is a view). */
  stride(id: number): number;
  /** True when the tensor is a view with a pixel stride wider than its channels. */
  strided(id: number): boolean;
  /** True when the op runs the in-place depthwise kernel. */
  inPlaceDepthwise(op: Op): boolean;
  /** C expression for the op's scratch buffer, if it has one. */
  scratch(op: Op): string | undefined;
  /** True when the op must visit output pixels in decreasing order (its output ends above its input's end). */
  reverse(op: Op): boolean;
  /** Inputs of a concat that are views (already written in place), if any; and whether its output is a view. */
  concatViews(op: Op): Set<number> | undefined;
}

/** What one op contributes to model.c: the kernel files it needs and the context of its call template. */
export interface OpCall {
  /** Template partial under templates/common/ops (without .hbs). */
  template: string;
  /** Kernel base names (files firmware/kernels/<name>.c/.h). */
  kernels: string[];
  /** Values the template uses. */
  ctx: Record<string, unknown>;
}

const ACT_ENUM: Record<ActivationFn, string> = {
  linear: 'LINEAR',
  relu: 'RELU',
  relu6: 'RELU6',
  sigmoid: 'SIGMOID',
  hard_sigmoid: 'HARD_SIGMOID',
  tanh: 'TANH',
  elu: 'ELU',
  selu: 'SELU',
  softplus: 'SOFTPLUS',
  softsign: 'SOFTSIGN',
  swish: 'SWISH',
  leaky_relu: 'LEAKY_RELU',
  relu_ex: 'RELU_EX',
  scale: 'SCALE',
  hard_swish: 'HARD_SWISH',
  relu_n1_to_1: 'RELU_N1_TO_1',
};

const BIN_ENUM: Record<BinaryFn, string> = { add: 'ADD', sub: 'SUB', mul: 'MUL', max: 'MAX', min: 'MIN' };

function clampCtx(c: FusedClamp): { actMin: string; actMax: string } {
  return { actMin: cFloat(c.min), actMax: cFloat(c.max) };
}

/** Kernel-name infix of a weight's storage: '' (float32), '_f16w' (IEEE half), '_i8w' (int8 + channel scales). */
function weightVariant(w: Tensor): string {
  return w.storage?.kind === 'float16' ? '_f16w' : w.storage?.kind === 'int8' ? '_i8w' : '';
}

/** The weight argument(s) of a weighted kernel: the array, plus its channel scales for int8 storage. */
function weightArgs(w: Tensor, p: PointerNames): string {
  return w.storage?.kind === 'int8' ? `${p.ptr(w.id)}, ${p.ptr(w.id)}_scale` : p.ptr(w.id);
}

/** Builds the call description of one op (float32 kernels). */
export function opCall(g: Graph, op: Op, p: PointerNames): OpCall | undefined {
  const x = tensor(g, op.inputs[0]);
  const y = tensor(g, op.outputs[0]);
  const base = { name: op.name, kind: op.kind, in: p.ptr(x.id), out: p.ptr(y.id) };
  switch (op.kind) {
    case 'conv2d':
    case 'depthwise_conv2d': {
      const w = tensor(g, op.inputs[1]);
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
          bias: op.inputs[2] !== undefined ? p.ptr(op.inputs[2]) : 'NULL',
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
    case 'dense': {
      const w = tensor(g, op.inputs[1]);
      const wv = weightVariant(w);
      return {
        template: 'dense',
        kernels: [`dense${wv}_f32`],
        ctx: {
          ...base,
          ...clampCtx(op.attrs.clamp),
          wv,
          w: weightArgs(w, p),
          bias: op.inputs[2] !== undefined ? p.ptr(op.inputs[2]) : 'NULL',
          rows: numel(x.shape) / w.shape[1],
          inN: w.shape[1],
          outN: w.shape[0],
        },
      };
    }
    case 'pool2d': {
      const a = op.attrs;
      return {
        template: 'pool2d',
        kernels: [`pool2d_${a.type}_f32`],
        ctx: {
          ...base,
          fn: `pool2d_${a.type}_f32`,
          inStride: p.stride(x.id),
          outStride: p.stride(y.id),
          reverse: p.reverse(op) ? 1 : 0,
          inH: x.shape[0],
          inW: x.shape[1],
          c: x.shape[2],
          poolH: a.pool[0],
          poolW: a.pool[1],
          strideH: a.strides[0],
          strideW: a.strides[1],
          padTop: a.pad.top,
          padLeft: a.pad.left,
          outH: y.shape[0],
          outW: y.shape[1],
        },
      };
    }
    case 'global_pool':
      return {
        template: 'global_pool',
        kernels: [`global_pool_${op.attrs.type}_f32`],
        ctx: { ...base, fn: `global_pool_${op.attrs.type}_f32`, h: x.shape[0], w: x.shape[1], c: x.shape[2], inStride: p.stride(x.id) },
      };
    case 'reshape':
    case 'identity':
      return undefined; // aliases: no code
    case 'transpose':
      return {
        template: 'transpose',
        kernels: ['transpose_f32'],
        ctx: { ...base, shape: x.shape.join(', '), perm: op.attrs.perm.join(', '), rank: x.shape.length },
      };
    case 'affine': {
      const [outer, c, inner] = splitAxis(x.shape, op.attrs.axis);
      // Views only ever meet affine on the channel axis (inner = 1): strides are then pixel strides.
      const inStride = p.strided(x.id) ? p.stride(x.id) : c * inner;
      const outStride = p.strided(y.id) ? p.stride(y.id) : c * inner;
      return {
        template: 'affine',
        kernels: ['affine_f32'],
        ctx: { ...base, ...clampCtx(op.attrs.clamp), outer, c, inner, inStride, outStride, scale: p.ptr(op.inputs[1]), shift: p.ptr(op.inputs[2]) },
      };
    }
    case 'activation': {
      const fn = op.attrs.fn;
      // The reference's own parameter resolution (defaults included), so C and reference cannot disagree.
      const [p0, p1, p2] = activationParams(fn, op.attrs.params);
      // Flat unless a view is involved, then one row per pixel.
      const strided = p.strided(x.id) || p.strided(y.id);
      const n = strided ? x.shape[x.shape.length - 1] : numel(x.shape);
      return {
        template: 'activation',
        kernels: ['activation_f32'],
        ctx: {
          ...base,
          rows: numel(x.shape) / n,
          n,
          inStride: strided ? p.stride(x.id) : n,
          outStride: strided ? p.stride(y.id) : n,
          fn: ACT_ENUM[fn],
          p0: cFloat(p0),
          p1: cFloat(p1),
          p2: cFloat(p2),
        },
      };
    }
    case 'prelu':
      return {
        template: 'prelu',
        kernels: ['prelu_f32'],
        ctx: { ...base, alpha: p.ptr(op.inputs[1]), n: numel(x.shape), alphaN: numel(tensor(g, op.inputs[1]).shape) },
      };
    case 'softmax': {
      const [outer, n, inner] = splitAxis(x.shape, op.attrs.axis);
      return { template: 'softmax', kernels: ['softmax_f32'], ctx: { ...base, outer, n, inner } };
    }
    case 'binary':
      return {
        template: 'binary',
        kernels: ['binary_f32'],
        ctx: {
          ...base,
          ...clampCtx(op.attrs.clamp),
          na: numel(x.shape),
          b: p.ptr(op.inputs[1]),
          nb: numel(tensor(g, op.inputs[1]).shape),
          n: numel(y.shape),
          fn: BIN_ENUM[op.attrs.fn],
        },
      };
    case 'concat': {
      const ins = op.inputs.map((id) => tensor(g, id));
      const [outer, , inner] = splitAxis(y.shape, op.attrs.axis);
      const a = normAxis(op.attrs.axis, y.shape.length);
      const views = p.concatViews(op);
      if (views || p.strided(y.id)) {
        // Zero-copy: inputs that are views were written in place; copy the others into their channel slices.
        const copies: Record<string, unknown>[] = [];
        let offset = 0;
        for (const t of ins) {
          if (!views?.has(t.id)) {
            copies.push({ in: p.ptr(t.id), rows: numel(t.shape) / t.shape[a], n: t.shape[a], inStride: p.stride(t.id), offset, outStride: p.stride(y.id) });
          }
          offset += t.shape[a];
        }
        return { template: 'concat_views', kernels: copies.length ? ['concat_slice_f32'] : [], ctx: { ...base, copies, viewCount: views?.size ?? 0 } };
      }
      return {
        template: 'concat',
        kernels: ['concat_f32'],
        ctx: { ...base, count: ins.length, ins: ins.map((t) => p.ptr(t.id)).join(', '), sizes: ins.map((t) => t.shape[a]).join(', '), outer, inner },
      };
    }
    case 'pad': {
      const q = op.attrs.pad;
      return {
        template: 'pad',
        kernels: ['pad_f32'],
        ctx: { ...base, h: x.shape[0], w: x.shape[1], c: x.shape[2], top: q.top, left: q.left, bottom: q.bottom, right: q.right },
      };
    }
    case 'crop':
      return {
        template: 'crop',
        kernels: ['crop_f32'],
        ctx: { ...base, inH: x.shape[0], inW: x.shape[1], c: x.shape[2], top: op.attrs.crop.top, left: op.attrs.crop.left, outH: y.shape[0], outW: y.shape[1] },
      };
    case 'upsample':
      return {
        template: 'upsample',
        kernels: ['upsample_nearest_f32'],
        ctx: { ...base, h: x.shape[0], w: x.shape[1], c: x.shape[2], sh: op.attrs.scale[0], sw: op.attrs.scale[1] },
      };
  }
}
