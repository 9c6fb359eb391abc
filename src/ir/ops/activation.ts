/** Elementwise activation functions (Keras Activation/ReLU/ELU/LeakyReLU/..., TFLite RELU/LOGISTIC/TANH/HARD_SWISH/...). */
import { NO_MACS, OpDef, Shapes, opFail } from './def';

/** Every activation function, in the order of the C kernel's enum. */
export const ACTIVATION_FNS = [
  'linear', 'relu', 'relu6', 'sigmoid', 'hard_sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'leaky_relu', 'relu_ex', 'scale',
  /** x · relu6(x + 3) / 6 (TFLite HARD_SWISH). */
  'hard_swish',
  /** clamp(x, −1, 1) (TFLite RELU_N1_TO_1; relu_ex cannot express it: its negative branch is not constant). */
  'relu_n1_to_1',
] as const;

/** Unary activation functions (applied elementwise). */
export type ActivationFn = (typeof ACTIVATION_FNS)[number];

/** Parameters for parameterised activations. */
export interface ActivationParams {
  /** elu: alpha; leaky_relu: slope; scale: factor. */
  alpha?: number;
  /** relu_ex: f(x) = x ≥ maxValue ? maxValue : x > threshold ? x : negativeSlope·(x − threshold). */
  maxValue?: number;
  threshold?: number;
  negativeSlope?: number;
}

export interface ActivationAttrs {
  fn: ActivationFn;
  params: ActivationParams;
}

/** TFLite's fixed int8 output parameters of LOGISTIC (and SOFTMAX): scale 1/256, zero point −128. */
export const LOGISTIC_OUTPUT = { scale: 1 / 256, zeroPoint: -128 } as const;
/** TFLite's fixed int8 output parameters of TANH: scale 1/128, zero point 0. */
export const TANH_OUTPUT = { scale: 1 / 128, zeroPoint: 0 } as const;

export const activation: OpDef<'activation'> = {
  summary: 'y = f(x) elementwise',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    const { fn, params } = op.attrs;
    if (!(ACTIVATION_FNS as readonly string[]).includes(fn)) opFail(op, `activation '${fn}' is not supported (supported: ${ACTIVATION_FNS.join(', ')})`);
    for (const [k, v] of Object.entries(params ?? {})) {
      if (v === undefined) continue;
      // relu_ex's max_value may be +Infinity (no cap); everything else must be finite in float32, as the C computes.
      const ok = typeof v === 'number' && (Number.isFinite(Math.fround(v)) || (k === 'maxValue' && v === Infinity));
      if (!ok) opFail(op, `attribute '${k}' must be a finite float32 number, got ${v}`);
    }
    return [...x];
  },
  memory: { inPlace: 'first', stridedInput: () => true, stridedOutput: () => true },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: (op) => (op.attrs.fn === 'sigmoid' ? LOGISTIC_OUTPUT : op.attrs.fn === 'tanh' ? TANH_OUTPUT : undefined) },
  macs: NO_MACS,
  kernels: { float: ['activation_f32'], int8: ['activation_lut_s8', 'activation_logistic_s8', 'activation_tanh_s8'] },
};
