/** The pool2d reference (max, average; explicit and TF padding) against tf.maxPool / tf.avgPool. */
import { addOp } from '../../../src/ir/graph';
import { tfPadding } from '../../../src/ir/shapes';
import { Pad2D } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

type PadArray = [[number, number], [number, number], [number, number], [number, number]];

interface PoolCase {
  name: string;
  type: 'max' | 'avg';
  h: number;
  w: number;
  c: number;
  pool: [number, number];
  strides: [number, number];
  pad: Pad2D | 'same' | 'valid';
  /** Input range: all-negative data makes max pooling fail if padding were read as 0. */
  range: [number, number];
}

const cases: PoolCase[] = [
  { name: 'max 2x2 stride 2 valid', type: 'max', h: 8, w: 6, c: 3, pool: [2, 2], strides: [2, 2], pad: 'valid', range: [-1, 1] },
  { name: 'max 3x3 stride 1 same, negative data', type: 'max', h: 5, w: 6, c: 2, pool: [3, 3], strides: [1, 1], pad: 'same', range: [-3, -1] },
  { name: 'max 3x3 stride 2 same (pad after only), negative data', type: 'max', h: 8, w: 8, c: 2, pool: [3, 3], strides: [2, 2], pad: 'same', range: [-3, -1] },
  { name: 'max 2x2 stride 2 same on odd input', type: 'max', h: 7, w: 5, c: 3, pool: [2, 2], strides: [2, 2], pad: 'same', range: [-3, -1] },
  {
    name: 'max asymmetric explicit pads, negative data', type: 'max', h: 7, w: 6, c: 2, pool: [3, 2], strides: [2, 1],
    pad: { top: 1, left: 0, bottom: 2, right: 1 }, range: [-3, -1],
  },
  { name: 'max 1x3 stride [1,2] same', type: 'max', h: 3, w: 11, c: 2, pool: [1, 3], strides: [1, 2], pad: 'same', range: [-1, 1] },
  { name: 'avg 2x2 stride 2 valid', type: 'avg', h: 8, w: 6, c: 3, pool: [2, 2], strides: [2, 2], pad: 'valid', range: [-1, 1] },
  { name: 'avg 3x3 stride 1 same', type: 'avg', h: 5, w: 6, c: 2, pool: [3, 3], strides: [1, 1], pad: 'same', range: [1, 3] },
  { name: 'avg 3x3 stride 2 same (pad after only)', type: 'avg', h: 8, w: 8, c: 2, pool: [3, 3], strides: [2, 2], pad: 'same', range: [1, 3] },
  { name: 'avg 2x2 stride 2 same on odd input', type: 'avg', h: 7, w: 5, c: 3, pool: [2, 2], strides: [2, 2], pad: 'same', range: [1, 3] },
  { name: 'avg 1x7 stride 1 same', type: 'avg', h: 3, w: 12, c: 2, pool: [1, 7], strides: [1, 1], pad: 'same', range: [-1, 1] },
];

function explicitPad(c: PoolCase): Pad2D {
  if (typeof c.pad !== 'string') return c.pad;
  const [top, bottom] = tfPadding(c.pad, c.h, c.pool[0], c.strides[0], 1);
  const [left, right] = tfPadding(c.pad, c.w, c.pool[1], c.strides[1], 1);
  return { top, left, bottom, right };
}

function runPool(c: { name: string; type: 'max' | 'avg'; h: number; w: number; c: number; pool: [number, number]; strides: [number, number] }, pad: Pad2D, x: Float32Array) {
  const { g, x: xin } = graphWithInput(c.name, [c.h, c.w, c.c]);
  const y = addOp(g, 'pool2d', 'pool', [xin], { type: c.type, pool: c.pool, strides: c.strides, pad });
  g.outputs = [y.id];
  return { shape: y.shape, data: runFloat(g, [x])[0] };
}

describe('reference pool2d vs tf.maxPool / tf.avgPool', () => {
  cases.forEach((c, ci) => {
    test(c.name, async () => {
      const tf = await getTf();
      const x = uniformArray(c.h * c.w * c.c, 1000 + ci, c.range[0], c.range[1]);
      const expected = tf.tidy(() => {
        const xt = tf.tensor4d(x, [1, c.h, c.w, c.c]);
        const pad = typeof c.pad === 'string' ? c.pad : ([[0, 0], [c.pad.top, c.pad.bottom], [c.pad.left, c.pad.right], [0, 0]] as PadArray);
        const y = c.type === 'max' ? tf.maxPool(xt, c.pool, c.strides, pad) : tf.avgPool(xt, c.pool, c.strides, pad);
        return { data: tfData(y), shape: y.shape.slice(1) };
      });
      const got = runPool(c, explicitPad(c), x);
      expect(got.shape).toEqual(expected.shape);
      expectClose(got.data, expected.data, c.name);
    });
  });

  test('avg with asymmetric explicit pads divides by in-bounds cells', async () => {
    const tf = await getTf();
    const c = { name: 'avg explicit', type: 'avg' as const, h: 7, w: 8, c: 3, pool: [3, 3] as [number, number], strides: [2, 1] as [number, number] };
    const pad: Pad2D = { top: 2, left: 0, bottom: 1, right: 2 };
    const x = uniformArray(c.h * c.w * c.c, 1099, -2, 2);
    // Independent formula: sum of the zero-padded window / number of real cells in it.
    const expected = tf.tidy(() => {
      const p: [number, number][] = [[pad.top, pad.bottom], [pad.left, pad.right], [0, 0]];
      const sum = tf.avgPool(tf.pad(tf.tensor3d(x, [c.h, c.w, c.c]), p), c.pool, c.strides, 'valid');
      const cnt = tf.avgPool(tf.pad(tf.ones([c.h, c.w, c.c]) as ReturnType<typeof tf.tensor3d>, p), c.pool, c.strides, 'valid');
      return tfData(tf.div(sum, cnt));
    });
    expectClose(runPool(c, pad, x).data, expected, c.name);
  });
});

describe('reference pool2d edge case (no TF.js equivalent)', () => {
  test('a window lying entirely in padding yields 0 for max and avg', async () => {
    const { pool2d } = await import('../../../src/reference/float/pool2d');
    const x = uniformArray(3 * 3 * 1, 1300, -3, -1);
    for (const type of ['max', 'avg'] as const) {
      const y = pool2d(x, [3, 3, 1], { type, pool: [2, 2], strides: [2, 2], pad: { top: 2, left: 0, bottom: 1, right: 1 } });
      // Output 3x2: the first row's windows cover only padded rows.
      expect(Array.from(y.slice(0, 2))).toEqual([0, 0]);
      expect(y.slice(2).every((v) => v < 0)).toBe(true);
    }
  });
});
