/**
 * A LeNet-5-shaped int8 CNN (28×28×1 → conv 20@5×5 → pool → conv 50@5×5 → pool → fc 500 → fc 10, random weights,
 * both convolutions 85 % pruned, surviving weights in the int4 range so that one weight set suits every format) on
 * qemu-cortex-m4: the conv weights stored dense (conv2d_s8: the board's dsp variant, and the portable one) against
 * each compressed conv form (sparse 4- and 8-bit gaps, sparse with Huffman gaps at start-up and streamed, clustered 4-bit, int4, sparse +
 * clustered with fixed-width streams and with Huffman streams decoded at start-up or by the kernel). The fc
 * layers stay dense int8 in every build. Each firmware's output equals the int8 reference; instructions per
 * inference (QEMU -icount, FACTS.md §4) and the conv weights' flash bytes (storedBytes, equal to what the build
 * measures for the weight arrays) are printed. The sparse conv runs in fewer instructions than dense (dsp).
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate, KernelPolicy } from '../../src/codegen';
import { tensor } from '../../src/ir/graph';
import { StorageChoice, compressWeights } from '../../src/ir/storage';
import { storedBytes } from '../../src/codegen/size';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { setIo } from '../../src/quantize/boundary';
import { runFirmware } from '../helpers/firmware';
import { bytesOf, graphInputs } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { int8ConvNet } from './convNet';
import { prune, reshapeWeights, toInt4 } from './mlp';

const root = tempDir('conv-fw');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Flash bytes of the conv weights of `g`. */
const convBytes = (g: Graph): number => g.ops.filter((op) => op.kind === 'conv2d').reduce((a, op) => a + storedBytes(tensor(g, op.inputs[1])), 0);

it('LeNet-5 shape, 85 %-sparse convs: every compressed conv form reproduces the reference; sparse beats dense in instructions; figures', () => {
  const q = int8ConvNet([28, 28, 1], [{ cout: 20, k: [5, 5], relu: true, pool: true }, { cout: 50, k: [5, 5], relu: true, pool: true }], [500, 10], 5);
  setIo(q, 'int8'); // int8 in and out: the count is the layers', not the float boundary's
  const dense = reshapeWeights(q, 21, (w, l, rnd) => (q.ops[l].kind === 'conv2d' ? prune(0.85)(toInt4(w), l, rnd) : w));
  const input = graphInputs(dense, [uniformArray(784, 78, -1, 1)]) as Int8Array[];
  const want = bytesOf(runInt8(dense, input)[0]);

  const measure = (tag: string, choice?: StorageChoice, kernels?: KernelPolicy) => {
    const g = choice ? compressWeights(dense, (name) => (name.startsWith('conv') ? choice : undefined)) : dense;
    expect(bytesOf(runInt8(g, input)[0])).toEqual(want);
    const outDir = path.join(root, tag);
    const r = generate(g, { target: 'qemu-cortex-m4', outDir, testInput: input, agent: false, ...(kernels ? { kernels } : {}) });
    const b = buildProject(outDir);
    const run = runFirmware(outDir);
    expect({ tag, out: run.outputs[0] }).toEqual({ tag, out: want });
    const counted = [...g.tensors.values()].filter((t) => t.data).reduce((a, t) => a + storedBytes(t), 0);
    expect(b.flash.weights).toBe(counted);
    return { instructions: run.instructions!, convWeightBytes: convBytes(g), flash: b.flash.used, code: b.flash.code, kernels: r.kernels.filter((k) => k.startsWith('conv')) };
  };
  const figures = {
    denseDsp: measure('dense-dsp'),
    densePortable: measure('dense-portable', undefined, 'portable'),
    sparse4: measure('sparse4', { kind: 'sparse', gapBits: 4 }),
    sparse8: measure('sparse8', { kind: 'sparse', gapBits: 8 }),
    sparseHuffman: measure('sparse-huffman', { kind: 'sparse', gapBits: 4, huffman: true }),
    sparseHuffmanStream: measure('sparse-huffman-stream', { kind: 'sparse', gapBits: 4, huffman: 'stream' }),
    clustered4: measure('clustered4', { kind: 'clustered', bits: 4 }),
    int4: measure('int4', { kind: 'int4' }),
    sparseClustered: measure('sparse-clustered', { kind: 'sparseClustered' }),
    sparseClusteredHuffmanStartup: measure('sc-huffman-startup', { kind: 'sparseClustered', huffman: 'startup' }),
    sparseClusteredHuffmanStream: measure('sc-huffman-stream', { kind: 'sparseClustered', huffman: 'stream' }),
  };
  console.log(JSON.stringify(figures, null, 1));
  expect(figures.sparse4.kernels).toEqual(['conv2d_sparse_s8']);
  expect(figures.sparse4.instructions).toBeLessThan(figures.denseDsp.instructions);
  expect(figures.sparse8.instructions).toBeLessThan(figures.denseDsp.instructions);
  expect(figures.sparseClustered.instructions).toBeLessThan(figures.denseDsp.instructions);
  expect(figures.sparseClustered.convWeightBytes).toBeLessThan(figures.sparse4.convWeightBytes);
  expect(figures.sparse4.convWeightBytes).toBeLessThan(figures.denseDsp.convWeightBytes / 3);
  expect(figures.clustered4.convWeightBytes).toBeLessThan(figures.denseDsp.convWeightBytes * 0.55);
  expect(figures.int4.convWeightBytes).toBeLessThan(figures.denseDsp.convWeightBytes * 0.55);
});
