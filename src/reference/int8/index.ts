/**
 * Int8 reference kernels, bit-exact with TFLite Micro's reference kernels (default double-rounding
 * requantization). Each kernel is a pure function of int8/int32 data, shapes, the IR's QuantParams and the op's
 * attributes; see ./common.ts for the parameter conventions.
 */
export type { ActQuant, IntRange } from './common';
export { INT8_MAX, INT8_MIN, activationQuant, outputRange, weightScales } from './common';
export { conv2dInt8 } from './conv2d';
export { depthwiseConv2dInt8 } from './depthwise_conv2d';
export { denseInt8 } from './dense';
export { pool2dInt8 } from './pool2d';
export type { AddSubMultipliers } from './binary_add';
export { ADD_LEFT_SHIFT, addInt8, addSubMultipliers } from './binary_add';
export { mulInt8, mulMultiplier } from './binary_mul';
export { concatInt8, requantizeMultiplier } from './concat';
export { padInt8 } from './pad';
export { quantizeInt8 } from './quantize';
export { dequantizeInt8 } from './dequantize';
export { affineInt8 } from './affine';
export type { ChannelRequant } from './prepare';
export { prepareAffine, prepareConv, prepareDense, prepareDepthwise } from './prepare';
export type { GlobalPoolInt8Options, MeanParams } from './global_pool';
export { globalPoolInt8, meanInt8, meanParams } from './global_pool';
export type { HardSwishParams, TfliteReluKind } from './activation_tflite';
export {
  downScaleInt32ToInt16Multiplier,
  hardSwishInt8,
  hardSwishParams,
  tfliteActivationTable,
  tfliteHardSwishTable,
  tfliteLeakyReluTable,
  tfliteReluTable,
  tflmRelu6Table,
} from './activation_tflite';
export { minMaxInt8 } from './binary_minmax';
export { activationLut, lutInt8 } from './activation_lut';
export { preluInt8, preluParams } from './prelu';
export { cropInt8 } from './crop';
export { transposeInt8 } from './transpose';
export { upsampleInt8 } from './upsample';
export { LOGISTIC_OUT_QUANT, logisticInt8, logisticParams } from './activation_logistic';
export { TANH_OUT_QUANT, tanhInt8, tanhParams } from './activation_tanh';
export { SOFTMAX_OUT_QUANT, softmaxInt8, softmaxParams } from './softmax';
export { runInt8, runInt8All } from '../runInt8';
export type { Int8Value } from '../runInt8';
