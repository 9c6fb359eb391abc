/**
 * The library options behind `npm run bench`'s speed table (issue 13): generate's `kernels: 'portable'` copies the
 * portable kernels even for a board with ISA variants, and buildProject's `optimize` rebuilds at another level.
 * KWS (conv, depthwise and dense, which have dsp variants) on the virtual Cortex-M4, without the agent:
 * - portable: every kernel portable, its kernel sources identical to a board without ISA variants' (the Cortex-M3),
 *   while 'auto' copies the dsp variants (other sources) and runs in fewer instructions;
 * - -Os: smaller code and another instruction count than -O2, the same output bytes; a later build without the
 *   option keeps the up-to-date binary (make), `optimize: 'O2'` rebuilds at -O2; an unknown level or kernel policy
 *   is an error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject, withOptimization, OptLevel } from '../../src/build';
import { generate, KernelPolicy } from '../../src/codegen';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { runFirmware } from '../helpers/firmware';
import { kwsTestInput, MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('kernels-opt');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const g = optimize(importModel(path.join(MLPERF_DIR, 'kws_ref_model.tflite')));
setIo(g, 'int8');
const input = [kwsTestInput()];

function project(target: string, kernels?: KernelPolicy) {
  const outDir = path.join(root, `${target}-${kernels ?? 'default'}`);
  const r = generate(g, { target, outDir, testInput: input, agent: false, ...(kernels ? { kernels } : {}) });
  return { r, outDir, source: (k: string) => fs.readFileSync(path.join(outDir, 'kernels', `${k}.c`), 'utf8') };
}

/** Builds (at a level or the Makefile's default) and runs: code bytes, instructions, output bytes. */
function measure(outDir: string, level?: OptLevel) {
  const b = buildProject(outDir, level ? { optimize: level } : {});
  const run = runFirmware(outDir);
  return { code: b.flash.code, instructions: run.instructions!, out: run.outputs.map((o) => o.toString('hex')).join() };
}

describe('generate kernels option and buildProject optimize option', () => {
  const portable = project('qemu-cortex-m4', 'portable');
  const auto = project('qemu-cortex-m4');
  const m3 = project('qemu-cortex-m3');
  const heavy = ['conv2d_s8', 'depthwise_conv2d_inplace_s8', 'dense_s8'];

  it("kernels: 'portable' copies the portable sources on a board with dsp variants", () => {
    expect(Object.values(portable.r.kernelVariants).every((v) => v === 'portable')).toBe(true);
    for (const k of heavy) {
      expect(auto.r.kernelVariants[k]).toBe('dsp');
      expect(portable.source(k)).toBe(m3.source(k));
      expect(auto.source(k)).not.toBe(portable.source(k));
    }
    expect(() => generate(g, { target: 'qemu-cortex-m4', outDir: path.join(root, 'bad'), kernels: 'fast' as KernelPolicy })).toThrow(TinyfitError);
  });

  it('portable and dsp, -O2 and -Os: same bytes; -Os smaller and another count; dsp fewer instructions', () => {
    const pO2 = measure(portable.outDir);
    const pOs = measure(portable.outDir, 'Os');
    const aO2 = measure(auto.outDir, 'O2');
    const pAgain = measure(portable.outDir);
    console.log(`KWS on qemu-cortex-m4: portable -O2 ${pO2.instructions} (code ${pO2.code} B), -Os ${pOs.instructions} (code ${pOs.code} B); dsp -O2 ${aO2.instructions}`);
    expect(pOs.out).toBe(pO2.out);
    expect(aO2.out).toBe(pO2.out);
    expect(pOs.code).toBeLessThan(pO2.code);
    expect(pOs.instructions).not.toBe(pO2.instructions);
    expect(aO2.instructions).toBeLessThan(pO2.instructions);
    // A plain build after an -Os build keeps the up-to-date -Os binary (make's rule): the same count as -Os.
    expect(pAgain.instructions).toBe(pOs.instructions);
    expect(measure(portable.outDir, 'O2').instructions).toBe(pO2.instructions);
  });

  it('withOptimization adds -B OPT=-<level> to make only, and rejects unknown levels', () => {
    expect(withOptimization([['make'], ['cp', 'a', 'b']], 'Os', 't')).toEqual([['make', '-B', 'OPT=-Os'], ['cp', 'a', 'b']]);
    expect(withOptimization([['make']], undefined, 't')).toEqual([['make']]);
    expect(() => withOptimization([['make']], 'O9' as OptLevel, 't')).toThrow(TinyfitError);
    expect(() => withOptimization([['cmake', '--build', '.']], 'Os', 't')).toThrow(/not built with make/);
  });
});
