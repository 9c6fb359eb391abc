import { addOp } from '../../ir/graph';
import { activationName, applyActivation, cfg, constant, LayerConverter, num, numList, numOrList } from '../context';

const activation: LayerConverter = (ctx, [x]) =>
  applyActivation(ctx, x, activationName(ctx, cfg<unknown>(ctx.layer, 'activation', 'linear')), 'act');

/** ReLU layer: plain relu, relu6, or the general max_value / negative_slope / threshold form. */
const relu: LayerConverter = (ctx, [x]) => {
  const maxValue = num(ctx.layer, 'max_value', null);
  const negativeSlope = num(ctx.layer, 'negative_slope', 0);
  const threshold = num(ctx.layer, 'threshold', 0);
  if (negativeSlope === 0 && threshold === 0 && (maxValue === null || maxValue === 6)) {
    return addOp(ctx.g, 'activation', ctx.layer.name, [x], { fn: maxValue === 6 ? 'relu6' : 'relu', params: {} });
  }
  // Keras clips to max_value only above the threshold: with max_value < threshold, inputs in between map to
  // negative_slope·(x − threshold), which relu_ex (x ≥ max_value → max_value) cannot express.
  if (maxValue !== null && maxValue < threshold) ctx.fail(`max_value ${maxValue} below threshold ${threshold} is not supported`);
  return addOp(ctx.g, 'activation', ctx.layer.name, [x], {
    fn: 'relu_ex',
    params: { maxValue: maxValue ?? Infinity, threshold, negativeSlope },
  });
};

const leakyRelu: LayerConverter = (ctx, [x]) => {
  const alpha = num(ctx.layer, 'negative_slope', num(ctx.layer, 'alpha', 0.3));
  return addOp(ctx.g, 'activation', ctx.layer.name, [x], { fn: 'leaky_relu', params: { alpha } });
};

const elu: LayerConverter = (ctx, [x]) =>
  addOp(ctx.g, 'activation', ctx.layer.name, [x], { fn: 'elu', params: { alpha: num(ctx.layer, 'alpha', 1) } });

/**
 * PReLU: alpha has the input's shape with shared axes set to 1. When alpha only varies over trailing axes
 * (the common per-channel case) it is stored compactly and repeats over the rest; otherwise it is expanded.
 */
const prelu: LayerConverter = (ctx, [x]) => {
  const shared = numList(ctx.layer, 'shared_axes', []).map((a) => a - 1);
  const ashape = x.shape.map((d, i) => (shared.includes(i) ? 1 : d));
  const alpha = ctx.weight('alpha', ashape).data;
  let first = ashape.findIndex((d) => d !== 1);
  if (first < 0) first = ashape.length;
  const trailingMatch = ashape.slice(first).every((d, i) => d === x.shape[first + i]);
  if (trailingMatch) return addOp(ctx.g, 'prelu', ctx.layer.name, [x, constant(ctx, 'alpha', [alpha.length], alpha)], {});
  // Broadcast alpha to the full input shape.
  const n = x.shape.reduce((a, b) => a * b, 1);
  const full = new Float32Array(n);
  const rank = x.shape.length;
  const idx = new Array(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let ai = 0;
    for (let d = 0; d < rank; d++) ai = ai * ashape[d] + (ashape[d] === 1 ? 0 : idx[d]);
    full[i] = alpha[ai];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < x.shape[d]) break;
      idx[d] = 0;
    }
  }
  return addOp(ctx.g, 'prelu', ctx.layer.name, [x, constant(ctx, 'alpha', [...x.shape], full)], {});
};

const softmax: LayerConverter = (ctx, [x]) => {
  const a = numOrList(ctx.layer, 'axis', -1);
  if (a.length !== 1) ctx.fail(`softmax over several axes [${a}] is not supported`);
  const axis = a[0] < 0 ? a[0] + x.shape.length : a[0] - 1;
  return addOp(ctx.g, 'softmax', ctx.layer.name, [x], { axis });
};

/** Converters for activation layers by class name. */
export const ACTIVATION_LAYERS: Record<string, LayerConverter> = {
  Activation: activation,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  ELU: elu,
  PReLU: prelu,
  Softmax: softmax,
};
