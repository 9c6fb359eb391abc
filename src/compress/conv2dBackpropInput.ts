/**
 * A faster `Conv2DBackpropInput` kernel (the input gradient of a 2-D convolution) for the TF.js wasm backend.
 * The wasm backend's own kernel is a direct loop that took 37 % of a LeNet-5 training step (conv2's input
 * gradient). Here it is one matrix product on the wasm backend's (XNNPACK) BatchMatMul, cols = dy · Wᵀ with
 * dy as the [B·OH·OW, Co] matrix and W as [KH·KW·Ci, Co] (transposed in JavaScript), followed by col2im: each output pixel's column of
 * KH·KW·Ci taps is added back onto the input positions those taps read. Training only; process-local.
 */
import type * as TF from '@tensorflow/tfjs';
import { conv2dInfo, wasmBatchMatMul, type Conv2DGradAttrs, type WasmBackend } from './convKernelShared';

interface KernelArgs {
  inputs: { dy: TF.TensorInfo; filter: TF.TensorInfo };
  backend: unknown;
  attrs: Conv2DGradAttrs & { inputShape: [number, number, number, number] };
}

/**
 * col2im for NHWC: dx[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] += cols[(b, oh, ow), (kh, kw, ci)],
 * skipping taps that fall into the padding. `cols` is [B·OH·OW, KH·KW·Ci] row-major; `info` is the convolution's geometry.
 */
export function col2imNHWC(cols: Float32Array, info: TF.backend_util.Conv2DInfo): Float32Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, filterHeight: KH, filterWidth: KW, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: strideH, strideWidth: strideW } = info;
  const { top: padTop, left: padLeft } = info.padInfo;
  const K = KH * KW * Ci;
  const dx = new Float32Array(B * H * W * Ci);
  let p = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, p++) {
        const colBase = p * K;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * strideH + kh - padTop;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * strideW + kw - padLeft;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * Ci;
            const c = colBase + (kh * KW + kw) * Ci;
            for (let ci = 0; ci < Ci; ci++) dx[xBase + ci] += cols[c + ci];
          }
        }
      }
    }
  }
  return dx;
}

/** Replaces the wasm backend's `Conv2DBackpropInput` (NHWC, dilation 1) when that backend is loaded. */
export function registerFastConv2DBackpropInput(tf: typeof TF): void {
  const bmm = wasmBatchMatMul(tf);
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!bmm || !original) return;
  const fallback = original.kernelFunc as unknown as (a: unknown) => TF.TensorInfo;
  const kernelFunc = (args: KernelArgs): TF.TensorInfo => {
    const { inputs, backend, attrs } = args;
    if (attrs.dataFormat !== 'NHWC') return fallback(args);
    const { dy, filter } = inputs;
    const info = conv2dInfo(tf, attrs.inputShape, filter.shape, attrs);

    const wasm = backend as WasmBackend;
    const [KH, KW, Ci, Co] = info.filterShape;
    const K = KH * KW * Ci;
    const P = info.batchSize * info.outHeight * info.outWidth;
    // dy is already the [P, Co] matrix and the filter the [K, Co] one: relabel shapes (as wasm's Reshape does).
    const a: TF.TensorInfo = { dataId: dy.dataId, shape: [1, P, Co], dtype: 'float32' };
    // Wᵀ [Co, K] built in JavaScript (small): the wasm BatchMatMul is several times slower with transposeB.
    const w = wasm.readSync(filter.dataId);
    const wT = new Float32Array(K * Co);
    for (let k = 0; k < K; k++) for (let co = 0; co < Co; co++) wT[co * K + k] = w[k * Co + co];
    const b = wasm.makeOutput([1, Co, K], 'float32', undefined, wT);
    const cols = bmm({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    wasm.disposeData(b.dataId);
    const dx = col2imNHWC(wasm.readSync(cols.dataId), info);

    wasm.disposeData(cols.dataId);
    return wasm.makeOutput([...attrs.inputShape], 'float32', undefined, dx);
  };
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: kernelFunc as unknown as TF.KernelFunc });
}
