/**
 * `npm run bench -- --only compress`: the compressed MNIST models shipped in examples/deep-compression/ (written by
 * `tinyfit compress` with the recipes beside them) built for qemu-cortex-m4 — the firmware bytes the model needs
 * (weights.c + the model's code, from the build) against its float32 weights and Deep Compression's ratio
 * (FACTS.md §2), the accuracy against the float baseline, and the instructions per inference of the same int8
 * weights stored dense, sparse, sparse + clustered, and Huffman-coded (QEMU -icount, FACTS.md §4).
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../src/build';
import { table } from '../src/cli/table';
import { generate } from '../src/codegen';
import { loadGraph } from '../src/io/graphFile';
import { readNpy } from '../src/io/npy';
import { compressWeights, StorageChoice } from '../src/ir/storage';
import { Graph } from '../src/ir/types';
import { setIo } from '../src/quantize/boundary';
import { runFirmware } from '../tests/helpers/firmware';
import { graphInputs } from '../tests/helpers/int8Run';

const ROOT = path.join(__dirname, '..', '..', 'examples');
/** Deep Compression's ratios (Han et al. 2016, Table 1; FACTS.md §2) for the same architectures. */
const DEEP_COMPRESSION: Record<string, number> = { 'lenet-300-100': 40, 'lenet-5': 39 };

/** A copy of the graph with every weight and bias stored plainly (int8 / int32). */
function plain(g: Graph): Graph {
  return { ...g, tensors: new Map([...g.tensors].map(([id, t]) => [id, t.storage ? { ...t, storage: undefined } : t])) };
}

/** Builds and runs `g` once on qemu-cortex-m4 (one int8 digit): flash figures and instructions. */
function measure(g: Graph, dir: string, input: Int8Array): { weights: number; code: number; flash: number; instructions: number } {
  generate(g, { target: 'qemu-cortex-m4', outDir: dir, agent: false, testInput: [input] });
  const b = buildProject(dir);
  const run = runFirmware(dir);
  return { weights: b.flash.weights + b.flash.constants, code: b.flash.modelCode ?? NaN, flash: b.flash.used, instructions: run.instructions ?? NaN };
}

/** Prints the compression rows. */
export function printCompressBench(root: string): void {
  const dc = path.join(ROOT, 'deep-compression');
  const names = fs.existsSync(dc) ? fs.readdirSync(dc).filter((d) => fs.existsSync(path.join(dc, d, 'tinyfit.json'))).sort() : [];
  const x = readNpy(path.join(ROOT, 'mnist', 'test_x.npy'));
  const digit = (x.data as Float32Array).subarray(0, 784);
  const rows: (string | number)[][] = [];
  const speed: (string | number)[][] = [];
  for (const name of names) {
    const { graph, meta } = loadGraph(path.join(dc, name));
    const rep = (meta as { compression: { totalBytes: number; floatBytes: number; accuracy: number; baselineAccuracy: number } }).compression;
    setIo(graph, 'int8');
    const input = graphInputs(graph, [digit])[0] as Int8Array;
    const shipped = measure(graph, path.join(root, `${name}-shipped`), input);
    const total = shipped.weights + shipped.code;
    const ratio = rep.floatBytes / total;
    const anchor = DEEP_COMPRESSION[name];
    rows.push([name, rep.floatBytes, shipped.weights, shipped.code, total, `${ratio.toFixed(1)}x`, anchor ? `${anchor}x` : '-', anchor ? (ratio / anchor).toFixed(2) : '-', `${(100 * rep.accuracy).toFixed(2)} %`, `${(100 * rep.baselineAccuracy).toFixed(2)} %`, (100 * (rep.accuracy - rep.baselineAccuracy)).toFixed(2)]);
    // the same int8 weights in each storage (the shipped model's choice per layer re-encoded)
    const base = plain(graph);
    const compressed = new Set([...graph.tensors.values()].filter((t) => t.storage).map((t) => t.id));
    const opsWith = new Set(graph.ops.filter((op) => compressed.has(op.inputs[1])).map((op) => op.name));
    const variant = (c: StorageChoice): Graph => compressWeights(base, (op) => (opsWith.has(op) ? c : undefined));
    const dense = measure(base, path.join(root, `${name}-dense`), input);
    const forms: [string, Graph, ReturnType<typeof measure>?][] = [
      ['dense int8', base, dense],
      ['sparse (4-bit gaps)', variant({ kind: 'sparse', gapBits: 4 })],
      ['sparse + clustered', variant({ kind: 'sparseClustered', gapBits: 'auto' })],
      ['sparse + clustered + Huffman (startup: first inference, decode included)', variant({ kind: 'sparseClustered', gapBits: 'auto', huffman: 'startup' })],
      ['shipped (sparse + clustered + Huffman stream)', graph, shipped],
    ];
    for (const [form, g, m0] of forms) {
      const m = m0 ?? measure(g, path.join(root, `${name}-${form.replace(/\W+/g, '-')}`), input);
      speed.push([name, form, m.weights, m.code, m.instructions, (m.instructions / dense.instructions).toFixed(2)]);
    }
  }
  process.stdout.write('\ncompression (examples/deep-compression, qemu-cortex-m4 -O2; bytes from `tinyfit build`)\n');
  process.stdout.write(
    table(['model', 'float32 B', 'weights.c B', 'model code B', 'total B', 'ratio', 'Deep Compression', 'ratio/DC', 'accuracy', 'float', 'drop pt'], rows) + '\n',
  );
  process.stdout.write('\ninstructions per inference, the same int8 weights in each storage (QEMU -icount; ratio to dense int8)\n');
  process.stdout.write(table(['model', 'storage', 'weights.c B', 'model code B', 'instructions', 'vs dense'], speed) + '\n');
}
