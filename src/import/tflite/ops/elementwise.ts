/** TFLite elementwise operators: ADD, SUB, MUL, SOFTMAX and the activations. */
import { ActivationFn, ActivationParams } from '../../../ir/types';
import { ActivationOptions, LeakyReluOptions, SoftmaxOptions } from '../model';
import { activation as activationField, float32, table } from '../optionFields';
import { optionsCode } from '../schema';
import { OpView } from '../context';
import { OpConverter, TfliteOpSpec, act, emit, fixedOutput, fusedClamp, operand, out } from './common';

function binary(fn: 'add' | 'sub' | 'mul'): OpConverter {
  return (ctx, v) => {
    const o = v.op.options as ActivationOptions;
    const r = ctx.tfl(v.op.outputs[0]).shape.length;
    const a = operand(ctx, v, 0, r);
    const b = operand(ctx, v, 1, r);
    if (a.dtype !== b.dtype) v.fail(`inputs are ${a.dtype} and ${b.dtype}`);
    const y = emit(v, ctx.g, 'binary', v.irName, [a, b], { fn, clamp: fusedClamp(v, o.fusedActivationFunction) });
    out(ctx, v, y);
  };
}

const softmax: OpConverter = (ctx, v) => {
  const beta = (v.op.options as SoftmaxOptions).beta;
  if (!(beta > 0 && Number.isFinite(beta))) v.fail(`beta ${beta} must be a positive number`);
  let x = act(ctx, v, 0);
  fixedOutput(ctx, v, 1 / 256, -128);
  const axis = x.shape.length - 1;
  if (x.dtype === 'float32' && beta !== 1) {
    // softmax(β·x): the float kernel has no β, so scale the logits first (exact in real arithmetic).
    x = emit(v, ctx.g, 'activation', `${v.irName}/beta`, [x], { fn: 'scale', params: { alpha: beta } });
  }
  out(ctx, v, emit(v, ctx.g, 'softmax', v.irName, [x], x.dtype === 'int8' && beta !== 1 ? { axis, beta } : { axis }));
};

function activation(fn: ActivationFn, fixed?: [number, number], params?: (v: OpView) => ActivationParams): OpConverter {
  return (ctx, v) => {
    const x = act(ctx, v, 0);
    if (fixed) fixedOutput(ctx, v, fixed[0], fixed[1]);
    out(ctx, v, emit(v, ctx.g, 'activation', v.irName, [x], { fn, params: params ? params(v) : {} }));
  };
}

/** ADD, SUB, MUL, SOFTMAX, LOGISTIC, TANH, RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU, HARD_SWISH. */
export const ELEMENTWISE_OPS: Readonly<Record<string, TfliteOpSpec>> = {
  ADD: { maxVersion: 2, options: table(optionsCode('AddOptions'), activationField(0)), convert: binary('add') }, // 2: int8; 3: int16, 4+: 5-D broadcast, int64
  SUB: { maxVersion: 2, options: table(optionsCode('SubOptions'), activationField(0)), convert: binary('sub') },
  MUL: { maxVersion: 3, options: table(optionsCode('MulOptions'), activationField(0)), convert: binary('mul') }, // 3: int8 with s1·s2/s_out ≥ 1; 4+: int16, complex
  SOFTMAX: { maxVersion: 2, options: table(optionsCode('SoftmaxOptions'), float32('beta', 0)), convert: softmax }, // 2: int8; 3: int16
  LOGISTIC: { maxVersion: 2, convert: activation('sigmoid', [1 / 256, -128]) },
  TANH: { maxVersion: 2, convert: activation('tanh', [1 / 128, 0]) },
  RELU: { maxVersion: 2, convert: activation('relu') }, // 2: int8; 3: int16
  RELU6: { maxVersion: 2, convert: activation('relu6') },
  RELU_N1_TO_1: { maxVersion: 1, convert: activation('relu_n1_to_1') },
  LEAKY_RELU: {
    maxVersion: 2, // 2: int8; 3+: int16
    options: table(optionsCode('LeakyReluOptions'), float32('alpha', 0)),
    convert: activation('leaky_relu', undefined, (v) => ({ alpha: (v.op.options as LeakyReluOptions).alpha })),
  },
  HARD_SWISH: { maxVersion: 1, convert: activation('hard_swish') },
};
