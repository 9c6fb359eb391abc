import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { activationQuant, checkLength } from './common';
import { Int8Kernel } from '../kernel';

/**
 * Int8 spatial padding of an HWC tensor, as TFLite Micro's PAD for int8 without explicit constant values:
 * the new cells hold the zero point (real 0), the others are copied. Input and output share their
 * parameters.
 *
 * @param x input `[H, W, C]`, int8
 * @param xShape `[H, W, C]`
 * @param quant parameters of the input, shared by the output (per tensor)
 * @param attrs rows/columns to add on each side
 * @returns output `[H + top + bottom, W + left + right, C]`, int8
 * @throws Error on inconsistent shapes or parameters
 */
export function padInt8(x: Int8Array, xShape: readonly number[], quant: QuantParams | undefined, attrs: OpAttrsByKind['pad']): Int8Array {
  if (xShape.length !== 3) throw new Error(`internal: padInt8 needs an HWC input, got [${xShape}]`);
  const [h, w, c] = xShape;
  checkLength('padInt8 input', x, xShape);
  const { zeroPoint } = activationQuant(quant, 'padInt8');
  const { top, left, bottom, right } = attrs.pad;
  if (![top, left, bottom, right].every((p) => Number.isInteger(p) && p >= 0)) {
    throw new Error(`internal: padInt8 paddings must be non-negative integers, got ${JSON.stringify(attrs.pad)}`);
  }
  const oh = h + top + bottom;
  const ow = w + left + right;
  const out = new Int8Array(oh * ow * c).fill(zeroPoint);
  for (let y = 0; y < h; y++) out.set(x.subarray(y * w * c, (y + 1) * w * c), ((y + top) * ow + left) * c);
  return out;
}

/** The interpreter's entry for the pad op. */
export const padOp: Int8Kernel<'pad'> = (op, io) => padInt8(io.x(0), io.t(0).shape, io.t(0).quant, op.attrs);
