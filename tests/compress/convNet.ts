/** Test models for the compressed conv2d suites: a random int8 CNN built in the IR (convs, optional pooling, dense head). */
import { addOp, addTensor, emptyGraph } from '../../src/ir/graph';
import { Graph, NO_CLAMP, Pad2D, Tensor } from '../../src/ir/types';
import { quantizeModel } from '../../src/quantize/pipeline';
import { uniformArray } from '../helpers/rng';

/** One conv2d layer of {@link int8ConvNet}. */
export interface ConvSpec {
  cout: number;
  k: [number, number];
  strides?: [number, number];
  dilations?: [number, number];
  pad?: 'same' | 'valid';
  relu?: boolean;
  /** A 2×2 max pool (stride 2) after the layer. */
  pool?: boolean;
}

/** TF's 'same' padding of one axis. */
function samePad(n: number, k: number, s: number, d: number): [number, number] {
  const total = Math.max((Math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * A float CNN: `input` [H, W, C] → the conv layers → (flattened) dense layers of `dense` widths (ReLU between,
 * none on the last), random weights, quantized to int8 on a few samples uniform in [lo, hi] (an asymmetric range
 * gives the first layer a nonzero input zero point). With `allOutputs` every conv's output is a graph output.
 */
export function int8ConvNet(input: [number, number, number], convs: ConvSpec[], dense: number[], seed: number, range: [number, number] = [-1, 1], allOutputs = false): Graph {
  const g = emptyGraph(`cnn${seed}`);
  let x: Tensor = addTensor(g, 'x', [...input]);
  g.inputs = [x.id];
  const outs: number[] = [];
  convs.forEach((c, l) => {
    const [h, w, cin] = x.shape;
    const s = c.strides ?? [1, 1];
    const d = c.dilations ?? [1, 1];
    const [top, bottom] = c.pad === 'same' ? samePad(h, c.k[0], s[0], d[0]) : [0, 0];
    const [left, right] = c.pad === 'same' ? samePad(w, c.k[1], s[1], d[1]) : [0, 0];
    const pad: Pad2D = { top, left, bottom, right };
    const fan = c.k[0] * c.k[1] * cin;
    const wt = addTensor(g, `conv${l + 1}/w`, [c.cout, c.k[0], c.k[1], cin], 'float32', uniformArray(c.cout * fan, seed * 31 + l, -2 / Math.sqrt(fan), 2 / Math.sqrt(fan)));
    const b = addTensor(g, `conv${l + 1}/b`, [c.cout], 'float32', uniformArray(c.cout, seed * 37 + l, -0.1, 0.1));
    x = addOp(g, 'conv2d', `conv${l + 1}`, [x, wt, b], { strides: s, dilations: d, pad, clamp: c.relu ? { min: 0, max: Infinity } : NO_CLAMP });
    outs.push(x.id);
    if (c.pool) x = addOp(g, 'pool2d', `pool${l + 1}`, [x], { type: 'max', pool: [2, 2], strides: [2, 2], pad: { top: 0, left: 0, bottom: 0, right: 0 } });
  });
  if (dense.length) x = addOp(g, 'reshape', 'flatten', [x], {}, [x.shape.reduce((a, b) => a * b, 1)]);
  dense.forEach((outN, l) => {
    const inN = x.shape[0];
    const w = addTensor(g, `fc${l + 1}/w`, [outN, inN], 'float32', uniformArray(outN * inN, seed * 41 + l, -2 / Math.sqrt(inN), 2 / Math.sqrt(inN)));
    const b = addTensor(g, `fc${l + 1}/b`, [outN], 'float32', uniformArray(outN, seed * 43 + l, -0.1, 0.1));
    x = addOp(g, 'dense', `fc${l + 1}`, [x, w, b], { clamp: l === dense.length - 1 ? NO_CLAMP : { min: 0, max: Infinity } });
  });
  g.outputs = allOutputs ? [...outs.filter((id) => id !== x.id), x.id] : [x.id];
  const n = input[0] * input[1] * input[2];
  const samples = Array.from({ length: 4 }, (_, i) => [uniformArray(n, seed * 101 + i, range[0], range[1])]);
  return quantizeModel(g, samples).graph;
}

