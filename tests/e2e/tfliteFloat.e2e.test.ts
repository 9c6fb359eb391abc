/**
 * Float32 .tflite models built with the flatbuffers builder: every supported operator, imported and run on the
 * IR float reference, matches TF.js's own ops (an independent implementation) within 1e-5; a multi-operator
 * model also compiles to C whose output matches the IR float reference within 1e-5.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { optimize } from '../../src/passes';
import { fromHalfBits, toHalfArray } from '../../src/arith/float16';
import { runFloat } from '../../src/reference/runFloat';
import { buildRunner, runRunner } from '../helpers/cproject';
import { uniformArray } from '../helpers/rng';
import { OptionFields, TfliteBuilder } from '../helpers/tfliteBuild';
import { tempDir } from '../helpers/zooRun';

const TOL = 1e-5;
let tf: typeof TF;
const root = tempDir('tflite-float');
let fileNo = 0;

beforeAll(async () => {
  tf = await getTf();
});

/** Writes the builder's model to a .tflite file and imports it through the public entry point. */
function load(b: TfliteBuilder) {
  const file = path.join(root, `m${++fileNo}.tflite`);
  fs.writeFileSync(file, b.bytes());
  return importModel(file);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** One-op model: input(s) → op → output; returns the imported graph's float reference output. */
function single(op: string, inShapes: number[][], outShape: number[], extra: (b: TfliteBuilder) => number[], options: OptionFields, xs: Float32Array[]): Float32Array {
  const b = new TfliteBuilder();
  const ins = inShapes.map((s, i) => b.tensor(`x${i}`, s));
  const consts = extra(b);
  const y = b.tensor('y', outShape);
  b.op(op, [...ins, ...consts], [y], options);
  b.inputs(ins).outputs([y]);
  const g = load(b);
  return runFloat(optimize(g), xs)[0];
}

const x4 = (shape: number[], seed: number): Float32Array => uniformArray(numel(shape), seed, -4, 4);

/** OHWI (TFLite) → HWIO (TF.js). */
function ohwiToHwio(w: Float32Array, o: number, h: number, wd: number, i: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < o; a++) for (let y = 0; y < h; y++) for (let x = 0; x < wd; x++) for (let c = 0; c < i; c++) out[((y * wd + x) * i + c) * o + a] = w[((a * h + y) * wd + x) * i + c];
  return out;
}

describe('float32 .tflite operators match TF.js within 1e-5', () => {
  it('CONV_2D (SAME, stride 2, RELU6) and dilated VALID', () => {
    const w = uniformArray(4 * 3 * 3 * 3, 2);
    const bias = uniformArray(4, 3);
    const x = x4([1, 9, 9, 3], 1);
    for (const [opts, outHw] of [
      [{ padding: 'SAME', strideH: 2, strideW: 2, fusedActivationFunction: 'RELU6' }, 5],
      [{ padding: 'VALID', strideH: 1, strideW: 1, dilationHFactor: 2, dilationWFactor: 2 }, 5],
    ] as [OptionFields, number][]) {
      const got = single('CONV_2D', [[1, 9, 9, 3]], [1, outHw, outHw, 4], (b) => [b.constTensor('w', [4, 3, 3, 3], w), b.constTensor('b', [4], bias)], opts, [x]);
      const want = tf.tidy(() => {
        let y = tf.conv2d(tf.tensor4d(x, [1, 9, 9, 3]), tf.tensor4d(ohwiToHwio(w, 4, 3, 3, 3), [3, 3, 3, 4]), [opts.strideH!, opts.strideW!], opts.padding === 'SAME' ? 'same' : 'valid', 'NHWC', [opts.dilationHFactor ?? 1, opts.dilationWFactor ?? 1]).add(tf.tensor1d(bias));
        if (opts.fusedActivationFunction === 'RELU6') y = y.clipByValue(0, 6);
        return y.dataSync() as Float32Array;
      });
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOL);
    }
  });

  it('DEPTHWISE_CONV_2D (depth multiplier 2, no bias) and FULLY_CONNECTED (4-D input flattened)', () => {
    const w = uniformArray(3 * 3 * 8, 5);
    const x = x4([1, 8, 8, 4], 4);
    const got = single('DEPTHWISE_CONV_2D', [[1, 8, 8, 4]], [1, 6, 6, 8], (b) => [b.constTensor('w', [1, 3, 3, 8], w), -1], { padding: 'VALID', strideH: 1, strideW: 1, depthMultiplier: 2 }, [x]);
    const want = tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(x, [1, 8, 8, 4]), tf.tensor4d(w, [3, 3, 4, 2]), 1, 'valid').dataSync() as Float32Array);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOL);

    const fw = uniformArray(5 * 24, 7);
    const fb = uniformArray(5, 8);
    const fx = x4([1, 2, 3, 4], 6);
    const fc = single('FULLY_CONNECTED', [[1, 2, 3, 4]], [1, 5], (b) => [b.constTensor('w', [5, 24], fw), b.constTensor('b', [5], fb)], { fusedActivationFunction: 'RELU' }, [fx]);
    const fwant = tf.tidy(() => tf.relu(tf.matMul(tf.tensor2d(fx, [1, 24]), tf.tensor2d(fw, [5, 24]), false, true).add(tf.tensor1d(fb))).dataSync() as Float32Array);
    expect(maxAbsDiff(fc, fwant)).toBeLessThanOrEqual(TOL);
  });

  it('AVERAGE_POOL_2D / MAX_POOL_2D (SAME, stride 2) and MEAN over H, W (keep_dims either way)', () => {
    const x = x4([1, 7, 7, 3], 9);
    const opts: OptionFields = { padding: 'SAME', strideH: 2, strideW: 2, filterHeight: 3, filterWidth: 3 };
    const avg = single('AVERAGE_POOL_2D', [[1, 7, 7, 3]], [1, 4, 4, 3], () => [], opts, [x]);
    const max = single('MAX_POOL_2D', [[1, 7, 7, 3]], [1, 4, 4, 3], () => [], { ...opts, fusedActivationFunction: 'RELU' }, [x]);
    const x4d = () => tf.tensor4d(x, [1, 7, 7, 3]);
    expect(maxAbsDiff(avg, tf.tidy(() => tf.avgPool(x4d(), 3, 2, 'same').dataSync() as Float32Array))).toBeLessThanOrEqual(TOL);
    expect(maxAbsDiff(max, tf.tidy(() => tf.relu(tf.maxPool(x4d(), 3, 2, 'same')).dataSync() as Float32Array))).toBeLessThanOrEqual(TOL);
    for (const keepDims of [true, false]) {
      const got = single('MEAN', [[1, 7, 7, 3]], keepDims ? [1, 1, 1, 3] : [1, 3], (b) => [b.constTensor('axes', [2], new Int32Array([1, 2]))], { keepDims }, [x]);
      expect(maxAbsDiff(got, tf.tidy(() => tf.mean(x4d(), [1, 2]).dataSync() as Float32Array))).toBeLessThanOrEqual(TOL);
    }
  });

  it('ADD / SUB / MUL with a broadcast constant and fused RELU; CONCATENATION of two inputs', () => {
    const x = x4([1, 4, 4, 3], 10);
    const c = uniformArray(3, 11, -2, 2);
    const fns: Record<string, (a: TF.Tensor, b: TF.Tensor) => TF.Tensor> = { ADD: tf.add, SUB: tf.sub, MUL: tf.mul };
    for (const op of ['ADD', 'SUB', 'MUL']) {
      const got = single(op, [[1, 4, 4, 3]], [1, 4, 4, 3], (b) => [b.constTensor('c', [1, 1, 1, 3], c)], { fusedActivationFunction: 'RELU' }, [x]);
      const want = tf.tidy(() => tf.relu(fns[op](tf.tensor4d(x, [1, 4, 4, 3]), tf.tensor4d(c, [1, 1, 1, 3]))).dataSync() as Float32Array);
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOL);
    }
    const x2 = x4([1, 4, 4, 2], 12);
    const cat = single('CONCATENATION', [[1, 4, 4, 3], [1, 4, 4, 2]], [1, 4, 4, 5], () => [], { axis: -1 }, [x, x2]);
    const cwant = tf.tidy(() => tf.concat([tf.tensor4d(x, [1, 4, 4, 3]), tf.tensor4d(x2, [1, 4, 4, 2])], 3).dataSync() as Float32Array);
    expect(maxAbsDiff(cat, cwant)).toBeLessThanOrEqual(TOL);
  });

  it('RESHAPE, SQUEEZE, PAD, SOFTMAX (beta 0.5) and the unary activations', () => {
    const x = x4([1, 4, 4, 2], 13);
    expect(maxAbsDiff(single('RESHAPE', [[1, 4, 4, 2]], [1, 32], (b) => [b.constTensor('shape', [2], new Int32Array([1, 32]))], {}, [x]), x)).toBe(0);
    const s = x4([1, 1, 1, 8], 14);
    expect(maxAbsDiff(single('SQUEEZE', [[1, 1, 1, 8]], [1, 8], () => [], { squeezeDims: [1, 2] }, [s]), s)).toBe(0);
    const pads = new Int32Array([0, 0, 1, 2, 2, 1, 0, 0]);
    const padded = single('PAD', [[1, 4, 4, 2]], [1, 7, 7, 2], (b) => [b.constTensor('p', [4, 2], pads)], {}, [x]);
    const pwant = tf.tidy(() => tf.pad(tf.tensor4d(x, [1, 4, 4, 2]), [[0, 0], [1, 2], [2, 1], [0, 0]]).dataSync() as Float32Array);
    expect(maxAbsDiff(padded, pwant)).toBe(0);
    const logits = x4([1, 10], 15);
    const sm = single('SOFTMAX', [[1, 10]], [1, 10], () => [], { beta: 0.5 }, [logits]);
    expect(maxAbsDiff(sm, tf.tidy(() => tf.softmax(tf.tensor2d(logits, [1, 10]).mul(0.5)).dataSync() as Float32Array))).toBeLessThanOrEqual(TOL);

    const a = x4([1, 64], 16);
    const at = () => tf.tensor2d(a, [1, 64]);
    const unary: [string, OptionFields, () => TF.Tensor][] = [
      ['LOGISTIC', {}, () => tf.sigmoid(at())],
      ['TANH', {}, () => tf.tanh(at())],
      ['RELU', {}, () => tf.relu(at())],
      ['RELU6', {}, () => tf.relu6(at())],
      ['RELU_N1_TO_1', {}, () => tf.clipByValue(at(), -1, 1)],
      ['LEAKY_RELU', { alpha: 0.2 }, () => tf.leakyRelu(at(), Math.fround(0.2))],
      ['HARD_SWISH', {}, () => at().mul(tf.relu6(at().add(3))).div(6)],
    ];
    for (const [op, opts, want] of unary) {
      const got = single(op, [[1, 64]], [1, 64], () => [], opts, [a]);
      expect({ op, diff: maxAbsDiff(got, tf.tidy(() => want().dataSync() as Float32Array)) <= TOL }).toEqual({ op, diff: true });
    }
  });

  it('DEQUANTIZE of float16 weights feeding a convolution (a float16 .tflite)', () => {
    const w = uniformArray(4 * 3 * 3 * 3, 17);
    const half = toHalfArray(w);
    const decoded = Float32Array.from(half, (h) => fromHalfBits(h));
    const x = x4([1, 6, 6, 3], 18);
    const b = new TfliteBuilder();
    const xi = b.tensor('x', [1, 6, 6, 3]);
    const wh = b.constTensor('w16', [4, 3, 3, 3], half, undefined, 'float16');
    const wf = b.tensor('w', [4, 3, 3, 3]);
    const y = b.tensor('y', [1, 4, 4, 4]);
    b.op('DEQUANTIZE', [wh], [wf], {}, 3);
    b.op('CONV_2D', [xi, wf, -1], [y], { padding: 'VALID', strideH: 1, strideW: 1 });
    b.inputs([xi]).outputs([y]);
    const got = runFloat(optimize(load(b)), [x])[0];
    const want = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [1, 6, 6, 3]), tf.tensor4d(ohwiToHwio(decoded, 4, 3, 3, 3), [3, 3, 3, 4]), 1, 'valid').dataSync() as Float32Array);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOL);
  });
});

describe('a float32 .tflite network compiled to C', () => {
  it('conv → depthwise → add → max pool → mean → fully connected → softmax: C matches the IR float reference within 1e-5', () => {
    const b = new TfliteBuilder();
    const x = b.tensor('input', [1, 12, 12, 3]);
    const c1 = b.tensor('conv1', [1, 12, 12, 8]);
    b.op('CONV_2D', [x, b.constTensor('conv1/w', [8, 3, 3, 3], uniformArray(216, 21, -0.5, 0.5)), b.constTensor('conv1/b', [8], uniformArray(8, 22))], [c1], { padding: 'SAME', strideH: 1, strideW: 1, fusedActivationFunction: 'RELU' });
    const d1 = b.tensor('dw1', [1, 12, 12, 8]);
    b.op('DEPTHWISE_CONV_2D', [c1, b.constTensor('dw1/w', [1, 3, 3, 8], uniformArray(72, 23, -0.5, 0.5)), b.constTensor('dw1/b', [8], uniformArray(8, 24))], [d1], { padding: 'SAME', strideH: 1, strideW: 1, depthMultiplier: 1, fusedActivationFunction: 'RELU6' });
    const s = b.tensor('sum', [1, 12, 12, 8]);
    b.op('ADD', [c1, d1], [s]);
    const p = b.tensor('pool', [1, 6, 6, 8]);
    b.op('MAX_POOL_2D', [s, -1].slice(0, 1), [p], { padding: 'VALID', strideH: 2, strideW: 2, filterHeight: 2, filterWidth: 2 });
    const m = b.tensor('mean', [1, 8]);
    b.op('MEAN', [p, b.constTensor('axes', [2], new Int32Array([1, 2]))], [m], { keepDims: false });
    const f = b.tensor('fc', [1, 5]);
    b.op('FULLY_CONNECTED', [m, b.constTensor('fc/w', [5, 8], uniformArray(40, 25)), b.constTensor('fc/b', [5], uniformArray(5, 26))], [f], {}, 1);
    const out = b.tensor('probs', [1, 5]);
    b.op('SOFTMAX', [f], [out], { beta: 1 });
    b.inputs([x]).outputs([out]);
    const g = optimize(load(b));
    const outDir = path.join(root, 'net');
    generate(g, { target: 'host', outDir, name: 'net' });
    const samples = [0, 1, 2].map((k) => [uniformArray(432, 30 + k, -2, 2)]);
    const c = runRunner(buildRunner(outDir), samples, [5]);
    samples.forEach((smp, k) => {
      const ref = runFloat(g, smp)[0];
      expect(maxAbsDiff(c[k][0], ref)).toBeLessThanOrEqual(TOL);
    });
    expect(tensor(g, g.outputs[0]).dtype).toBe('float32');
  });
});
