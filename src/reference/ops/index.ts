/**
 * Float32 reference ops and the dispatcher that runs one IR op on float data.
 */
import { Op } from '../../ir/types';
import { activation } from './activation';
import { affine } from './affine';
import { binary } from './binary';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { crop } from './crop';
import { dense } from './dense';
import { depthwiseConv2d } from './depthwise';
import { globalPool } from './globalPool';
import { pad } from './pad';
import { pool2d } from './pool2d';
import { prelu } from './prelu';
import { softmax } from './softmax';
import { transpose } from './transpose';
import { upsample } from './upsample';

export { activation, activationParams, activationScalar, SELU_ALPHA, SELU_SCALE } from './activation';
export { affine } from './affine';
export { binary } from './binary';
export { concat } from './concat';
export { conv2d } from './conv2d';
export { crop } from './crop';
export { dense } from './dense';
export { depthwiseConv2d } from './depthwise';
export { globalPool } from './globalPool';
export { pad } from './pad';
export { pool2d } from './pool2d';
export { prelu } from './prelu';
export { softmax } from './softmax';
export { transpose } from './transpose';
export { upsample } from './upsample';

function arity(op: Op, ins: readonly unknown[], min: number, max = min): void {
  if (ins.length < min || ins.length > max) {
    throw new Error(`internal: op ${op.name} (${op.kind}) has ${ins.length} inputs, expected ${min === max ? min : `${min}..${max}`}`);
  }
}

/**
 * Runs one op in float32.
 *
 * @param op the op (its attributes are read, its tensor ids are not)
 * @param ins the values of `op.inputs`, in order
 * @param shapes the shapes of `op.inputs`, in order
 * @returns the value of the op's (single) output. For `reshape` and `identity` this is the input array itself
 *   (shared, not copied); every other op returns a fresh array.
 */
export function evalOp(op: Op, ins: readonly Float32Array[], shapes: readonly (readonly number[])[]): Float32Array {
  switch (op.kind) {
    case 'conv2d': {
      if (op.attrs.pre) {
        // Fused pre-activation: BN-ReLU of the input (channel axis), then the convolution (which pads with 0).
        arity(op, ins, 5, 5);
        const x = affine(ins[0], shapes[0], ins[3], ins[4], { axis: -1, clamp: op.attrs.pre.clamp });
        return conv2d(x, shapes[0], ins[1], shapes[1], ins[2], op.attrs);
      }
      arity(op, ins, 2, 3);
      return conv2d(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
    }
    case 'depthwise_conv2d':
      arity(op, ins, 2, 3);
      return depthwiseConv2d(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
    case 'dense':
      arity(op, ins, 2, 3);
      return dense(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
    case 'pool2d':
      arity(op, ins, 1);
      return pool2d(ins[0], shapes[0], op.attrs);
    case 'global_pool':
      arity(op, ins, 1);
      return globalPool(ins[0], shapes[0], op.attrs);
    case 'reshape':
    case 'identity':
      arity(op, ins, 1);
      return ins[0];
    case 'transpose':
      arity(op, ins, 1);
      return transpose(ins[0], shapes[0], op.attrs);
    case 'affine':
      arity(op, ins, 3);
      return affine(ins[0], shapes[0], ins[1], ins[2], op.attrs);
    case 'activation':
      arity(op, ins, 1);
      return activation(ins[0], op.attrs);
    case 'prelu':
      arity(op, ins, 2);
      return prelu(ins[0], ins[1]);
    case 'softmax':
      arity(op, ins, 1);
      return softmax(ins[0], shapes[0], op.attrs);
    case 'binary':
      arity(op, ins, 2);
      return binary(ins[0], ins[1], op.attrs);
    case 'concat':
      arity(op, ins, 1, Infinity);
      return concat(ins, shapes, op.attrs);
    case 'pad':
      arity(op, ins, 1);
      return pad(ins[0], shapes[0], op.attrs);
    case 'crop':
      arity(op, ins, 1);
      return crop(ins[0], shapes[0], op.attrs);
    case 'upsample':
      arity(op, ins, 1);
      return upsample(ins[0], shapes[0], op.attrs);
    case 'quantize':
    case 'dequantize':
      throw new Error(`op '${op.name}': ${op.kind} belongs to int8 graphs; run them with runInt8 (src/reference/int8/run.ts)`);
    default: {
      const unknown: never = op;
      throw new Error(`internal: no reference implementation for op kind ${(unknown as Op).kind}`);
    }
  }
}
