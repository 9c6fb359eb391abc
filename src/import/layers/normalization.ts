import { addOp } from '../../ir/graph';
import { NO_CLAMP } from '../../ir/types';
import { bool, constant, LayerConverter, num, numOrList } from '../context';

/**
 * BatchNormalization at inference: y = (x − mean)/sqrt(var + eps)·gamma + beta, imported as a per-channel
 * affine op (scale, shift) that the fold pass merges into a preceding conv/dense where it can.
 */
const batchNorm: LayerConverter = (ctx, [x]) => {
  const rank = x.shape.length;
  const kAxis = numOrList(ctx.layer, 'axis', -1);
  if (kAxis.length !== 1) ctx.fail(`normalising over several axes [${kAxis}] is not supported`);
  // Keras axes count the batch axis; the IR omits it.
  const axis = (kAxis[0] < 0 ? kAxis[0] + rank + 1 : kAxis[0]) - 1;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${kAxis[0]} is out of range for input [${x.shape}]`);
  const c = x.shape[axis];
  const eps = num(ctx.layer, 'epsilon', 1e-3);
  const gamma = bool(ctx.layer, 'scale', true) ? ctx.weight('gamma', [c]).data : new Float32Array(c).fill(1);
  const beta = bool(ctx.layer, 'center', true) ? ctx.weight('beta', [c]).data : new Float32Array(c);
  const mean = ctx.weight('moving_mean', [c]).data;
  const variance = ctx.weight('moving_variance', [c]).data;
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    if (!(variance[i] + eps > 0)) {
      ctx.fail(`moving_variance is ${variance[i]} at channel ${i} (epsilon ${eps}): variance + epsilon must be positive; the weights are corrupt`);
    }
    const s = gamma[i] / Math.sqrt(variance[i] + eps);
    scale[i] = s;
    shift[i] = beta[i] - mean[i] * s;
  }
  return addOp(ctx.g, 'affine', ctx.layer.name, [x, constant(ctx, 'scale', [c], scale), constant(ctx, 'shift', [c], shift)], {
    axis,
    clamp: NO_CLAMP,
  });
};

/** Converters for normalization layers by class name. */
export const NORMALIZATION_LAYERS: Record<string, LayerConverter> = {
  BatchNormalization: batchNorm,
};
