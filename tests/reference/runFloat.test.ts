import { addOp, addTensor, emptyGraph } from '../../src/ir/graph';
import { NO_CLAMP } from '../../src/ir/types';
import { TinyfitError } from '../../src/errors';
import { runFloat, runFloatAll } from '../../src/reference/runFloat';
import { uniformArray } from '../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, tfData } from './float/helpers';

/** conv3x3(same, relu) -> maxpool 2x2 -> reshape -> dense 10 -> softmax. */
function smallCnn() {
  const { g, x } = graphWithInput('cnn', [8, 8, 3]);
  const wHwio = uniformArray(3 * 3 * 3 * 4, 1, -0.5, 0.5);
  const wOhwi = new Float32Array(wHwio.length);
  for (let h = 0; h < 3; h++)
    for (let w = 0; w < 3; w++)
      for (let i = 0; i < 3; i++) for (let o = 0; o < 4; o++) wOhwi[((o * 3 + h) * 3 + w) * 3 + i] = wHwio[((h * 3 + w) * 3 + i) * 4 + o];
  const cb = uniformArray(4, 2, -0.1, 0.1);
  const dIo = uniformArray(64 * 10, 3, -0.3, 0.3);
  const dOi = new Float32Array(dIo.length);
  for (let i = 0; i < 64; i++) for (let o = 0; o < 10; o++) dOi[o * 64 + i] = dIo[i * 10 + o];
  const db = uniformArray(10, 4, -0.1, 0.1);
  const conv = addOp(g, 'conv2d', 'conv', [x, constant(g, 'cw', [4, 3, 3, 3], wOhwi), constant(g, 'cb', [4], cb)], {
    strides: [1, 1],
    dilations: [1, 1],
    pad: { top: 1, left: 1, bottom: 1, right: 1 },
    clamp: { min: 0, max: Infinity },
  });
  const pool = addOp(g, 'pool2d', 'pool', [conv], { type: 'max', pool: [2, 2], strides: [2, 2], pad: { top: 0, left: 0, bottom: 0, right: 0 } });
  const flat = addOp(g, 'reshape', 'flatten', [pool], {}, [64]);
  const fc = addOp(g, 'dense', 'fc', [flat, constant(g, 'dw', [10, 64], dOi), constant(g, 'db', [10], db)], { clamp: NO_CLAMP });
  const sm = addOp(g, 'softmax', 'softmax', [fc], { axis: -1 });
  g.outputs = [sm.id];
  return { g, x, conv, pool, flat, fc, sm, wHwio, cb, dIo, db };
}

describe('runFloat / runFloatAll', () => {
  test('a small CNN matches the same chain of TF.js ops', async () => {
    const tf = await getTf();
    const m = smallCnn();
    const x = uniformArray(8 * 8 * 3, 5, 0, 1);
    const expected = tf.tidy(() => {
      const conv = tf.relu(
        tf.add(tf.conv2d(tf.tensor4d(x, [1, 8, 8, 3]), tf.tensor4d(m.wHwio, [3, 3, 3, 4]), 1, 'same'), tf.tensor1d(m.cb)),
      ) as ReturnType<typeof tf.tensor4d>;
      const y = tf.maxPool(conv, 2, 2, 'valid');
      const logits = tf.add(tf.matMul(tf.reshape(y, [1, 64]), tf.tensor2d(m.dIo, [64, 10])), tf.tensor1d(m.db));
      return tfData(tf.softmax(logits));
    });
    const [out] = runFloat(m.g, [x]);
    expect(out).toBeInstanceOf(Float32Array);
    expectClose(out, expected, 'cnn');
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  test('runFloatAll returns every tensor; reshape output shares its input data', () => {
    const m = smallCnn();
    const x = uniformArray(8 * 8 * 3, 6, 0, 1);
    const all = runFloatAll(m.g, [x]);
    for (const [id, t] of m.g.tensors) {
      const v = all.get(id);
      expect(v).toBeDefined();
      expect(v!.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    }
    expect(all.get(m.flat.id)).toBe(all.get(m.pool.id));
    // Inputs are copied, constants are not.
    expect(all.get(m.x.id)).not.toBe(x);
    expect(Array.from(all.get(m.x.id)!)).toEqual(Array.from(x));
    const cw = [...m.g.tensors.values()].find((t) => t.name === 'cw')!;
    expect(all.get(cw.id)).toBe(cw.data);
    // Same result as runFloat.
    expect(Array.from(all.get(m.sm.id)!)).toEqual(Array.from(runFloat(m.g, [x])[0]));
    // The conv output went through the fused ReLU.
    expect(all.get(m.conv.id)!.every((v) => v >= 0)).toBe(true);
  });

  test('several inputs and outputs follow g.inputs / g.outputs order; outputs may be inputs or intermediates', () => {
    const g = emptyGraph('multi');
    const a = addTensor(g, 'a', [2, 3]);
    const b = addTensor(g, 'b', [2, 3]);
    g.inputs = [b.id, a.id];
    const diff = addOp(g, 'binary', 'diff', [a, b], { fn: 'sub', clamp: NO_CLAMP });
    const act = addOp(g, 'activation', 'relu', [diff], { fn: 'relu', params: {} });
    g.outputs = [act.id, diff.id, a.id];
    const av = uniformArray(6, 7);
    const bv = uniformArray(6, 8);
    const [o0, o1, o2] = runFloat(g, [bv, av]);
    const d = av.map((v, i) => v - bv[i]);
    expect(Array.from(o1)).toEqual(Array.from(d));
    expect(Array.from(o0)).toEqual(Array.from(d.map((v) => (v > 0 ? v : 0))));
    expect(Array.from(o2)).toEqual(Array.from(av));
  });

  test('identity ops pass their input through', () => {
    const { g, x } = graphWithInput('id', [4]);
    const y = addOp(g, 'identity', 'dropout', [x], { layerClass: 'Dropout' });
    g.outputs = [y.id];
    const v = uniformArray(4, 9);
    expect(Array.from(runFloat(g, [v])[0])).toEqual(Array.from(v));
  });

  test('an input of the wrong length is a TinyfitError naming the input and the expected count', () => {
    const m = smallCnn();
    let err: unknown;
    try {
      runFloat(m.g, [new Float32Array(100)]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TinyfitError);
    expect((err as Error).message).toMatch(/'x'/);
    expect((err as Error).message).toMatch(/192/);
    expect((err as Error).message).toMatch(/100/);
  });

  test('the wrong number of inputs is a TinyfitError', () => {
    const m = smallCnn();
    expect(() => runFloat(m.g, [])).toThrow(TinyfitError);
    expect(() => runFloat(m.g, [new Float32Array(192), new Float32Array(192)])).toThrow(/1 input/);
  });

  test('a non-float32 constant is rejected', () => {
    const { g, x } = graphWithInput('q', [4]);
    const k = addTensor(g, 'k', [4], 'int8', new Int8Array(4));
    const y = addOp(g, 'binary', 'add', [x, k], { fn: 'add', clamp: NO_CLAMP });
    g.outputs = [y.id];
    expect(() => runFloat(g, [new Float32Array(4)])).toThrow(/float32/);
  });
});
