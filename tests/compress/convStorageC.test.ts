/**
 * Generated C on compressed conv2d weights (conv2d_sparse_s8, conv2d_clustered_s8, conv2d_s4 over conv_rows_s8.h,
 * symbol_stream.h, huffman_decode.h; conv2d_sparse_clustered_s8), built with host gcc under ASan/UBSan, is bit-exact with the int8 reference computing on the
 * same compressed form (runInt8 decodes the storage with the row view [O, KH·KW·I]): per format, chains of random
 * convolutions (shapes, strides, dilations, same/valid padding, input zero points from asymmetric ranges,
 * sparsities 0–100 %, gap widths 1–8, codebook sizes 2–33, Huffman at start-up and streamed, int16 and int32
 * biases), every conv's output compared.
 */
import { StorageChoice, compressWeights } from '../../src/ir/storage';
import { planMemory } from '../../src/plan';
import { loadGraph, saveGraph } from '../../src/io/graphFile';
import { runInt8 } from '../../src/reference/runInt8';
import { tempDir } from '../helpers/zooRun';
import { bytesOf, graphInputs } from '../helpers/int8Run';
import { Graph } from '../../src/ir/types';
import { addOp, addTensor, emptyGraph } from '../../src/ir/graph';
import { NO_CLAMP } from '../../src/ir/types';
import { quantizeModel } from '../../src/quantize/pipeline';
import { mulberry32, uniformArray } from '../helpers/rng';
import { expectBitExact } from './bitExact';
import { ConvSpec, int8ConvNet } from './convNet';
import { prune, reshapeWeights, snap, toInt4 } from './mlp';

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rnd, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** `n` random conv layers that fit an input of h × w (valid padding only where the window fits). */
function randomChain(r: Rnd, h: number, w: number, n: number): ConvSpec[] {
  const specs: ConvSpec[] = [];
  for (let i = 0; i < n; i++) {
    const k: [number, number] = [int(r, 1, 5), int(r, 1, 5)];
    const dilations: [number, number] = r() < 0.25 ? [int(r, 1, 2), int(r, 1, 2)] : [1, 1];
    const strides: [number, number] = r() < 0.3 ? [int(r, 1, 3), int(r, 1, 3)] : [1, 1];
    const span = (a: number) => (k[a] - 1) * dilations[a] + 1;
    const pad = r() < 0.5 || span(0) > h || span(1) > w ? 'same' : 'valid';
    specs.push({ cout: int(r, 1, 9), k, strides, dilations, pad, relu: r() < 0.5 });
    const out = (n: number, a: number) => (pad === 'same' ? Math.ceil(n / strides[a]) : Math.floor((n - span(a)) / strides[a]) + 1);
    [h, w] = [out(h, 0), out(w, 1)];
  }
  return specs;
}

const SPARSITY = [0, 0.5, 0.8, 0.9, 0.99, 1];

/** Pruned (random sparsity) and snapped to 2–32 levels: a sparse-clustered layer. */
const clusteredSparse = (r: Rnd) => {
  const b = int(r, 1, 5);
  const sp = pick(r, SPARSITY);
  return (w: Int8Array, l: number, rnd: Rnd) => prune(sp)(snap(b)(w), l, rnd);
};

/** Per format: how the weights are reshaped before compression, the storage choice, the kernel. */
const FORMATS: [string, (r: Rnd) => (w: Int8Array, l: number, rnd: Rnd) => Int8Array, (r: Rnd) => StorageChoice, string][] = [
  ['sparse 4-bit gaps', (r) => prune(pick(r, SPARSITY)), () => ({ kind: 'sparse', gapBits: 4 }), 'conv2d_sparse_s8'],
  ['sparse 8-bit gaps', (r) => prune(pick(r, SPARSITY)), () => ({ kind: 'sparse', gapBits: 8 }), 'conv2d_sparse_s8'],
  ['sparse 1- to 7-bit gaps', (r) => prune(pick(r, SPARSITY)), (r) => ({ kind: 'sparse', gapBits: int(r, 1, 7) }), 'conv2d_sparse_s8'],
  ['sparse Huffman gaps', (r) => prune(pick(r, SPARSITY)), () => ({ kind: 'sparse', gapBits: 4, huffman: true }), 'conv2d_sparse_s8'],
  ['clustered', clusteredSparse, () => ({ kind: 'clustered' }), 'conv2d_clustered_s8'],
  ['clustered Huffman', (r) => { const b = int(r, 2, 4); return (w) => snap(b)(w); }, () => ({ kind: 'clustered', huffman: true }), 'conv2d_clustered_s8'],
  ['clustered Huffman stream', (r) => { const b = int(r, 2, 4); return (w) => snap(b)(w); }, () => ({ kind: 'clustered', huffman: 'stream' }), 'conv2d_clustered_s8'],
  ['sparse Huffman stream', (r) => prune(pick(r, SPARSITY)), (r) => ({ kind: 'sparse', gapBits: int(r, 2, 6), huffman: 'stream' }), 'conv2d_sparse_s8'],
  ['sparse clustered', (r) => clusteredSparse(r), (r) => ({ kind: 'sparseClustered', gapBits: pick(r, ['auto', 2, 3, 5] as const) }), 'conv2d_sparse_clustered_s8'],
  ['sparse clustered Huffman start-up', (r) => clusteredSparse(r), () => ({ kind: 'sparseClustered', huffman: 'startup' }), 'conv2d_sparse_clustered_s8'],
  ['sparse clustered Huffman stream', (r) => clusteredSparse(r), () => ({ kind: 'sparseClustered', huffman: 'stream' }), 'conv2d_sparse_clustered_s8'],
  ['int4', (r) => { const sp = pick(r, SPARSITY); return (w, l, rnd) => prune(sp)(toInt4(w), l, rnd); }, () => ({ kind: 'int4' }), 'conv2d_s4'],
];

describe('compressed conv2d kernels are bit-exact with the int8 reference', () => {
  it.each(FORMATS.map((f, i) => [f[0], i] as [string, number]))('%s: random conv chains', (tag, i) => {
    const [, reshape, choice, kernel] = FORMATS[i];
    for (let chain = 0; chain < 2; chain++) {
      const r = mulberry32(1000 * i + chain + 1);
      const [h, w] = [int(r, 5, 12), int(r, 3, 12)];
      const range = pick(r, [[-1, 1], [0, 2], [-3, 0.5]] as [number, number][]);
      const convs = randomChain(r, h, w, 3);
      const g0 = int8ConvNet([h, w, int(r, 1, 6)], convs, [], 50 * i + chain, range, true);
      // each layer its own sparsity / codebook
      const shapers = convs.map(() => reshape(r));
      let layer = 0; // reshapeWeights visits the convs in order
      const g = reshapeWeights(g0, 7 + chain, (w, l, rnd) => shapers[layer++](w, l, rnd));
      const c: Graph = compressWeights(g, () => choice(r));
      expectBitExact(c, `${tag}-${chain}`.replace(/\W+/g, '-'), [kernel], 3, 900, { notKernels: ['conv2d_s8'], range });
    }
  });
});

it('the planner overlaps a dense conv2d with its dying input but keeps a compressed one disjoint (channel-by-channel kernels)', () => {
  const g = int8ConvNet([16, 16, 8], [{ cout: 4, k: [3, 3], pad: 'same' }, { cout: 4, k: [3, 3], pad: 'same' }], [], 3);
  const conv2 = g.ops.find((op) => op.name === 'conv2')!;
  expect(planMemory(g).build.overlapRules.has(conv2.id)).toBe(true);
  const c = compressWeights(g, () => ({ kind: 'sparse' }));
  expect(planMemory(c).build.overlapRules.has(conv2.id)).toBe(false);
});

it('compressed convs write into a zero-copy concat (output pixel stride ≠ channels) and read int16 and int32 biases', () => {
  const g = emptyGraph('cat');
  const x = addTensor(g, 'x', [9, 7, 3]);
  g.inputs = [x.id];
  const conv = (name: string, input: typeof x, cout: number, k: number, seed: number) => {
    const cin = input.shape[2];
    const w = addTensor(g, `${name}/w`, [cout, k, k, cin], 'float32', uniformArray(cout * k * k * cin, seed, -0.5, 0.5));
    const b = addTensor(g, `${name}/b`, [cout], 'float32', uniformArray(cout, seed + 1, -0.1, 0.1));
    const p = (k - 1) >> 1;
    return addOp(g, 'conv2d', name, [input, w, b], { strides: [1, 1], dilations: [1, 1], pad: { top: p, left: p, bottom: k - 1 - p, right: k - 1 - p }, clamp: NO_CLAMP });
  };
  const cat = addOp(g, 'concat', 'cat', [conv('conv1', x, 5, 3, 1), conv('conv2', x, 4, 1, 2)], { axis: -1 });
  g.outputs = [conv('conv3', cat, 6, 3, 3).id];
  const q = quantizeModel(g, [0, 1, 2].map((i) => [uniformArray(9 * 7 * 3, 40 + i, -1, 1)])).graph;
  const choice: Record<string, StorageChoice> = { conv1: { kind: 'sparse', gapBits: 3 }, conv2: { kind: 'sparseClustered' }, conv3: { kind: 'sparse' } };
  const q1 = reshapeWeights(q, 5, prune(0.6));
  const b1 = q1.ops.find((op) => op.name === 'conv1')!.inputs[2];
  const big = Int32Array.from(q1.tensors.get(b1)!.data as Int32Array, (v, i) => (i === 2 ? 50000 : v));
  const c = compressWeights({ ...q1, tensors: new Map(q1.tensors).set(b1, { ...q1.tensors.get(b1)!, data: big }) }, (name) => choice[name]);
  expect(planMemory(c).build.concatViews.size).toBeGreaterThan(0);
  // one bias kept int32 (a value past int16), the others int16 (bias_s8.h's two paths)
  const biasKinds = c.ops.filter((op) => op.kind === 'conv2d').map((op) => c.tensors.get(op.inputs[2])!.storage?.kind ?? 'int32');
  expect(biasKinds).toEqual(['int32', 'int16', 'int16']);
  expectBitExact(c, 'concat', ['conv2d_sparse_s8', 'conv2d_sparse_clustered_s8'], 6, 900, { notKernels: ['conv2d_s8'] });
});

it('a model folder keeps compressed conv weights (saved as their storage, decoded on load with the row view)', () => {
  const g = int8ConvNet([10, 9, 3], [{ cout: 6, k: [3, 3], pad: 'same', relu: true }, { cout: 5, k: [2, 3], strides: [2, 1] }], [], 11);
  const formats: Record<string, StorageChoice> = { conv1: { kind: 'sparseClustered', huffman: 'stream' }, conv2: { kind: 'int4' } };
  const c = compressWeights(reshapeWeights(g, 3, (w, l, rnd) => prune(0.7)(toInt4(w), l, rnd)), (name) => formats[name]);
  const dir = tempDir('conv-folder');
  saveGraph(dir, c);
  const back = loadGraph(dir).graph;
  const kinds = (x: Graph) => x.ops.filter((op) => op.kind === 'conv2d').map((op) => x.tensors.get(op.inputs[1])!.storage?.kind);
  expect(kinds(back)).toEqual(['sparseClustered', 'int4']);
  const input = graphInputs(c, [uniformArray(10 * 9 * 3, 5, -1, 1)]);
  expect(runInt8(back, input).map(bytesOf)).toEqual(runInt8(c, input).map(bytesOf));
});
