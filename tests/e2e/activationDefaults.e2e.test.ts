/**
 * Activations whose parameters are left out (elu, leaky_relu, scale, relu_ex, hard_swish, relu_n1_to_1): the
 * generated C resolves the same defaults as the float reference (it once passed 0 for a missing alpha).
 */
import * as path from 'path';
import { generate } from '../../src/codegen';
import { addOp, addTensor, emptyGraph } from '../../src/ir/graph';
import { ActivationFn } from '../../src/ir/types';
import { runFloat } from '../../src/reference/runFloat';
import { buildRunner, runRunner } from '../helpers/cproject';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

const FNS: ActivationFn[] = ['elu', 'leaky_relu', 'scale', 'relu_ex', 'hard_swish', 'relu_n1_to_1'];

it('C equals the float reference for activations with default parameters', () => {
  const g = emptyGraph('defaults');
  const x = addTensor(g, 'x', [64]);
  g.inputs = [x.id];
  g.outputs = FNS.map((fn) => addOp(g, 'activation', fn, [x], { fn, params: {} }).id);
  const outDir = path.join(tempDir('act-defaults'), 'c');
  generate(g, { target: 'host', outDir, name: 'm' });
  const input = uniformArray(64, 5, -6, 6);
  const [c] = runRunner(buildRunner(outDir), [[input]], FNS.map(() => 64));
  const ref = runFloat(g, [input]);
  FNS.forEach((fn, i) => expect({ fn, same: Array.from(c[i]).every((v, k) => Math.abs(v - ref[i][k]) <= 1e-6 * Math.max(1, Math.abs(ref[i][k]))) }).toEqual({ fn, same: true }));
});
