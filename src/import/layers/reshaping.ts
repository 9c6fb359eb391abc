import { addOp } from '../../ir/graph';
import { Pad2D } from '../../ir/types';
import { cfg, ConvertCtx, LayerConverter, numList, pair, requireChannelsLast, str } from '../context';

const flatten: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  return addOp(ctx.g, 'reshape', ctx.layer.name, [x], {}, [x.shape.reduce((a, b) => a * b, 1)]);
};

const reshape: LayerConverter = (ctx, [x]) => {
  const target = numList(ctx.layer, 'target_shape', []);
  const n = x.shape.reduce((a, b) => a * b, 1);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const shape = target.map((d) => (d === -1 ? n / known : d));
  if (target.filter((d) => d === -1).length > 1 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    ctx.fail(`cannot reshape [${x.shape}] to [${target}]`);
  }
  return addOp(ctx.g, 'reshape', ctx.layer.name, [x], {}, shape);
};

const permute: LayerConverter = (ctx, [x]) => {
  // Keras dims are 1-based and exclude the batch axis.
  const dims = numList(ctx.layer, 'dims', []).map((d) => d - 1);
  return addOp(ctx.g, 'transpose', ctx.layer.name, [x], { perm: dims });
};

/** Reads ZeroPadding2D/Cropping2D amounts: int, [sym_h, sym_w] or [[top, bottom], [left, right]]. */
function amounts2d(ctx: ConvertCtx, key: string, dflt: unknown): Pad2D {
  const v = cfg<unknown>(ctx.layer, key, dflt);
  if (typeof v === 'number') return { top: v, bottom: v, left: v, right: v };
  if (Array.isArray(v) && v.length === 2) {
    const [h, w] = v as unknown[];
    const hv = typeof h === 'number' ? [h, h] : (h as number[]);
    const wv = typeof w === 'number' ? [w, w] : (w as number[]);
    const nums = (a: unknown): a is [number, number] => Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'number');
    if (nums(hv) && nums(wv)) {
      return { top: hv[0], bottom: hv[1], left: wv[0], right: wv[1] };
    }
  }
  return ctx.fail(`cannot read '${key}' ${JSON.stringify(v)}`);
}

const zeroPadding2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  if (x.shape.length !== 3) ctx.fail(`expects a rank-3 input (without batch), got [${x.shape}]`);
  return addOp(ctx.g, 'pad', ctx.layer.name, [x], { pad: amounts2d(ctx, 'padding', 1) });
};

const cropping2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  if (x.shape.length !== 3) ctx.fail(`expects a rank-3 input (without batch), got [${x.shape}]`);
  return addOp(ctx.g, 'crop', ctx.layer.name, [x], { crop: amounts2d(ctx, 'cropping', 0) });
};

const upSampling2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  if (x.shape.length !== 3) ctx.fail(`expects a rank-3 input (without batch), got [${x.shape}]`);
  const interp = str(ctx.layer, 'interpolation', 'nearest');
  if (interp !== 'nearest') ctx.fail(`interpolation '${interp}' is not supported (only 'nearest')`);
  return addOp(ctx.g, 'upsample', ctx.layer.name, [x], { scale: pair(ctx.layer, 'size', 2) });
};

/** Layers that only act during training: kept as identity ops that the strip pass removes. */
function trainingOnly(layerClass: string): LayerConverter {
  return (ctx, [x]) => addOp(ctx.g, 'identity', ctx.layer.name, [x], { layerClass });
}

/** Converters for shape-changing and training-only layers by class name. */
export const RESHAPING_LAYERS: Record<string, LayerConverter> = {
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
  UpSampling2D: upSampling2d,
  Dropout: trainingOnly('Dropout'),
  SpatialDropout1D: trainingOnly('SpatialDropout1D'),
  SpatialDropout2D: trainingOnly('SpatialDropout2D'),
  GaussianNoise: trainingOnly('GaussianNoise'),
  GaussianDropout: trainingOnly('GaussianDropout'),
  AlphaDropout: trainingOnly('AlphaDropout'),
  ActivityRegularization: trainingOnly('ActivityRegularization'),
};
