/** TFLite pooling: AVERAGE_POOL_2D, MAX_POOL_2D, and MEAN over the spatial axes. */
import { ReducerOptions, Pool2DOptions } from '../model';
import { activation, bool, int32, paddingStrides, table } from '../optionFields';
import { optionsCode } from '../schema';
import { OpConverter, TfliteOpSpec, act, constIn, emit, out, padding, positive, rank, withFused } from './common';

const POOL_OPTIONS = table(optionsCode('Pool2DOptions'), ...paddingStrides, int32('filterWidth', 3), int32('filterHeight', 4), activation(5));

function pool(type: 'max' | 'avg'): OpConverter {
  return (ctx, v) => {
    const o = v.op.options as Pool2DOptions;
    const x = act(ctx, v, 0);
    rank(v, x, 3);
    positive(v, 'filter', o.filterHeight, o.filterWidth);
    positive(v, 'strides', o.strideH, o.strideW);
    const k: [number, number] = [o.filterHeight, o.filterWidth];
    const s: [number, number] = [o.strideH, o.strideW];
    const y = emit(v, ctx.g, 'pool2d', v.irName, [x], { type, pool: k, strides: s, pad: padding(v, o.padding, x, k, s, [1, 1]) });
    out(ctx, v, withFused(ctx, v, y, o.fusedActivationFunction));
  };
}

const mean: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const axes = constIn(ctx, v, 1)!;
  const r = ctx.tfl(v.op.inputs[0]).shape.length;
  const set = new Set(Array.from(axes.data!, (a) => (a < 0 ? a + r : a)));
  if (r !== 4 || set.size !== 2 || !set.has(1) || !set.has(2)) v.fail(`only the mean over the spatial axes of a 4-D input (axes [1, 2]) is supported, got axes [${Array.from(axes.data!)}] of rank ${r}`);
  void (v.op.options as ReducerOptions).keepDims; // [1,1,1,C] or [1,C]: bind() reshapes either way
  out(ctx, v, emit(v, ctx.g, 'global_pool', v.irName, [x], { type: 'avg', mean: true }));
};

/** AVERAGE_POOL_2D, MAX_POOL_2D, MEAN. */
export const POOL_OPS: Readonly<Record<string, TfliteOpSpec>> = {
  AVERAGE_POOL_2D: { maxVersion: 2, options: POOL_OPTIONS, convert: pool('avg') }, // 2: int8; 3: int16
  MAX_POOL_2D: { maxVersion: 2, options: POOL_OPTIONS, convert: pool('max') },
  MEAN: { maxVersion: 2, options: table(optionsCode('ReducerOptions'), bool('keepDims', 0)), convert: mean }, // 2: int8; 3: int16
};
