/**
 * Layers and options Keras writes but TF.js cannot produce (see tests/zoo/models.ts): Subtract, ReLU with
 * negative_slope / threshold / max_value, ELU with alpha ≠ 1, Softmax over a non-last axis, LeakyReLU via
 * negative_slope, global pooling with keepdims. The model.json files are written by hand in Keras 3 spelling;
 * the float reference is checked against an independent computation with TF.js ops.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { runFloat } from '../../src/reference/runFloat';
import { uniformArray } from '../helpers/rng';
import { Json, k3Functional, k3Input, k3Layer, k3Sequential, k3Tensor, writeKerasModel } from './keras';

let tf: typeof TF;
let root: string;
let counter = 0;

beforeAll(async () => {
  tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-kerasonly-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes and imports a hand-written model. */
function load(topology: Json, weights: Parameters<typeof writeKerasModel>[3] = []): Graph {
  return importModel(writeKerasModel(root, `m${counter++}.json`, topology, weights));
}

/** One Keras 3 Sequential layer on an input of `shape` (batch excluded). */
function single(className: string, config: Json, shape: number[]): Graph {
  return load(k3Sequential(`${className.toLowerCase()}_${counter}`, shape, [k3Layer(className, `${className.toLowerCase()}_layer`, config)]));
}

/** |a − e| ≤ atol + rtol·|e| elementwise. */
function expectClose(actual: Float32Array, expected: ArrayLike<number>, what: string, atol = 1e-6, rtol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * Math.abs(expected[i]))) {
      throw new Error(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (input differs by ${err})`);
    }
  }
}

/** Runs the graph as imported and after optimize(); both must match `expected`. */
function check(g: Graph, inputs: Float32Array[], expected: ArrayLike<number>, what: string, atol?: number, rtol?: number): void {
  expectClose(runFloat(g, inputs)[0], expected, what, atol, rtol);
  expectClose(runFloat(optimize(g), inputs)[0], expected, `${what} (optimized)`, atol, rtol);
}

function tfRun(f: () => TF.Tensor): Float32Array {
  return tf.tidy(() => Float32Array.from(f().dataSync()));
}

// -------------------------------------------------------------------------------------------------------------

describe('Subtract', () => {
  it('imports a two-input Subtract (Keras 3 nested args) and matches tf.sub', () => {
    const shape = [5, 6, 3];
    const topo = k3Functional(
      'sub_model',
      [
        k3Input('a', shape),
        k3Input('b', shape),
        k3Layer('Subtract', 'subtract', {}, [k3Tensor('a', shape), k3Tensor('b', shape)]),
      ],
      ['a', 'b'],
      ['subtract'],
    );
    const g = load(topo);
    expect(g.ops.map((o) => [o.kind, o.kind === 'binary' ? o.attrs.fn : '']).filter(([k]) => k === 'binary')).toEqual([['binary', 'sub']]);
    const a = uniformArray(90, 1);
    const b = uniformArray(90, 2);
    check(g, [a, b], tfRun(() => tf.sub(tf.tensor(a, [1, ...shape]), tf.tensor(b, [1, ...shape]))), 'subtract', 0, 0);
  });

  it('subtracts a convolved branch from a dense branch of the same input (operand order matters)', () => {
    const shape = [4, 4, 2];
    const w = uniformArray(2 * 2 * 2 * 3, 3, -0.5, 0.5); // HWIO
    const bias = uniformArray(3, 4, -0.1, 0.1);
    const dk = uniformArray(2 * 3, 5, -0.5, 0.5);
    const topo = k3Functional(
      'sub_branches',
      [
        k3Input('x', shape),
        k3Layer('Conv2D', 'conv', { filters: 3, kernel_size: [2, 2], strides: [1, 1], padding: 'same', dilation_rate: [1, 1], use_bias: true, activation: 'linear' }, k3Tensor('x', shape)),
        k3Layer('Dense', 'dense', { units: 3, use_bias: false, activation: 'linear' }, k3Tensor('x', shape)),
        k3Layer('Subtract', 'subtract', {}, [k3Tensor('dense', [4, 4, 3]), k3Tensor('conv', [4, 4, 3])]),
      ],
      ['x'],
      ['subtract'],
    );
    const g = load(topo, [
      { name: 'conv/kernel', shape: [2, 2, 2, 3], data: w },
      { name: 'conv/bias', shape: [3], data: bias },
      { name: 'dense/kernel', shape: [2, 3], data: dk },
    ]);
    const x = uniformArray(32, 6);
    const expected = tfRun(() => {
      const xt = tf.tensor4d(x, [1, ...shape] as [number, number, number, number]);
      const conv = tf.add(tf.conv2d(xt, tf.tensor4d(w, [2, 2, 2, 3]), 1, 'same'), tf.tensor1d(bias));
      const dense = tf.reshape(tf.matMul(tf.reshape(xt, [16, 2]), tf.tensor2d(dk, [2, 3])), [1, 4, 4, 3]);
      return tf.sub(dense, conv);
    });
    check(g, [x], expected, 'dense - conv', 1e-6, 1e-5);
  });
});

describe('ReLU with negative_slope / threshold / max_value', () => {
  interface ReluCase {
    negative_slope: number;
    threshold: number;
    max_value: number | null;
  }
  const CASES: ReluCase[] = [
    { negative_slope: 0, threshold: 0, max_value: null },
    { negative_slope: 0, threshold: 0, max_value: 6 },
    { negative_slope: 0, threshold: 0, max_value: 2.5 },
    { negative_slope: 0.1, threshold: 0, max_value: null },
    { negative_slope: 0, threshold: 0.5, max_value: null },
    { negative_slope: 0.2, threshold: 1, max_value: null },
    { negative_slope: 0.3, threshold: 0, max_value: 6 },
    { negative_slope: 0, threshold: 1.5, max_value: 4 },
    { negative_slope: 0.25, threshold: 0.5, max_value: 3 },
    { negative_slope: 1.5, threshold: 2, max_value: 5 },
  ];

  /** Keras' backend relu (keras/src/activations/activations.py ReLU.static_call), with TF.js ops. */
  function kerasRelu(x: TF.Tensor, c: ReluCase): TF.Tensor {
    let pos = c.threshold !== 0 ? tf.mul(x, tf.cast(tf.greater(x, c.threshold), 'float32')) : tf.relu(x);
    if (c.max_value !== null) pos = tf.clipByValue(pos, 0, c.max_value);
    if (c.negative_slope === 0) return pos;
    const neg = tf.relu(tf.sub(tf.scalar(c.threshold), x));
    return tf.sub(pos, tf.mul(tf.scalar(c.negative_slope), neg));
  }

  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('%s', (_, c) => {
    const g = single('ReLU', { ...c }, [6, 7]);
    const x = uniformArray(42, 11, -4, 8);
    check(g, [x], tfRun(() => kerasRelu(tf.tensor(x, [1, 6, 7]), c)), 'relu');
  });

  it('plain / max 6 / max 2.5 become relu, relu6 and a clamp the optimizer can fuse', () => {
    const kinds = CASES.slice(0, 3).map((c) => {
      const g = single('ReLU', { ...c }, [5]);
      const act = g.ops.find((o) => o.kind === 'activation');
      return act && act.kind === 'activation' ? act.attrs.fn : undefined;
    });
    expect(kinds).toEqual(['relu', 'relu6', 'relu_ex']);
  });

  it('rejects max_value below threshold (no relu_ex equivalent) with a one-line error', () => {
    expect(() => single('ReLU', { negative_slope: 0, threshold: 3, max_value: 2 }, [5])).toThrow(TinyfitError);
    expect(() => single('ReLU', { negative_slope: 0, threshold: 3, max_value: 2 }, [5])).toThrow(/max_value/);
  });
});

describe('ELU with alpha ≠ 1', () => {
  it.each([0.5, 1.7, 0.1])('alpha %p', (alpha) => {
    const g = single('ELU', { alpha }, [3, 4, 5]);
    const x = uniformArray(60, 21, -6, 3);
    const expected = tfRun(() => {
      const t = tf.tensor(x, [1, 3, 4, 5]);
      return tf.where(tf.greater(t, 0), t, tf.mul(tf.scalar(alpha), tf.sub(tf.exp(t), 1)));
    });
    check(g, [x], expected, `elu ${alpha}`, 1e-6, 1e-5);
  });
});

describe('Softmax over a non-last axis', () => {
  const shape = [4, 5, 3];
  // Keras axes count the batch axis: for [batch, 4, 5, 3], 1 and -3 are the 4-axis, 2 and -2 the 5-axis.
  it.each([1, 2, 3, -1, -2, -3])('axis %p', (axis) => {
    const g = single('Softmax', { axis }, shape);
    const x = uniformArray(60, 31, -4, 4);
    const expected = tfRun(() => {
      const rank = 4;
      const ax = axis < 0 ? axis + rank : axis;
      const perm = [...Array(rank).keys()].filter((d) => d !== ax).concat(ax);
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return tf.transpose(tf.softmax(tf.transpose(tf.tensor(x, [1, ...shape]), perm)), inverse);
    });
    check(g, [x], expected, `softmax axis ${axis}`, 1e-7, 1e-5);
  });

  it('softmax over a list holding one axis', () => {
    const g = single('Softmax', { axis: [2] }, shape);
    const x = uniformArray(60, 32, -4, 4);
    const expected = tfRun(() => tf.transpose(tf.softmax(tf.transpose(tf.tensor(x, [1, ...shape]), [0, 1, 3, 2])), [0, 1, 3, 2]));
    check(g, [x], expected, 'softmax axis [2]', 1e-7, 1e-5);
  });
});

describe('LeakyReLU via negative_slope', () => {
  it.each([0.2, 0.01, 0.3])('negative_slope %p', (slope) => {
    const g = single('LeakyReLU', { negative_slope: slope }, [17]);
    const x = uniformArray(17, 41, -5, 5);
    check(g, [x], tfRun(() => tf.leakyRelu(tf.tensor(x, [1, 17]), slope)), `leaky ${slope}`, 0, 1e-6); // slope·x in double vs float32: an ulp apart
  });

  it('negative_slope wins over a stale alpha', () => {
    const g = single('LeakyReLU', { negative_slope: 0.05, alpha: 0.3 }, [9]);
    const x = uniformArray(9, 42, -5, 5);
    check(g, [x], tfRun(() => tf.leakyRelu(tf.tensor(x, [1, 9]), 0.05)), 'leaky 0.05', 0, 1e-6);
  });
});

describe('global pooling with keepdims', () => {
  it('GlobalAveragePooling2D keepdims: true gives [1, 1, C] (matches tf.mean keepDims)', () => {
    const g = single('GlobalAveragePooling2D', { data_format: 'channels_last', keepdims: true }, [5, 6, 4]);
    expect(g.tensors.get(g.outputs[0])?.shape).toEqual([1, 1, 4]);
    const x = uniformArray(120, 51);
    check(g, [x], tfRun(() => tf.mean(tf.tensor(x, [1, 5, 6, 4]), [1, 2], true)), 'gap keepdims', 1e-6, 1e-5);
  });

  it('a squeeze-excite style 1×1 conv reads the [1, 1, C] output', () => {
    const shape = [6, 5, 4];
    const w = uniformArray(4 * 3, 52, -0.5, 0.5);
    const b = uniformArray(3, 53, -0.1, 0.1);
    const topo = k3Functional(
      'se',
      [
        k3Input('x', shape),
        k3Layer('GlobalAveragePooling2D', 'gap', { data_format: 'channels_last', keepdims: true }, k3Tensor('x', shape)),
        k3Layer(
          'Conv2D',
          'squeeze',
          { filters: 3, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', dilation_rate: [1, 1], use_bias: true, activation: 'relu' },
          k3Tensor('gap', [1, 1, 4]),
        ),
      ],
      ['x'],
      ['squeeze'],
    );
    const g = load(topo, [
      { name: 'squeeze/kernel', shape: [1, 1, 4, 3], data: w },
      { name: 'squeeze/bias', shape: [3], data: b },
    ]);
    expect(g.tensors.get(g.outputs[0])?.shape).toEqual([1, 1, 3]);
    const x = uniformArray(120, 54);
    const expected = tfRun(() =>
      tf.relu(tf.add(tf.conv2d(tf.mean(tf.tensor4d(x, [1, ...shape] as [number, number, number, number]), [1, 2], true) as TF.Tensor4D, tf.tensor4d(w, [1, 1, 4, 3]), 1, 'valid'), tf.tensor1d(b))),
    );
    check(g, [x], expected, 'se', 1e-6, 1e-5);
  });

  it('GlobalMaxPooling2D and GlobalAveragePooling1D keepdims', () => {
    const gmp = single('GlobalMaxPooling2D', { keepdims: true }, [4, 3, 5]);
    expect(gmp.tensors.get(gmp.outputs[0])?.shape).toEqual([1, 1, 5]);
    const x = uniformArray(60, 55);
    check(gmp, [x], tfRun(() => tf.max(tf.tensor(x, [1, 4, 3, 5]), [1, 2], true)), 'gmp keepdims', 0, 0);
    const gap1 = single('GlobalAveragePooling1D', { keepdims: true }, [12, 5]);
    expect(gap1.tensors.get(gap1.outputs[0])?.shape).toEqual([1, 5]);
    check(gap1, [x], tfRun(() => tf.mean(tf.tensor(x, [1, 12, 5]), [1], true)), 'gap1d keepdims', 1e-6, 1e-5);
  });
});

describe('Keras 3 activation objects', () => {
  it('a function from outside keras.activations ({class_name: "function", config: "relu"}) imports as that activation', () => {
    const kernel = uniformArray(6 * 4, 61, -0.6, 0.6);
    const fnObject = (name: string, module: string): Json => ({ module, class_name: 'function', config: name, registered_name: 'function' });
    const g = load(
      k3Sequential('fn_acts', [6], [
        k3Layer('Dense', 'dense', { units: 4, use_bias: false, activation: fnObject('relu', 'keras.src.ops.nn') }),
        k3Layer('Activation', 'act', { activation: fnObject('relu6', 'tensorflow.python.ops.nn_ops') }),
      ]),
      [{ name: 'dense/kernel', shape: [6, 4], data: kernel }],
    );
    expect(g.ops.map((o) => (o.kind === 'activation' ? o.attrs.fn : o.kind))).toEqual(['dense', 'relu', 'relu6']);
    const x = uniformArray(6, 62, -8, 8);
    const expected = tfRun(() => tf.relu6(tf.relu(tf.matMul(tf.tensor2d(x, [1, 6]), tf.tensor2d(kernel, [6, 4])))));
    check(g, [x], expected, 'function activations', 1e-6, 1e-5);
  });
});
