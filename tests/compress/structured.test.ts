/**
 * Structured pruning: filters whose outputs are zero-weighted downstream can be removed without changing the
 * float outputs; MACs fall by the expected amounts; unsafe graphs are refused.
 */
import { filterScores, graphMacs, pruneFilters } from '../../src/compress/structured';
import { addOp, tensor } from '../../src/ir/graph';
import { Graph, Op, Tensor } from '../../src/ir/types';
import { graphStats } from '../../src/ir/stats';
import { runFloat } from '../../src/reference/runFloat';
import { NO_PAD, affine, conv, dense, graph, inputsFor } from '../passes/helpers';

const relu = (g: Graph, x: Tensor, name = 'relu'): Tensor => addOp(g, 'activation', name, [x], { fn: 'relu', params: {} });

/** conv1 8@3×3 → BN → ReLU → maxpool 2 → conv2 6@3×3 → ReLU → flatten → dense 5 (a small LeNet-5). */
function lenet(): Graph {
  const { g, xs } = graph('lenet', [10, 10, 2]);
  const c1 = conv(g, xs[0], 8, 3);
  g.ops[g.ops.length - 1].name = 'conv1';
  const b = affine(g, c1);
  const p = addOp(g, 'pool2d', 'pool', [relu(g, b)], { type: 'max', pool: [2, 2], strides: [2, 2], pad: NO_PAD });
  const c2 = conv(g, p, 6, 3);
  g.ops[g.ops.length - 1].name = 'conv2';
  const f = addOp(g, 'reshape', 'flatten', [relu(g, c2, 'relu2')], {}, [2 * 2 * 6]);
  g.outputs = [dense(g, f, 5).id];
  return g;
}

const op = (g: Graph, name: string): Op => g.ops.find((o) => o.name === name)!;
const w = (g: Graph, name: string): Float32Array => tensor(g, op(g, name).inputs[1]).data as Float32Array;
const macsOf = (g: Graph, name: string): number => graphStats(g).find((s) => s.name === name)!.macs;

function expectSameOutputs(a: Graph, b: Graph): void {
  for (const seed of [1, 2, 3]) {
    const x = inputsFor(a, seed, -2, 2);
    const [ya, yb] = [runFloat(a, x)[0], runFloat(b, x)[0]];
    expect(Array.from(yb)).toEqual(Array.from(ya));
  }
}

describe('pruneFilters', () => {
  it('removes conv filters zero-weighted downstream (lowest L1) without changing the outputs; MACs fall as expected', () => {
    const g = lenet();
    const gone = [1, 4, 6];
    const w1 = w(g, 'conv1');
    const w2 = w(g, 'conv2');
    for (let i = 0; i < w1.length; i++) if (gone.includes(Math.floor(i / 18))) w1[i] *= 0.01;
    for (let i = 0; i < w2.length; i++) if (gone.includes(i % 8)) w2[i] = 0;
    const { graph: p, removed } = pruneFilters(g, { layer: 'conv1', count: 3, criterion: 'l1' });
    expect(removed).toEqual(gone);
    expect(tensor(p, op(p, 'conv1').inputs[1]).shape).toEqual([5, 3, 3, 2]);
    expect(tensor(p, op(p, 'conv2').inputs[1]).shape).toEqual([6, 3, 3, 5]);
    expect(tensor(p, op(p, 'bn').inputs[1]).shape).toEqual([5]);
    expectSameOutputs(g, p);
    expect(macsOf(p, 'conv1')).toBe((macsOf(g, 'conv1') * 5) / 8);
    expect(macsOf(p, 'conv2')).toBe((macsOf(g, 'conv2') * 5) / 8);
    const bnAndRest = graphMacs(g) - macsOf(g, 'conv1') - macsOf(g, 'conv2') - macsOf(g, 'bn');
    expect(graphMacs(p)).toBe(((macsOf(g, 'conv1') + macsOf(g, 'conv2') + macsOf(g, 'bn')) * 5) / 8 + bnAndRest);
    expect(graphMacs(p)).toBeLessThan(graphMacs(g) * 0.7);
  });

  it('rewrites the dense rows behind a flatten', () => {
    const g = lenet();
    const fc = w(g, 'fc'); // [5, 24]: column p·6 + c reads channel c of conv2
    for (let i = 0; i < fc.length; i++) if ([0, 3].includes((i % 24) % 6)) fc[i] = 0;
    const { graph: p } = pruneFilters(g, { layer: 'conv2', channels: [3, 0] });
    expect(tensor(p, op(p, 'fc').inputs[1]).shape).toEqual([5, 16]);
    expect(tensor(p, op(p, 'flatten').outputs[0]).shape).toEqual([16]);
    expectSameOutputs(g, p);
    expect(macsOf(p, 'fc')).toBe((macsOf(g, 'fc') * 4) / 6);
  });

  it('removes dense neurons of an MLP', () => {
    const { g, xs } = graph('mlp', [7]);
    const h = relu(g, dense(g, xs[0], 6));
    g.outputs = [dense(g, h, 3).id];
    g.ops[0].name = 'fc1';
    g.ops[2].name = 'fc2';
    const w2 = w(g, 'fc2');
    for (let i = 0; i < w2.length; i++) if (i % 6 === 2) w2[i] = 0;
    const { graph: p } = pruneFilters(g, { layer: 'fc1', channels: [2] });
    expect(graphMacs(p)).toBe(5 * 7 + 3 * 5);
    expectSameOutputs(g, p);
  });

  it('ranks by batch-norm |γ| when a batch norm follows', () => {
    const g = lenet();
    const gamma = tensor(g, op(g, 'bn').inputs[1]).data as Float32Array;
    gamma[5] = 0.001;
    gamma[2] = -0.002;
    expect(Array.from(filterScores(g, 'conv1')).slice(0, 3)).toEqual([Math.abs(gamma[0]), Math.abs(gamma[1]), 0.002].map(Math.fround));
    expect(pruneFilters(g, { layer: 'conv1', fraction: 0.25 }).removed).toEqual([2, 5]);
    expect(() => filterScores(g, 'conv2', 'bn')).toThrow(/no batch norm follows/);
  });

  it('refuses branches, model outputs and bad requests with one-line errors', () => {
    const { g, xs } = graph('branchy', [6, 6, 2]);
    const c = conv(g, xs[0], 4, 3);
    const cat = addOp(g, 'concat', 'cat', [relu(g, c, 'a'), relu(g, c, 'b')], { axis: -1 });
    g.outputs = [cat.id];
    const check = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(re);
      try {
        f();
      } catch (e) {
        expect(String((e as Error).message)).not.toContain('\n');
      }
    };
    check(() => pruneFilters(g, { layer: 'conv', count: 1 }), /cannot prune filters of 'conv': tensor 'conv' branches to 2 readers/);
    const l = lenet();
    check(() => pruneFilters(l, { layer: 'fc', count: 1 }), /reach the model output/);
    check(() => pruneFilters(l, { layer: 'relu', count: 1 }), /only conv2d filters and dense neurons/);
    check(() => pruneFilters(l, { layer: 'conv1', count: 8 }), /must leave at least one/);
    check(() => pruneFilters(l, { layer: 'nope', count: 1 }), /no layer named 'nope'/);
  });
});
