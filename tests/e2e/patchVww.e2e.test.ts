/**
 * Patch-based inference on a virtual Cortex-M4 (QEMU mps2-an386, -icount shift=0): the VWW model
 * (MobileNetV1-0.25 96×96 int8) with the chosen patch split computes the same bytes as without patches, in a
 * smaller arena, with at most 15 % more instructions (the DSP kernels the target selects).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { buildFirmware, runFirmware } from '../helpers/firmware';
import { int8Input } from '../plan/patchModels';

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
