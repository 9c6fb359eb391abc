/**
 * A small depthwise-separable (MobileNet-style) classifier whose depthwise batch norms have moving variances
 * spread over four orders of magnitude across channels, as trained MobileNets do. Folding BN into the
 * depthwise weights divides each channel by its σ, so per-channel weight ranges differ by ~100× while ReLU6
 * keeps every output in [0, 6]: the situation where per-tensor int8 weights lose accuracy (the small-range
 * channels get a handful of levels) and per-channel weights do not (Krishnamoorthi 2018, "Quantizing deep convolutional networks for efficient inference", arXiv:1806.08342).
 */
import type * as TF from '@tensorflow/tfjs';
import { mulberry32 } from '../helpers/rng';
import { seedWeights } from './save';
import { TFNamespace, ZooEntry } from './models';

type ST = TF.SymbolicTensor;

function build(tf: TFNamespace): TF.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const bnAct = (x: ST, name: string): ST =>
    tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization({ name }).apply(x) as ST) as ST;
  let x = bnAct(tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as ST, 'bn_stem');
  const blocks: [number, number][] = [[32, 1], [48, 2], [64, 2], [96, 1]];
  blocks.forEach(([filters, stride], i) => {
    x = bnAct(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(x) as ST, `bn_dw${i}`);
    x = bnAct(tf.layers.conv2d({ filters, kernelSize: 1, useBias: false }).apply(x) as ST, `bn_pw${i}`);
  });
  x = tf.layers.globalAveragePooling2d({}).apply(x) as ST;
  const out = tf.layers.dense({ units: 100, activation: 'softmax' }).apply(x) as ST;
  return tf.model({ inputs: input, outputs: out, name: 'mobilenet_style' });
}

/** The model entry (seed it with {@link seedMobilenetStyle}). */
export const MOBILENET_STYLE: ZooEntry = { name: 'mobilenet_style', build, inputShapes: [[32, 32, 3]] };

/**
 * Seeds all weights, then spreads the per-channel scale of every depthwise input over 100× (the BN before it
 * gets γ log-uniform in [0.03, 3]) and sets the depthwise BN's moving variance to follow (σ ∝ γ), as a trained
 * network's statistics would: after folding, the depthwise weight ranges differ ~100× across channels while
 * every channel's output stays normalised.
 */
export function seedMobilenetStyle(tf: TFNamespace, model: TF.LayersModel, seed: number): void {
  seedWeights(model, seed);
  const rand = mulberry32(seed ^ 0x5eed);
  const layer = (name: string) => model.getLayer(name);
  for (let i = 0; i < 4; i++) {
    const prev = layer(i === 0 ? 'bn_stem' : `bn_pw${i - 1}`);
    const dw = layer(`bn_dw${i}`);
    const [, pb, pm, pv] = prev.getWeights();
    const n = pb.shape[0];
    const g = Float32Array.from({ length: n }, () => 10 ** (-1.5 + 2 * rand()));
    prev.setWeights([tf.tensor1d(g), pb, pm, pv]);
    const [dg, db, dm, dv] = dw.getWeights();
    const base = dv.dataSync();
    const mean = dm.dataSync();
    dw.setWeights([dg, db, tf.tensor1d(mean.map((m, c) => m * g[c])), tf.tensor1d(base.map((v, c) => v * g[c] * g[c]))]);
  }
}
