import { addOp } from '../../ir/graph';
import { tfPadding } from '../../ir/shapes';
import { Tensor } from '../../ir/types';
import { bool, cfg, ConvertCtx, LayerConverter, pair, requireChannelsLast, single, str } from '../context';

function pool2d(ctx: ConvertCtx, x: Tensor, type: 'max' | 'avg', k: [number, number], s: [number, number]): Tensor {
  const mode = str(ctx.layer, 'padding', 'valid');
  if (mode !== 'same' && mode !== 'valid') ctx.fail(`padding '${mode}' is not supported`);
  const [t, b] = tfPadding(mode as 'same' | 'valid', x.shape[0], k[0], s[0], 1);
  const [l, r] = tfPadding(mode as 'same' | 'valid', x.shape[1], k[1], s[1], 1);
  return addOp(ctx.g, 'pool2d', ctx.layer.name, [x], { type, pool: k, strides: s, pad: { top: t, left: l, bottom: b, right: r } });
}

function pooling2d(type: 'max' | 'avg'): LayerConverter {
  return (ctx, [x]) => {
    requireChannelsLast(ctx);
    if (x.shape.length !== 3) ctx.fail(`expects a rank-3 input (without batch), got [${x.shape}]`);
    const k = pair(ctx.layer, 'pool_size', 2);
    const s = cfg<unknown>(ctx.layer, 'strides', null) === null ? k : pair(ctx.layer, 'strides', k);
    return pool2d(ctx, x, type, k, s);
  };
}

/** 1-D pooling runs as 1×k 2-D pooling on a [1, steps, channels] view. */
function pooling1d(type: 'max' | 'avg'): LayerConverter {
  return (ctx, [x]) => {
    requireChannelsLast(ctx);
    if (x.shape.length !== 2) ctx.fail(`expects a rank-2 input (without batch), got [${x.shape}]`);
    const k = single(ctx.layer, 'pool_size', 2);
    const s = cfg<unknown>(ctx.layer, 'strides', null) === null ? k : single(ctx.layer, 'strides', k);
    const x2 = addOp(ctx.g, 'reshape', `${ctx.layer.name}/as_2d`, [x], {}, [1, ...x.shape]);
    const y = pool2d(ctx, x2, type, [1, k], [1, s]);
    return addOp(ctx.g, 'reshape', `${ctx.layer.name}/as_1d`, [y], {}, y.shape.slice(1));
  };
}

function globalPooling(type: 'max' | 'avg', rank: 2 | 3): LayerConverter {
  return (ctx, [x]) => {
    requireChannelsLast(ctx);
    if (x.shape.length !== rank) ctx.fail(`expects a rank-${rank} input (without batch), got [${x.shape}]`);
    const x3 = rank === 2 ? addOp(ctx.g, 'reshape', `${ctx.layer.name}/as_2d`, [x], {}, [1, ...x.shape]) : x;
    const y = addOp(ctx.g, 'global_pool', ctx.layer.name, [x3], { type });
    if (!bool(ctx.layer, 'keepdims', false)) return y;
    return addOp(ctx.g, 'reshape', `${ctx.layer.name}/keepdims`, [y], {}, [...new Array(rank - 1).fill(1), y.shape[0]]);
  };
}

/** Converters for pooling layers by class name (Keras aliases included). */
export const POOLING_LAYERS: Record<string, LayerConverter> = {
  MaxPooling2D: pooling2d('max'),
  MaxPool2D: pooling2d('max'),
  AveragePooling2D: pooling2d('avg'),
  AvgPool2D: pooling2d('avg'),
  MaxPooling1D: pooling1d('max'),
  MaxPool1D: pooling1d('max'),
  AveragePooling1D: pooling1d('avg'),
  AvgPool1D: pooling1d('avg'),
  GlobalAveragePooling2D: globalPooling('avg', 3),
  GlobalAvgPool2D: globalPooling('avg', 3),
  GlobalMaxPooling2D: globalPooling('max', 3),
  GlobalMaxPool2D: globalPooling('max', 3),
  GlobalAveragePooling1D: globalPooling('avg', 2),
  GlobalAvgPool1D: globalPooling('avg', 2),
  GlobalMaxPooling1D: globalPooling('max', 2),
  GlobalMaxPool1D: globalPooling('max', 2),
};
