/**
 * The test model zoo: realistic TinyML architectures (ZOO) plus one small model per supported layer option
 * (LAYER_CASES), all built with the TF.js Layers API so that `model.save()` yields genuine TF.js model.json
 * topologies. Weights are set afterwards with seedWeights() (tests/zoo/save.ts).
 *
 * Every model has its own input-shape signature (checked by zoo.test.ts), so a mix-up between models shows.
 *
 * Skipped because TF.js 4.22 itself lacks them (nothing here can produce such a model.json):
 *   - Subtract merge layer (tfjs-layers has Add/Multiply/Average/Maximum/Minimum/Concatenate/Dot only).
 *   - ReLU layer `negative_slope` / `threshold` (tfjs ReLU has only maxValue).
 *   - ELU layer with alpha != 1 (the tfjs ELU constructor throws NotImplementedError).
 *   - DepthwiseConv2D with dilation_rate > 1: tfjs accepts and serializes `dilation_rate` but its call() and
 *     computeOutputShape() ignore it (a 3×3 dilation-2 valid conv on 9×9 yields 7×7), so TF.js predict is not a
 *     valid reference. Dilated depthwise filtering is covered through SeparableConv2D (which honours dilation).
 *   - Softmax (layer or activation) over a non-last axis: tfjs throws "Softmax along a non-last dimension is not yet
 *     supported". Note the tfjs Softmax *layer* defaults to axis 1 (Keras: -1), so its default is only usable on 2-D
 *     tensors; softmax_layer_default is therefore [batch, n].
 *
 * TF.js serializer gap worked around in saveModel(): SeparableConv2D.getConfig() omits depth_multiplier (TF.js could
 * not reload its own model with depth_multiplier 2); saveModel writes it back, as Keras / the converter would.
 */
import type * as TF from '@tensorflow/tfjs';
import { uniformArray } from '../helpers/rng';

export type TFNamespace = typeof TF;

export interface ZooEntry {
  name: string;
  build: (tf: TFNamespace) => TF.LayersModel;
  /** Input shapes without the batch dimension, in model.inputs order. */
  inputShapes: number[][];
  /** Suggested input value range (default [-1, 1]); wider where an activation's interesting region needs it. */
  inputRange?: [number, number];
}

type ST = TF.SymbolicTensor;
interface Appliable {
  apply(inputs: ST | ST[]): unknown;
}
const ap = (layer: Appliable, x: ST | ST[]): ST => layer.apply(x) as ST;

/** Deterministic inputs for an entry: one Float32Array per model input (row-major, batch 1 × shape). */
export function zooInputs(entry: ZooEntry, seed: number, batch = 1): Float32Array[] {
  const [lo, hi] = entry.inputRange ?? [-1, 1];
  return entry.inputShapes.map((s, i) =>
    Float32Array.from(uniformArray(batch * s.reduce((a, b) => a * b, 1), seed + 7919 * i, lo, hi)),
  );
}

// -------------------------------------------------------------------------------------------------------------
// shared building blocks

function convBnAct(
  tf: TFNamespace,
  x: ST,
  filters: number,
  kernelSize: number | [number, number],
  opts: { strides?: number | [number, number]; padding?: 'same' | 'valid'; act?: 'relu' | 'relu6'; scale?: boolean } = {},
): ST {
  x = ap(
    tf.layers.conv2d({
      filters,
      kernelSize,
      strides: opts.strides ?? 1,
      padding: opts.padding ?? 'same',
      useBias: false,
    }),
    x,
  );
  x = ap(tf.layers.batchNormalization({ scale: opts.scale ?? true }), x);
  if (opts.act === 'relu6') return ap(tf.layers.reLU({ maxValue: 6 }), x);
  return ap(tf.layers.activation({ activation: 'relu' }), x);
}

// -------------------------------------------------------------------------------------------------------------
// ZOO

function mlp(tf: TFNamespace): TF.LayersModel {
  return tf.sequential({
    name: 'mlp',
    layers: [
      tf.layers.dense({ inputShape: [784], units: 300, activation: 'relu' }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

function lenet5(tf: TFNamespace): TF.LayersModel {
  return tf.sequential({
    name: 'lenet5',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 20, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 500, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** MLPerf Tiny keyword spotting DS-CNN (49 MFCC frames × 10 coefficients). */
function dscnnKws(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [49, 10, 1] });
  let x = ap(tf.layers.conv2d({ filters: 64, kernelSize: [10, 4], strides: 2, padding: 'same' }), inp);
  x = ap(tf.layers.batchNormalization(), x);
  x = ap(tf.layers.activation({ activation: 'relu' }), x);
  x = ap(tf.layers.dropout({ rate: 0.2 }), x);
  for (let i = 0; i < 4; i++) {
    x = ap(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }), x);
    x = ap(tf.layers.batchNormalization(), x);
    x = ap(tf.layers.activation({ activation: 'relu' }), x);
    x = ap(tf.layers.conv2d({ filters: 64, kernelSize: 1, padding: 'same' }), x);
    x = ap(tf.layers.batchNormalization(), x);
    x = ap(tf.layers.activation({ activation: 'relu' }), x);
  }
  x = ap(tf.layers.dropout({ rate: 0.4 }), x);
  x = ap(tf.layers.averagePooling2d({ poolSize: [25, 5] }), x);
  x = ap(tf.layers.flatten(), x);
  const out = ap(tf.layers.dense({ units: 12, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'dscnn_kws' });
}

/** MobileNetV1 (alpha 0.25, 96×96 — the MLPerf Tiny visual wake words shape), Keras-applications layout. */
function mobilenetV1(tf: TFNamespace): TF.LayersModel {
  const alpha = 0.25;
  const inp = tf.input({ shape: [96, 96, 3] });
  let x = convBnAct(tf, inp, 32 * alpha, 3, { strides: 2, act: 'relu6' });
  const blocks: Array<[number, number]> = [
    [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
    [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
  ];
  for (const [filters, stride] of blocks) {
    if (stride === 2) x = ap(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }), x);
    x = ap(
      tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false }),
      x,
    );
    x = ap(tf.layers.batchNormalization(), x);
    x = ap(tf.layers.reLU({ maxValue: 6 }), x);
    x = convBnAct(tf, x, filters * alpha, 1, { act: 'relu6' });
  }
  x = ap(tf.layers.globalAveragePooling2d({}), x);
  x = ap(tf.layers.dropout({ rate: 0.001 }), x);
  const out = ap(tf.layers.dense({ units: 2, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'mobilenet_v1_025' });
}

/** MLPerf Tiny image classification ResNet-8 (CIFAR-10). */
function resnet8(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [32, 32, 3] });
  let x = convBnAct(tf, inp, 16, 3);
  for (const [filters, stride] of [[16, 1], [32, 2], [64, 2]] as Array<[number, number]>) {
    let y = ap(tf.layers.conv2d({ filters, kernelSize: 3, strides: stride, padding: 'same' }), x);
    y = ap(tf.layers.batchNormalization(), y);
    y = ap(tf.layers.activation({ activation: 'relu' }), y);
    y = ap(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }), y);
    y = ap(tf.layers.batchNormalization(), y);
    const shortcut = stride === 1 ? x : ap(tf.layers.conv2d({ filters, kernelSize: 1, strides: stride, padding: 'same' }), x);
    x = ap(tf.layers.add(), [shortcut, y]);
    x = ap(tf.layers.activation({ activation: 'relu' }), x);
  }
  x = ap(tf.layers.averagePooling2d({ poolSize: 8 }), x);
  x = ap(tf.layers.flatten(), x);
  const out = ap(tf.layers.dense({ units: 10, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'resnet8' });
}

/** MLPerf Tiny anomaly detection fully-connected autoencoder (640 = 5 frames × 128 mel bins). */
function fcAutoencoder(tf: TFNamespace): TF.LayersModel {
  const layers: TF.layers.Layer[] = [];
  const sizes = [128, 128, 128, 128, 8, 128, 128, 128, 128];
  sizes.forEach((units, i) => {
    layers.push(tf.layers.dense(i === 0 ? { inputShape: [640], units } : { units }));
    layers.push(tf.layers.batchNormalization());
    layers.push(tf.layers.activation({ activation: 'relu' }));
  });
  layers.push(tf.layers.dense({ units: 640 }));
  return tf.sequential({ name: 'fc_autoencoder', layers });
}

/** One DenseNet dense block: 4 × [BN, ReLU, conv3×3(12)] each concatenated onto the running feature map. */
function densenetBlock(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [32, 32, 16] });
  let x: ST = inp;
  for (let i = 0; i < 4; i++) {
    let y = ap(tf.layers.batchNormalization(), x);
    y = ap(tf.layers.activation({ activation: 'relu' }), y);
    y = ap(tf.layers.conv2d({ filters: 12, kernelSize: 3, padding: 'same', useBias: false }), y);
    x = ap(tf.layers.concatenate({ axis: -1 }), [x, y]);
  }
  x = ap(tf.layers.batchNormalization(), x);
  x = ap(tf.layers.activation({ activation: 'relu' }), x);
  x = ap(tf.layers.globalAveragePooling2d({}), x);
  const out = ap(tf.layers.dense({ units: 10, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'densenet_block' });
}

/** Inception-v3 "17×17" module with factorized 1×7 / 7×1 convolutions (conv2d_bn: BN without gamma, as in Keras). */
function inception1x7(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [17, 17, 32] });
  const cb = (x: ST, f: number, k: number | [number, number]): ST => convBnAct(tf, x, f, k, { scale: false });
  const b1 = cb(inp, 24, 1);
  let b2 = cb(inp, 16, 1);
  b2 = cb(b2, 20, [1, 7]);
  b2 = cb(b2, 24, [7, 1]);
  let b3 = cb(inp, 16, 1);
  b3 = cb(b3, 16, [7, 1]);
  b3 = cb(b3, 20, [1, 7]);
  b3 = cb(b3, 20, [7, 1]);
  b3 = cb(b3, 24, [1, 7]);
  let b4 = ap(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }), inp);
  b4 = cb(b4, 16, 1);
  const out = ap(tf.layers.concatenate({ axis: -1 }), [b1, b2, b3, b4]);
  return tf.model({ inputs: inp, outputs: out, name: 'inception_1x7' });
}

function separableDilated(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [24, 24, 8] });
  let x = ap(tf.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'same', depthMultiplier: 1 }), inp);
  x = ap(tf.layers.batchNormalization(), x);
  x = ap(tf.layers.activation({ activation: 'relu' }), x);
  x = ap(tf.layers.separableConv2d({ filters: 24, kernelSize: 3, padding: 'same', depthMultiplier: 2, strides: 2 }), x);
  x = ap(tf.layers.batchNormalization(), x);
  x = ap(tf.layers.activation({ activation: 'relu' }), x);
  x = ap(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'relu' }), x);
  x = ap(
    tf.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'valid', dilationRate: 2, depthMultiplier: 2, activation: 'relu' }),
    x,
  );
  x = ap(tf.layers.conv2d({ filters: 12, kernelSize: 3, padding: 'valid', dilationRate: [2, 1] }), x);
  x = ap(tf.layers.globalAveragePooling2d({}), x);
  const out = ap(tf.layers.dense({ units: 6 }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'separable_dilated' });
}

function conv1dModel(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [64, 8] });
  let x = ap(tf.layers.conv1d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }), inp);
  x = ap(tf.layers.conv1d({ filters: 16, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }), x);
  x = ap(tf.layers.batchNormalization(), x);
  x = ap(tf.layers.activation({ activation: 'relu' }), x);
  x = ap(tf.layers.conv1d({ filters: 24, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu' }), x);
  x = ap(tf.layers.maxPooling1d({ poolSize: 2 }), x);
  x = ap(tf.layers.conv1d({ filters: 24, kernelSize: 3, padding: 'valid', activation: 'tanh' }), x);
  x = ap(tf.layers.averagePooling1d({ poolSize: 2 }), x);
  x = ap(tf.layers.globalAveragePooling1d({}), x);
  const out = ap(tf.layers.dense({ units: 5, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'conv1d' });
}

/** Two inputs, two outputs, and one Dense layer called on two different tensors (shared weights, 2 inbound nodes). */
function multiIo(tf: TFNamespace): TF.LayersModel {
  const img = tf.input({ shape: [16, 16, 3], name: 'image' });
  const vec = tf.input({ shape: [10], name: 'features' });
  let x = ap(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), img);
  x = ap(tf.layers.maxPooling2d({ poolSize: 2 }), x);
  x = ap(tf.layers.conv2d({ filters: 10, kernelSize: 3, padding: 'valid', activation: 'relu' }), x);
  x = ap(tf.layers.globalAveragePooling2d({}), x);
  const shared = tf.layers.dense({ units: 16, activation: 'tanh', name: 'shared_dense' });
  const a = ap(shared, x);
  const b = ap(shared, vec);
  const merged = ap(tf.layers.concatenate({}), [a, b]);
  const h = ap(tf.layers.dense({ units: 12, activation: 'relu' }), merged);
  const cls = ap(tf.layers.dense({ units: 4, activation: 'softmax', name: 'class_head' }), h);
  const reg = ap(tf.layers.dense({ units: 2, name: 'regression_head' }), ap(tf.layers.add(), [a, b]));
  return tf.model({ inputs: [img, vec], outputs: [cls, reg], name: 'multi_io' });
}

/** Every tfjs merge layer (Subtract does not exist in tfjs) plus Concatenate on the H and W axes. */
function branchesMerge(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [8, 8, 4] });
  const a = ap(tf.layers.conv2d({ filters: 6, kernelSize: 1 }), inp);
  const b = ap(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same' }), inp);
  const c = ap(tf.layers.conv2d({ filters: 6, kernelSize: 1, activation: 'sigmoid' }), inp);
  const m1 = ap(tf.layers.add(), [a, b, c]);
  const m2 = ap(tf.layers.multiply(), [a, c]);
  const m3 = ap(tf.layers.average(), [b, c]);
  const m4 = ap(tf.layers.maximum(), [a, b]);
  const m5 = ap(tf.layers.minimum(), [b, c, a]);
  const h = ap(tf.layers.concatenate({ axis: 1 }), [m1, m2]); // 16×8×6
  const w = ap(tf.layers.concatenate({ axis: 2 }), [m3, m4, m5]); // 8×24×6
  const hc = ap(tf.layers.conv2d({ filters: 4, kernelSize: [3, 1], strides: [2, 1], padding: 'same' }), h); // 8×8×4
  const wc = ap(tf.layers.conv2d({ filters: 4, kernelSize: [1, 3], strides: [1, 3] }), w); // 8×8×4
  let x = ap(tf.layers.concatenate({ axis: -1 }), [hc, wc]);
  x = ap(tf.layers.flatten(), x);
  const out = ap(tf.layers.dense({ units: 10 }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'branches_merge' });
}

export const ZOO: ZooEntry[] = [
  { name: 'mlp', build: mlp, inputShapes: [[784]] },
  { name: 'lenet5', build: lenet5, inputShapes: [[28, 28, 1]] },
  { name: 'dscnn_kws', build: dscnnKws, inputShapes: [[49, 10, 1]] },
  { name: 'mobilenet_v1_025', build: mobilenetV1, inputShapes: [[96, 96, 3]] },
  { name: 'resnet8', build: resnet8, inputShapes: [[32, 32, 3]] },
  { name: 'fc_autoencoder', build: fcAutoencoder, inputShapes: [[640]] },
  { name: 'densenet_block', build: densenetBlock, inputShapes: [[32, 32, 16]] },
  { name: 'inception_1x7', build: inception1x7, inputShapes: [[17, 17, 32]] },
  { name: 'separable_dilated', build: separableDilated, inputShapes: [[24, 24, 8]] },
  { name: 'conv1d', build: conv1dModel, inputShapes: [[64, 8]] },
  { name: 'multi_io', build: multiIo, inputShapes: [[16, 16, 3], [10]] },
  { name: 'branches_merge', build: branchesMerge, inputShapes: [[8, 8, 4]] },
];

// -------------------------------------------------------------------------------------------------------------
// LAYER_CASES

/** input → layers… as a Sequential model (the first layer gets the input shape). */
function seq(name: string, shape: number[], make: (tf: TFNamespace) => TF.layers.Layer[], inputRange?: [number, number]): ZooEntry {
  return {
    name,
    inputShapes: [shape],
    inputRange,
    build: (tf) => {
      const m = tf.sequential({ name });
      m.add(tf.layers.inputLayer({ inputShape: shape }));
      for (const l of make(tf)) m.add(l);
      return m;
    },
  };
}

/** Functional model over one or more inputs. */
function fn(name: string, shapes: number[][], make: (tf: TFNamespace, xs: ST[]) => ST | ST[], inputRange?: [number, number]): ZooEntry {
  return {
    name,
    inputShapes: shapes,
    inputRange,
    build: (tf) => {
      const xs = shapes.map((s) => tf.input({ shape: s }));
      const out = make(tf, xs);
      return tf.model({ inputs: xs.length === 1 ? xs[0] : xs, outputs: out, name });
    },
  };
}

/** Keras conv activation strings that tfjs accepts (tfjs spells hard_sigmoid 'hardSigmoid'; it serializes as 'hard_sigmoid'). */
type ActId = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'hardSigmoid' | 'tanh' | 'softmax' | 'elu' | 'selu' | 'softplus' | 'softsign' | 'swish';
const CONV_ACTS: ActId[] = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hardSigmoid', 'linear', 'relu6'];
const ACTIVATION_LAYER_ACTS: ActId[] = ['linear', 'relu', 'relu6', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'swish'];

const snake = (a: string): string => a.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const WIDE: [number, number] = [-8, 8];

export const LAYER_CASES: ZooEntry[] = [
  // --- Conv2D
  seq('conv2d_s2_same', [12, 11, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' })]),
  seq('conv2d_s2_valid', [11, 12, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid' })]),
  seq('conv2d_s21_same', [10, 9, 2], (tf) => [tf.layers.conv2d({ filters: 5, kernelSize: [3, 2], strides: [2, 1], padding: 'same' })]),
  seq('conv2d_d2_same', [14, 12, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same' })]),
  seq('conv2d_d2_valid', [13, 14, 2], (tf) => [tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'valid' })]),
  seq('conv2d_k1x7_same', [9, 15, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: [1, 7], padding: 'same' })]),
  seq('conv2d_k7x1_valid', [15, 9, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: [7, 1], padding: 'valid' })]),
  seq('conv2d_k5_s3_same', [16, 17, 2], (tf) => [tf.layers.conv2d({ filters: 3, kernelSize: 5, strides: 3, padding: 'same' })]),
  seq('conv2d_nobias', [8, 8, 5], (tf) => [tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', useBias: false })]),
  ...CONV_ACTS.map((act, i) =>
    seq(`conv2d_act_${snake(act)}`, [6, 5 + i, 3], (tf) => [tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: act })], [-3, 3]),
  ),

  // --- DepthwiseConv2D
  seq('dwconv_dm1_same', [10, 10, 4], (tf) => [tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' })]),
  seq('dwconv_dm2_valid', [9, 11, 3], (tf) => [tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'valid' })]),
  seq('dwconv_dm3_same', [7, 9, 2], (tf) => [tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3, padding: 'same' })]),
  seq('dwconv_s2_same', [12, 12, 4], (tf) => [tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' })]),
  seq('dwconv_s2_valid', [11, 12, 4], (tf) => [tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'valid' })]),
  seq('dwconv_k5_s2_dm2_relu', [13, 13, 3], (tf) => [
    tf.layers.depthwiseConv2d({ kernelSize: 5, strides: 2, depthMultiplier: 2, padding: 'same', activation: 'relu', useBias: false }),
  ]),

  // --- SeparableConv2D
  seq('sepconv_dm1_same', [10, 12, 4], (tf) => [tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same' })]),
  seq('sepconv_dm2_valid', [11, 10, 3], (tf) => [tf.layers.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2, padding: 'valid' })]),
  seq('sepconv_s2_same', [12, 10, 4], (tf) => [tf.layers.separableConv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })]),
  seq('sepconv_d2_same', [14, 14, 3], (tf) => [tf.layers.separableConv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false })]),

  // --- Conv1D
  seq('conv1d_same', [30, 3], (tf) => [tf.layers.conv1d({ filters: 4, kernelSize: 5, padding: 'same' })]),
  seq('conv1d_valid_s2', [31, 3], (tf) => [tf.layers.conv1d({ filters: 4, kernelSize: 4, strides: 2, padding: 'valid', activation: 'relu' })]),
  seq('conv1d_d2', [32, 3], (tf) => [tf.layers.conv1d({ filters: 5, kernelSize: 3, dilationRate: 2, padding: 'same' })]),

  // --- 2-D pooling (odd/even sizes so 'same' pads asymmetrically, and avg 'same' must exclude the padding)
  seq('maxpool2d_p3s2_same', [12, 11, 5], (tf) => [tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })]),
  seq('maxpool2d_p3s2_valid', [13, 12, 5], (tf) => [tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid' })]),
  seq('maxpool2d_p2s1_same', [7, 8, 5], (tf) => [tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' })]),
  seq('maxpool2d_p2s1_valid', [8, 7, 5], (tf) => [tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'valid' })]),
  seq('avgpool2d_p3s2_same', [12, 11, 2], (tf) => [tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })]),
  seq('avgpool2d_p3s2_valid', [13, 12, 2], (tf) => [tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid' })]),
  seq('avgpool2d_p2s1_same', [7, 8, 2], (tf) => [tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' })]),
  seq('avgpool2d_p2s1_valid', [8, 7, 2], (tf) => [tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid' })]),

  // --- 1-D pooling
  seq('maxpool1d_p3s2_same', [20, 4], (tf) => [tf.layers.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' })]),
  seq('maxpool1d_p2_valid', [21, 4], (tf) => [tf.layers.maxPooling1d({ poolSize: 2, padding: 'valid' })]),
  seq('avgpool1d_p3s2_same', [20, 3], (tf) => [tf.layers.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' })]),
  seq('avgpool1d_p2_valid', [21, 3], (tf) => [tf.layers.averagePooling1d({ poolSize: 2, padding: 'valid' })]),

  // --- global pooling
  seq('gap1d', [15, 6], (tf) => [tf.layers.globalAveragePooling1d({})]),
  seq('gmp1d', [16, 6], (tf) => [tf.layers.globalMaxPooling1d({})]),
  seq('gap2d', [7, 9, 5], (tf) => [tf.layers.globalAveragePooling2d({})]),
  seq('gmp2d', [9, 7, 5], (tf) => [tf.layers.globalMaxPooling2d({})]),

  // --- reshaping
  seq('flatten_dense', [5, 4, 6], (tf) => [tf.layers.flatten(), tf.layers.dense({ units: 7 })]),
  seq('reshape_to_3d', [24], (tf) => [tf.layers.reshape({ targetShape: [2, 3, 4] }), tf.layers.conv2d({ filters: 2, kernelSize: 1 })]),
  seq('reshape_to_2d', [4, 6, 2], (tf) => [tf.layers.reshape({ targetShape: [8, 6] })]),
  seq('permute_213', [4, 6, 3], (tf) => [tf.layers.permute({ dims: [2, 1, 3] })]),
  seq('permute_312', [5, 3, 4], (tf) => [tf.layers.permute({ dims: [3, 1, 2] }), tf.layers.conv2d({ filters: 2, kernelSize: 1 })]),
  seq('dense_3d', [7, 6], (tf) => [tf.layers.dense({ units: 5, activation: 'relu' })]),
  {
    name: 'seq_explicit_input',
    inputShapes: [[60]],
    build: (tf) =>
      tf.sequential({ name: 'seq_explicit_input', layers: [tf.layers.inputLayer({ inputShape: [60] }), tf.layers.dense({ units: 4 })] }),
  },

  // --- BatchNormalization
  seq('bn_after_input', [7, 7, 5], (tf) => [tf.layers.batchNormalization()]),
  seq('bn_on_dense', [20], (tf) => [tf.layers.dense({ units: 12 }), tf.layers.batchNormalization()]),
  seq('bn_no_center_no_scale', [6, 10, 7], (tf) => [tf.layers.batchNormalization({ center: false, scale: false, epsilon: 0.01 })]),

  // --- Activation layer (every tfjs activation string in the requested list)
  ...ACTIVATION_LAYER_ACTS.map((act, i) => seq(`activation_${snake(act)}`, [30 + i], (tf) => [tf.layers.activation({ activation: act })], WIDE)),

  // --- advanced activations
  seq('relu_layer', [42], (tf) => [tf.layers.reLU()], WIDE),
  seq('relu_layer_max6', [43], (tf) => [tf.layers.reLU({ maxValue: 6 })], WIDE),
  seq('relu_layer_max2_5', [44], (tf) => [tf.layers.reLU({ maxValue: 2.5 })], WIDE),
  seq('leaky_relu_default', [45], (tf) => [tf.layers.leakyReLU()], WIDE),
  seq('leaky_relu_0_1', [46], (tf) => [tf.layers.leakyReLU({ alpha: 0.1 })], WIDE),
  seq('prelu_shared_hw', [6, 6, 4], (tf) => [tf.layers.prelu({ sharedAxes: [1, 2] })], [-3, 3]),
  seq('prelu_full', [5, 6, 4], (tf) => [tf.layers.prelu()], [-3, 3]),
  seq('elu_layer', [47], (tf) => [tf.layers.elu({ alpha: 1 })], WIDE),
  seq('softmax_layer_default', [48], (tf) => [tf.layers.softmax()], [-4, 4]),
  seq('softmax_layer_axis_last_3d', [6, 4], (tf) => [tf.layers.softmax({ axis: -1 })], [-4, 4]),

  // --- Concatenate
  fn('concat_axis_last', [[6, 6, 5]], (tf, [x]) =>
    ap(tf.layers.concatenate({ axis: -1 }), [
      ap(tf.layers.conv2d({ filters: 4, kernelSize: 1 }), x),
      ap(tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }), x),
      x,
    ]),
  ),
  // --- Broadcasting merges (squeeze-and-excite: [H,W,C] × [1,1,C]; a vector added to every pixel)
  fn('multiply_squeeze_excite', [[6, 7, 8]], (tf, [x]) => {
    const f = ap(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
    let se = ap(tf.layers.globalAveragePooling2d({}), f);
    se = ap(tf.layers.dense({ units: 4, activation: 'relu' }), se);
    se = ap(tf.layers.dense({ units: 8, activation: 'sigmoid' }), se);
    se = ap(tf.layers.reshape({ targetShape: [1, 1, 8] }), se);
    return ap(tf.layers.multiply(), [f, se]);
  }),
  fn('add_broadcast_vector', [[5, 4, 6], [6]], (tf, [x, v]) => ap(tf.layers.add(), [x, ap(tf.layers.reshape({ targetShape: [1, 1, 6] }), v)])),
  // --- Conv1D + BatchNorm + ReLU (BN folds and ReLU fuses through the 1-D views)
  seq('conv1d_bn_relu', [24, 3], (tf) => [
    tf.layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same' }),
    tf.layers.batchNormalization(),
    tf.layers.activation({ activation: 'relu' }),
  ]),
  fn('concat_axis1', [[4, 5, 3], [2, 5, 3]], (tf, [a, b]) => ap(tf.layers.concatenate({ axis: 1 }), [a, b])),
  fn('concat_axis2', [[4, 5, 2], [4, 3, 2]], (tf, [a, b]) =>
    ap(tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), ap(tf.layers.concatenate({ axis: 2 }), [a, b])),
  ),

  // --- ZeroPadding2D / Cropping2D / UpSampling2D
  seq('zeropad_sym_conv', [8, 9, 2], (tf) => [tf.layers.zeroPadding2d({ padding: 1 }), tf.layers.conv2d({ filters: 3, kernelSize: 3 })]),
  seq('zeropad_asym_conv', [9, 8, 2], (tf) => [
    tf.layers.zeroPadding2d({ padding: [[1, 2], [3, 0]] }),
    tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2 }),
  ]),
  seq('zeropad_sym_maxpool', [8, 10, 2], (tf) => [tf.layers.zeroPadding2d({ padding: [2, 1] }), tf.layers.maxPooling2d({ poolSize: 2 })]),
  seq('zeropad_asym_maxpool', [10, 8, 2], (tf) => [
    tf.layers.zeroPadding2d({ padding: [[1, 2], [3, 0]] }),
    tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }),
  ]),
  seq('cropping2d_sym', [10, 10, 2], (tf) => [tf.layers.cropping2D({ cropping: 1 })]),
  seq('cropping2d_asym', [11, 10, 2], (tf) => [tf.layers.cropping2D({ cropping: [[1, 2], [2, 1]] }), tf.layers.conv2d({ filters: 2, kernelSize: 3 })]),
  seq('upsampling2d_2', [4, 5, 3], (tf) => [tf.layers.upSampling2d({ size: [2, 2] })]),
  seq('upsampling2d_2x3', [5, 4, 3], (tf) => [tf.layers.upSampling2d({ size: [2, 3] }), tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' })]),

  // --- inference-time identities
  seq('dropout', [50], (tf) => [tf.layers.dense({ units: 8, activation: 'relu' }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 4 })]),
  seq('spatial_dropout1d', [12, 5], (tf) => [tf.layers.conv1d({ filters: 4, kernelSize: 3 }), tf.layers.spatialDropout1d({ rate: 0.3 }), tf.layers.globalMaxPooling1d({})]),
  seq('gaussian_noise', [51], (tf) => [tf.layers.dense({ units: 8 }), tf.layers.gaussianNoise({ stddev: 0.5 }), tf.layers.dense({ units: 4 })]),
  seq('gaussian_dropout', [52], (tf) => [tf.layers.dense({ units: 8 }), tf.layers.gaussianDropout({ rate: 0.4 }), tf.layers.dense({ units: 4 })]),
  seq('alpha_dropout', [53], (tf) => [tf.layers.dense({ units: 8, activation: 'selu' }), tf.layers.alphaDropout({ rate: 0.2 }), tf.layers.dense({ units: 4 })]),
];

// -------------------------------------------------------------------------------------------------------------
// MobileNetV2 (speed test)

/**
 * MobileNetV2 1.0 / 224 (Keras-applications layout: inverted residuals with expansion 6, BN, ReLU6, 3×3 depthwise,
 * Add on stride-1 equal-width blocks, 1280-wide head, global average pool, dense 1000). ~3.5 M parameters.
 */
export function buildMobileNetV2(tf: TFNamespace): TF.LayersModel {
  const inp = tf.input({ shape: [224, 224, 3] });
  const bnRelu6 = (x: ST): ST => ap(tf.layers.reLU({ maxValue: 6 }), ap(tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999 }), x));
  let x = ap(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }), inp);
  x = bnRelu6(ap(tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }), x));
  let channels = 32;
  const cfg: Array<[number, number, number, number]> = [
    // expansion t, output c, repeats n, first stride s
    [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
  ];
  for (const [t, c, n, s] of cfg) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const inX = x;
      let y = x;
      if (t !== 1) y = bnRelu6(ap(tf.layers.conv2d({ filters: channels * t, kernelSize: 1, useBias: false }), y));
      if (stride === 2) y = ap(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }), y);
      y = bnRelu6(
        ap(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 2 ? 'valid' : 'same', useBias: false }), y),
      );
      y = ap(tf.layers.conv2d({ filters: c, kernelSize: 1, useBias: false }), y);
      y = ap(tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999 }), y);
      x = stride === 1 && channels === c ? ap(tf.layers.add(), [inX, y]) : y;
      channels = c;
    }
  }
  x = bnRelu6(ap(tf.layers.conv2d({ filters: 1280, kernelSize: 1, useBias: false }), x));
  x = ap(tf.layers.globalAveragePooling2d({}), x);
  const out = ap(tf.layers.dense({ units: 1000, activation: 'softmax' }), x);
  return tf.model({ inputs: inp, outputs: out, name: 'mobilenet_v2' });
}
