/**
 * TFLite's own int8 arithmetic for the unary activations whose output depends only on the input byte, as
 * 256-entry tables (index q + 128) for `tinyfit_activation_lut_s8`: each entry is TFLite's integer formula evaluated on
 * that input, so a table lookup computes exactly what the TFLite Micro kernel computes. Written from the
 * behaviour of TFLM's kernels (tflite-micro main, 2026 `micro/kernels/internal` layout: activations_common.cc,
 * leaky_relu_common.cc, hard_swish_common.cc, internal/reference/leaky_relu.h and hard_swish.h, internal/
 * common.cc, internal/quantization_util.cc, internal/fixedpoint.h), default double-rounding build.
 *
 * Float32 conventions: TFLM computes its parameters at Prepare from the float32 scales stored in the model;
 * a "float32 quotient" below is float(a / b) (Math.fround of the double quotient of two float32 values, which
 * is the correctly rounded float32 division), then widened to double for QuantizeMultiplier.
 */
import { ActivationFn, ActivationParams, QuantParams } from '../../ir/types';
import { activationRange, multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAwayFromZero } from '../../arith/index';
import { activationParams } from '../float/activation';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';

const f32 = Math.fround;

/** The three clamp-like activations TFLite runs as requantize-and-clamp. */
export type TfliteReluKind = 'relu' | 'relu6' | 'relu_n1_to_1';

function clampInt8(v: number): number {
  return v < INT8_MIN ? INT8_MIN : v > INT8_MAX ? INT8_MAX : v;
}

/** Fills a table from a per-input function of the int8 value q. */
function table(f: (q: number) => number): Int8Array {
  const t = new Int8Array(256);
  for (let i = 0; i < 256; i++) t[i] = f(i + INT8_MIN);
  return t;
}

/** MultiplyByQuantizedMultiplier with a clear error when TFLite's multiplier cannot be applied (shift > 31). */
function requantizer(real: number, what: string): (x: number) => number {
  const m = quantizeMultiplier(real);
  if (m.shift > 31) throw new RangeError(`${what}: rescale factor ${real} ≥ 2^31 cannot be applied to an int32 (TFLite's left shift would overflow)`);
  return (x) => multiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
}

/**
 * TFLite's int8 RELU / RELU6 / RELU_N1_TO_1 as a table (TFLM's ReluQuantized, and desktop TFLite's QuantizedReluX
 * for all three): out = clamp(zp_out + MultiplyByQuantizedMultiplier(q − zp_in, M), act_min, act_max), where M is
 * QuantizeMultiplier of the float32 quotient s_in / s_out (TFLM's CalculateReluOpData; older TFLM releases divided
 * in double), and [act_min, act_max] is [0, ∞), [0, 6] or [−1, 1] quantized on the output as
 * zp_out + roundf(bound / s_out) (float32 division, halves away from zero), intersected with [−128, 127].
 *
 * RELU6 differs in TFLM: its Eval only clamps the raw input byte to [zp_in, zp_in + round(6 / s_in)] and ignores
 * the output parameters (see {@link tflmRelu6Table}). With equal input and output parameters both give the same
 * bytes (the identity multiplier is exact and the bounds coincide); with different ones this table computes the
 * requantized ReLU6 that the parameters describe (desktop TFLite's behaviour), TFLM would not.
 * TFLM has no RELU_N1_TO_1 kernel; its table follows desktop TFLite.
 *
 * @param kind which clamp
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 * @throws Error on bad parameters; RangeError when s_in / s_out ≥ 2^31
 */
export function tfliteReluTable(kind: TfliteReluKind, inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  const qi = activationQuant(inQuant, `${kind} input`);
  const qo = activationQuant(outQuant, `${kind} output`);
  const rescale = requantizer(f32(qi.scale / qo.scale), kind);
  const { min, max } = activationRange(kind, qo.scale, qo.zeroPoint, INT8_MIN, INT8_MAX);
  return table((q) => {
    const y = (qo.zeroPoint + rescale(q - qi.zeroPoint)) | 0;
    return y < min ? min : y > max ? max : y;
  });
}

/**
 * TFLM's int8 RELU6 literally (Relu6Prepare / Relu6Quantized): the raw input byte clamped to
 * [zp_in, six], six = FloatToQuantizedType(6, s_in, zp_in) = clamp(zp_in + round(float32(6 / s_in)), −128, 127).
 * The output tensor's parameters are not read: the bytes mean what they meant on the input. Equal to
 * {@link tfliteReluTable}('relu6') whenever input and output parameters are equal.
 *
 * @param inQuant input parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 */
export function tflmRelu6Table(inQuant: QuantParams | undefined): Int8Array {
  const qi = activationQuant(inQuant, 'relu6 input');
  const six = clampInt8(qi.zeroPoint + roundHalfAwayFromZero(f32(6 / qi.scale)));
  const zero = qi.zeroPoint;
  return table((q) => (q > six ? six : q < zero ? zero : q));
}

/**
 * TFLM's int8 LEAKY_RELU as a table (CalculateOpDataLeakyRelu + reference QuantizeLeakyRelu): with v = q − zp_in,
 * out = clamp(zp_out + (v ≥ 0 ? MBQM(v, M_id) : MBQM(v, M_alpha)), −128, 127), where M_id is QuantizeMultiplier of
 * the float32 quotient s_in / s_out and M_alpha of float32(float32(s_in · alpha) / s_out) (alpha is float32 in the
 * model). A negative alpha gives a negative M_alpha; current TFLM then applies |M_alpha| and negates the result
 * (older releases passed the negative multiplier through, which can round differently by one step).
 * MBQM = MultiplyByQuantizedMultiplier, double rounding.
 *
 * @param alpha the slope for negative inputs (any sign)
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 * @throws Error on bad parameters or a non-finite alpha; RangeError when a factor is ≥ 2^31
 */
export function tfliteLeakyReluTable(alpha: number, inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  const qi = activationQuant(inQuant, 'leaky_relu input');
  const qo = activationQuant(outQuant, 'leaky_relu output');
  const a = f32(alpha);
  if (!Number.isFinite(a)) throw new Error(`leaky_relu: alpha ${alpha} is not a finite float32`);
  const identity = requantizer(f32(qi.scale / qo.scale), 'leaky_relu');
  const mAlpha = quantizeMultiplier(f32(f32(qi.scale * a) / qo.scale));
  if (mAlpha.shift > 31) throw new RangeError(`leaky_relu: alpha rescale factor ≥ 2^31 cannot be applied to an int32`);
  const negative = mAlpha.multiplier < 0;
  const safe = negative ? -mAlpha.multiplier | 0 : mAlpha.multiplier;
  return table((q) => {
    const v = q - qi.zeroPoint;
    let y: number;
    if (v >= 0) y = identity(v);
    else {
      const s = multiplyByQuantizedMultiplier(v, safe, mAlpha.shift);
      y = negative ? -s | 0 : s;
    }
    return clampInt8((qo.zeroPoint + y) | 0);
  });
}

// ------------------------------------------------------------------------------------------------ HARD_SWISH

/** TFLM's HardSwishParams for int8 (hard_swish_common.cc). */
export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Q15 multiplier of s_in / 128 / s_out. */
  outputMultiplier16: number;
  /** ≤ 0 (TFLM refuses a model otherwise). */
  outputExponent: number;
  /** Q15 multiplier of (s_in / 128) / (3 / 32768). */
  reluishMultiplier16: number;
  reluishExponent: number;
}

/** int16 wrap-around (C's conversion of an int to int16_t). */
function i16(v: number): number {
  return (v << 16) >> 16;
}

/**
 * TFLite's DownScaleInt32ToInt16Multiplier: a Q31 multiplier (≥ 0) to Q15, rounding half up,
 * saturating to 32767 from 2^31 − 1 − 2^15 on.
 */
export function downScaleInt32ToInt16Multiplier(m: number): number {
  if (!(Number.isInteger(m) && m >= 0)) throw new RangeError(`downScaleInt32ToInt16Multiplier: ${m} is not a non-negative int32`);
  if (m >= 2147483647 - 32768) return 32767;
  return Math.floor((m + 32768) / 65536);
}

/** gemmlowp's SaturatingRoundingDoublingHighMul on int16: (a·b + nudge) / 2^15 truncated, nudge ±2^14. */
function srdhm16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  const ab = a * b;
  return i16(Math.trunc((ab + (ab >= 0 ? 16384 : 1 - 16384)) / 32768));
}

/** TFLite's SaturatingDoublingHighMul on int16 (hard_swish.h): a·b / 2^15 truncated towards zero (no rounding). */
function sdhm16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  return i16(Math.trunc((a * b) / 32768));
}

/**
 * gemmlowp's RoundingDivideByPOT on int16, exponent ∈ [0, 31], with int16 wrap-around everywhere as the C++
 * template does: the mask (2^e − 1) is converted to int16, so for e ≥ 16 it is −1 and the result degenerates
 * to 1 for x ≥ 0 and −1 for x < 0 (reachable with extreme output scales; reproduced, not corrected).
 */
function rdbpot16(x: number, exponent: number): number {
  const mask = i16(2 ** exponent - 1);
  const remainder = i16(x & mask);
  const threshold = i16((mask >> 1) + (x < 0 ? 1 : 0));
  return i16((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/** TFLite's SaturatingLeftShift on int16 (hard_swish.h): value · 2^amount saturated to int16. */
function satLeftShift16(v: number, amount: number): number {
  const r = v * 2 ** amount;
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/**
 * TFLM's int8 HARD_SWISH parameters (HardSwishPrepare): hires_input_scale = float32(s_in / 128),
 * reluish_scale = float32(3 / 32768); the output and "reluish" multipliers are QuantizeMultiplier of the float32
 * quotients hires / s_out and hires / reluish_scale, each then narrowed to Q15 by
 * {@link downScaleInt32ToInt16Multiplier} (the exponents are kept).
 *
 * @throws Error on bad parameters; RangeError when the output exponent is > 0 (s_in / 128 ≥ s_out: TFLM's
 *   Prepare rejects the model) or a multiplier's exponent is out of the kernel's range
 */
export function hardSwishParams(inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): HardSwishParams {
  const qi = activationQuant(inQuant, 'hard_swish input');
  const qo = activationQuant(outQuant, 'hard_swish output');
  const hires = f32(qi.scale / 128);
  const reluishScale = f32(3 / 32768);
  const out = quantizeMultiplier(f32(hires / qo.scale));
  const reluish = quantizeMultiplier(f32(hires / reluishScale));
  if (out.shift > 0) {
    throw new RangeError(`hard_swish: input scale ${qi.scale} / 128 ≥ output scale ${qo.scale} (TFLite requires an output multiplier exponent ≤ 0)`);
  }
  if (reluish.shift > 31) throw new RangeError(`hard_swish: input scale ${qi.scale} is too large for the reluish multiplier`);
  return {
    inputZeroPoint: qi.zeroPoint,
    outputZeroPoint: qo.zeroPoint,
    outputMultiplier16: downScaleInt32ToInt16Multiplier(out.multiplier),
    outputExponent: out.shift,
    reluishMultiplier16: downScaleInt32ToInt16Multiplier(reluish.multiplier),
    reluishExponent: reluish.shift,
  };
}

/**
 * TFLM's int8 HARD_SWISH for one input byte (reference HardSwish, int16 fixed point): the input is centred and
 * moved to the hires scale (·2^7); its product with the Q15 output multiplier is the pre-shift output value;
 * the "reluish" factor is the input rescaled so that 3.0 ↦ 2^15 (saturating left shift by exponent − 1, Q15
 * multiply, one more saturating left shift — or a rounding right shift for a negative exponent), mapped from
 * [−1, 1] to [0, 1] by (r + 2^15) >> 1; the two are multiplied without rounding (SaturatingDoublingHighMul),
 * divided by 2^−output_exponent with rounding, offset by zp_out (int16 arithmetic) and clamped to int8.
 */
export function hardSwishInt8(q: number, p: HardSwishParams): number {
  const hires = i16(i16(q - p.inputZeroPoint) * 128);
  const preshiftOut = srdhm16(hires, p.outputMultiplier16);
  let reluish = hires;
  if (p.reluishExponent > 0) reluish = satLeftShift16(reluish, p.reluishExponent - 1);
  reluish = srdhm16(reluish, p.reluishMultiplier16);
  if (p.reluishExponent > 0) reluish = satLeftShift16(reluish, 1);
  if (p.reluishExponent < 0) reluish = rdbpot16(reluish, -p.reluishExponent);
  reluish = i16((reluish + 32768) >> 1);
  const preshift = sdhm16(reluish, preshiftOut);
  const y = i16(rdbpot16(preshift, -p.outputExponent) + p.outputZeroPoint);
  return clampInt8(y);
}

/**
 * TFLM's int8 HARD_SWISH as a table ({@link hardSwishParams}, {@link hardSwishInt8}).
 *
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 * @throws as {@link hardSwishParams}
 */
export function tfliteHardSwishTable(inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  const p = hardSwishParams(inQuant, outQuant);
  return table((q) => hardSwishInt8(q, p));
}

/**
 * TFLite's int8 → int8 QUANTIZE (a requantization, TFLM's Requantize) as a table: out = clamp(zp_out +
 * MultiplyByQuantizedMultiplier(q − zp_in, M), −128, 127) with M = QuantizeMultiplier of the double quotient
 * s_in / s_out (TFLM's quantize Prepare). With equal parameters it is the identity.
 *
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 * @throws Error on bad parameters; RangeError when s_in / s_out ≥ 2^31
 */
export function tfliteRequantizeTable(inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  const qi = activationQuant(inQuant, 'requantize input');
  const qo = activationQuant(outQuant, 'requantize output');
  const rescale = requantizer(qi.scale / qo.scale, 'requantize');
  return table((q) => clampInt8((qo.zeroPoint + rescale(q - qi.zeroPoint)) | 0));
}

/**
 * The TFLite-exact table of an activation when TFLite has a dedicated int8 kernel for it whose result depends only
 * on the input byte: linear (an int8 → int8 QUANTIZE, {@link tfliteRequantizeTable}), relu, relu6, relu_n1_to_1 ({@link tfliteReluTable}), leaky_relu (alpha from the params, default
 * as the float op; {@link tfliteLeakyReluTable}) and hard_swish ({@link tfliteHardSwishTable}); undefined for any
 * other function (those keep the float-evaluated table), and for hard_swish parameters that TFLM's Prepare rejects
 * (s_in / 128 ≥ s_out), where there is no TFLite result to reproduce.
 */
export function tfliteActivationTable(
  fn: ActivationFn,
  params: ActivationParams,
  inQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
): Int8Array | undefined {
  switch (fn) {
    case 'linear':
      return tfliteRequantizeTable(inQuant, outQuant);
    case 'relu':
    case 'relu6':
    case 'relu_n1_to_1':
      return tfliteReluTable(fn, inQuant, outQuant);
    case 'leaky_relu':
      return tfliteLeakyReluTable(activationParams(fn, params)[0], inQuant, outQuant);
    case 'hard_swish':
      try {
        return tfliteHardSwishTable(inQuant, outQuant);
      } catch (e) {
        // Parameters TFLM's Prepare rejects: no TFLite result to match, keep the float-evaluated table.
        if (e instanceof RangeError) return undefined;
        throw e;
      }
    default:
      return undefined;
  }
}
