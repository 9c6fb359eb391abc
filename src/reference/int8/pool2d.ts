import { FusedClamp, NO_CLAMP, OpAttrsByKind, QuantParams } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { activationQuant, checkLength, outputRange } from './common';
import { Int8Kernel } from '../kernel';

/**
 * Int8 max or average pooling of an HWC tensor with TFLite Micro's integer arithmetic (reference
 * MaxPool / AveragePool for int8), bit-exact. Input and output share their quantization parameters (TFLite's
 * restriction), so both work on the raw int8 values:
 *
 * - max: the largest int8 of the in-bounds cells, then clamped to [act_min, act_max];
 * - avg: sum = Σ of the raw int8 of the in-bounds cells (padded cells are excluded from the sum and from the
 *   count, TF 'same'), divided with rounding half away from zero in C integer arithmetic:
 *   `sum > 0 ? (sum + count/2) / count : (sum − count/2) / count` (C `/` truncates; count/2 too), then clamped.
 *   The rounding is of the raw value, not of q − zp: avg(real) = s·(avg(q) − zp) because the parameters are
 *   shared.
 *
 * A window with no in-bounds cell (only possible with padding ≥ the pool size; TF's 'same'/'valid' never
 * produce one) gives the zero point clamped to [act_min, act_max], i.e. real 0 like the float reference.
 * TFLite differs there: its max pool returns act_min (−128 without a clamp) and its average pool fails.
 *
 * @param x input `[H, W, C]`, int8
 * @param xShape `[H, W, C]`
 * @param quant parameters of the input, shared by the output (per tensor)
 * @param attrs pool type, window, strides and explicit padding
 * @param clamp a fused activation in real units (TFLite's pooling has one; the IR's pool2d does not): default none
 * @returns output `[OH, OW, C]`, int8
 * @throws Error on inconsistent shapes or parameters
 */
export function pool2dInt8(
  x: Int8Array,
  xShape: readonly number[],
  quant: QuantParams | undefined,
  attrs: OpAttrsByKind['pool2d'],
  clamp: FusedClamp = NO_CLAMP,
): Int8Array {
  if (xShape.length !== 3) throw new Error(`internal: pool2dInt8 needs an HWC input, got [${xShape}]`);
  const [ih, iw, c] = xShape;
  checkLength('pool2dInt8 input', x, xShape);
  const q = activationQuant(quant, 'pool2dInt8');
  const { min: actMin, max: actMax } = outputRange(clamp, q);
  const empty = q.zeroPoint < actMin ? actMin : q.zeroPoint > actMax ? actMax : q.zeroPoint;
  const [ph, pw] = attrs.pool;
  const [sh, sw] = attrs.strides;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, ph, sh, 1, top, bottom);
  const ow = windowOut(iw, pw, sw, 1, left, right);
  const isMax = attrs.type === 'max';
  const out = new Int8Array(Math.max(oh, 0) * Math.max(ow, 0) * c);
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
          out[obase + ch] = empty;
          continue;
        }
        let acc = isMax ? -128 : 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = x[(iy * iw + ix) * c + ch];
            if (isMax) {
              if (v > acc) acc = v;
            } else acc += v;
          }
        }
        if (!isMax) {
          const half = Math.trunc(count / 2);
          acc = Math.trunc(acc > 0 ? (acc + half) / count : (acc - half) / count);
        }
        out[obase + ch] = acc < actMin ? actMin : acc > actMax ? actMax : acc;
      }
    }
  }
  return out;
}

/** The interpreter's entry for the pool2d op. */
export const pool2dOp: Int8Kernel<'pool2d'> = (op, io) => pool2dInt8(io.x(0), io.t(0).shape, io.t(0).quant, op.attrs);
