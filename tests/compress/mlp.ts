/** Test models for the compressed-storage suites: a random int8 MLP built in the IR, its weights reshaped per format. */
import { addOp, addTensor, emptyGraph, tensor } from '../../src/ir/graph';
import { Graph, NO_CLAMP } from '../../src/ir/types';
import { quantizeModel } from '../../src/quantize/pipeline';
import { mulberry32, uniformArray } from '../helpers/rng';

/**
 * A float MLP `sizes[0] → … → sizes[n]` (ReLU between layers; `rows` input rows), random weights, quantized to
 * int8 on a few random samples.
 */
export function int8Mlp(sizes: number[], seed: number, rows = 1): Graph {
  const g = emptyGraph(`mlp${sizes.join('_')}`);
  let x = addTensor(g, 'x', rows > 1 ? [rows, sizes[0]] : [sizes[0]]);
  g.inputs = [x.id];
  for (let l = 1; l < sizes.length; l++) {
    const [inN, outN] = [sizes[l - 1], sizes[l]];
    const w = addTensor(g, `fc${l}/w`, [outN, inN], 'float32', uniformArray(outN * inN, seed * 31 + l, -2 / Math.sqrt(inN), 2 / Math.sqrt(inN)));
    const b = addTensor(g, `fc${l}/b`, [outN], 'float32', uniformArray(outN, seed * 37 + l, -0.1, 0.1));
    const last = l === sizes.length - 1;
    x = addOp(g, 'dense', `fc${l}`, [x, w, b], { clamp: last ? NO_CLAMP : { min: 0, max: Infinity } });
  }
  g.outputs = [x.id];
  const n = rows * sizes[0];
  const samples = Array.from({ length: 4 }, (_, i) => [uniformArray(n, seed * 101 + i, -1, 1)]);
  return quantizeModel(g, samples).graph;
}

/** A copy of `g` whose dense and conv2d weights are replaced by `fn(weights, op index, random source)`. */
export function reshapeWeights(g: Graph, seed: number, fn: (w: Int8Array, layer: number, rnd: () => number) => Int8Array): Graph {
  const tensors = new Map(g.tensors);
  const rnd = mulberry32(seed);
  g.ops.forEach((op, l) => {
    if (op.kind !== 'dense' && op.kind !== 'conv2d') return;
    const w = tensor(g, op.inputs[1]);
    tensors.set(w.id, { ...w, data: fn(w.data as Int8Array, l, rnd) });
  });
  return { ...g, tensors };
}

/** Zeroes a fraction `sparsity` of the weights (uniformly at random). */
export const prune = (sparsity: number) => (w: Int8Array, _l: number, rnd: () => number): Int8Array => Int8Array.from(w, (v) => (rnd() < sparsity ? 0 : v));

/** Snaps every weight to the nearest of 2^bits evenly spaced int8 levels (a clustered layer). */
export const snap = (bits: number) => (w: Int8Array): Int8Array => {
  const step = 256 / (1 << bits);
  return Int8Array.from(w, (v) => -128 + Math.min((1 << bits) - 1, Math.round((v + 128) / step)) * step);
};

/** Clamps weights to int4 by dividing by 16 (rounding toward zero keeps them in [−8, 7]). */
export const toInt4 = (w: Int8Array): Int8Array => Int8Array.from(w, (v) => Math.max(-8, Math.min(7, Math.trunc(v / 16))));
