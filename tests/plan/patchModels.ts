/**
 * Random small int8 CNNs for the patch-based inference tests: a stack of conv / depthwise / pool layers (kernels 1–5,
 * strides 1–2, some dilated, 'same' or 'valid' padding, odd sizes) on a graph input, then a global pool and a dense head, built
 * as float IR graphs with the pass-test helpers and quantized (min/max calibration) with int8 I/O.
 */
import { addOp } from '../../src/ir/graph';
import { tfPadding } from '../../src/ir/shapes';
import { Graph, Pad2D, Tensor } from '../../src/ir/types';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { setIo } from '../../src/quantize/boundary';
import { mulberry32, uniformArray } from '../helpers/rng';
import { conv, dense, depthwise, graph } from '../passes/helpers';

/** TF padding of a k×k window with stride s and dilation d on an h×w input. */
function padOf(mode: 'same' | 'valid', h: number, w: number, k: number, s: number, d = 1): Pad2D {
  const [top, bottom] = tfPadding(mode, h, k, s, d);
  const [left, right] = tfPadding(mode, w, k, s, d);
  return { top, left, bottom, right };
}

/**
 * A random CNN of seed `seed` (float32, then int8 with int8 input and output); its first layer is `first` when
 * given, else random (so every kernel reads the graph input with a negative pad_left in some tests); without
 * `head` (global pool + dense) the last layer's output is the graph's output.
 */
export function randomCnn(seed: number, first?: 'conv' | 'dw' | 'pool', head = true): Graph {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const h = 9 + 2 * Math.floor(rng() * 8);
  const w = 9 + 2 * Math.floor(rng() * 8) + (rng() < 0.3 ? 1 : 0);
  const { g, xs } = graph(`cnn${seed}`, [h, w, pick([1, 3, 4])]);
  let x: Tensor = xs[0];
  const layers = 2 + Math.floor(rng() * 4);
  for (let i = 0; i < layers; i++) {
    const kind = i === 0 ? (first ?? pick(['conv', 'conv', 'dw', 'pool'])) : pick(['conv', 'conv', 'dw', 'pool']);
    const k = pick(kind === 'pool' ? [2, 3] : [1, 3, 3, 5]);
    const s = pick([1, 1, 2]);
    const [ih, iw] = x.shape;
    // Some stride-1 convolutions are dilated (2).
    const d = kind === 'conv' && s === 1 && k === 3 && rng() < 0.3 ? 2 : 1;
    const mode = ih < (k - 1) * d + 3 || iw < (k - 1) * d + 3 ? 'same' : pick(['same', 'valid'] as const);
    const pad = padOf(mode, ih, iw, k, s, d);
    const relu = { min: 0, max: Infinity };
    if (kind === 'conv') x = conv(g, x, pick([2, 4, 6, 8]), k, { pad, strides: [s, s], dilations: [d, d], clamp: rng() < 0.7 ? relu : { min: -Infinity, max: Infinity } });
    else if (kind === 'dw') x = depthwise(g, x, k, pick([1, 1, 2]), { pad, strides: [s, s], clamp: relu });
    else x = addOp(g, 'pool2d', 'pool', [x], { type: pick(['max', 'avg'] as const), pool: [k, k], strides: [s, s], pad });
  }
  g.outputs = [head ? dense(g, addOp(g, 'global_pool', 'gap', [x], { type: 'avg' }), 3).id : x.id];
  const float = optimizeForInt8(g);
  const samples = [0, 1, 2, 3].map((i) => [uniformArray(h * w * xs[0].shape[2], seed * 31 + i)]);
  const quant = quantizeModel(float, samples).graph;
  setIo(quant, 'int8');
  return quant;
}

/** A seeded random int8 input of `n` values. */
export function int8Input(n: number, seed: number): Int8Array {
  const rng = mulberry32(seed);
  return Int8Array.from({ length: n }, () => Math.floor(rng() * 256) - 128);
}
