import type * as TF from '@tensorflow/tfjs';
import { addTensor, addOp } from '../../../src/ir/graph';
import { BinaryFn, FusedClamp, NO_CLAMP } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, Tf, tfData } from './helpers';

const SHAPE = [3, 4, 5];
const fns: { fn: BinaryFn; tf: (tf: Tf, a: TF.Tensor, b: TF.Tensor) => TF.Tensor }[] = [
  { fn: 'add', tf: (tf, a, b) => tf.add(a, b) },
  { fn: 'sub', tf: (tf, a, b) => tf.sub(a, b) },
  { fn: 'mul', tf: (tf, a, b) => tf.mul(a, b) },
  { fn: 'max', tf: (tf, a, b) => tf.maximum(a, b) },
  { fn: 'min', tf: (tf, a, b) => tf.minimum(a, b) },
];
const clamps: (FusedClamp | undefined)[] = [undefined, { min: 0, max: Infinity }, { min: -0.5, max: 1 }];

describe('reference binary vs tf.add/sub/mul/maximum/minimum', () => {
  fns.forEach((f, fi) => {
    clamps.forEach((clamp, ki) => {
      test(`${f.fn}${clamp ? ` clamp [${clamp.min}, ${clamp.max}]` : ''}`, async () => {
        const tf = await getTf();
        const n = SHAPE.reduce((p, q) => p * q, 1);
        const a = uniformArray(n, 1900 + fi * 10 + ki, -2, 2);
        const b = uniformArray(n, 1950 + fi * 10 + ki, -2, 2);
        const expected = tf.tidy(() => {
          let y = f.tf(tf, tf.tensor(a, SHAPE), tf.tensor(b, SHAPE));
          if (clamp) y = tf.clipByValue(y, clamp.min, Math.min(clamp.max, 3.4e38));
          return tfData(y);
        });
        const { g, x: xa } = graphWithInput('bin', SHAPE);
        const xb = addTensor(g, 'y', SHAPE);
        g.inputs.push(xb.id);
        const y = addOp(g, 'binary', f.fn, [xa, xb], { fn: f.fn, clamp: clamp ?? NO_CLAMP });
        g.outputs = [y.id];
        expectClose(runFloat(g, [a, b])[0], expected, f.fn);
      });
    });
  });

  test('one operand constant, input order preserved for sub', async () => {
    const tf = await getTf();
    const a = uniformArray(12, 1990);
    const k = uniformArray(12, 1991);
    const expected = tf.tidy(() => tfData(tf.sub(tf.tensor(k, [12]), tf.tensor(a, [12]))));
    const { g, x } = graphWithInput('constsub', [12]);
    const y = addOp(g, 'binary', 'sub', [constant(g, 'k', [12], k), x], { fn: 'sub', clamp: NO_CLAMP });
    g.outputs = [y.id];
    expectClose(runFloat(g, [a])[0], expected, 'k - x');
  });
});
