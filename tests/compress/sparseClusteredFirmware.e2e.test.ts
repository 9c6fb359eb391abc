/**
 * A 92 %-sparse, 32-level clustered 784-300-100-10 int8 MLP (LeNet-300-100's shape, random weights) on
 * qemu-cortex-m4: sparse-clustered storage (dense_sparse_clustered_s8) with fixed-width streams, with Huffman
 * streams decoded at start-up, and decoded by the kernel ('stream'), against the same weights stored dense
 * (dense_s8, the board's dsp variant) and plain sparse (dense_sparse_s8, 4-bit gaps). Each firmware's output
 * equals the int8 reference; the build's weight bytes equal what the formats count; instructions (QEMU -icount,
 * FACTS.md §4; the start-up run includes its one-off decoding) and bytes per kept weight are printed. Also the
 * .text bytes of the kernel and the Huffman decoders at -Os (arm-none-eabi-size), which the byte budget counts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate } from '../../src/codegen';
import { StorageChoice, compressedBytes, compressWeights, huffmanRamBytes, isCompressedInt8 } from '../../src/ir/storage';
import { storedBytes } from '../../src/codegen/size';
import { tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { setIo } from '../../src/quantize/boundary';
import { runFirmware } from '../helpers/firmware';
import { bytesOf, graphInputs } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { int8Mlp, prune, reshapeWeights, snap } from './mlp';

const root = tempDir('sc-fw');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const KERNELS = path.join(__dirname, '../../firmware/kernels');

/** .text bytes of each function of a C file compiled for Cortex-M4 at -Os (`nm -S`). */
function textBytes(file: string, source: string): Record<string, number> {
  const c = path.join(root, `${file}.c`);
  const o = path.join(root, `${file}.o`);
  fs.writeFileSync(c, source);
  execFileSync('arm-none-eabi-gcc', ['-Os', '-mcpu=cortex-m4', '-mthumb', `-I${KERNELS}`, '-c', c, '-o', o]);
  const out = execFileSync('arm-none-eabi-nm', ['-S', '--size-sort', o], { encoding: 'utf8' });
  return Object.fromEntries([...out.matchAll(/^\S+ (\S+) [tT] (\S+)$/gm)].map((m) => [m[2].replace(/\..*/, ''), parseInt(m[1], 16)]));
}

it('92 %-sparse 32-level LeNet-300-100 shape: sparse-clustered (fixed, Huffman start-up, Huffman stream) on qemu-cortex-m4', () => {
  const q = int8Mlp([784, 300, 100, 10], 14);
  setIo(q, 'int8'); // int8 in and out: the count is the three layers'
  // snap(5): 32 levels, one of them 0 → at most 31 nonzero clusters, so fillers still fit 5-bit indices
  const dense = reshapeWeights(q, 14, (w, l, r) => snap(5)(prune(0.92)(w, l, r)));
  const input = graphInputs(dense, [uniformArray(784, 77, -1, 1)]) as Int8Array[];
  const want = bytesOf(runInt8(dense, input)[0]);

  const measure = (g: Graph, tag: string) => {
    const outDir = path.join(root, tag);
    generate(g, { target: 'qemu-cortex-m4', outDir, testInput: input, agent: false });
    const b = buildProject(outDir);
    const run = runFirmware(outDir);
    expect({ tag, out: run.outputs[0] }).toEqual({ tag, out: want });
    const counted = [...g.tensors.values()].filter((t) => t.data).reduce((a, t) => a + storedBytes(t), 0);
    expect({ tag, weights: b.flash.weights }).toEqual({ tag, weights: counted });
    const st = [...g.tensors.values()].map((t) => t.storage).filter(isCompressedInt8);
    const ram = st.reduce((a, s) => a + huffmanRamBytes(s), 0);
    return { instructions: run.instructions!, weights: b.flash.weights, code: b.flash.code, huffmanRam: ram };
  };
  const with_ = (choice: StorageChoice) => compressWeights(dense, () => choice);
  const fixed = with_({ kind: 'sparseClustered' });
  const startup = with_({ kind: 'sparseClustered', huffman: 'startup' });
  const stream = with_({ kind: 'sparseClustered', huffman: 'stream' });

  // bytes per kept weight of the 784×300 layer (fc1)
  const fc1 = (g: Graph) => tensor(g, g.ops[0].inputs[1]);
  const kept = (fc1(dense).data as Int8Array).reduce((a, v) => a + (v ? 1 : 0), 0);
  const perKept = (g: Graph) => {
    const s = fc1(g).storage!;
    return isCompressedInt8(s) ? compressedBytes(s) / kept : NaN;
  };
  const st = fc1(stream).storage!;
  const fc1Info = st.kind === 'sparseClustered' ? { gapBits: st.gapBits, indexBits: st.indexBits, huffmanGaps: !!st.huffmanGaps, huffmanIndices: !!st.huffmanIndices } : {};

  const r = {
    denseDsp: measure(dense, 'dense'),
    sparse4: measure(with_({ kind: 'sparse', gapBits: 4 }), 'sparse4'),
    sparseClustered: measure(fixed, 'sc'),
    sparseClusteredHuffmanStartup: measure(startup, 'sc-startup'),
    sparseClusteredHuffmanStream: measure(stream, 'sc-stream'),
  };
  const sizes = {
    kernel: textBytes('k', fs.readFileSync(path.join(KERNELS, 'dense_sparse_clustered_s8.c'), 'utf8')),
    startupDecoder: textBytes('d', '#include "huffman_decode.h"\nvoid f(const uint8_t *b, const uint16_t *c, const uint8_t *s, uint8_t *o) { tinyfit_huffman_decode(b, c, s, o, 10, 5); }\n'),
  };
  const perKeptFc1 = { kept, fixed: perKept(fixed), huffman: perKept(stream), fc1: fc1Info };
  console.log(JSON.stringify({ ...r, perKeptFc1, textOs: sizes }, null, 1));

  expect(perKeptFc1.fixed).toBeLessThan(1.45);
  expect(perKeptFc1.huffman).toBeLessThan(perKeptFc1.fixed);
  expect(r.sparseClustered.weights).toBeLessThan(r.sparse4.weights * 0.8);
  expect(r.sparseClusteredHuffmanStartup.weights).toBeLessThan(r.sparseClustered.weights);
  expect(r.sparseClusteredHuffmanStream.weights).toBe(r.sparseClusteredHuffmanStartup.weights);
  expect(r.sparseClusteredHuffmanStream.huffmanRam).toBe(0);
  expect(r.sparseClusteredHuffmanStartup.huffmanRam).toBeGreaterThan(0);
  // bit-unpacking two streams costs ~22 instructions per entry (portable C): within 1.5x of dense dsp here;
  // Huffman decoding bit by bit costs several times more, at start-up once or ('stream') every inference
  expect(r.sparseClustered.instructions).toBeLessThan(1.5 * r.denseDsp.instructions);
  expect(r.sparseClusteredHuffmanStream.instructions).toBeGreaterThan(r.sparseClustered.instructions);
  expect(r.sparseClusteredHuffmanStartup.instructions).toBeGreaterThan(r.sparseClustered.instructions);
  expect(sizes.startupDecoder.tinyfit_huffman_next + sizes.startupDecoder.tinyfit_huffman_decode).toBeLessThan(256);
});
