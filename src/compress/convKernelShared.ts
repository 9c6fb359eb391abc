/**
 * Types and helpers shared by the training-only convolution gradient kernels (conv2dBackpropFilter.ts,
 * conv2dBackpropInput.ts): the backend methods they call and the NHWC convolution geometry.
 */
import type * as TF from '@tensorflow/tfjs';

/** Attributes common to TF.js's Conv2DBackpropFilter and Conv2DBackpropInput kernels. */
export interface Conv2DGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | TF.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The parts of BackendWasm / MathBackendCPU used here (both return a float32 copy from readSync). */
export interface ReadableBackend {
  readSync(dataId: object): Float32Array;
}
/** The parts of BackendWasm used here. */
export interface WasmBackend extends ReadableBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TF.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** Geometry of an NHWC convolution (dilation 1) of input `xShape` with filter `filterShape`. */
export function conv2dInfo(tf: typeof TF, xShape: readonly number[], filterShape: readonly number[], attrs: Conv2DGradAttrs): TF.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** The wasm backend's BatchMatMul kernel as a function, or undefined when that backend is not loaded. */
export function wasmBatchMatMul(tf: typeof TF): ((args: unknown) => TF.TensorInfo) | undefined {
  const k = tf.getKernel('BatchMatMul', 'wasm');
  return k ? (k.kernelFunc as unknown as (args: unknown) => TF.TensorInfo) : undefined;
}
