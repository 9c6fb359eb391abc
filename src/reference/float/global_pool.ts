import { OpAttrsByKind } from '../../ir/types';
import { checkLength } from './common';
import { FloatKernel } from '../kernel';

/**
 * Global max or average pooling over H and W of an HWC tensor, matching `tinyfit_global_pool_{avg,max}_f32`.
 *
 * @param x input `[H, W, C]`
 * @param xShape `[H, W, C]`
 * @param attrs pool type
 * @returns output `[C]`
 */
export function globalPool(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['global_pool']): Float32Array {
  const [h, w, c] = xShape;
  checkLength('global_pool input', x, xShape);
  const cells = h * w;
  const isMax = attrs.type === 'max';
  const out = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    let acc = isMax ? -Infinity : 0;
    for (let p = 0; p < cells; p++) {
      const v = x[p * c + ch];
      if (isMax) {
        if (v > acc) acc = v;
      } else acc += v;
    }
    out[ch] = isMax ? acc : acc / cells;
  }
  return out;
}

/** The interpreter's entry for the global_pool op. */
export const globalPoolOp: FloatKernel<'global_pool'> = (op, ins, shapes) => globalPool(ins[0], shapes[0], op.attrs);
