/**
 * Generated models with the TFLite-exact ops: an int8 graph chaining hard_swish, leaky_relu (negative alpha
 * too), relu_n1_to_1, relu6, relu and a TFLite MEAN (global_pool with `mean`, both the folded-multiplier and the
 * same-parameters path) is generated, compiled (gcc, ASan/UBSan) and run; its outputs must equal the int8
 * reference byte for byte (the tables are emitted at generation time: no new kernel beyond global_pool_mean_s8). A float32
 * graph with hard_swish and relu_n1_to_1 must equal the float reference bit for bit (both round every step to
 * float32).
 */
import * as fs from 'fs';
import { generate } from '../../../src/codegen';
import { addOp, addTensor, emptyGraph } from '../../../src/ir/graph';
import { Graph, Tensor } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { runInt8 } from '../../../src/reference/runInt8';
import { buildRunner, runRunner } from '../../helpers/cproject';
import { bytesOf, runInt8C } from '../../helpers/int8Run';
import { uniformArray } from '../../helpers/rng';
import { tempDir } from '../../helpers/zooRun';
import { mulberry32, randInt8 } from '../../reference/int8/slow';

const root = tempDir('tflite-unary-model');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const q = (scale: number, zeroPoint: number) => ({ scale: [Math.fround(scale)], zeroPoint: [zeroPoint] });

function int8Graph(): Graph {
  const g = emptyGraph('tfl_unary_int8');
  g.quantization = { rounding: 'double' };
  const x = addTensor(g, 'x', [6, 5, 4], 'int8');
  x.quant = q(0.05, -20);
  g.inputs = [x.id];
  const act = (name: string, from: Tensor, fn: 'hard_swish' | 'leaky_relu' | 'relu_n1_to_1' | 'relu6' | 'relu', scale: number, zp: number, alpha?: number): Tensor => {
    const t = addOp(g, 'activation', name, [from], { fn, params: alpha === undefined ? {} : { alpha } });
    t.quant = q(scale, zp);
    return t;
  };
  const hs = act('hs', x, 'hard_swish', 0.03, -115);
  const lk = act('leaky', hs, 'leaky_relu', 0.02, 10, 0.2);
  const lkn = act('leaky_neg', lk, 'leaky_relu', 0.025, -128, -0.5);
  const n1 = act('n1', lkn, 'relu_n1_to_1', 1 / 127, 0);
  const r6 = act('r6', x, 'relu6', 6 / 255, -128);
  const r = act('r', r6, 'relu', 0.03, -128);
  const mean = addOp(g, 'global_pool', 'mean', [r], { type: 'avg', mean: true });
  mean.quant = q(0.013, -128);
  const meanSame = addOp(g, 'global_pool', 'mean_same', [n1], { type: 'avg', mean: true });
  meanSame.quant = q(1 / 127, 0);
  g.outputs = [n1.id, mean.id, meanSame.id];
  return g;
}

function floatGraph(): Graph {
  const g = emptyGraph('tfl_unary_f32');
  const x = addTensor(g, 'x', [7, 3, 5]);
  g.inputs = [x.id];
  const hs = addOp(g, 'activation', 'hs', [x], { fn: 'hard_swish', params: {} });
  const n1 = addOp(g, 'activation', 'n1', [x], { fn: 'relu_n1_to_1', params: {} });
  g.outputs = [hs.id, n1.id];
  return g;
}

describe('generated models with TFLite-exact unary ops and MEAN', () => {
  test('int8: generated C equals the int8 reference byte for byte', () => {
    const quant = int8Graph();
    const outDir = `${root}/int8`;
    const result = generate(quant, { target: 'host', outDir, name: 'tfl_unary_int8' });
    expect(result.kernels).toEqual(expect.arrayContaining(['activation_lut_s8', 'global_pool_mean_s8']));
    const rng = mulberry32(31337);
    const samples = [0, 1, 2, 3].map((i) => {
      const v = randInt8(rng, 120);
      if (i === 0) v.fill(-128);
      if (i === 1) v.fill(127);
      return [v];
    });
    const got = runInt8C({ quant, outDir }, samples);
    samples.forEach((s, si) => {
      const ref = runInt8(quant, s);
      ref.forEach((r, oi) => expect(got[si][oi].equals(bytesOf(r))).toBe(true));
    });
  }, 120_000);

  test('float32: hard_swish and relu_n1_to_1 equal the float reference bit for bit', () => {
    const g = floatGraph();
    const outDir = `${root}/f32`;
    generate(g, { target: 'host', outDir, name: 'tfl_unary_f32' });
    const runner = buildRunner(outDir);
    const x = uniformArray(105, 5, -8, 8);
    x.set([-3, 3, -1, 1, 0, -0, 6, -6, 1e-8, -1e-8, 2.9999998, -3.0000002], 0);
    const got = runRunner(runner, [[x]], [105, 105])[0];
    const ref = runFloat(g, [x]);
    got.forEach((o, i) => expect(Buffer.from(o.buffer).equals(Buffer.from((ref[i] as Float32Array).buffer))).toBe(true));
  }, 120_000);
});
