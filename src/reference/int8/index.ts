/**
 * Int8 reference kernels, bit-exact with TFLite Micro's reference kernels (default double-rounding
 * requantization). Each kernel is a pure function of int8/int32 data, shapes, the IR's QuantParams and the op's
 * attributes; see ./common.ts for the parameter conventions.
 */
export type { ActQuant, IntRange } from './common';
export { INT8_MAX, INT8_MIN, activationQuant, outputRange, weightScales } from './common';
export { conv2dInt8 } from './conv2d';
export { depthwiseConv2dInt8 } from './depthwise';
export { denseInt8 } from './dense';
export { pool2dInt8 } from './pool';
export type { AddSubMultipliers } from './add';
export { ADD_LEFT_SHIFT, addInt8, addSubMultipliers } from './add';
export { mulInt8, mulMultiplier } from './mul';
export { concatInt8, requantizeMultiplier } from './concat';
export { padInt8 } from './pad';
export { dequantizeInt8, quantizeInt8 } from './quantizeIo';
export { affineInt8 } from './affine';
export type { ChannelRequant } from './prepare';
export { prepareAffine, prepareConv, prepareDense, prepareDepthwise } from './prepare';
export type { GlobalPoolInt8Options, MeanParams } from './pool';
export { globalPoolInt8, meanInt8, meanParams } from './pool';
export type { HardSwishParams, TfliteReluKind } from './tfliteUnary';
export {
  downScaleInt32ToInt16Multiplier,
  hardSwishInt8,
  hardSwishParams,
  tfliteActivationTable,
  tfliteHardSwishTable,
  tfliteLeakyReluTable,
  tfliteReluTable,
  tflmRelu6Table,
} from './tfliteUnary';
export { minMaxInt8 } from './minmax';
export { activationLut, lutInt8 } from './lut';
export { preluInt8, preluParams } from './prelu';
export { cropInt8, transposeInt8, upsampleInt8 } from './movers';
export { LOGISTIC_OUT_QUANT, logisticInt8, logisticParams } from './logistic';
export { TANH_OUT_QUANT, tanhInt8, tanhParams } from './tanh';
export { SOFTMAX_OUT_QUANT, softmaxInt8, softmaxParams } from './softmax';
export { runInt8, runInt8All } from './run';
export type { Int8Value } from './run';
