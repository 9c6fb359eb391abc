import { addOp } from '../../../src/ir/graph';
import { FusedClamp, NO_CLAMP } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { randn, uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, tfData } from './helpers';

interface DenseCase {
  name: string;
  xShape: number[];
  out: number;
  bias: boolean;
  clamp?: FusedClamp;
}

const cases: DenseCase[] = [
  { name: 'vector [16] -> 5 + bias', xShape: [16], out: 5, bias: true },
  { name: 'vector [7] -> 3 no bias', xShape: [7], out: 3, bias: false },
  { name: 'rows: [6, 10] -> [6, 4]', xShape: [6, 10], out: 4, bias: true },
  { name: 'rows: [3, 4, 5] -> [3, 4, 2]', xShape: [3, 4, 5], out: 2, bias: true },
  { name: 'fused relu', xShape: [12], out: 8, bias: true, clamp: { min: 0, max: Infinity } },
  { name: 'fused relu6 on rows', xShape: [2, 9], out: 6, bias: true, clamp: { min: 0, max: 6 } },
];

describe('reference dense vs tf.matMul', () => {
  cases.forEach((c, ci) => {
    test(c.name, async () => {
      const tf = await getTf();
      const inN = c.xShape[c.xShape.length - 1];
      const rows = c.xShape.slice(0, -1).reduce((a, b) => a * b, 1);
      const x = randn(rows * inN, 700 + ci, 0, 2);
      // TF.js / Keras kernel layout: [IN, OUT]; ours is OI.
      const wIo = uniformArray(inN * c.out, 800 + ci, -1, 1);
      const bias = uniformArray(c.out, 900 + ci, -1, 1);
      const clamp = c.clamp ?? NO_CLAMP;
      const expected = tf.tidy(() => {
        let y = tf.matMul(tf.tensor2d(x, [rows, inN]), tf.tensor2d(wIo, [inN, c.out]));
        if (c.bias) y = tf.add(y, tf.tensor1d(bias));
        if (c.clamp) y = tf.clipByValue(y, clamp.min, Math.min(clamp.max, 3.4e38));
        return tfData(y);
      });
      const wOi = tf.tidy(() => tfData(tf.transpose(tf.tensor2d(wIo, [inN, c.out]))));

      const { g, x: xin } = graphWithInput(c.name, c.xShape);
      const w = constant(g, 'w', [c.out, inN], wOi);
      const ins = c.bias ? [xin, w, constant(g, 'b', [c.out], bias)] : [xin, w];
      const y = addOp(g, 'dense', 'fc', ins, { clamp });
      g.outputs = [y.id];
      expect(y.shape).toEqual([...c.xShape.slice(0, -1), c.out]);
      expectClose(runFloat(g, [x])[0], expected, c.name);
    });
  });
});
