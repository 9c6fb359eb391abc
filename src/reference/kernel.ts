/**
 * The shapes of the reference kernels as the interpreters call them: one float and one int8 kernel per op kind
 * (src/reference/float/<kind>.ts and src/reference/int8/<kind>.ts), collected in ./registry.ts.
 */
import { OpKind, OpOf, Tensor } from '../ir/types';
import { Shapes } from '../ir/ops/def';
import { RequantOptions } from '../arith/rounding';

/**
 * Runs one op in float32.
 * @param op the op (its attributes are read, its tensor ids are not)
 * @param ins the values of `op.inputs`, in order
 * @param shapes the shapes of `op.inputs`, in order
 * @returns the value of the op's output: a fresh array, or for aliases (reshape, identity) the input itself
 */
export type FloatKernel<K extends OpKind> = (op: OpOf<K>, ins: readonly Float32Array[], shapes: Shapes) => Float32Array;

/** A tensor value in the int8 interpreter (float32 at a float/int8 boundary, int32 for biases). */
export type Int8Value = Int8Array | Float32Array | Int32Array;

/** What an int8 kernel reads of its op: input values and tensors, the output tensor, the rounding mode. */
export interface Int8Io {
  /** Input `i` as int8 (an internal error when it is not). */
  x(i: number): Int8Array;
  /** Input `i` of any type; undefined when the op has no input `i` (an optional bias). */
  v(i: number): Int8Value | undefined;
  /** The tensor of input `i` (shape, quantization parameters). */
  t(i: number): Tensor;
  /** The output tensor. */
  y: Tensor;
  /** Requantization rounding of the graph. */
  opts: RequantOptions;
}

/** Runs one op of a quantized graph. */
export type Int8Kernel<K extends OpKind> = (op: OpOf<K>, io: Int8Io) => Int8Value;
