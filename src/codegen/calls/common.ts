/**
 * What an op's C call builder gets and returns (src/codegen/calls/<kind>.ts): how generated code names tensors,
 * the memory plan's decisions the call must honour, and the template context of the call. Int8 builders also
 * declare file-scope constant arrays (per-channel multipliers and shifts, tables), computed at generation time
 * by the same functions the int8 reference runs.
 */
import { tensor } from '../../ir/graph';
import { FusedClamp, Graph, Op, OpKind, OpOf, Tensor } from '../../ir/types';
import { Rounding } from '../../arith/rounding';
import { cFloat, cInt32 } from '../format';

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

/** What every call builder gets. */
export interface CallCtx {
  g: Graph;
  p: PointerNames;
  /**
   * The plain call of `kernel` with `args` (`block`: C statements before it, in a scope of their own), through the
   * generic `call` template: an op needs no template of its own.
   */
  call(kernel: string, args: (string | number)[], block?: string[]): OpCall;
}

/** What an int8 call builder gets besides: the rounding mode, the symbol prefix, and the constant-array helper. */
export interface Int8CallCtx extends CallCtx {
  rounding: Rounding;
  prefix: string;
  /** Declares a file-scope constant array of this op (`<op symbol>_<suffix>`) and returns its C name. */
  arr(suffix: string, ctype: CType, values: ArrayLike<number>): string;
}

/** C element types of generation-time constant arrays. */
export type CType = 'int8_t' | 'int' | 'int32_t';

/** Bytes of one element of a constant array. */
export const C_BYTES: Record<CType, number> = { int8_t: 1, int: 4, int32_t: 4 };

/** Builds an op's call in a float32 graph. */
export type FloatCall<K extends OpKind> = (op: OpOf<K>, c: CallCtx) => OpCall;
/** Builds an op's call in an int8 graph. */
export type Int8Call<K extends OpKind> = (op: OpOf<K>, c: Int8CallCtx) => OpCall;

/** Marks an op that emits no code: its output aliases its input (reshape, identity). */
export const NO_CODE = 'no code' as const;

/** One op kind's call builders, for float32 and int8 graphs. */
export interface OpCalls<K extends OpKind> {
  float: FloatCall<K> | typeof NO_CODE;
  int8: Int8Call<K> | typeof NO_CODE;
}

/** A float builder for ops that only occur in int8 graphs (quantize, dequantize): reaching it is a bug. */
export function onlyInInt8Graphs<K extends OpKind>(): FloatCall<K> {
  return (op) => {
    throw new Error(`internal: op '${op.name}' (${op.kind}) occurs in int8 graphs only, not in a float32 one`);
  };
}

/** The op's first input and its output, and the context every template starts from. */
export function io(op: Op, c: CallCtx): { x: Tensor; y: Tensor; base: { name: string; kind: string; in: string; out: string } } {
  const x = tensor(c.g, op.inputs[0]);
  const y = tensor(c.g, op.outputs[0]);
  return { x, y, base: { name: op.name, kind: op.kind, in: c.p.ptr(x.id), out: c.p.ptr(y.id) } };
}

/** Template values of a fused clamp. */
export function clampCtx(cl: FusedClamp): { actMin: string; actMax: string } {
  return { actMin: cFloat(cl.min), actMax: cFloat(cl.max) };
}

/** Kernel-name infix of a weight's storage: '' (float32), '_f16w' (IEEE half), '_i8w' (int8 + channel scales). */
export function weightVariant(w: Tensor): string {
  return w.storage?.kind === 'float16' ? '_f16w' : w.storage?.kind === 'int8' ? '_i8w' : '';
}

/** The weight argument(s) of a weighted kernel: the array, plus its channel scales for int8 storage. */
export function weightArgs(w: Tensor, p: PointerNames): string {
  return w.storage?.kind === 'int8' ? `${p.ptr(w.id)}, ${p.ptr(w.id)}_scale` : p.ptr(w.id);
}

/** The optional bias argument (input 2) of a weighted kernel. */
export function biasArg(op: Op, p: PointerNames): string {
  return op.inputs[2] !== undefined ? p.ptr(op.inputs[2]) : 'NULL';
}

/** Rows, row length and strides of an elementwise op: flat unless a view is involved, then one row per pixel. */
export function rowsOf(x: Tensor, y: Tensor, p: PointerNames): { rows: number; n: number; inStride: number; outStride: number } {
  const strided = p.strided(x.id) || p.strided(y.id);
  const total = x.shape.reduce((a, b) => a * b, 1);
  const n = strided ? x.shape[x.shape.length - 1] : total;
  return { rows: total / n, n, inStride: strided ? p.stride(x.id) : n, outStride: strided ? p.stride(y.id) : n };
}

export { cFloat, cInt32 };

/** The OpCall of a plain kernel call through the generic `call` template. */
export function plainCall(op: Op, kernel: string, args: (string | number)[], block: string[] = []): OpCall {
  return { template: 'call', kernels: [kernel], ctx: { name: op.name, kind: op.kind, fn: kernel, argsText: args.map(String).join(', '), block } };
}
