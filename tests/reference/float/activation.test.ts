import type * as TF from '@tensorflow/tfjs';
import { addOp } from '../../../src/ir/graph';
import { ActivationFn, ActivationParams } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, Tf, tfData } from './helpers';

const SHAPE = [4, 5, 3];
const EXTREMES = [-100, -50, -20, -6, -1e-3, 0, 1e-3, 6, 20, 50, 100];

function input(seed: number): Float32Array {
  const x = uniformArray(SHAPE.reduce((a, b) => a * b, 1), seed, -8, 8);
  x.set(EXTREMES, 0);
  return x;
}

interface ActCase {
  name: string;
  fn: ActivationFn;
  params?: ActivationParams;
  tf: (tf: Tf, x: TF.Tensor) => TF.Tensor;
}

const layerAct = (name: string) => (tf: Tf, x: TF.Tensor) =>
  tf.layers.activation({ activation: name as 'linear' }).apply(x) as TF.Tensor;

const cases: ActCase[] = [
  { name: 'linear', fn: 'linear', tf: (_tf, x) => x.clone() },
  { name: 'relu', fn: 'relu', tf: (tf, x) => tf.relu(x) },
  { name: 'relu6', fn: 'relu6', tf: (tf, x) => tf.relu6(x) },
  { name: 'sigmoid', fn: 'sigmoid', tf: (tf, x) => tf.sigmoid(x) },
  { name: 'hard_sigmoid (layers hardSigmoid)', fn: 'hard_sigmoid', tf: layerAct('hardSigmoid') },
  { name: 'tanh', fn: 'tanh', tf: (tf, x) => tf.tanh(x) },
  { name: 'elu (default alpha 1)', fn: 'elu', tf: (tf, x) => tf.elu(x) },
  // The TF.js ELU layer rejects alpha != 1 ("not supported yet"): use the formula.
  {
    name: 'elu alpha 0.5 (formula via tf.where)',
    fn: 'elu',
    params: { alpha: 0.5 },
    tf: (tf, x) => tf.where(tf.greater(x, 0), x, tf.mul(tf.sub(tf.exp(x), 1), 0.5)),
  },
  { name: 'selu', fn: 'selu', tf: (tf, x) => tf.selu(x) },
  { name: 'softplus', fn: 'softplus', tf: (tf, x) => tf.softplus(x) },
  { name: 'softsign (layers)', fn: 'softsign', tf: layerAct('softsign') },
  { name: 'swish (layers)', fn: 'swish', tf: layerAct('swish') },
  { name: 'leaky_relu slope 0.1', fn: 'leaky_relu', params: { alpha: 0.1 }, tf: (tf, x) => tf.leakyRelu(x, 0.1) },
  { name: 'leaky_relu default = layers LeakyReLU default', fn: 'leaky_relu', tf: (tf, x) => tf.layers.leakyReLU().apply(x) as TF.Tensor },
  { name: 'relu_ex maxValue 6 (layers ReLU)', fn: 'relu_ex', params: { maxValue: 6 }, tf: (tf, x) => tf.layers.reLU({ maxValue: 6 }).apply(x) as TF.Tensor },
  {
    name: 'relu_ex threshold 1.5 (layers ThresholdedReLU)',
    fn: 'relu_ex',
    params: { threshold: 1.5 },
    tf: (tf, x) => tf.layers.thresholdedReLU({ theta: 1.5 }).apply(x) as TF.Tensor,
  },
  {
    name: 'relu_ex max 4, threshold -1, slope 0.2 (formula via tf.where)',
    fn: 'relu_ex',
    params: { maxValue: 4, threshold: -1, negativeSlope: 0.2 },
    tf: (tf, x) =>
      tf.where(tf.greaterEqual(x, 4), tf.fill(x.shape, 4), tf.where(tf.greaterEqual(x, -1), x, tf.mul(tf.sub(x, -1), 0.2))),
  },
  { name: 'scale 2.5', fn: 'scale', params: { alpha: 2.5 }, tf: (tf, x) => tf.mul(x, 2.5) },
];

describe('reference activation vs TF.js', () => {
  cases.forEach((c, ci) => {
    test(c.name, async () => {
      const tf = await getTf();
      const x = input(1600 + ci);
      const expected = tf.tidy(() => tfData(c.tf(tf, tf.tensor(x, SHAPE))));
      const { g, x: xin } = graphWithInput(c.name, SHAPE);
      const y = addOp(g, 'activation', 'act', [xin], { fn: c.fn, params: c.params ?? {} });
      g.outputs = [y.id];
      expectClose(runFloat(g, [x])[0], expected, c.name);
    });
  });
});

describe('reference prelu vs tf.prelu', () => {
  const alphaShapes = [[3], [5, 3], [4, 5, 3], [1]];
  alphaShapes.forEach((ashape, ci) => {
    test(`alpha [${ashape}] over x [${SHAPE}]`, async () => {
      const tf = await getTf();
      const x = input(1700 + ci);
      const alpha = uniformArray(ashape.reduce((a, b) => a * b, 1), 1750 + ci, -0.5, 0.5);
      const expected = tf.tidy(() => tfData(tf.prelu(tf.tensor(x, SHAPE), tf.tensor(alpha, ashape))));
      const { g, x: xin } = graphWithInput('prelu', SHAPE);
      const y = addOp(g, 'prelu', 'prelu', [xin, constant(g, 'alpha', ashape, alpha)], {});
      g.outputs = [y.id];
      expectClose(runFloat(g, [x])[0], expected, 'prelu');
    });
  });
});
