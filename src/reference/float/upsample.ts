import { OpAttrsByKind } from '../../ir/types';
import { checkLength } from './common';
import { FloatKernel } from '../kernel';

/**
 * Nearest-neighbour upsampling of an HWC tensor by integer factors, matching `tinyfit_upsample_nearest_f32`:
 * `out[y][x][c] = in[floor(y / scaleH)][floor(x / scaleW)][c]` (Keras UpSampling2D).
 *
 * @param x input `[H, W, C]`
 * @param xShape `[H, W, C]`
 * @param attrs `[scaleH, scaleW]`
 * @returns output `[H·scaleH, W·scaleW, C]`
 */
export function upsample(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['upsample']): Float32Array {
  const [h, w, c] = xShape;
  checkLength('upsample input', x, xShape);
  const [sh, sw] = attrs.scale;
  const oh = h * sh;
  const ow = w * sw;
  const out = new Float32Array(oh * ow * c);
  for (let y = 0; y < oh; y++) {
    const iy = Math.floor(y / sh);
    for (let xo = 0; xo < ow; xo++) {
      const src = (iy * w + Math.floor(xo / sw)) * c;
      out.set(x.subarray(src, src + c), (y * ow + xo) * c);
    }
  }
  return out;
}

/** The interpreter's entry for the upsample op. */
export const upsampleOp: FloatKernel<'upsample'> = (op, ins, shapes) => upsample(ins[0], shapes[0], op.attrs);
