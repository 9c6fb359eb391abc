/**
 * Compile-time sizes the kernel variants take from the model (code generation knows every shape): defines
 * prepended to the shared headers that read them, so a kernel's buffers are exactly as large as this model needs.
 */
import { tensor } from '../ir/graph';
import { isCompressedInt8 } from '../ir/storage';
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
    if (x.dtype !== 'int8' || isCompressedInt8(w.storage)) continue; // compressed: conv_rows_s8.h instead
    k = Math.max(k, w.shape[1] * w.shape[2] * w.shape[3]);
  }
  return k;
}

/**
 * The longest padded input line over the graph's int8 3x3 depthwise ops without dilation (0 when none): the DSP
 * depthwise ring (firmware/kernels/dsp/dw3x3_rows_s8.h) holds three lines along the longer output side,
 * (out_h − 1)·stride_h + 3 when out_h > out_w, else (out_w − 1)·stride_w + 3 int16 (tinyfit_dw3x3_line).
 */
export function dwRowMax(g: Graph): number {
  let n = 0;
  for (const op of g.ops) {
    if (op.kind !== 'depthwise_conv2d') continue;
    const w = tensor(g, op.inputs[1]);
    const y = tensor(g, op.outputs[0]);
    const a = op.attrs;
    if (tensor(g, op.inputs[0]).dtype !== 'int8' || w.shape[1] !== 3 || w.shape[2] !== 3 || a.dilations[0] !== 1 || a.dilations[1] !== 1) continue;
    const [oh, ow] = [y.shape[0], y.shape[1]];
    n = Math.max(n, oh > ow ? (oh - 1) * a.strides[0] + 3 : (ow - 1) * a.strides[1] + 3);
  }
  return n;
}

/** Whether some int8 depthwise op is not a 3x3 window without dilation (the DSP ring takes only those). */
export function dwNeedsGeneral(g: Graph): boolean {
  return g.ops.some((op) => {
    if (op.kind !== 'depthwise_conv2d' || tensor(g, op.inputs[0]).dtype !== 'int8') return false;
    const w = tensor(g, op.inputs[1]);
    return w.shape[1] !== 3 || w.shape[2] !== 3 || op.attrs.dilations[0] !== 1 || op.attrs.dilations[1] !== 1;
  });
}

/**
 * The largest padded input plane, ph·pw bytes with ph = (out_h − 1)·stride_h + (k_h − 1)·dil_h + 1 (pw alike),
 * over the graph's int8 depthwise ops (0 when none): the Helium in-place depthwise gathers one channel into such
 * a plane on the stack (firmware/kernels/helium/depthwise_conv2d_inplace_s8.c).
 */
export function dwPlaneMax(g: Graph): number {
  let n = 0;
  for (const op of g.ops) {
    if (op.kind !== 'depthwise_conv2d' || tensor(g, op.inputs[0]).dtype !== 'int8') continue;
    const w = tensor(g, op.inputs[1]);
    const y = tensor(g, op.outputs[0]);
    const a = op.attrs;
    const ph = (y.shape[0] - 1) * a.strides[0] + (w.shape[1] - 1) * a.dilations[0] + 1;
    const pw = (y.shape[1] - 1) * a.strides[1] + (w.shape[2] - 1) * a.dilations[1] + 1;
    n = Math.max(n, ph * pw);
  }
  return n;
}

/** The longest input row over the graph's int8 dense ops (0 when none): the DSP dense layer widens one on the stack. */
export function gemvMaxN(g: Graph): number {
  let n = 0;
  for (const op of g.ops) {
    if (op.kind !== 'dense' || tensor(g, op.inputs[0]).dtype !== 'int8') continue;
    const w = tensor(g, op.inputs[1]);
    n = Math.max(n, w.shape[w.shape.length - 1]);
  }
  return n;
}

/** The most output channels of the graph's int8 conv2d ops (0 when none): the Helium conv's folded biases. */
export function convMaxOutC(g: Graph): number {
  let n = 0;
  for (const op of g.ops) if (op.kind === 'conv2d' && tensor(g, op.inputs[0]).dtype === 'int8') n = Math.max(n, tensor(g, op.inputs[1]).shape[0]);
  return n;
}

/**
 * The largest row (k_h·k_w·in_c weights) and window (k_h·k_w taps) over the graph's int8 conv2d ops on compressed
 * weights (0, 0 when none): conv_rows_s8.h decodes one output channel's row into a list of that size on the stack.
 */
export function convRowMax(g: Graph): { row: number; taps: number } {
  let row = 0;
  let taps = 0;
  for (const op of g.ops) {
    if (op.kind !== 'conv2d' || tensor(g, op.inputs[0]).dtype !== 'int8') continue;
    const w = tensor(g, op.inputs[1]);
    if (!isCompressedInt8(w.storage)) continue;
    row = Math.max(row, w.shape[1] * w.shape[2] * w.shape[3]);
    taps = Math.max(taps, w.shape[1] * w.shape[2]);
  }
  return { row, taps };
}

/** Shared kernel header → C text to prepend (the sizes of {@link im2colMaxK}, {@link dwRowMax}, {@link gemvMaxN}). */
export function kernelDefines(g: Graph): Record<string, string> {
  const out: Record<string, string> = {};
  const k = im2colMaxK(g);
  const row = dwRowMax(g);
  const gemv = gemvMaxN(g);
  if (k > 0) out['im2col_s8.h'] = `#define TINYFIT_IM2COL_MAX_K ${k} /* largest int8 convolution window of the model */\n`;
  if (row > 0) {
    out['dw3x3_rows_s8.h'] =
      `#define TINYFIT_DW_ROW_MAX ${row} /* longest padded row of the model's 3x3 depthwise layers */\n` +
      `#define TINYFIT_DW_GENERAL ${dwNeedsGeneral(g) ? 1 : 0} /* whether other depthwise layers exist */\n`;
  }
  const plane = dwPlaneMax(g);
  const oc = convMaxOutC(g);
  if (k > 0 && oc > 0)
    out['gemm_mve_s8.h'] = `#define TINYFIT_MVE_COL_MAX ${k} /* largest int8 convolution window of the model */\n#define TINYFIT_MVE_OC_MAX ${oc} /* most output channels of its int8 convolutions */\n`;
  if (plane > 0) out['requant_mve_s8.h'] = `#define TINYFIT_MVE_DW_PLANE_MAX ${plane} /* largest padded input plane of the model's int8 depthwise layers */\n`;
  const cr = convRowMax(g);
  if (cr.row > 0) {
    out['conv_rows_s8.h'] =
      `#define TINYFIT_CONV_ROW_MAX ${cr.row} /* largest row k_h*k_w*in_c of the model's compressed int8 convolutions */\n` +
      `#define TINYFIT_CONV_TAPS_MAX ${cr.taps} /* largest window k_h*k_w of those */\n`;
  }
  if (gemv > 0) out['gemv_s8.h'] = `#define TINYFIT_GEMV_MAX_N ${gemv} /* longest input row of the model's int8 dense layers */\n`;
  return out;
}
