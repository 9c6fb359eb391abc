/**
 * Gradient kernels that TF.js lacks (wasm backend) or runs too slowly (cpu backend) for training convolutional
 * models in Node without tfjs-node: the convolution filter gradient and both depthwise gradients. Registering
 * them is process-local and only affects training; saved models contain ordinary layers.
 */
import type * as TF from '@tensorflow/tfjs';
import { registerFastConv2DBackpropFilter } from './conv2dBackpropFilter';
import { registerDepthwiseBackprop } from './depthwiseBackprop';
import { registerFastConv2DBackpropInput } from './conv2dBackpropInput';

export { registerFastConv2DBackpropFilter } from './conv2dBackpropFilter';
export { registerDepthwiseBackprop } from './depthwiseBackprop';
export { registerFastConv2DBackpropInput } from './conv2dBackpropInput';

let registeredFor: typeof TF | undefined;

/**
 * Registers the training-only gradient kernels (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`) for the wasm backend (if loaded) and the cpu backend, and replaces
 * the wasm backend's slow `Conv2DBackpropInput`. Idempotent per
 * TF.js namespace; a no-op on tfjs-node (`tensorflow` backend), whose native kernels are complete and fast.
 */
export function registerTrainingKernels(tf: typeof TF): void {
  if (registeredFor === tf || tf.getBackend() === 'tensorflow') return;
  registerFastConv2DBackpropFilter(tf);
  registerDepthwiseBackprop(tf);
  registerFastConv2DBackpropInput(tf);
  registeredFor = tf;
}
