/** Max or average pooling over H and W (Keras MaxPooling/AveragePooling 1-D and 2-D, TFLite MAX_POOL_2D/AVERAGE_POOL_2D). */
import type { Pad2D } from '../types';
import { NO_MACS, OpDef, Shapes, checkPair, expectRank, opFail } from './def';
import { windowShape } from './conv2d';

/** Average excludes padded cells from the divisor (TF 'same'). */
export interface Pool2dAttrs {
  type: 'max' | 'avg';
  pool: [number, number];
  strides: [number, number];
  pad: Pad2D;
}

export const pool2d: OpDef<'pool2d'> = {
  summary: 'max or average of each window of an HWC tensor (padded cells excluded)',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    expectRank(op, x, 3);
    const a = op.attrs;
    if (a.type !== 'max' && a.type !== 'avg') opFail(op, `attribute 'type' must be 'max' or 'avg', got '${a.type}'`);
    checkPair(op, 'pool', a.pool, 1);
    const [oh, ow] = windowShape(op, x, a.pool, { strides: a.strides, dilations: [1, 1], pad: a.pad }, x[2], 'pool');
    // A window wholly in the padding would have no cell to take the max or average of.
    const p = a.pad;
    if (p.top >= a.pool[0] || p.bottom >= a.pool[0] || p.left >= a.pool[1] || p.right >= a.pool[1]) {
      opFail(op, `attribute 'pad' must be smaller than the pool ${a.pool[0]}x${a.pool[1]} on every side, got ${JSON.stringify(p)}`);
    }
    return [oh, ow, x[2]];
  },
  memory: {
    stridedInput: () => true,
    stridedOutput: () => true,
    window: (op) => ({ kernel: op.attrs.pool, strides: op.attrs.strides, dilations: [1, 1], padTop: op.attrs.pad.top, padLeft: op.attrs.pad.left }),
  },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['pool2d_max_f32', 'pool2d_avg_f32'], int8: ['pool2d_max_s8', 'pool2d_avg_s8'] },
};
