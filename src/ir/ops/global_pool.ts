/** Global pooling over H and W (Keras GlobalMax/AveragePooling, TFLite MEAN over the spatial axes). */
import { NO_MACS, OpDef, Shapes, expectRank, opFail } from './def';

/**
 * `mean` (avg only): TFLite MEAN's int8 arithmetic instead of AVERAGE_POOL's (the output may then have its own
 * quantization parameters); the float result is the same.
 */
export interface GlobalPoolAttrs {
  type: 'max' | 'avg';
  mean?: boolean;
}

export const global_pool: OpDef<'global_pool'> = {
  summary: 'max or average over H and W of an HWC tensor, giving [C]',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    expectRank(op, x, 3);
    if (op.attrs.type !== 'max' && op.attrs.type !== 'avg') opFail(op, `attribute 'type' must be 'max' or 'avg', got '${op.attrs.type}'`);
    if (op.attrs.mean && op.attrs.type !== 'avg') opFail(op, "attribute 'mean' applies to average pooling only");
    return [x[2]];
  },
  memory: { stridedInput: () => true },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['global_pool_max_f32', 'global_pool_avg_f32'], int8: ['global_pool_max_s8', 'global_pool_avg_s8', 'global_pool_mean_s8'] },
};
