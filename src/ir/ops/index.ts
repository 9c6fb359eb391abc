/**
 * The op table: every op kind of the IR with its attributes' type and its definition (src/ir/ops/<kind>.ts).
 * Adding a kind here makes the compiler demand its float and int8 reference (src/reference/registry.ts) and its
 * C call builders (src/codegen/calls/index.ts): see docs/adding-an-op.md.
 */
import type { Op, OpKind, OpOf } from '../types';
import { OpDef, Shapes, checkArity } from './def';
import { activation, ActivationAttrs } from './activation';
import { affine, AffineAttrs } from './affine';
import { binary, BinaryAttrs } from './binary';
import { concat, ConcatAttrs } from './concat';
import { conv2d, Conv2dAttrs } from './conv2d';
import { conv2d_transpose, Conv2dTransposeAttrs } from './conv2d_transpose';
import { crop, CropAttrs } from './crop';
import { dense, DenseAttrs } from './dense';
import { depthwise_conv2d, DepthwiseConv2dAttrs } from './depthwise_conv2d';
import { dequantize, DequantizeAttrs } from './dequantize';
import { global_pool, GlobalPoolAttrs } from './global_pool';
import { identity, IdentityAttrs } from './identity';
import { pad, PadAttrs } from './pad';
import { pool2d, Pool2dAttrs } from './pool2d';
import { prelu, PreluAttrs } from './prelu';
import { quantize, QuantizeAttrs } from './quantize';
import { reshape, ReshapeAttrs } from './reshape';
import { softmax, SoftmaxAttrs } from './softmax';
import { transpose, TransposeAttrs } from './transpose';
import { upsample, UpsampleAttrs } from './upsample';

/** Attributes by op kind: the set of op kinds. */
export interface OpAttrsByKind {
  conv2d: Conv2dAttrs;
  conv2d_transpose: Conv2dTransposeAttrs;
  depthwise_conv2d: DepthwiseConv2dAttrs;
  dense: DenseAttrs;
  pool2d: Pool2dAttrs;
  global_pool: GlobalPoolAttrs;
  reshape: ReshapeAttrs;
  transpose: TransposeAttrs;
  affine: AffineAttrs;
  activation: ActivationAttrs;
  prelu: PreluAttrs;
  softmax: SoftmaxAttrs;
  binary: BinaryAttrs;
  concat: ConcatAttrs;
  pad: PadAttrs;
  crop: CropAttrs;
  upsample: UpsampleAttrs;
  quantize: QuantizeAttrs;
  dequantize: DequantizeAttrs;
  identity: IdentityAttrs;
}

/** The definition of every op kind. */
export const OPS: { readonly [K in OpKind]: OpDef<K> } = {
  conv2d,
  conv2d_transpose,
  depthwise_conv2d,
  dense,
  pool2d,
  global_pool,
  reshape,
  transpose,
  affine,
  activation,
  prelu,
  softmax,
  binary,
  concat,
  pad,
  crop,
  upsample,
  quantize,
  dequantize,
  identity,
};

/** Every op kind, in table order. */
export const OP_KINDS = Object.keys(OPS) as OpKind[];

/**
 * The definition of an op's kind.
 * @throws Error (internal) for a kind the table does not know — only possible for an op built outside TypeScript's checks
 */
export function opDef<K extends OpKind>(op: OpOf<K> | { kind: K }): OpDef<K> {
  const d = (OPS as Record<string, OpDef<K> | undefined>)[op.kind];
  if (!d) throw new Error(`internal: op kind '${op.kind}' is not in the op table (src/ir/ops/index.ts)`);
  return d;
}

/**
 * Checks an op's inputs and attributes and infers its output shape from its input shapes. `hint` is the
 * requested output shape where the op needs one (reshape).
 * @throws TinyfitError naming the layer and attribute on bad attributes or shapes that do not fit
 */
export function inferShape(op: Op, ins: Shapes, hint?: readonly number[]): number[] {
  const d = opDef(op) as OpDef<OpKind>;
  checkArity(op, d.arity);
  return d.shape(op as never, ins, hint);
}
