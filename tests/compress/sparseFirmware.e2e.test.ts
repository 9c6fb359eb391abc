/**
 * A 90 %-sparse 784-300-100-10 int8 MLP (LeNet-300-100's shape, random weights) on qemu-cortex-m4: the sparse
 * relative-index storage (dense_sparse_s8, 4-bit gaps) against the same model stored dense (dense_s8: the board's
 * dsp variant, and the portable one). Each firmware's output equals the int8 reference on the compressed model;
 * the sparse build runs in fewer instructions (QEMU -icount, FACTS.md §4) and takes fewer flash bytes for its
 * weights (`buildProject`, what `tinyfit build` reports). The figures are printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate, KernelPolicy } from '../../src/codegen';
import { compressWeights } from '../../src/ir/storage';
import { storedBytes } from '../../src/codegen/size';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { setIo } from '../../src/quantize/boundary';
import { runFirmware } from '../helpers/firmware';
import { bytesOf, graphInputs } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { int8Mlp, prune, reshapeWeights, snap, toInt4 } from './mlp';

const root = tempDir('sparse-fw');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('90 %-sparse LeNet-300-100 shape: sparse kernel beats dense in instructions and flash, same bytes as the reference; Huffman, clustered and int4 figures', () => {
  const q = int8Mlp([784, 300, 100, 10], 14);
  setIo(q, 'int8'); // int8 in and out: the count is the three layers', not the float boundary's
  const dense = reshapeWeights(q, 14, prune(0.9));
  const sparse = compressWeights(dense, () => ({ kind: 'sparse', gapBits: 4 }));
  const input = graphInputs(dense, [uniformArray(784, 77, -1, 1)]) as Int8Array[];
  const want = bytesOf(runInt8(sparse, input)[0]);
  expect(want).toEqual(bytesOf(runInt8(dense, input)[0]));

  const measure = (g: Graph, tag: string, kernels?: KernelPolicy, expected = want) => {
    const outDir = path.join(root, tag);
    generate(g, { target: 'qemu-cortex-m4', outDir, testInput: input, agent: false, ...(kernels ? { kernels } : {}) });
    const b = buildProject(outDir);
    const run = runFirmware(outDir);
    expect({ tag, out: run.outputs[0] }).toEqual({ tag, out: expected });
    return { instructions: run.instructions!, flash: b.flash.used, weights: b.flash.weights, code: b.flash.code };
  };
  const s = measure(sparse, 'sparse');
  // the flash the build measures for the weight arrays is what the formats count (compressedBytes via storedBytes)
  const counted = [...sparse.tensors.values()].filter((t) => t.data).reduce((a, t) => a + storedBytes(t), 0);
  expect(s.weights).toBe(counted);
  const d = measure(dense, 'dense-dsp');
  const dp = measure(dense, 'dense-portable', 'portable');
  const empty = compressWeights(reshapeWeights(dense, 1, prune(1)), () => ({ kind: 'sparse', gapBits: 4 }));
  const e0 = measure(empty, 'all-zero', undefined, bytesOf(runInt8(empty, input)[0]));
  // Huffman-coded gaps: fewer flash bytes; the one run includes the start-up decode into RAM
  const huff = compressWeights(dense, () => ({ kind: 'sparse', gapBits: 4, huffman: true }));
  const h = measure(huff, 'sparse-huffman');
  const s8 = measure(compressWeights(dense, () => ({ kind: 'sparse', gapBits: 8 })), 'sparse8');
  // 4-bit clustered (16 evenly spaced levels) and int4, on the unpruned layers, against dense dsp on the same weights
  const snapped = reshapeWeights(q, 15, snap(4));
  const cl = measure(compressWeights(snapped, () => ({ kind: 'clustered', bits: 4 })), 'clustered4', undefined, bytesOf(runInt8(snapped, input)[0]));
  const i4g = reshapeWeights(q, 16, toInt4);
  const i4 = measure(compressWeights(i4g, () => ({ kind: 'int4' })), 'int4', undefined, bytesOf(runInt8(i4g, input)[0]));
  console.log(JSON.stringify({ sparse: s, sparse8GapBits: s8, sparseHuffman: h, denseDsp: d, densePortable: dp, allZeroSparse: e0, clustered4: cl, int4: i4 }, null, 1));
  expect(h.weights).toBeLessThan(s.weights);
  expect(h.flash).toBeLessThan(s.flash);
  expect(cl.weights).toBeLessThan(d.weights * 0.55);
  expect(i4.weights).toBeLessThan(d.weights * 0.55);
  expect(s.instructions).toBeLessThan(d.instructions);
  expect(s.instructions).toBeLessThan(dp.instructions);
  expect(s.weights).toBeLessThan(d.weights / 3);
  expect(s.flash).toBeLessThan(d.flash);
});
