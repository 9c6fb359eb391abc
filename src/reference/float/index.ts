/**
 * Float32 reference kernels: pure functions of data, shapes and attributes (one op kind a file). The interpreter
 * (src/reference/runFloat.ts) calls each kind's entry through src/reference/registry.ts.
 */

export { activation, activationParams, activationScalar, SELU_ALPHA, SELU_SCALE } from './activation';
export { affine } from './affine';
export { binary } from './binary';
export { concat } from './concat';
export { conv2d } from './conv2d';
export { crop } from './crop';
export { dense } from './dense';
export { depthwiseConv2d } from './depthwise_conv2d';
export { globalPool } from './global_pool';
export { pad } from './pad';
export { pool2d } from './pool2d';
export { prelu } from './prelu';
export { softmax } from './softmax';
export { transpose } from './transpose';
export { upsample } from './upsample';
