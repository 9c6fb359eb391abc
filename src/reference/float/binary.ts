import { BinaryFn, OpAttrsByKind } from '../../ir/types';
import { clampValue } from './common';
import { FloatKernel } from '../kernel';

function scalarFn(fn: BinaryFn): (a: number, b: number) => number {
  switch (fn) {
    case 'add':
      return (a, b) => a + b;
    case 'sub':
      return (a, b) => a - b;
    case 'mul':
      return (a, b) => a * b;
    case 'max':
      return (a, b) => (a > b ? a : b);
    case 'min':
      return (a, b) => (a < b ? a : b);
  }
}

/**
 * Elementwise binary op, then the fused clamp, matching `tinyfit_binary_f32`. A smaller operand repeats
 * (element i reads operand[i % operand.length]), which is how trailing-block broadcasting is laid out.
 *
 * @param a first operand
 * @param b second operand
 * @param attrs function and fused clamp
 * @param n output length (default: the longer operand)
 * @returns output of n elements
 */
export function binary(a: Float32Array, b: Float32Array, attrs: OpAttrsByKind['binary'], n = Math.max(a.length, b.length)): Float32Array {
  if (n % a.length !== 0 || n % b.length !== 0) throw new Error(`internal: binary operands of ${a.length} and ${b.length} elements do not repeat to ${n}`);
  const f = scalarFn(attrs.fn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = clampValue(f(a[i % a.length], b[i % b.length]), attrs.clamp);
  return out;
}

/** The interpreter's entry for the binary op. */
export const binaryOp: FloatKernel<'binary'> = (op, ins) => binary(ins[0], ins[1], op.attrs);
