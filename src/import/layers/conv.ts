import { addOp } from '../../ir/graph';
import { tfPadding } from '../../ir/shapes';
import { NO_CLAMP, Pad2D, Tensor } from '../../ir/types';
import { applyConfiguredActivation, bool, constant, ConvertCtx, LayerConverter, num, pair, requireChannelsLast, single, str } from '../context';

/** HWIO [kh, kw, cin, cout] → OHWI [cout, kh, kw, cin]. */
export function hwioToOhwi(src: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const dst = new Float32Array(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) dst[((o * kh + y) * kw + x) * cin + i] = src[((y * kw + x) * cin + i) * cout + o];
  return dst;
}

function padding(ctx: ConvertCtx, x: Tensor, k: [number, number], s: [number, number], d: [number, number]): Pad2D {
  const mode = str(ctx.layer, 'padding', 'valid');
  if (mode === 'causal') return { top: 0, left: (k[1] - 1) * d[1], bottom: 0, right: 0 };
  if (mode !== 'same' && mode !== 'valid') ctx.fail(`padding '${mode}' is not supported`);
  const [t, b] = tfPadding(mode as 'same' | 'valid', x.shape[0], k[0], s[0], d[0]);
  const [l, r] = tfPadding(mode as 'same' | 'valid', x.shape[1], k[1], s[1], d[1]);
  return { top: t, left: l, bottom: b, right: r };
}

function bias(ctx: ConvertCtx, n: number): Tensor[] {
  if (!bool(ctx.layer, 'use_bias', true)) return [];
  return [constant(ctx, 'bias', [n], ctx.weight('bias', [n]).data)];
}

function checkRank(ctx: ConvertCtx, x: Tensor, rank: number): void {
  if (x.shape.length !== rank) ctx.fail(`expects a rank-${rank} input (without batch), got [${x.shape}]`);
}

function checkGroups(ctx: ConvertCtx): void {
  if (num(ctx.layer, 'groups', 1) !== 1) ctx.fail('grouped convolution (groups > 1) is not supported');
}

/** Conv2D on an HWC tensor. */
function conv2dCore(ctx: ConvertCtx, x: Tensor, k: [number, number], s: [number, number], d: [number, number]): Tensor {
  const cin = x.shape[2];
  const cout = num(ctx.layer, 'filters', 0);
  const w = ctx.weight('kernel', [k[0], k[1], cin, cout]);
  const wt = constant(ctx, 'kernel', [cout, k[0], k[1], cin], hwioToOhwi(w.data, k[0], k[1], cin, cout));
  const y = addOp(ctx.g, 'conv2d', ctx.layer.name, [x, wt, ...bias(ctx, cout)], {
    strides: s,
    dilations: d,
    pad: padding(ctx, x, k, s, d),
    clamp: NO_CLAMP,
  });
  return applyConfiguredActivation(ctx, y);
}

const conv2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  checkGroups(ctx);
  checkRank(ctx, x, 3);
  return conv2dCore(ctx, x, pair(ctx.layer, 'kernel_size', 1), pair(ctx.layer, 'strides', 1), pair(ctx.layer, 'dilation_rate', 1));
};

/** Conv1D runs as a 1×k Conv2D on a [1, steps, channels] view (reshapes are free aliases). */
const conv1d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  checkGroups(ctx);
  checkRank(ctx, x, 2);
  const k = single(ctx.layer, 'kernel_size', 1);
  const s = single(ctx.layer, 'strides', 1);
  const d = single(ctx.layer, 'dilation_rate', 1);
  const cin = x.shape[1];
  const cout = num(ctx.layer, 'filters', 0);
  const w = ctx.weight('kernel', [k, cin, cout]);
  const x2 = addOp(ctx.g, 'reshape', `${ctx.layer.name}/as_2d`, [x], {}, [1, ...x.shape]);
  const wt = constant(ctx, 'kernel', [cout, 1, k, cin], hwioToOhwi(w.data, 1, k, cin, cout));
  const pad = padding(ctx, x2, [1, k], [1, s], [1, d]);
  const y = addOp(ctx.g, 'conv2d', ctx.layer.name, [x2, wt, ...bias(ctx, cout)], {
    strides: [1, s],
    dilations: [1, d],
    pad,
    clamp: NO_CLAMP,
  });
  // Activation before the reshape back, so it can fuse into the convolution.
  const act = applyConfiguredActivation(ctx, y);
  return addOp(ctx.g, 'reshape', `${ctx.layer.name}/as_1d`, [act], {}, y.shape.slice(1));
};

function depthwiseCore(ctx: ConvertCtx, x: Tensor, param: string, withBias: boolean): Tensor {
  const k = pair(ctx.layer, 'kernel_size', 1);
  const s = pair(ctx.layer, 'strides', 1);
  const d = pair(ctx.layer, 'dilation_rate', 1);
  // TF.js omits depth_multiplier when it saves SeparableConv2D: recover it from the kernel's shape.
  const m = num(ctx.layer, 'depth_multiplier', ctx.weightShape(param)?.[3] ?? 1);
  const c = x.shape[2];
  // TF.js depthwise kernels are [kh, kw, cin, mult]; flattening the last two axes gives channel ic*mult+m.
  const w = ctx.weight(param, [k[0], k[1], c, m]);
  const wt = constant(ctx, param, [1, k[0], k[1], c * m], w.data);
  return addOp(ctx.g, 'depthwise_conv2d', withBias ? ctx.layer.name : `${ctx.layer.name}/depthwise`, [x, wt, ...(withBias ? bias(ctx, c * m) : [])], {
    strides: s,
    dilations: d,
    pad: padding(ctx, x, k, s, d),
    depthMultiplier: m,
    clamp: NO_CLAMP,
  });
}

const depthwiseConv2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  checkRank(ctx, x, 3);
  // Keras 3 names the DepthwiseConv2D kernel 'kernel' (Keras 2 and TF.js: 'depthwise_kernel').
  const param = !ctx.weightShape('depthwise_kernel') && ctx.weightShape('kernel') ? 'kernel' : 'depthwise_kernel';
  return applyConfiguredActivation(ctx, depthwiseCore(ctx, x, param, true));
};

/** SeparableConv2D = depthwise (strides, dilation, multiplier) then a 1×1 pointwise conv with the bias. */
const separableConv2d: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  checkRank(ctx, x, 3);
  const dw = depthwiseCore(ctx, x, 'depthwise_kernel', false);
  const cin = dw.shape[2];
  const cout = num(ctx.layer, 'filters', 0);
  const w = ctx.weight('pointwise_kernel', [1, 1, cin, cout]);
  const wt = constant(ctx, 'pointwise_kernel', [cout, 1, 1, cin], hwioToOhwi(w.data, 1, 1, cin, cout));
  const y = addOp(ctx.g, 'conv2d', ctx.layer.name, [dw, wt, ...bias(ctx, cout)], {
    strides: [1, 1],
    dilations: [1, 1],
    pad: { top: 0, left: 0, bottom: 0, right: 0 },
    clamp: NO_CLAMP,
  });
  return applyConfiguredActivation(ctx, y);
};

/** Dense over the last axis; the kernel is stored [in, out] by TF.js and transposed to [out, in]. */
const dense: LayerConverter = (ctx, [x]) => {
  const units = num(ctx.layer, 'units', 0);
  const nin = x.shape[x.shape.length - 1];
  const w = ctx.weight('kernel', [nin, units]);
  const t = new Float32Array(w.data.length);
  for (let i = 0; i < nin; i++) for (let o = 0; o < units; o++) t[o * nin + i] = w.data[i * units + o];
  const wt = constant(ctx, 'kernel', [units, nin], t);
  const y = addOp(ctx.g, 'dense', ctx.layer.name, [x, wt, ...bias(ctx, units)], { clamp: NO_CLAMP });
  return applyConfiguredActivation(ctx, y);
};

/**
 * Conv2DTranspose: Keras kernel [KH, KW, Cout, Cin] → OHWI. The output size is Keras's (with `output_padding`,
 * or TF's 'same' = H·s and 'valid' = H·s + max(K − s, 0)); the full output is cropped as TF's conv2d_transpose
 * crops it for that size: 'valid' keeps the first rows, 'same' drops ⌊max((H−1)·s + K − out, 0)/2⌋ before.
 */
const conv2dTranspose: LayerConverter = (ctx, [x]) => {
  requireChannelsLast(ctx);
  checkRank(ctx, x, 3);
  const k = pair(ctx.layer, 'kernel_size', 1);
  const s = pair(ctx.layer, 'strides', 1);
  const d = pair(ctx.layer, 'dilation_rate', 1);
  if (d[0] !== 1 || d[1] !== 1) ctx.fail(`dilation_rate ${d} is not supported for Conv2DTranspose (only 1)`);
  const mode = str(ctx.layer, 'padding', 'valid');
  if (mode !== 'same' && mode !== 'valid') ctx.fail(`padding '${mode}' is not supported`);
  const op = ctx.layer.config.output_padding == null ? undefined : pair(ctx.layer, 'output_padding', 0);
  const cin = x.shape[2];
  const cout = num(ctx.layer, 'filters', 0);
  const w = ctx.weight('kernel', [k[0], k[1], cout, cin]);
  const ohwi = new Float32Array(w.data.length);
  for (let ky = 0; ky < k[0]; ky++)
    for (let kx = 0; kx < k[1]; kx++)
      for (let o = 0; o < cout; o++)
        for (let i = 0; i < cin; i++) ohwi[((o * k[0] + ky) * k[1] + kx) * cin + i] = w.data[((ky * k[1] + kx) * cout + o) * cin + i];
  const crop = (axis: 0 | 1): [number, number] => {
    const n = x.shape[axis];
    const full = (n - 1) * s[axis] + k[axis];
    let out: number;
    if (op) {
      if (!(op[axis] >= 0 && op[axis] < s[axis])) ctx.fail(`output_padding ${op} must be ≥ 0 and smaller than the strides ${s}`);
      out = full - (mode === 'same' ? 2 * Math.floor(k[axis] / 2) : 0) + op[axis];
    } else out = mode === 'same' ? n * s[axis] : n * s[axis] + Math.max(k[axis] - s[axis], 0);
    const before = mode === 'same' ? Math.floor(Math.max(full - out, 0) / 2) : 0;
    return [before, full - before - out];
  };
  const [top, bottom] = crop(0);
  const [left, right] = crop(1);
  const wt = constant(ctx, 'kernel', [cout, k[0], k[1], cin], ohwi);
  const y = addOp(ctx.g, 'conv2d_transpose', ctx.layer.name, [x, wt, ...bias(ctx, cout)], { strides: s, pad: { top, left, bottom, right }, clamp: NO_CLAMP });
  return applyConfiguredActivation(ctx, y);
};

/** Converters for convolution and dense layers by class name. */
export const CONV_LAYERS: Record<string, LayerConverter> = {
  Conv2D: conv2d,
  Convolution2D: conv2d,
  Conv1D: conv1d,
  Convolution1D: conv1d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  SeparableConvolution2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  Convolution2DTranspose: conv2dTranspose,
  Dense: dense,
};
