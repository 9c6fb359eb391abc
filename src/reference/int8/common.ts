/**
 * Helpers shared by the int8 reference kernels (not a kernel themselves): validation of quantization
 * parameters, the requantization multipliers and the fused-activation range, as TFLite Micro's Prepare
 * functions compute them (tensorflow/lite/kernels/kernel_util.cc: PopulateConvolutionQuantizationParams, CalculateActivationRangeQuantized).
 *
 * Conventions of a quantized tinyfit graph (src/ir/types.ts `QuantParams`):
 * - int8 activations: per tensor, asymmetric — `scale[0]` (a positive float32), `zeroPoint[0]` ∈ [−128, 127];
 * - int8 weights: symmetric (every zero point 0), per channel along `axis` (conv OHWI: 0, depthwise 1HWC: 3,
 *   dense [OUT, IN]: 0) or per tensor (one scale);
 * - int32 bias: zero point 0, scale s_in·s_w[c] (never read by the kernels: they add the integers as they are).
 * Scales are float32 in a .tflite and in the generated C, so every scale is rounded with Math.fround on entry.
 */
import { FusedClamp, QuantParams } from '../../ir/types';
import { FusedActivation, QuantizedMultiplier, Rounding, activationRange, multiplierFor, quantizeMultiplier, roundHalfAwayFromZero } from '../../arith/index';

/** Smallest int8. */
export const INT8_MIN = -128;
/** Largest int8. */
export const INT8_MAX = 127;

const f32 = Math.fround;

/** Per-tensor quantization of an int8 activation: real = scale · (q − zeroPoint). */
export interface ActQuant {
  /** float32, > 0. */
  scale: number;
  /** Integer in [−128, 127]. */
  zeroPoint: number;
}

/** An inclusive int8 output range [min, max] (the kernels' act_min / act_max). */
export interface IntRange {
  min: number;
  max: number;
}

/**
 * Validates the per-tensor parameters of an int8 activation and returns them with the scale rounded to float32.
 * @throws Error when `q` is missing, per-axis (more than one scale), has a non-positive or non-finite scale
 *   (after rounding to float32) or a zero point that is not an integer in [−128, 127].
 */
export function activationQuant(q: QuantParams | undefined, what: string): ActQuant {
  if (!q) throw new Error(`${what}: int8 activation has no quantization parameters`);
  if (q.scale.length !== 1 || q.zeroPoint.length !== 1) {
    throw new Error(`${what}: int8 activations are quantized per tensor, got ${q.scale.length} scales and ${q.zeroPoint.length} zero points`);
  }
  const scale = f32(q.scale[0]);
  const zeroPoint = q.zeroPoint[0];
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`${what}: scale ${q.scale[0]} is not a positive finite float32`);
  if (!(Number.isInteger(zeroPoint) && zeroPoint >= INT8_MIN && zeroPoint <= INT8_MAX)) {
    throw new Error(`${what}: zero point ${zeroPoint} is not an integer in [-128, 127]`);
  }
  return { scale, zeroPoint };
}

/**
 * The float32 weight scale of every output channel: per tensor (one scale, repeated `channels` times) or per
 * channel (`channels` scales, `axis` must then equal `expectedAxis`). Every zero point must be 0 (symmetric).
 * @throws Error on a scale count that is neither 1 nor `channels`, a wrong axis, a nonzero zero point, or a
 *   scale that is not a positive finite float32.
 */
export function weightScales(q: QuantParams | undefined, channels: number, expectedAxis: number, what: string): number[] {
  if (!q) throw new Error(`${what}: int8 weights have no quantization parameters`);
  const n = q.scale.length;
  if (n !== 1 && n !== channels) throw new Error(`${what}: ${n} scales for ${channels} output channels`);
  if (n > 1 && q.axis !== expectedAxis) {
    throw new Error(`${what}: per-channel scales must be along axis ${expectedAxis}, got axis ${q.axis}`);
  }
  if (q.zeroPoint.length !== 1 && q.zeroPoint.length !== n) {
    throw new Error(`${what}: ${q.zeroPoint.length} zero points for ${n} scales`);
  }
  if (q.zeroPoint.some((z) => z !== 0)) throw new Error(`${what}: int8 weights must be symmetric (zero point 0)`);
  const out: number[] = [];
  for (let c = 0; c < channels; c++) {
    const s = f32(q.scale[n === 1 ? 0 : c]);
    if (!(s > 0 && Number.isFinite(s))) throw new Error(`${what}: scale ${q.scale[n === 1 ? 0 : c]} of channel ${c} is not a positive finite float32`);
    out.push(s);
  }
  return out;
}

/**
 * The multiplier of a real rescale factor for a rounding mode ({@link multiplierFor}), restricted to what the
 * kernels can apply. 'double' / 'single': the real must be finite, ≥ 0 and below 2^31 (TFLite's encoding would
 * need a left shift > 31, undefined in C; 'single' would otherwise saturate silently). 'shift': the real must be
 * an exact power of two that a shift can apply (multiplierFor's check).
 * @throws RangeError (message prefixed with `what`) on a real the mode cannot apply
 */
export function checkedMultiplier(real: number, rounding: Rounding, what: string): QuantizedMultiplier {
  if (rounding !== 'shift') {
    if (!(real >= 0 && Number.isFinite(real))) throw new RangeError(`${what}: requantization multiplier ${real} is not a finite non-negative number`);
    if (quantizeMultiplier(real).shift > 31) {
      throw new RangeError(`${what}: requantization multiplier ${real} ≥ 2^31 cannot be applied to an int32 accumulator`);
    }
  }
  try {
    return multiplierFor(real, rounding);
  } catch (e) {
    throw new RangeError(`${what}: ${(e as Error).message}`);
  }
}

/**
 * TFLite's QuantizeMultiplierSmallerThanOneExp (ADD / SUB) for a rounding mode: the real must be in (0, 1) and
 * its encoded shift ≤ 0 (TFLite aborts otherwise; this throws). Mode 'shift' also needs a power of two.
 * @throws RangeError unless 0 < real < 1 and the resulting shift is ≤ 0
 */
export function multiplierSmallerThanOne(real: number, rounding: Rounding, what: string): QuantizedMultiplier {
  if (!(real > 0 && real < 1)) {
    throw new RangeError(`${what}: multiplier ${real} must be in (0, 1) (TFLite's QuantizeMultiplierSmallerThanOneExp)`);
  }
  const m = multiplierFor(real, rounding);
  if (m.shift > 0) throw new RangeError(`${what}: multiplier ${real} rounds up to 1 (TFLite's QuantizeMultiplierSmallerThanOneExp)`);
  return m;
}

function fusedKind(c: FusedClamp): FusedActivation | undefined {
  if (c.min === -Infinity && c.max === Infinity) return 'none';
  if (c.min === 0 && c.max === Infinity) return 'relu';
  if (c.min === 0 && c.max === 6) return 'relu6';
  if (c.min === -1 && c.max === 1) return 'relu_n1_to_1';
  return undefined;
}

/** zp + round(float32(bound / scale)) as TFLite's CalculateActivationRangeQuantized, saturated to int8 (in double). */
function quantizeBound(bound: number, out: ActQuant): number {
  if (bound === -Infinity) return INT8_MIN;
  if (bound === Infinity) return INT8_MAX;
  const q = out.zeroPoint + roundHalfAwayFromZero(f32(f32(bound) / out.scale));
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}

/**
 * The int8 output range of a fused clamp given in real units (`attrs.clamp` of the IR):
 * none / ReLU / ReLU6 / ReLU_N1_TO_1 go through {@link activationRange} (TFLite's
 * CalculateActivationRangeQuantized, intersected with [−128, 127]); any other clamp quantizes each finite bound
 * with the same formula, zp + round(float32(bound / scale)), and saturates it to [−128, 127] (an infinite bound
 * is the int8 limit). Each bound is within half an output step of the real bound unless saturated.
 * @throws Error when the clamp is empty or NaN (min > max).
 */
export function outputRange(clamp: FusedClamp, out: ActQuant): IntRange {
  if (!(clamp.min <= clamp.max)) throw new Error(`fused clamp [${clamp.min}, ${clamp.max}] is empty`);
  const kind = fusedKind(clamp);
  if (kind) return activationRange(kind, out.scale, out.zeroPoint, INT8_MIN, INT8_MAX);
  return { min: quantizeBound(clamp.min, out), max: quantizeBound(clamp.max, out) };
}

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws when a buffer does not hold numel(shape) elements. */
export function checkLength(what: string, data: ArrayLike<number>, shape: readonly number[]): void {
  const n = numel(shape);
  if (data.length !== n) throw new Error(`internal: ${what} has ${data.length} elements, shape [${shape}] needs ${n}`);
}
