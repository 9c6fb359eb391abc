import { BinaryFn, OpAttrsByKind } from '../../ir/types';
import { clampValue } from './common';

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
 * Elementwise binary op over two same-sized inputs, then the fused clamp, matching `tinyfit_binary_f32`.
 *
 * @param a first operand
 * @param b second operand (same length)
 * @param attrs function and fused clamp
 * @returns output, same length as the inputs
 */
export function binary(a: Float32Array, b: Float32Array, attrs: OpAttrsByKind['binary']): Float32Array {
  if (a.length !== b.length) throw new Error(`internal: binary operands have ${a.length} and ${b.length} elements`);
  const f = scalarFn(attrs.fn);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = clampValue(f(a[i], b[i]), attrs.clamp);
  return out;
}
