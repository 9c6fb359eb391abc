/**
 * Plain-JavaScript `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` kernels (the
 * weight and input gradients of a depthwise 2-D convolution), so depthwise-separable models can be trained
 * with TF.js outside tfjs-node:
 *
 * - the wasm backend has neither kernel (TF.js 4.22), so `model.fit` fails on the first DepthwiseConv2D layer;
 * - the cpu backend has both, but its filter gradient indexes through `TensorBuffer.get()` and is slow.
 *
 * Both are loops over flat typed arrays accumulating in float64 (a depthwise convolution has only KH·KW
 * multiply-adds per output element, so a matrix-product formulation would not pay off). They only affect
 * training; the saved models are ordinary DepthwiseConv2D layers. Registering them is process-local.
 */
import type * as TF from '@tensorflow/tfjs';

/** Geometry of one NHWC depthwise convolution (dilation 1). */
export interface DepthwiseGeometry {
  /** Input [B, H, W, Ci]. */
  xShape: readonly number[];
  /** Filter [KH, KW, Ci, M] (M = channel multiplier). */
  filterShape: readonly number[];
  /** Output spatial size. */
  outHeight: number;
  outWidth: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Filter gradient: dW[kh, kw, ci, m] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] ·
 * dy[b, oh, ow, ci·M + m], zero-padded outside the input.
 */
export function depthwiseBackpropFilterNHWC(x: Float32Array, dy: Float32Array, g: DepthwiseGeometry): Float32Array {
  const [B, H, W, Ci] = g.xShape;
  const [KH, KW, , M] = g.filterShape;
  const OH = g.outHeight;
  const OW = g.outWidth;
  const Co = Ci * M;
  const acc = new Float64Array(KH * KW * Co);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((b * OH + oh) * OW + ow) * Co;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * g.strideH + kh - g.padTop;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * g.strideW + kw - g.padLeft;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * Ci;
            const wBase = (kh * KW + kw) * Co; // [kh, kw, ci, m] flattened: ci·M + m is the output channel
            for (let ci = 0; ci < Ci; ci++) {
              const xv = x[xBase + ci];
              if (xv === 0) continue; // post-ReLU activations and MNIST backgrounds are mostly zero
              for (let m = 0; m < M; m++) acc[wBase + ci * M + m] += xv * dy[dyBase + ci * M + m];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Input gradient: dx[b, ih, iw, ci] = Σ over the taps (kh, kw) and output pixels (oh, ow) that read
 * x[b, ih, iw, ci] of Σ_m w[kh, kw, ci, m] · dy[b, oh, ow, ci·M + m].
 */
export function depthwiseBackpropInputNHWC(dy: Float32Array, w: Float32Array, g: DepthwiseGeometry): Float32Array {
  const [B, H, W, Ci] = g.xShape;
  const [KH, KW, , M] = g.filterShape;
  const OH = g.outHeight;
  const OW = g.outWidth;
  const Co = Ci * M;
  const acc = new Float64Array(B * H * W * Ci);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((b * OH + oh) * OW + ow) * Co;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * g.strideH + kh - g.padTop;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * g.strideW + kw - g.padLeft;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * Ci;
            const wBase = (kh * KW + kw) * Co;
            if (M === 1) {
              for (let ci = 0; ci < Ci; ci++) acc[xBase + ci] += w[wBase + ci] * dy[dyBase + ci];
            } else {
              for (let ci = 0; ci < Ci; ci++) {
                let s = 0;
                for (let m = 0; m < M; m++) s += w[wBase + ci * M + m] * dy[dyBase + ci * M + m];
                acc[xBase + ci] += s;
              }
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

type Pad = 'valid' | 'same' | number | TF.backend_util.ExplicitPadding;
interface CommonAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
interface FilterArgs {
  inputs: { x: TF.TensorInfo; dy: TF.TensorInfo };
  backend: unknown;
  attrs: CommonAttrs & { filterShape: [number, number, number, number] };
}
interface InputArgs {
  inputs: { dy: TF.TensorInfo; filter: TF.TensorInfo };
  backend: unknown;
  attrs: CommonAttrs & { inputShape: [number, number, number, number] };
}

/** The parts of BackendWasm / MathBackendCPU used here (both return float32 data from readSync). */
interface AnyBackend {
  readSync(dataId: object): Float32Array;
}
interface WasmBackend extends AnyBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TF.TensorInfo;
}
interface CpuBackend extends AnyBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TF.TensorInfo;
}

/**
 * Registers both kernels for the `wasm` backend (where they are missing; only if that backend is loaded) and
 * replaces the `cpu` backend's. Call once, after `getTf()`, before training.
 */
export function registerDepthwiseBackprop(tf: typeof TF): void {
  const geometry = (xShape: [number, number, number, number], filterShape: [number, number, number, number], a: CommonAttrs): DepthwiseGeometry => {
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, true, 'channelsLast');
    if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('depthwise backprop: only dilation 1 is supported');
    return {
      xShape,
      filterShape,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
      strideH: info.strideHeight,
      strideW: info.strideWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    };
  };
  const output = (backendName: 'wasm' | 'cpu', backend: unknown, shape: number[], values: Float32Array): TF.TensorInfo =>
    backendName === 'wasm'
      ? (backend as WasmBackend).makeOutput(shape, 'float32', undefined, values)
      : (backend as CpuBackend).makeTensorInfo(shape, 'float32', values);

  const filterKernel = (backendName: 'wasm' | 'cpu') => ({ inputs, backend, attrs }: FilterArgs): TF.TensorInfo => {
    const be = backend as AnyBackend;
    const g = geometry(inputs.x.shape as [number, number, number, number], attrs.filterShape, attrs);
    const dW = depthwiseBackpropFilterNHWC(be.readSync(inputs.x.dataId), be.readSync(inputs.dy.dataId), g);
    return output(backendName, backend, [...attrs.filterShape], dW);
  };
  const inputKernel = (backendName: 'wasm' | 'cpu') => ({ inputs, backend, attrs }: InputArgs): TF.TensorInfo => {
    const be = backend as AnyBackend;
    const g = geometry(attrs.inputShape, inputs.filter.shape as [number, number, number, number], attrs);
    const dx = depthwiseBackpropInputNHWC(be.readSync(inputs.dy.dataId), be.readSync(inputs.filter.dataId), g);
    return output(backendName, backend, [...attrs.inputShape], dx);
  };

  // The wasm backend's kernels are registered when @tensorflow/tfjs-backend-wasm is loaded (getTf() does).
  const backends: Array<'wasm' | 'cpu'> = tf.getKernel('DepthwiseConv2dNative', 'wasm') ? ['wasm', 'cpu'] : ['cpu'];
  for (const backendName of backends) {
    const kernels: Array<[string, TF.KernelFunc]> = [
      ['DepthwiseConv2dNativeBackpropFilter', filterKernel(backendName) as unknown as TF.KernelFunc],
      ['DepthwiseConv2dNativeBackpropInput', inputKernel(backendName) as unknown as TF.KernelFunc],
    ];
    for (const [kernelName, kernelFunc] of kernels) {
      if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}
