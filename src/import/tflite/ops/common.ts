/**
 * What the TFLite operator converters share: reading an operator's inputs through the ImportContext (activations
 * without the batch axis, constants decoded with their file parameters), fused activations, padding, emitting IR
 * ops with errors reported against the operator, and the shape of an operator's entry (TfliteOpSpec).
 */
import { addOp } from '../../../ir/graph';
import { tfPadding } from '../../../ir/shapes';
import { ActivationFn, FusedClamp, NO_CLAMP, Pad2D, Tensor } from '../../../ir/types';
import { ImportContext, OpView } from '../context';
import { irQuant } from '../tensors';
import { TfliteActivation, TflitePadding } from '../model';
import { OptionsTable } from '../optionFields';

/** Converts one operator; returns nothing (outputs are bound in the context). */
export type OpConverter = (ctx: ImportContext, v: OpView) => void;

/** The clamp of a fused activation; TANH and SIGN_BIT have no clamp form. */
export function fusedClamp(v: OpView, a: TfliteActivation | undefined): FusedClamp {
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
export function fusedAsActivation(v: OpView, a: TfliteActivation | undefined): ActivationFn | undefined {
  const c = fusedClamp(v, a);
  if (c === NO_CLAMP) return undefined;
  if (c.min === 0 && c.max === Infinity) return 'relu';
  if (c.min === 0 && c.max === 6) return 'relu6';
  return 'relu_n1_to_1';
}

/** An activation input (must be computed by an earlier op or be a graph input). */
export function act(ctx: ImportContext, v: OpView, i: number): Tensor {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0) v.fail(`input ${i} is missing`);
  const x = ctx.values.get(idx);
  if (x) return x;
  if (ctx.isConstant(idx)) v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') is a constant where tinyfit expects an activation`);
  return v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') is read before any operator writes it`);
}

/** A constant input (weights, bias, paddings, axes), or undefined for an omitted optional input (−1). */
export function constIn(ctx: ImportContext, v: OpView, i: number, optional = false): Tensor | undefined {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0) {
    if (optional) return undefined;
    return v.fail(`input ${i} is missing`);
  }
  if (!ctx.isConstant(idx)) v.fail(`input ${i} (tensor ${idx} '${ctx.tfl(idx).name}') must be a constant (weights computed at run time are not supported)`);
  return ctx.constant(idx, v.fail);
}

/** An elementwise operand: an activation, or a constant shaped for IR broadcasting (batch axis dropped). */
export function operand(ctx: ImportContext, v: OpView, i: number, outRank: number): Tensor {
  const idx = v.op.inputs[i];
  if (idx === undefined || idx < 0 || !ctx.isConstant(idx)) return act(ctx, v, i);
  const c = ctx.constant(idx, v.fail);
  if (c.shape.length === outRank && outRank >= 2) {
    if (c.shape[0] !== 1) v.fail(`constant input ${i} has batch ${c.shape[0]}`);
    c.shape = c.shape.slice(1);
  }
  return c;
}

export function out(ctx: ImportContext, v: OpView, y: Tensor, k = 0): Tensor {
  const idx = v.op.outputs[k];
  if (idx === undefined) v.fail(`output ${k} is missing`);
  return ctx.bind(idx, y, v.irName, v.fail);
}

/** Emits an IR op, reporting shape errors against the TFLite operator. */
export function emit<K extends Parameters<typeof addOp>[1]>(v: OpView, ...args: Parameters<typeof addOp<K>>): Tensor {
  try {
    return addOp(...args);
  } catch (e) {
    return v.fail((e as Error).message);
  }
}

export function checkTypes(v: OpView, x: Tensor, w: Tensor, b: Tensor | undefined): void {
  if (x.dtype === 'float32' && w.dtype !== 'float32') v.fail(`float32 input with ${w.dtype} weights (hybrid) is not supported; use a float32 or a fully int8 model`);
  if (x.dtype === 'int8' && w.dtype !== 'int8') v.fail(`int8 input needs int8 weights, got ${w.dtype}`);
  if (x.dtype === 'int8' && !w.quant) v.fail('int8 weights have no quantization parameters');
  const wantBias = x.dtype === 'int8' ? 'int32' : 'float32';
  if (b && b.dtype !== wantBias) v.fail(`${x.dtype} input needs a ${wantBias} bias, got ${b.dtype}`);
}

export function padding(v: OpView, mode: TflitePadding, x: Tensor, k: [number, number], s: [number, number], d: [number, number]): Pad2D {
  if (mode !== 'SAME' && mode !== 'VALID') v.fail(`padding ${String(mode)} is not supported`);
  const m = mode === 'SAME' ? 'same' : 'valid';
  const [top, bottom] = tfPadding(m, x.shape[0], k[0], s[0], d[0]);
  const [left, right] = tfPadding(m, x.shape[1], k[1], s[1], d[1]);
  return { top, left, bottom, right };
}

export function positive(v: OpView, what: string, ...xs: number[]): void {
  if (xs.some((x) => !(Number.isInteger(x) && x >= 1))) v.fail(`${what} must be ≥ 1, got ${xs.join('×')}`);
}

export function rank(v: OpView, x: Tensor, r: number, what = 'input'): void {
  if (x.shape.length !== r) v.fail(`${what} must have rank ${r + 1} (batch included), got [1,${x.shape}]`);
}

/**
 * One TFLite builtin operator as tinyfit reads it: the highest version whose features tinyfit implements (an
 * operator's version rises when the converter needs a newer kernel feature: int16 activations, int4 or hybrid
 * weights, grouped convolution, ...; tensor types are checked separately), the layout of its builtin options
 * table if it has one, and its converter.
 */
export interface TfliteOpSpec {
  maxVersion: number;
  options?: OptionsTable;
  convert: OpConverter;
}

/**
 * Appends a standalone activation for a fused activation the IR op cannot carry (pooling, concatenation). The op's
 * raw result is labelled with the output's parameters first, as TFLite Micro reads it, so the activation maps
 * parameters to themselves: a pure clamp to TFLite's quantized activation range.
 */
export function withFused(ctx: ImportContext, v: OpView, y: Tensor, a: TfliteActivation | undefined): Tensor {
  const fn = fusedAsActivation(v, a);
  if (!fn) return y;
  const q = irQuant(ctx.tfl(v.op.outputs[0]).quant, true);
  if (y.dtype === 'int8' && q) y.quant = q;
  return emit(v, ctx.g, 'activation', `${v.irName}/${fn}`, [y], { fn, params: {} });
}

/** Output parameters TFLite fixes for int8 softmax/logistic (1/256, −128) and tanh (1/128, 0). */
export function fixedOutput(ctx: ImportContext, v: OpView, scale: number, zeroPoint: number): void {
  const t = ctx.tfl(v.op.outputs[0]);
  if (t.type !== 'int8') return;
  const q = t.quant;
  if (!q || q.scale.length !== 1 || Math.fround(q.scale[0]) !== Math.fround(scale) || (q.zeroPoint[0] ?? 0) !== zeroPoint) {
    v.fail(`int8 output must have scale ${scale} and zero point ${zeroPoint} (TFLite's fixed ${v.name} output), got ${q?.scale[0]} and ${q?.zeroPoint[0]}`);
  }
}
