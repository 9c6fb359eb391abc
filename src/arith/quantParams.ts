/**
 * Quantization parameters and float↔int conversions for int8 (TFLite's quantization specification, tensorflow.org/lite/performance/quantization_spec).
 *
 * Float vs double, and why: a .tflite (and tinyfit's generated C) stores every scale as float32, and TFLM
 * computes its integer parameters from those float32 values at init time. So every scale leaving this module
 * is rounded to float32 (Math.fround), and the functions that mirror a TFLM computation take float32 inputs
 * (rounded with Math.fround on entry) and reproduce its float/double choices. Emulating a float32 operation
 * as Math.fround(a ∘ b) on float32 operands is exact for + − × ÷: a double carries more than 2·24 + 2 bits,
 * so rounding first to double and then to float32 gives the correctly rounded float32 result.
 */

import { INT32_MAX, frexp, roundHalfAwayFromZero } from './fixedPoint';

/** Scale and zero point of an affine quantized tensor: real = scale · (q − zeroPoint). */
export interface QuantParams {
  /** float32-representable, > 0. */
  scale: number;
  /** Integer in [qmin, qmax]. */
  zeroPoint: number;
}

const f32 = Math.fround;

/**
 * Asymmetric parameters for a real range, as TFLite's ChooseQuantizationParams (in double): the range is
 * first widened to contain 0 (as the TFLite converter does), scale = (max − min)/(qmax − qmin), the zero point
 * is solved from whichever end (min, qmin) or (max, qmax) has the smaller rounding error, then nudged to an
 * integer in [qmin, qmax] (std::round), so real 0 is exactly representable (q = zeroPoint). The nudge moves
 * the representable range by at most half a step. The returned scale is rounded to float32 (what the model
 * stores; the zero point is computed from the double scale, as TFLite does).
 *
 * Deviation: for min = max = 0 TFLite returns scale 0, which later divides by zero; this returns
 * { scale: 1, zeroPoint: 0 } (clamped into [qmin, qmax]), which represents an all-zero tensor exactly.
 * @throws RangeError on non-finite input, min > max, qmin ≥ qmax, or a range whose scale is not a positive
 *   finite float32.
 */
export function chooseQuantParams(min: number, max: number, qmin = -128, qmax = 127): QuantParams {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`chooseQuantParams: invalid range [${min}, ${max}]`);
  }
  if (!(Number.isInteger(qmin) && Number.isInteger(qmax) && qmin < qmax)) {
    throw new RangeError(`chooseQuantParams: invalid integer range [${qmin}, ${qmax}]`);
  }
  const rmin = Math.min(min, 0);
  const rmax = Math.max(max, 0);
  if (rmin === rmax) return { scale: 1, zeroPoint: Math.min(qmax, Math.max(qmin, 0)) };
  const scale = (rmax - rmin) / (qmax - qmin);
  const storedScale = f32(scale);
  if (!(storedScale > 0 && Number.isFinite(storedScale))) {
    throw new RangeError(`chooseQuantParams: range [${min}, ${max}] gives scale ${scale}, not a positive float32`);
  }
  const zpFromMin = qmin - rmin / scale;
  const zpFromMax = qmax - rmax / scale;
  const errFromMin = Math.abs(qmin) + Math.abs(rmin / scale);
  const errFromMax = Math.abs(qmax) + Math.abs(rmax / scale);
  const zp = errFromMin < errFromMax ? zpFromMin : zpFromMax;
  const zeroPoint = zp < qmin ? qmin : zp > qmax ? qmax : roundHalfAwayFromZero(zp);
  return { scale: storedScale, zeroPoint };
}

/**
 * Symmetric scale for a weight range: float32(absMax / qmax), the float32 division TFLite's converter does.
 * Deviation: absMax = 0 (or a scale that underflows float32) gives 1 instead of TFLite's 0: with 0, the
 * bias scale s_in·0 = 0 quantizes a channel's bias to 0 and the requantization multiplier to 0, silently
 * dropping the bias of an all-zero filter channel. Any positive scale represents all-zero weights exactly.
 */
export function symmetricScale(absMax: number, qmax = 127): number {
  if (!(absMax >= 0 && Number.isFinite(absMax))) throw new RangeError(`symmetricScale: invalid absMax ${absMax}`);
  if (!(qmax > 0)) throw new RangeError(`symmetricScale: invalid qmax ${qmax}`);
  const s = f32(f32(absMax) / qmax);
  return s > 0 && Number.isFinite(s) ? s : 1;
}

/**
 * float → int as TFLM's QUANTIZE kernel (AffineQuantize): the float32 division x / scale, std::round
 * (halves away from zero), + zeroPoint, clamped to [qmin, qmax] (TFLite clamps in double, so no overflow).
 * NaN maps to zeroPoint (undefined behaviour in TFLite).
 */
export function quantize(x: number, scale: number, zeroPoint: number, qmin = -128, qmax = 127): number {
  const v = roundHalfAwayFromZero(f32(f32(x) / f32(scale))) + zeroPoint;
  if (v !== v) return zeroPoint;
  return v < qmin ? qmin : v > qmax ? qmax : v;
}

/**
 * int → float as TFLM's DEQUANTIZE kernel: float32(scale) · (q − zeroPoint) in float32. For |q − zp| < 2^24
 * the product is exact in double before the single rounding to float32.
 */
export function dequantize(q: number, scale: number, zeroPoint: number): number {
  return f32(f32(scale) * (q - zeroPoint));
}

/** Fused activations that TFLite folds into the output clamp. */
export type FusedActivation = 'none' | 'relu' | 'relu6' | 'relu_n1_to_1';

/**
 * The [act_min, act_max] clamp of a quantized kernel's output, as TFLite's CalculateActivationRangeQuantized:
 * each bound is zeroPoint + std::round(float32(bound / scale)), intersected with [qmin, qmax].
 * E.g. ReLU6 with scale 6/255 (float32) and zp −128 gives [−128, 127].
 */
export function activationRange(
  activation: FusedActivation,
  scale: number,
  zeroPoint: number,
  qmin = -128,
  qmax = 127,
): { min: number; max: number } {
  const q = (real: number): number => {
    const t = roundHalfAwayFromZero(f32(real / f32(scale)));
    if (!(Math.abs(t) <= INT32_MAX)) throw new RangeError(`activationRange: ${real} / ${scale} overflows int32`);
    return zeroPoint + t;
  };
  switch (activation) {
    case 'none':
      return { min: qmin, max: qmax };
    case 'relu':
      return { min: Math.max(qmin, q(0)), max: qmax };
    case 'relu6':
      return { min: Math.max(qmin, q(0)), max: Math.min(qmax, q(6)) };
    case 'relu_n1_to_1':
      return { min: Math.max(qmin, q(-1)), max: Math.min(qmax, q(1)) };
  }
}

/**
 * Real requantization multiplier s_in·s_w/s_out exactly as TFLM computes it for CONV_2D, DEPTHWISE_CONV_2D
 * (per-channel and per-tensor filters alike) and per-channel FULLY_CONNECTED: each float32 scale widened to
 * double, then (double)s_in · (double)s_w / (double)s_out (the product of two float32 is exact in double).
 * Feed the result to quantizeMultiplier.
 */
export function effectiveScale(inputScale: number, weightScale: number, outputScale: number): number {
  return (f32(inputScale) * f32(weightScale)) / f32(outputScale);
}

/**
 * The multiplier for per-tensor FULLY_CONNECTED, as TFLite's GetQuantizedConvolutionMultipler: the product
 * s_in·s_w is taken in float32 (rounded), then widened and divided in double by s_out. It can differ from
 * {@link effectiveScale} in the last bits, and so occasionally in the quantized multiplier.
 */
export function effectiveScaleFloatProduct(inputScale: number, weightScale: number, outputScale: number): number {
  return f32(f32(inputScale) * f32(weightScale)) / f32(outputScale);
}

/** float32 weights quantized to int8 symmetric (zero point 0) in [−127, 127]. */
export interface QuantizedWeights {
  data: Int8Array;
  /** float32 scales: one per channel along the axis, or one for per-tensor. */
  scales: number[];
}

/**
 * round(w / s) halves away from zero, clamped to [−127, 127]; |w − q·s| ≤ s/2 unless clamped. Correctly
 * rounded although divided in double: with w, s float32, w/s = W/S for integers W, S < 2^24, so a quotient
 * that is not a half-integer is ≥ 2^−25 away from one, far more than the double's error (< 2^−45 near 127).
 */
function quantizeWeight(w: number, s: number): number {
  const q = roundHalfAwayFromZero(w / s);
  return q < -127 ? -127 : q > 127 ? 127 : q;
}

function checkFinite(w: Float32Array, what: string): void {
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) throw new RangeError(`${what}: non-finite weight at index ${i}`);
  }
}

/**
 * Per-channel symmetric int8 weights along `axis` (0 for CONV OHWI, 3 for DEPTHWISE 1HWC):
 * s[c] = symmetricScale(max |w| over channel c), q = round(w / s[c]) halves away from zero, in [−127, 127].
 * The division is done in double (TFLite's converter multiplies by a float32 reciprocal instead; results
 * differ only on near-ties), so the round-trip error is at most s[c]/2.
 */
export function quantizeWeightsPerChannel(w: Float32Array, shape: number[], axis: number): QuantizedWeights {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== w.length) throw new RangeError(`quantizeWeightsPerChannel: shape [${shape}] does not match ${w.length} values`);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < shape.length)) {
    throw new RangeError(`quantizeWeightsPerChannel: axis ${axis} out of range for rank ${shape.length}`);
  }
  checkFinite(w, 'quantizeWeightsPerChannel');
  const channels = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const outer = channels === 0 || inner === 0 ? 0 : size / (channels * inner);
  const absMax = new Float64Array(channels);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let m = absMax[c];
      for (let k = 0; k < inner; k++, i++) m = Math.max(m, Math.abs(w[i]));
      absMax[c] = m;
    }
  }
  const scales = Array.from(absMax, (m) => symmetricScale(m));
  const data = new Int8Array(size);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scales[c];
      for (let k = 0; k < inner; k++, i++) data[i] = quantizeWeight(w[i], s);
    }
  }
  return { data, scales };
}

/** Per-tensor symmetric int8 weights (usual for FULLY_CONNECTED): one scale from max |w|. */
export function quantizeWeightsPerTensor(w: Float32Array): QuantizedWeights {
  checkFinite(w, 'quantizeWeightsPerTensor');
  let m = 0;
  for (let i = 0; i < w.length; i++) m = Math.max(m, Math.abs(w[i]));
  const s = symmetricScale(m);
  const data = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) data[i] = quantizeWeight(w[i], s);
  return { data, scales: [s] };
}

/** The float32 scale stored for a bias tensor: float32(s_in · s_w), the float32 product TFLite's converter uses. */
export function biasScale(inputScale: number, weightScale: number): number {
  return f32(f32(inputScale) * f32(weightScale));
}

/** x = m · 2^e exactly, with an integer m (|m| < 2^53), for finite x. */
function toDyadic(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const { fraction, exponent } = frexp(x);
  return { m: BigInt(fraction * 9007199254740992), e: exponent - 53 }; // fraction · 2^53 is an integer
}

/**
 * int32 bias with zero point 0 and scale s_in·s_w[c] (`weightScales` has one entry per bias element, or one
 * broadcast to all): q = the integer nearest to b / (s_in·s_w[c]), halves away from zero, clamped to
 * ±(2^31 − 1) as TFLite's converter does; a zero scale gives 0 (TFLite's convention). The divisor is the exact
 * product of the float32 scales (the kernel adds the bias at exactly that scale; TFLite's converter divides by
 * the float32-rounded product instead, see {@link biasScale}). The quotient is rounded exactly, with BigInt
 * (once per channel): a 48-bit divisor makes double division unreliable near ties for large quotients.
 * The bias is 1-D (one value per output channel), so unlike the weights it needs no axis.
 */
export function quantizeBias(b: ArrayLike<number>, inputScale: number, weightScales: ArrayLike<number>): Int32Array {
  if (weightScales.length !== 1 && weightScales.length !== b.length) {
    throw new RangeError(`quantizeBias: ${weightScales.length} weight scales for ${b.length} bias values`);
  }
  const out = new Int32Array(b.length);
  for (let c = 0; c < b.length; c++) {
    const s = f32(inputScale) * f32(weightScales[weightScales.length === 1 ? 0 : c]); // exact in double
    const v = b[c];
    if (!Number.isFinite(v)) throw new RangeError(`quantizeBias: non-finite bias at index ${c}`);
    if (!(s >= 0)) throw new RangeError(`quantizeBias: negative scale for channel ${c}`);
    if (s === 0 || v === 0) continue;
    const x = toDyadic(v);
    const y = toDyadic(s);
    let num = x.m < 0n ? -x.m : x.m;
    let den = y.m;
    if (x.e >= y.e) num <<= BigInt(x.e - y.e);
    else den <<= BigInt(y.e - x.e);
    const q = (2n * num + den) / (2n * den); // floor(|v|/s + 1/2): halves away from zero after the sign
    const mag = q > BigInt(INT32_MAX) ? INT32_MAX : Number(q);
    out[c] = x.m < 0n ? -mag : mag;
  }
  return out;
}
