/**
 * Patch-based inference on a virtual Cortex-M4 (QEMU mps2-an386, -icount shift=0): the VWW model
 * (MobileNetV1-0.25 96×96 int8) with the chosen patch split computes the same bytes as without patches, in a
 * smaller arena, with at most 15 % more instructions (the DSP kernels the target selects); and small CNNs whose
 * first layer is a conv, a depthwise conv or a pool, so that each DSP variant reads the graph input with a
 * negative pad_left, equal the int8 reference.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { buildFirmware, runFirmware } from '../helpers/firmware';
import { numel, tensor } from '../../src/ir/graph';
import { patchableChain } from '../../src/plan/patch/receptive';
import { runInt8 } from '../../src/reference/runInt8';
import { int8Input, randomCnn } from '../plan/patchModels';

const VWW = path.join(__dirname, '../../examples/mlperf-tiny/vww_96_int8.tflite');

it('VWW on qemu-cortex-m4: same bytes, smaller arena, ≤ 15 % more instructions', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-patch-m4-'));
  try {
    const g = importModel(VWW);
    const input = int8Input(96 * 96 * 3, 5);
    const run = (patches: 'off' | 'auto') => {
      const outDir = path.join(root, patches);
      const r = generate(g, { target: 'qemu-cortex-m4', outDir, testInput: [input], agent: false, plan: { patches } });
      buildFirmware(outDir);
      return { r, run: runFirmware(outDir) };
    };
    const plain = run('off');
    const patched = run('auto');
    expect(patched.run.outputs).toEqual(plain.run.outputs);
    expect(patched.r.arenaBytes).toBeLessThan(plain.r.arenaBytes);
    const ratio = patched.run.instructions! / plain.run.instructions!;
    console.log(`VWW qemu-cortex-m4: arena ${plain.r.arenaBytes} -> ${patched.r.arenaBytes} B, instructions ${plain.run.instructions} -> ${patched.run.instructions} (${((ratio - 1) * 100).toFixed(1)} %)`);
    expect(ratio).toBeLessThanOrEqual(1.15);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

it('small CNNs (first layer conv, depthwise, pool) patched on qemu-cortex-m4 equal the int8 reference', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-patch-m4-'));
  try {
    for (const [i, first] of (['conv', 'dw', 'pool'] as const).entries()) {
      const g = randomCnn(500 + i, first);
      const chain = patchableChain(g);
      const [h, w] = tensor(g, g.ops[chain - 1].outputs[0]).shape;
      const input = int8Input(numel(tensor(g, g.inputs[0]).shape), i);
      const outDir = path.join(root, first);
      generate(g, { target: 'qemu-cortex-m4', outDir, testInput: [input], agent: false, plan: { patches: { split: chain - 1, grid: [Math.min(3, h), Math.min(3, w)] } } });
      buildFirmware(outDir);
      const want = runInt8(g, [input]).map((v) => Buffer.from((v as Int8Array).buffer));
      expect({ first, outputs: runFirmware(outDir).outputs }).toEqual({ first, outputs: want });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
