/**
 * A plain-JavaScript `Conv2DBackpropFilter` kernel (the filter gradient of a 2-D convolution), so convolutional
 * models can be trained with TF.js outside tfjs-node:
 *
 * - the wasm backend has no `Conv2DBackpropFilter` kernel at all (TF.js 4.22), so `model.fit` fails on the
 *   first Conv2D layer;
 * - the cpu backend's kernel indexes through `TensorBuffer.get()` and runs at roughly 1 s per 28×28 MNIST
 *   example for LeNet-5, i.e. hours per epoch.
 *
 * On wasm the gradient is computed as one matrix product, dW = im2col(x)ᵀ · dy, with im2col(x)ᵀ built in
 * JavaScript and the product run by the wasm backend's own (XNNPACK) BatchMatMul kernel. On cpu it is a plain
 * loop over flat typed arrays (bit-identical to the built-in kernel, and far faster). Either way it only affects
 * training; the saved models are ordinary Conv2D layers. Registering it is process-local.
 */
import type * as TF from '@tensorflow/tfjs';
import { conv2dInfo, wasmBatchMatMul, type Conv2DGradAttrs, type ReadableBackend, type WasmBackend } from './convKernelShared';

interface KernelArgs {
  inputs: { x: TF.TensorInfo; dy: TF.TensorInfo };
  backend: unknown;
  attrs: Conv2DGradAttrs & { filterShape: [number, number, number, number] };
}
interface CpuBackend extends ReadableBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TF.TensorInfo;
}

/**
 * Computes dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[b, oh, ow, co]
 * for NHWC tensors (the layout TF.js Layers uses).
 */
export function conv2dBackpropFilterNHWC(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  dyShape: readonly number[],
  filterShape: readonly number[],
  strideH: number,
  strideW: number,
  padTop: number,
  padLeft: number,
): Float32Array {
  const [B, H, W, Ci] = xShape;
  const [, OH, OW, Co] = dyShape;
  const [KH, KW] = filterShape;
  const acc = new Float64Array(KH * KW * Ci * Co);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((b * OH + oh) * OW + ow) * Co;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * strideH + kh - padTop;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * strideW + kw - padLeft;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * Ci;
            const wBase = (kh * KW + kw) * Ci * Co;
            for (let ci = 0; ci < Ci; ci++) {
              const xv = x[xBase + ci];
              if (xv === 0) continue; // post-ReLU activations and MNIST backgrounds are mostly zero
              const o = wBase + ci * Co;
              for (let co = 0; co < Co; co++) acc[o + co] += xv * dy[dyBase + co];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Builds the transposed im2col matrix of an NHWC input: column p = (b, oh, ow) holds the receptive field of
 * output pixel p, row k = (kh, kw, ci) one tap of it; zeros where the tap falls into the padding.
 * Shape [KH·KW·Ci, B·OH·OW]. (Transposed because the wasm BatchMatMul is ~10× slower with transposeA.)
 */
export function im2colTransposedNHWC(
  x: Float32Array,
  xShape: readonly number[],
  KH: number,
  KW: number,
  OH: number,
  OW: number,
  strideH: number,
  strideW: number,
  padTop: number,
  padLeft: number,
): Float32Array {
  const [B, H, W, Ci] = xShape;
  const P = B * OH * OW;
  const out = new Float32Array(KH * KW * Ci * P);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let ci = 0; ci < Ci; ci++) {
        const row = ((kh * KW + kw) * Ci + ci) * P;
        let p = 0;
        for (let b = 0; b < B; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * strideH + kh - padTop;
            if (ih < 0 || ih >= H) {
              p += OW;
              continue;
            }
            const rowBase = (b * H + ih) * W;
            for (let ow = 0; ow < OW; ow++, p++) {
              const iw = ow * strideW + kw - padLeft;
              if (iw >= 0 && iw < W) out[row + p] = x[(rowBase + iw) * Ci + ci];
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Registers the kernel for the `wasm` backend (where it is missing; only if that backend is loaded) and
 * replaces the slow one of the `cpu` backend. Call once, after `getTf()`, before training.
 */
export function registerFastConv2DBackpropFilter(tf: typeof TF): void {
  const makeKernel = (backendName: 'wasm' | 'cpu') => ({ inputs, backend, attrs }: KernelArgs): TF.TensorInfo => {
    const { x, dy } = inputs;
    if (attrs.dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter: only NHWC is supported, got ${attrs.dataFormat}`);
    const info = conv2dInfo(tf, x.shape, attrs.filterShape, attrs);
    const be = backend as ReadableBackend;
    if (backendName === 'wasm') {
      const wasm = be as WasmBackend;
      const [KH, KW, Ci, Co] = info.filterShape;
      const P = info.batchSize * info.outHeight * info.outWidth;
      const colsT = im2colTransposedNHWC(
        be.readSync(x.dataId),
        x.shape,
        KH,
        KW,
        info.outHeight,
        info.outWidth,
        info.strideHeight,
        info.strideWidth,
        info.padInfo.top,
        info.padInfo.left,
      );
      const a = wasm.makeOutput([1, KH * KW * Ci, P], 'float32', undefined, colsT);
      // dy [B, OH, OW, Co] is already the [P, Co] matrix: relabel its shape, as the wasm Reshape kernel does.
      const b: TF.TensorInfo = { dataId: dy.dataId, shape: [1, P, Co], dtype: 'float32' };
      const out = bmm!({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
      wasm.disposeData(a.dataId);
      return { dataId: out.dataId, shape: info.filterShape, dtype: 'float32' };
    }
    const dW = conv2dBackpropFilterNHWC(
      be.readSync(x.dataId),
      x.shape,
      be.readSync(dy.dataId),
      dy.shape,
      info.filterShape,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    return (be as CpuBackend).makeTensorInfo(info.filterShape, 'float32', dW);
  };
  // The wasm backend's kernels are registered when @tensorflow/tfjs-backend-wasm is loaded (getTf() does).
  const bmm = wasmBatchMatMul(tf);
  const backends: Array<'wasm' | 'cpu'> = bmm ? ['wasm', 'cpu'] : ['cpu'];
  for (const backendName of backends) {
    if (tf.getKernel('Conv2DBackpropFilter', backendName)) tf.unregisterKernel('Conv2DBackpropFilter', backendName);
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: makeKernel(backendName) as unknown as TF.KernelFunc });
  }
}
