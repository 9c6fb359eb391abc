/**
 * Convolution geometries on which the training-only gradient kernels are checked against TF.js's cpu kernels
 * (besides each test's own LeNet-5-like case): stride 2 with 'same', unequal strides, explicit asymmetric padding.
 */
import type * as tf from '@tensorflow/tfjs';

export type Shape4 = [number, number, number, number];
export interface ConvCase {
  x: Shape4;
  f: Shape4;
  s: number | [number, number];
  pad: 'valid' | 'same' | tf.backend_util.ExplicitPadding;
}

export const PADDING_STRIDE_CASES: ConvCase[] = [
  { x: [2, 13, 10, 3], f: [3, 3, 3, 5], s: 2, pad: 'same' },
  { x: [2, 9, 9, 1], f: [4, 2, 1, 3], s: [1, 2], pad: 'same' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 2], s: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
];
