/**
 * Patch-based inference in generated C: the host build (gcc, AddressSanitizer + UBSan) of a patched plan computes
 * exactly the bytes of the plain one — VWW with the chosen split against its plain generated C, and 20 random CNNs
 * (varied split lengths and grids, so interior patches read the graph input with negative pad_left) against the
 * int8 reference, which the plain generated C equals (tests/golden).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { PatchOption } from '../../src/plan';
import { patchableChain } from '../../src/plan/patch/receptive';
import { runInt8 } from '../../src/reference/runInt8';
import { runInt8C } from '../helpers/int8Run';
import { buildRunner, STRICT } from '../helpers/cproject';
import { mulberry32 } from '../helpers/rng';
import { int8Input, randomCnn } from '../plan/patchModels';

const VWW = path.join(__dirname, '../../examples/mlperf-tiny/vww_96_int8.tflite');
let root: string;
beforeAll(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-patch-'))));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Generates the host project of `g` with the given patches option, runs it on the inputs; returns hex outputs and the plan's figures. */
function runC(g: Graph, patches: PatchOption, inputs: Int8Array[], dir: string) {
  const outDir = path.join(root, dir);
  const result = generate(g, { target: 'host', outDir, plan: { patches, timeCapMs: 300 } });
  // -O0 builds quicker; the sanitizers still catch any read or write outside the arena and the weights.
  buildRunner(outDir, 'gcc', `-O0 ${STRICT} -fsanitize=address,undefined -fno-sanitize-recover=all`);
  const outs = runInt8C({ quant: g, outDir }, inputs.map((x) => [x])).map((o) => o.map((b) => b.toString('hex')));
  return { outs, result, modelC: fs.readFileSync(path.join(outDir, 'model.c'), 'utf8') };
}

it('VWW: the patched generated C equals the plain generated C', () => {
  const g = importModel(VWW);
  const inputs = [1, 2].map((s) => int8Input(96 * 96 * 3, s));
  const plain = runC(g, 'off', inputs, 'vww-plain');
  const patched = runC(g, 'auto', inputs, 'vww-patched');
  expect(patched.modelC).toContain('patch-based inference of the first layers');
  expect(patched.result.arenaBytes).toBeLessThan(plain.result.arenaBytes);
  expect(patched.outs).toEqual(plain.outs);
  expect(plain.outs).toEqual(inputs.map((x) => runInt8(g, [x]).map((v) => Buffer.from((v as Int8Array).buffer).toString('hex'))));
});

it('20 random CNNs: the patched generated C equals the int8 reference', () => {
  const rng = mulberry32(2024);
  for (let i = 0; i < 20; i++) {
    const g = randomCnn(300 + i);
    const chain = patchableChain(g);
    const split = Math.floor(rng() * chain);
    const [h, w] = tensor(g, g.ops[split].outputs[0]).shape;
    const grid: [number, number] = [1 + Math.floor(rng() * Math.min(h, 4)), 1 + Math.floor(rng() * Math.min(w, 4))];
    if (grid[0] * grid[1] === 1) grid[1] = Math.min(2, w);
    const inputs = [i, i + 50].map((s) => int8Input(numel(tensor(g, g.inputs[0]).shape), s));
    const want = inputs.map((x) => runInt8(g, [x]).map((v) => Buffer.from((v as Int8Array).buffer).toString('hex')));
    const got = runC(g, { split, grid }, inputs, `cnn${i}`);
    expect({ model: g.name, split, grid, outs: got.outs }).toEqual({ model: g.name, split, grid, outs: want });
  }
});

it('a CNN run patch by patch as a whole (the split tensor is the graph output) equals the int8 reference', () => {
  for (const [i, first] of (['conv', 'pool'] as const).entries()) {
    const g = randomCnn(700 + i, first, false);
    const chain = patchableChain(g);
    expect(chain).toBe(g.ops.length);
    const inputs = [i].map((s) => int8Input(numel(tensor(g, g.inputs[0]).shape), s));
    const want = inputs.map((x) => runInt8(g, [x]).map((v) => Buffer.from((v as Int8Array).buffer).toString('hex')));
    expect(runC(g, { split: chain - 1, grid: [2, 3] }, inputs, `whole${i}`).outs).toEqual(want);
  }
});
