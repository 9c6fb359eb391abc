/**
 * TFLite builtin operators → IR ops. Each converter reads its inputs through the ImportContext (constants
 * decoded with their file parameters, activations without the batch axis), emits IR ops, and binds the
 * operator's output. Attributes map one to one: TFLite's layouts (conv OHWI, depthwise 1HWC, dense [OUT, IN])
 * are the IR's, and the quantization parameters are used as they are.
 */
import { addOp, addTensor, numel } from '../../ir/graph';
import { tfPadding } from '../../ir/shapes';
import { ActivationFn, ActivationParams, FusedClamp, NO_CLAMP, Pad2D, Tensor } from '../../ir/types';
import { dequantize } from '../../arith/index';
import { ImportContext, OpView } from './context';
import { irQuant } from './tensors';
import {
  ActivationOptions,
  ConcatenationOptions,
  Conv2DOptions,
  DepthwiseConv2DOptions,
  FullyConnectedOptions,
  LeakyReluOptions,
  Pool2DOptions,
  ReducerOptions,
  SoftmaxOptions,
  TfliteActivation,
  TflitePadding,
} from './model';

/** Converts one operator; returns nothing (outputs are bound in the context). */
export type OpConverter = (ctx: ImportContext, v: OpView) => void;

/** The clamp of a fused activation; TANH and SIGN_BIT have no clamp form. */
function fusedClamp(v: OpView, a: TfliteActivation | undefined): FusedClamp {
  switch (a ?? 'NONE') {
    case 'NONE':
      return NO_CLAMP;
    case 'RELU':
      return { min: 0, max: Infinity };
    case 'RELU6':
      return { min: 0, max: 6 };
    case 'RELU_N1_TO_1':
      return { min: -1, max: 1 };
    default:
      return v.fail(`fused activation ${a} is not supported (NONE, RELU, RELU6, RELU_N1_TO_1 are)`);
  }
}

/** The IR activation equivalent to a fused activation, for ops whose IR form has no clamp. */
function fusedAsActivation(v: OpView, a: TfliteActivation | undefined): ActivationFn | undefined {
  const c = fusedClamp(v, a);
  if (c === NO_CLAMP) return undefined;
  if (c.min === 0 && c.max === Infinity) return 'relu';
  if (c.min === 0 && c.max === 6) return 'relu6';
  return 'relu_n1_to_1';
}

/** An activation input (must be computed by an earlier op or be a graph input). */
function act(ctx: ImportContext, v: OpView, i: number): Tensor {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0) v.fail(`input ${i} is missing`);
  const x = ctx.values.get(idx);
  if (x) return x;
  if (ctx.isConstant(idx)) v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') is a constant where tinyfit expects an activation`);
  return v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') is read before any operator writes it`);
}

/** A constant input (weights, bias, paddings, axes), or undefined for an omitted optional input (−1). */
function constIn(ctx: ImportContext, v: OpView, i: number, optional = false): Tensor | undefined {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0) {
    if (optional) return undefined;
    return v.fail(`input ${i} is missing`);
  }
  if (!ctx.isConstant(idx)) v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') must be a constant (weights computed at run time are not supported)`);
  return ctx.constant(idx, v.fail);
}

/** An elementwise operand: an activation, or a constant shaped for IR broadcasting (batch axis dropped). */
function operand(ctx: ImportContext, v: OpView, i: number, outRank: number): Tensor {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0 || !ctx.isConstant(idx)) return act(ctx, v, i);
  const c = ctx.constant(idx, v.fail);
  if (c.shape.length === outRank && outRank >= 2) {
    if (c.shape[0] !== 1) v.fail(`constant input ${i} has batch ${c.shape[0]}`);
    c.shape = c.shape.slice(1);
  }
  return c;
}

function out(ctx: ImportContext, v: OpView, y: Tensor, k = 0): Tensor {
  const idx = v.op.outputs[k];
  if (idx === undefined) v.fail(`output ${k} is missing`);
  return ctx.bind(idx, y, v.irName, v.fail);
}

/** Emits an IR op, reporting shape errors against the TFLite operator. */
function emit<K extends Parameters<typeof addOp>[1]>(v: OpView, ...args: Parameters<typeof addOp<K>>): Tensor {
  try {
    return addOp(...args);
  } catch (e) {
    return v.fail((e as Error).message);
  }
}

function checkTypes(v: OpView, x: Tensor, w: Tensor, b: Tensor | undefined): void {
  if (x.dtype === 'float32' && w.dtype !== 'float32') v.fail(`float32 input with ${w.dtype} weights (hybrid) is not supported; use a float32 or a fully int8 model`);
  if (x.dtype === 'int8' && w.dtype !== 'int8') v.fail(`int8 input needs int8 weights, got ${w.dtype}`);
  if (x.dtype === 'int8' && !w.quant) v.fail('int8 weights have no quantization parameters');
  const wantBias = x.dtype === 'int8' ? 'int32' : 'float32';
  if (b && b.dtype !== wantBias) v.fail(`${x.dtype} input needs a ${wantBias} bias, got ${b.dtype}`);
}

function padding(v: OpView, mode: TflitePadding, x: Tensor, k: [number, number], s: [number, number], d: [number, number]): Pad2D {
  if (mode !== 'SAME' && mode !== 'VALID') v.fail(`padding ${String(mode)} is not supported`);
  const m = mode === 'SAME' ? 'same' : 'valid';
  const [top, bottom] = tfPadding(m, x.shape[0], k[0], s[0], d[0]);
  const [left, right] = tfPadding(m, x.shape[1], k[1], s[1], d[1]);
  return { top, left, bottom, right };
}

function positive(v: OpView, what: string, ...xs: number[]): void {
  if (xs.some((x) => !(Number.isInteger(x) && x >= 1))) v.fail(`${what} must be ≥ 1, got ${xs.join('×')}`);
}

function rank(v: OpView, x: Tensor, r: number, what = 'input'): void {
  if (x.shape.length !== r) v.fail(`${what} must have rank ${r + 1} (batch included), got [1,${x.shape}]`);
}

/** Input, 4-D constant weights and optional bias of a convolution, type-checked. */
function convInputs(ctx: ImportContext, v: OpView): { x: Tensor; w: Tensor; b?: Tensor; ins: Tensor[] } {
  const x = act(ctx, v, 0);
  rank(v, x, 3);
  const w = constIn(ctx, v, 1)!;
  const b = constIn(ctx, v, 2, true);
  checkTypes(v, x, w, b);
  if (w.shape.length !== 4) v.fail(`weights must be 4-D, got shape [${w.shape}]`);
  return { x, w, b, ins: b ? [x, w, b] : [x, w] };
}

/** Strides, dilations and explicit padding of a convolution's window. */
function convWindow(v: OpView, o: Conv2DOptions, x: Tensor, w: Tensor): { strides: [number, number]; dilations: [number, number]; pad: Pad2D } {
  positive(v, 'strides', o.strideH, o.strideW);
  positive(v, 'dilations', o.dilationHFactor, o.dilationWFactor);
  const strides: [number, number] = [o.strideH, o.strideW];
  const dilations: [number, number] = [o.dilationHFactor, o.dilationWFactor];
  return { strides, dilations, pad: padding(v, o.padding, x, [w.shape[1], w.shape[2]], strides, dilations) };
}

const conv2d: OpConverter = (ctx, v) => {
  const o = v.op.options as Conv2DOptions;
  const { x, w, ins } = convInputs(ctx, v);
  if (w.shape[3] !== x.shape[2]) v.fail(`grouped convolution (weights for ${w.shape[3]} of ${x.shape[2]} input channels) is not supported`);
  out(ctx, v, emit(v, ctx.g, 'conv2d', v.irName, ins, { ...convWindow(v, o, x, w), clamp: fusedClamp(v, o.fusedActivationFunction) }));
};

const depthwise: OpConverter = (ctx, v) => {
  const o = v.op.options as DepthwiseConv2DOptions;
  const { x, w, ins } = convInputs(ctx, v);
  if (w.shape[0] !== 1) v.fail(`weights must be 1HWC, got shape [${w.shape}]`);
  // The schema calls depth_multiplier redundant: the weights' channel count decides.
  const m = w.shape[3] / x.shape[2];
  if (!Number.isInteger(m) || m < 1) v.fail(`weights have ${w.shape[3]} channels, not a multiple of the input's ${x.shape[2]}`);
  if (o.depthMultiplier > 0 && o.depthMultiplier !== m) v.fail(`depth_multiplier ${o.depthMultiplier} disagrees with the weights (${m})`);
  const attrs = { ...convWindow(v, o, x, w), depthMultiplier: m, clamp: fusedClamp(v, o.fusedActivationFunction) };
  out(ctx, v, emit(v, ctx.g, 'depthwise_conv2d', v.irName, ins, attrs));
};

const fullyConnected: OpConverter = (ctx, v) => {
  const o = v.op.options as FullyConnectedOptions;
  if (o.weightsFormat) v.fail(`weights format ${o.weightsFormat} (shuffled) is not supported`);
  let x = act(ctx, v, 0);
  const w = constIn(ctx, v, 1)!;
  const b = constIn(ctx, v, 2, true);
  checkTypes(v, x, w, b);
  if (w.shape.length !== 2) v.fail(`weights must be [out, in], got shape [${w.shape}]`);
  const n = w.shape[1];
  const size = numel(x.shape);
  if (size % n !== 0) v.fail(`input of ${size} values does not split into rows of ${n}`);
  if (x.shape[x.shape.length - 1] !== n) {
    const flat = emit(v, ctx.g, 'reshape', `${v.irName}/flatten`, [x], {}, size === n ? [n] : [size / n, n]);
    if (x.quant) flat.quant = x.quant;
    x = flat;
  }
  const y = emit(v, ctx.g, 'dense', v.irName, b ? [x, w, b] : [x, w], { clamp: fusedClamp(v, o.fusedActivationFunction) });
  out(ctx, v, y);
};

/**
 * Appends a standalone activation for a fused activation the IR op cannot carry (pooling, concatenation). The op's
 * raw result is labelled with the output's parameters first, as TFLite Micro reads it, so the activation maps
 * parameters to themselves: a pure clamp to TFLite's quantized activation range.
 */
function withFused(ctx: ImportContext, v: OpView, y: Tensor, a: TfliteActivation | undefined): Tensor {
  const fn = fusedAsActivation(v, a);
  if (!fn) return y;
  const q = irQuant(ctx.tfl(v.op.outputs[0]).quant, true);
  if (y.dtype === 'int8' && q) y.quant = q;
  return emit(v, ctx.g, 'activation', `${v.irName}/${fn}`, [y], { fn, params: {} });
}

function pool(type: 'max' | 'avg'): OpConverter {
  return (ctx, v) => {
    const o = v.op.options as Pool2DOptions;
    const x = act(ctx, v, 0);
    rank(v, x, 3);
    positive(v, 'filter', o.filterHeight, o.filterWidth);
    positive(v, 'strides', o.strideH, o.strideW);
    const k: [number, number] = [o.filterHeight, o.filterWidth];
    const s: [number, number] = [o.strideH, o.strideW];
    const y = emit(v, ctx.g, 'pool2d', v.irName, [x], { type, pool: k, strides: s, pad: padding(v, o.padding, x, k, s, [1, 1]) });
    out(ctx, v, withFused(ctx, v, y, o.fusedActivationFunction));
  };
}

function binary(fn: 'add' | 'sub' | 'mul'): OpConverter {
  return (ctx, v) => {
    const o = v.op.options as ActivationOptions;
    const r = ctx.tfl(v.op.outputs[0]).shape.length;
    const a = operand(ctx, v, 0, r);
    const b = operand(ctx, v, 1, r);
    if (a.dtype !== b.dtype) v.fail(`inputs are ${a.dtype} and ${b.dtype}`);
    const y = emit(v, ctx.g, 'binary', v.irName, [a, b], { fn, clamp: fusedClamp(v, o.fusedActivationFunction) });
    out(ctx, v, y);
  };
}

const concatenation: OpConverter = (ctx, v) => {
  const o = v.op.options as ConcatenationOptions;
  const r = ctx.tfl(v.op.outputs[0]).shape.length;
  const axis = o.axis < 0 ? o.axis + r : o.axis;
  if (axis < 0 || axis >= r) v.fail(`axis ${o.axis} is out of range for rank ${r}`);
  if (r >= 2 && axis === 0) v.fail('concatenation along the batch axis is not supported (batch 1)');
  const xs = v.op.inputs.map((_, i) => operand(ctx, v, i, r));
  const y = emit(v, ctx.g, 'concat', v.irName, xs, { axis: r >= 2 ? axis - 1 : axis });
  out(ctx, v, withFused(ctx, v, y, o.fusedActivationFunction));
};

/** RESHAPE and SQUEEZE: the output tensor's declared shape is the target (free alias in the IR). */
const reshape: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const target = ctx.activationSpec(v.op.outputs[0], v.fail).shape;
  out(ctx, v, emit(v, ctx.g, 'reshape', v.irName, [x], {}, target));
};

/** Output parameters TFLite fixes for int8 softmax/logistic (1/256, −128) and tanh (1/128, 0). */
function fixedOutput(ctx: ImportContext, v: OpView, scale: number, zeroPoint: number): void {
  const t = ctx.tfl(v.op.outputs[0]);
  if (t.type !== 'int8') return;
  const q = t.quant;
  if (!q || q.scale.length !== 1 || Math.fround(q.scale[0]) !== Math.fround(scale) || (q.zeroPoint[0] ?? 0) !== zeroPoint) {
    v.fail(`int8 output must have scale ${scale} and zero point ${zeroPoint} (TFLite's fixed ${v.name} output), got ${q?.scale[0]} and ${q?.zeroPoint[0]}`);
  }
}

const softmax: OpConverter = (ctx, v) => {
  const beta = (v.op.options as SoftmaxOptions).beta;
  if (!(beta > 0 && Number.isFinite(beta))) v.fail(`beta ${beta} must be a positive number`);
  let x = act(ctx, v, 0);
  fixedOutput(ctx, v, 1 / 256, -128);
  const axis = x.shape.length - 1;
  if (x.dtype === 'float32' && beta !== 1) {
    // softmax(β·x): the float kernel has no β, so scale the logits first (exact in real arithmetic).
    x = emit(v, ctx.g, 'activation', `${v.irName}/beta`, [x], { fn: 'scale', params: { alpha: beta } });
  }
  out(ctx, v, emit(v, ctx.g, 'softmax', v.irName, [x], x.dtype === 'int8' && beta !== 1 ? { axis, beta } : { axis }));
};

function activation(fn: ActivationFn, fixed?: [number, number], params?: (v: OpView) => ActivationParams): OpConverter {
  return (ctx, v) => {
    const x = act(ctx, v, 0);
    if (fixed) fixedOutput(ctx, v, fixed[0], fixed[1]);
    out(ctx, v, emit(v, ctx.g, 'activation', v.irName, [x], { fn, params: params ? params(v) : {} }));
  };
}

const pad: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const p = constIn(ctx, v, 1)!;
  const r = ctx.tfl(v.op.inputs[0]).shape.length;
  if (r !== 4) v.fail(`only 4-D (NHWC) inputs can be padded, got rank ${r}`);
  if (p.data instanceof Float32Array || numel(p.shape) !== 2 * r) v.fail(`paddings must be ${r}×2 integers, got shape [${p.shape}]`);
  const d = p.data!;
  if (d[0] || d[1] || d[6] || d[7]) v.fail('padding the batch or channel axis is not supported');
  if ([d[2], d[3], d[4], d[5]].some((q) => q < 0)) v.fail('negative paddings are not supported');
  if (x.dtype === 'int8') {
    const yq = ctx.tfl(v.op.outputs[0]).quant;
    if (x.quant!.zeroPoint[0] !== (yq?.zeroPoint[0] ?? 0) || Math.fround(x.quant!.scale[0]) !== Math.fround(yq?.scale[0] ?? 0)) {
      v.fail('int8 PAD with different input and output parameters is not supported');
    }
  }
  out(ctx, v, emit(v, ctx.g, 'pad', v.irName, [x], { pad: { top: d[2], bottom: d[3], left: d[4], right: d[5] } }));
};

const mean: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const axes = constIn(ctx, v, 1)!;
  const r = ctx.tfl(v.op.inputs[0]).shape.length;
  const set = new Set(Array.from(axes.data!, (a) => (a < 0 ? a + r : a)));
  if (r !== 4 || set.size !== 2 || !set.has(1) || !set.has(2)) v.fail(`only the mean over the spatial axes of a 4-D input (axes [1, 2]) is supported, got axes [${Array.from(axes.data!)}] of rank ${r}`);
  void (v.op.options as ReducerOptions).keepDims; // [1,1,1,C] or [1,C]: bind() reshapes either way
  out(ctx, v, emit(v, ctx.g, 'global_pool', v.irName, [x], { type: 'avg', mean: true }));
};

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

/** Every supported builtin operator's converter, by name. */
export const CONVERTERS: Readonly<Record<string, OpConverter>> = {
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwise,
  FULLY_CONNECTED: fullyConnected,
  AVERAGE_POOL_2D: pool('avg'),
  MAX_POOL_2D: pool('max'),
  ADD: binary('add'),
  SUB: binary('sub'),
  MUL: binary('mul'),
  CONCATENATION: concatenation,
  RESHAPE: reshape,
  SQUEEZE: reshape,
  SOFTMAX: softmax,
  LOGISTIC: activation('sigmoid', [1 / 256, -128]),
  TANH: activation('tanh', [1 / 128, 0]),
  RELU: activation('relu'),
  RELU6: activation('relu6'),
  RELU_N1_TO_1: activation('relu_n1_to_1'),
  LEAKY_RELU: activation('leaky_relu', undefined, (v) => ({ alpha: (v.op.options as LeakyReluOptions).alpha })),
  HARD_SWISH: activation('hard_swish'),
  PAD: pad,
  MEAN: mean,
  QUANTIZE: quantizeOp,
  DEQUANTIZE: dequantizeOp,
};
