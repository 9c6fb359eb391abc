import { OpAttrsByKind } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { checkLength } from './common';
import { FloatKernel } from '../kernel';

/**
 * Max or average pooling of an HWC tensor, matching `tinyfit_pool2d_max_f32` / `tinyfit_pool2d_avg_f32`.
 * Padded cells never take part: max ignores them (they are not 0) and average divides by the number of
 * in-bounds cells of the window (TF 'same' semantics). A window lying entirely in padding yields 0.
 *
 * @param x input `[H, W, C]`
 * @param xShape `[H, W, C]`
 * @param attrs pool type, window, strides and explicit padding
 * @returns output `[OH, OW, C]`
 */
export function pool2d(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['pool2d']): Float32Array {
  const [ih, iw, c] = xShape;
  checkLength('pool2d input', x, xShape);
  const [ph, pw] = attrs.pool;
  const [sh, sw] = attrs.strides;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, ph, sh, 1, top, bottom);
  const ow = windowOut(iw, pw, sw, 1, left, right);
  const isMax = attrs.type === 'max';
  const out = new Float32Array(oh * ow * c);
  for (let oy = 0; oy < oh; oy++) {
    const y0 = Math.max(oy * sh - top, 0);
    const y1 = Math.min(oy * sh - top + ph, ih);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = Math.max(ox * sw - left, 0);
      const x1 = Math.min(ox * sw - left + pw, iw);
      const count = Math.max(y1 - y0, 0) * Math.max(x1 - x0, 0);
      const obase = (oy * ow + ox) * c;
      for (let ch = 0; ch < c; ch++) {
        if (count === 0) {
          out[obase + ch] = 0;
          continue;
        }
        let acc = isMax ? -Infinity : 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = x[(iy * iw + ix) * c + ch];
            if (isMax) {
              if (v > acc) acc = v;
            } else acc += v;
          }
        }
        out[obase + ch] = isMax ? acc : acc / count;
      }
    }
  }
  return out;
}

/** The interpreter's entry for the pool2d op. */
export const pool2dOp: FloatKernel<'pool2d'> = (op, ins, shapes) => pool2d(ins[0], shapes[0], op.attrs);
