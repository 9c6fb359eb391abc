import { ActivationFn, ActivationParams, OpAttrsByKind } from '../../ir/types';
import { FloatKernel } from '../kernel';

/** SELU scale (as in TF/Keras and the C kernel). */
export const SELU_SCALE = 1.0507009873554805;
/** SELU alpha (as in TF/Keras and the C kernel). */
export const SELU_ALPHA = 1.6732632423543772;

/**
 * Resolves an activation's parameters to the three scalars `[p0, p1, p2]` that `tinyfit_activation_f32`
 * takes, filling defaults for absent ones:
 * elu p0 = alpha (default 1); leaky_relu p0 = slope (default 0.3, the Keras / TF.js-layers layer default);
 * scale p0 = factor (default 1); relu_ex p0 = maxValue (default +Infinity, i.e. none), p1 = threshold
 * (default 0), p2 = negativeSlope (default 0). Unused slots are 0.
 */
export function activationParams(fn: ActivationFn, params: ActivationParams): [number, number, number] {
  switch (fn) {
    case 'elu':
      return [params.alpha ?? 1, 0, 0];
    case 'leaky_relu':
      return [params.alpha ?? 0.3, 0, 0];
    case 'scale':
      return [params.alpha ?? 1, 0, 0];
    case 'relu_ex':
      return [params.maxValue ?? Infinity, params.threshold ?? 0, params.negativeSlope ?? 0];
    default:
      return [0, 0, 0];
  }
}

function sigmoid(x: number): number {
  // Stable for large |x|.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * x · relu6(x + 3) / 6 with the float32 roundings of the C kernel (and of TFLite's float HARD_SWISH): x + 3,
 * the product and the quotient are each rounded to float32, so the result is bit-identical to the C.
 */
function hardSwish(x: number): number {
  const f = Math.fround;
  const t = f(x + 3);
  const r = t < 0 ? 0 : t > 6 ? 6 : t;
  return f(f(x * r) / 6);
}

/** The scalar function of an activation with resolved parameters (see {@link activationParams}). */
export function activationScalar(fn: ActivationFn, p: readonly [number, number, number]): (x: number) => number {
  const [p0, p1, p2] = p;
  switch (fn) {
    case 'linear':
      return (x) => x;
    case 'relu':
      return (x) => (x > 0 ? x : 0);
    case 'relu6':
      return (x) => (x > 0 ? (x < 6 ? x : 6) : 0);
    case 'sigmoid':
      return sigmoid;
    case 'hard_sigmoid':
      return (x) => {
        const y = 0.2 * x + 0.5;
        return y < 0 ? 0 : y > 1 ? 1 : y;
      };
    case 'tanh':
      return Math.tanh;
    case 'elu':
      return (x) => (x > 0 ? x : p0 * Math.expm1(x));
    case 'selu':
      return (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x));
    case 'softplus':
      return (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'softsign':
      return (x) => x / (1 + Math.abs(x));
    case 'swish':
      return (x) => x * sigmoid(x);
    case 'leaky_relu':
      return (x) => (x > 0 ? x : p0 * x);
    case 'relu_ex':
      return (x) => (x >= p0 ? p0 : x > p1 ? x : p2 * (x - p1));
    case 'scale':
      return (x) => x * p0;
    case 'hard_swish':
      return hardSwish;
    case 'relu_n1_to_1':
      return (x) => (x < -1 ? -1 : x > 1 ? 1 : x);
  }
}

/**
 * Elementwise activation, matching `tinyfit_activation_f32`.
 *
 * @param x input data (any shape)
 * @param attrs the function and its parameters (defaults as in {@link activationParams})
 * @returns output, same length as `x`
 */
export function activation(x: Float32Array, attrs: OpAttrsByKind['activation']): Float32Array {
  const f = activationScalar(attrs.fn, activationParams(attrs.fn, attrs.params));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

/** The interpreter's entry for the activation op. */
export const activationOp: FloatKernel<'activation'> = (op, ins) => activation(ins[0], op.attrs);
