/**
 * Compile-time sizes the kernel variants take from the model (code generation knows every shape): defines
 * prepended to the shared headers that read them, so a kernel's buffers are exactly as large as this model needs.
 */
import { tensor } from '../ir/graph';
import { Graph } from '../ir/types';

/**
 * The largest convolution window, k_h·k_w·in_c elements, over the graph's int8 conv2d ops (0 when none): the
 * DSP convolution's im2col buffer (firmware/kernels/dsp/im2col_s8.h) holds two windows of it on the stack.
 */
export function im2colMaxK(g: Graph): number {
  let k = 0;
  for (const op of g.ops) {
    if (op.kind !== 'conv2d') continue;
    const x = tensor(g, op.inputs[0]);
    const w = tensor(g, op.inputs[1]);
    if (x.dtype !== 'int8') continue;
    k = Math.max(k, w.shape[1] * w.shape[2] * w.shape[3]);
  }
  return k;
}

/** Shared kernel header → C text to prepend (the defines of {@link im2colMaxK}). */
export function kernelDefines(g: Graph): Record<string, string> {
  const k = im2colMaxK(g);
  return k > 0 ? { 'im2col_s8.h': `#define TINYFIT_IM2COL_MAX_K ${k} /* largest int8 convolution window of the model */\n` } : {};
}
