import { OpAttrsByKind } from '../../ir/types';
import { normAxis } from '../../ir/shapes';
import { checkLength, size } from './common';
import { FloatKernel } from '../kernel';

/**
 * Concatenates inputs along an axis, matching `tinyfit_concat_f32`.
 *
 * @param xs input data, in order
 * @param shapes their shapes (equal except along the axis)
 * @param attrs the axis (may be negative)
 * @returns output whose axis length is the sum of the inputs'
 */
export function concat(xs: readonly Float32Array[], shapes: readonly (readonly number[])[], attrs: OpAttrsByKind['concat']): Float32Array {
  if (xs.length === 0 || xs.length !== shapes.length) throw new Error('internal: concat needs one shape per input, at least one input');
  const rank = shapes[0].length;
  const ax = normAxis(attrs.axis, rank);
  if (ax < 0 || ax >= rank) throw new Error(`internal: concat axis ${attrs.axis} out of range for rank ${rank}`);
  const outer = size(shapes[0].slice(0, ax));
  const inner = size(shapes[0].slice(ax + 1));
  const blocks = shapes.map((s) => s[ax] * inner);
  xs.forEach((x, k) => checkLength(`concat input ${k}`, x, shapes[k]));
  const outBlock = blocks.reduce((a, b) => a + b, 0);
  const out = new Float32Array(outer * outBlock);
  for (let o = 0; o < outer; o++) {
    let dst = o * outBlock;
    for (let k = 0; k < xs.length; k++) {
      const blk = blocks[k];
      out.set(xs[k].subarray(o * blk, (o + 1) * blk), dst);
      dst += blk;
    }
  }
  return out;
}

/** The interpreter's entry for the concat op. */
export const concatOp: FloatKernel<'concat'> = (op, ins, shapes) => concat(ins, shapes, op.attrs);
