/**
 * Int8 .tflite models, one per supported operator, built with the flatbuffers builder: the cases shared by the
 * operator tests (tests/e2e/tfliteInt8Ops.e2e.test.ts) and the TFLite-runtime peer test (tflitePeer.e2e.test.ts).
 */
import type * as TF from '@tensorflow/tfjs';
import { numel } from '../../src/ir/graph';
import { uniformArray } from './rng';
import { OptionFields, TfliteBuilder } from './tfliteBuild';

/** Per-tensor int8 parameters. */
export interface Q {
  scale: number;
  zp: number;
}
/** Dequantizes int8 values. */
export const deq = (q: ArrayLike<number>, p: Q): Float32Array => Float32Array.from(q as number[], (v) => Math.fround(p.scale) * (v - p.zp));

/** Symmetric int8 weights per channel along `axis` of `shape` (or per tensor): the int8 values and scales. */
function quantW(w: Float32Array, shape: number[], axis: number | undefined): { q: Int8Array; scales: number[]; deq: Float32Array } {
  const n = axis === undefined ? 1 : shape[axis];
  const inner = axis === undefined ? w.length : numel(shape.slice(axis + 1));
  const ch = (i: number) => (n === 1 ? 0 : Math.floor(i / inner) % n);
  const max = new Array(n).fill(0);
  w.forEach((v, i) => (max[ch(i)] = Math.max(max[ch(i)], Math.abs(v))));
  const scales = max.map((m) => Math.fround(m / 127));
  const q = Int8Array.from(w, (v, i) => Math.round(v / scales[ch(i)]));
  return { q, scales, deq: Float32Array.from(q, (v, i) => v * scales[ch(i)]) };
}

/** One operator's model, its parameters and TF.js's float reference. */
export interface Case {
  name: string;
  /** Input shapes (batch included) and their parameters. */
  ins: [number[], Q][];
  out: [number[], Q];
  /** Builds the operator(s) from input tensor indices to the output index; returns nothing. */
  build(b: TfliteBuilder, xs: number[], y: number): void;
  /** TF.js float reference on dequantized inputs. */
  want(xs: TF.Tensor[]): TF.Tensor;
  /** Allowed distance in output steps. */
  steps: number;
  /** Float input/output (QUANTIZE / DEQUANTIZE). */
  floatIn?: boolean;
  floatOut?: boolean;
}

const A: Q = { scale: 0.05, zp: -7 };
const B: Q = { scale: 0.031, zp: 12 };
const OUT: Q = { scale: 0.08, zp: 3 };

function convCase(tf: typeof TF): Case {
  const wf = uniformArray(6 * 3 * 3 * 4, 41, -1, 1);
  const w = quantW(wf, [6, 3, 3, 4], 0);
  const bf = uniformArray(6, 42);
  const bias = Int32Array.from(bf, (v, c) => Math.round(v / (Math.fround(A.scale) * w.scales[c])));
  const bdeq = Float32Array.from(bias, (v, c) => v * Math.fround(A.scale) * w.scales[c]);
  const hwio = new Float32Array(w.deq.length);
  for (let o = 0; o < 6; o++) for (let k = 0; k < 9; k++) for (let i = 0; i < 4; i++) hwio[(k * 4 + i) * 6 + o] = w.deq[(o * 9 + k) * 4 + i];
  return {
    name: 'CONV_2D (per-channel, SAME, stride 2, RELU)',
    ins: [[[1, 7, 7, 4], A]],
    out: [[1, 4, 4, 6], { scale: 0.25, zp: -128 }],
    build: (b, [x], y) => {
      b.op('CONV_2D', [x, b.constTensor('w', [6, 3, 3, 4], w.q, { scale: w.scales, quantizedDimension: 0 }), b.constTensor('b', [6], bias, { scale: w.scales.map((s) => s * A.scale) })], [y], { padding: 'SAME', strideH: 2, strideW: 2, fusedActivationFunction: 'RELU' }, 3);
    },
    want: ([x]) => tf.relu(tf.conv2d(x as TF.Tensor4D, tf.tensor4d(hwio, [3, 3, 4, 6]), 2, 'same').add(tf.tensor1d(bdeq))),
    steps: 1,
  };
}

function depthwiseCase(tf: typeof TF): Case {
  const wf = uniformArray(3 * 3 * 8, 43, -1, 1);
  const w = quantW(wf, [1, 3, 3, 8], 3);
  const bias = Int32Array.from(uniformArray(8, 45), (v, c) => Math.round(v / (Math.fround(A.scale) * w.scales[c])));
  const bdeq = Float32Array.from(bias, (v, c) => v * Math.fround(A.scale) * w.scales[c]);
  return {
    name: 'DEPTHWISE_CONV_2D (per-channel, multiplier 2, VALID, RELU6)',
    ins: [[[1, 6, 6, 4], A]],
    out: [[1, 4, 4, 8], { scale: 6 / 255, zp: -128 }],
    build: (b, [x], y) => {
      const wt = b.constTensor('w', [1, 3, 3, 8], w.q, { scale: w.scales, quantizedDimension: 3 });
      const bt = b.constTensor('b', [8], bias, { scale: w.scales.map((s) => s * A.scale) });
      b.op('DEPTHWISE_CONV_2D', [x, wt, bt], [y], { padding: 'VALID', strideH: 1, strideW: 1, depthMultiplier: 2, fusedActivationFunction: 'RELU6' }, 3);
    },
    want: ([x]) => tf.relu6(tf.depthwiseConv2d(x as TF.Tensor4D, tf.tensor4d(w.deq, [3, 3, 4, 2]), 1, 'valid').add(tf.tensor1d(bdeq))),
    steps: 1,
  };
}

function fcCase(tf: typeof TF): Case {
  const w = quantW(uniformArray(10 * 48, 44, -0.3, 0.3), [10, 48], undefined);
  return {
    name: 'FULLY_CONNECTED (per-tensor, flattened 4-D input)',
    ins: [[[1, 2, 4, 6], A]],
    out: [[1, 10], OUT],
    build: (b, [x], y) => b.op('FULLY_CONNECTED', [x, b.constTensor('w', [10, 48], w.q, { scale: w.scales }), -1], [y], {}, 4),
    want: ([x]) => tf.matMul(x.reshape([1, 48]), tf.tensor2d(w.deq, [10, 48]), false, true),
    steps: 1,
  };
}

const pool = (tf: typeof TF, op: string, fn: (x: TF.Tensor4D) => TF.Tensor): Case => ({
  name: `${op} (SAME, stride 2, fused RELU)`,
  ins: [[[1, 7, 7, 3], A]],
  out: [[1, 4, 4, 3], A],
  build: (b, [x], y) => b.op(op, [x], [y], { padding: 'SAME', strideH: 2, strideW: 2, filterHeight: 3, filterWidth: 3, fusedActivationFunction: 'RELU' }, 2),
  want: ([x]) => tf.relu(fn(x as TF.Tensor4D)),
  steps: 1,
});

const binary = (op: string, fn: (a: TF.Tensor, b: TF.Tensor) => TF.Tensor, out: Q): Case => ({
  name: `${op} (different input scales, broadcast [1,1,1,C] operand)`,
  ins: [
    [[1, 4, 4, 3], A],
    [[1, 1, 1, 3], B],
  ],
  out: [[1, 4, 4, 3], out],
  build: (b, [x, z], y) => b.op(op, [x, z], [y], {}, 2),
  want: ([x, z]) => fn(x, z),
  steps: 1,
});

const unary = (op: string, out: Q, fn: (x: TF.Tensor) => TF.Tensor, options: OptionFields = {}, steps = 1, version = 2): Case => ({
  name: op,
  ins: [[[1, 64], { scale: 0.06, zp: 5 }]],
  out: [[1, 64], out],
  build: (b, [x], y) => b.op(op, [x], [y], options, version),
  want: ([x]) => fn(x),
  steps,
});

/** Every int8 operator case; `tf` computes the float references. */
export function int8OpCases(tf: typeof TF): Case[] {
  return [
    convCase(tf),
    depthwiseCase(tf),
    fcCase(tf),
    pool(tf, 'AVERAGE_POOL_2D', (x) => tf.avgPool(x, 3, 2, 'same')),
    pool(tf, 'MAX_POOL_2D', (x) => tf.maxPool(x, 3, 2, 'same')),
    binary('ADD', (a, b) => tf.add(a, b), OUT),
    binary('SUB', (a, b) => tf.sub(a, b), OUT),
    binary('MUL', (a, b) => tf.mul(a, b), { scale: 0.02, zp: 0 }),
    {
      name: 'CONCATENATION (axis -1, shared parameters)',
      ins: [
        [[1, 3, 3, 2], A],
        [[1, 3, 3, 5], A],
      ],
      out: [[1, 3, 3, 7], A],
      build: (b, xs, y) => b.op('CONCATENATION', xs, [y], { axis: -1 }, 2),
      want: (xs) => tf.concat(xs, 3),
      steps: 0,
    },
    {
      name: 'RESHAPE then SQUEEZE',
      ins: [[[1, 2, 2, 4], A]],
      out: [[1, 16], A],
      build: (b, [x], y) => {
        const r = b.tensor('r', [1, 1, 1, 16], 'int8', { scale: [A.scale], zeroPoint: [A.zp] });
        b.op('RESHAPE', [x, b.constTensor('s', [4], new Int32Array([1, 1, 1, 16]))], [r], { newShape: [1, 1, 1, 16] });
        b.op('SQUEEZE', [r], [y], { squeezeDims: [1, 2] });
      },
      want: ([x]) => x.reshape([1, 16]),
      steps: 0,
    },
    {
      name: 'PAD (spatial)',
      ins: [[[1, 3, 3, 2], A]],
      out: [[1, 6, 5, 2], A],
      build: (b, [x], y) => b.op('PAD', [x, b.constTensor('p', [4, 2], new Int32Array([0, 0, 1, 2, 0, 2, 0, 0]))], [y], {}, 2),
      want: ([x]) => tf.pad(x, [[0, 0], [1, 2], [0, 2], [0, 0]]),
      steps: 0,
    },
    {
      name: 'MEAN over H, W (keep_dims, own output scale)',
      ins: [[[1, 5, 5, 4], A]],
      out: [[1, 1, 1, 4], { scale: 0.01, zp: -20 }],
      build: (b, [x], y) => b.op('MEAN', [x, b.constTensor('axes', [2], new Int32Array([1, 2]))], [y], { keepDims: true }, 2),
      want: ([x]) => tf.mean(x, [1, 2], true),
      steps: 1,
    },
    unary('SOFTMAX', { scale: 1 / 256, zp: -128 }, (x) => tf.softmax(x.mul(Math.fround(0.7))), { beta: 0.7 }, 1),
    unary('LOGISTIC', { scale: 1 / 256, zp: -128 }, (x) => tf.sigmoid(x)),
    unary('TANH', { scale: 1 / 128, zp: 0 }, (x) => tf.tanh(x)),
    unary('RELU', { scale: 0.03, zp: -128 }, (x) => tf.relu(x)),
    unary('RELU6', { scale: 6 / 255, zp: -128 }, (x) => tf.relu6(x)),
    unary('RELU_N1_TO_1', { scale: 2 / 255, zp: 0 }, (x) => tf.clipByValue(x, -1, 1), {}, 1, 1),
    unary('LEAKY_RELU', { scale: 0.04, zp: 10 }, (x) => tf.leakyRelu(x, Math.fround(0.1)), { alpha: 0.1 }),
    unary('HARD_SWISH', { scale: 0.035, zp: -40 }, (x) => x.mul(tf.relu6(x.add(3))).div(6), {}, 1, 1),
    unary('QUANTIZE', { scale: 0.11, zp: -30 }, (x) => x, {}, 1, 2),
    {
      name: 'QUANTIZE (float32 input) and DEQUANTIZE (float32 output) around a RELU',
      ins: [[[1, 32], A]],
      out: [[1, 32], A],
      floatIn: true,
      floatOut: true,
      build: (b, [x], y) => {
        const q = b.tensor('q', [1, 32], 'int8', { scale: [A.scale], zeroPoint: [A.zp] });
        const r = b.tensor('r', [1, 32], 'int8', { scale: [A.scale], zeroPoint: [A.zp] });
        b.op('QUANTIZE', [x], [q], {}, 2);
        b.op('RELU', [q], [r], {}, 2);
        b.op('DEQUANTIZE', [r], [y], {}, 2);
      },
      want: ([x]) => tf.relu(x),
      steps: 1,
    },
  ];
}

/** The case's model as .tflite bytes (int8 or float32 I/O as the case says). */
export function buildCase(c: Case): Uint8Array {
  const b = new TfliteBuilder();
  const xs = c.ins.map(([s, q], i) => (c.floatIn ? b.tensor(`x${i}`, s) : b.tensor(`x${i}`, s, 'int8', { scale: [q.scale], zeroPoint: [q.zp] })));
  const [os, oq] = c.out;
  const y = c.floatOut ? b.tensor('y', os) : b.tensor('y', os, 'int8', { scale: [oq.scale], zeroPoint: [oq.zp] });
  c.build(b, xs, y);
  b.inputs(xs).outputs([y]);
  return b.bytes();
}
