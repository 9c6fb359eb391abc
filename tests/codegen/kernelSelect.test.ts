/**
 * Kernel selection by ISA on a fake kernels folder: the first ISA of the target's list with a variant wins,
 * a variant's own header is used only when it has one, shared includes resolve the same way, and the copied
 * files keep the portable names with a banner naming the variant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { kernelFiles } from '../../src/codegen/kernels';
import { resolveShared, selectKernels } from '../../src/codegen/kernelSelect';
import { tempDir } from '../helpers/zooRun';

const fw = tempDir('kselect');
const root = path.join(fw, 'kernels');
afterAll(() => fs.rmSync(fw, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

beforeAll(() => {
  for (const k of ['a', 'b', 'c']) {
    put(`${k}.h`, `/* portable ${k}.h */\nvoid tinyfit_${k}(void);\n`);
    put(`${k}.c`, `#include "${k}.h"\n#include "shared.h"\nvoid tinyfit_${k}(void) {}\n`);
  }
  put('shared.h', '/* portable shared */\n');
  put('helium/a.c', '#include "a.h"\n#include "mve_util.h"\n/* helium a */\nvoid tinyfit_a(void) {}\n');
  put('helium/a.h', '/* helium a.h */\nvoid tinyfit_a(void);\n');
  put('helium/mve_util.h', '/* helium util */\n');
  put('dsp/a.c', '#include "a.h"\n/* dsp a */\nvoid tinyfit_a(void) {}\n');
  put('dsp/b.c', '#include "b.h"\n#include "shared.h"\n/* dsp b */\nvoid tinyfit_b(void) {}\n');
  put('dsp/shared.h', '/* dsp shared */\n');
});

describe('selectKernels', () => {
  it('takes the first ISA of the list that has a variant', () => {
    expect(selectKernels(['a', 'b'], ['helium', 'dsp'], root).map((c) => [c.kernel, c.variant, c.source, c.header])).toEqual([
      ['a', 'helium', 'helium/a.c', 'helium/a.h'],
      ['b', 'dsp', 'dsp/b.c', 'b.h'],
    ]);
    expect(selectKernels(['a'], ['dsp', 'helium'], root)[0]).toEqual({ kernel: 'a', variant: 'dsp', source: 'dsp/a.c', header: 'a.h' });
  });

  it('skips ISAs without a variant and falls back to the portable kernel', () => {
    expect(selectKernels(['a', 'c'], ['fpu', 'dsp'], root).map((c) => c.variant)).toEqual(['dsp', 'portable']);
    expect(selectKernels(['a', 'b', 'c'], [], root)).toEqual(
      ['a', 'b', 'c'].map((k) => ({ kernel: k, variant: 'portable', source: `${k}.c`, header: `${k}.h` })),
    );
  });

  it('resolves shared includes in ISA order, else portable, else not at all', () => {
    expect(resolveShared('shared.h', ['helium', 'dsp'], root)).toBe('dsp/shared.h');
    expect(resolveShared('shared.h', [], root)).toBe('shared.h');
    expect(resolveShared('mve_util.h', ['helium'], root)).toBe('helium/mve_util.h');
    expect(resolveShared('stdint.h', ['helium'], root)).toBeUndefined();
  });
});

describe('kernelFiles', () => {
  it('copies the chosen files under the portable names, with the variant in the banner', () => {
    const k = kernelFiles(['a', 'b', 'c'], { prefix: 'net', modelName: 'm', rounding: undefined, isa: ['helium', 'dsp'], firmwareDir: fw });
    expect(k.variants).toEqual({ a: 'helium', b: 'dsp', c: 'portable' });
    expect([...k.files.keys()].sort()).toEqual(
      ['kernels/a.c', 'kernels/a.h', 'kernels/b.c', 'kernels/b.h', 'kernels/c.c', 'kernels/c.h', 'kernels/mve_util.h', 'kernels/shared.h'],
    );
    const a = k.files.get('kernels/a.c')!;
    expect(a.split('\n')[0]).toBe(`/* a.c: copied by tinyfit ${require('../../package.json').version} for model 'm' from firmware/kernels/helium/a.c (helium variant), symbols prefixed 'net_'. */`);
    expect(a).toContain('/* helium a */');
    expect(a).toContain('void net_a(void)');
    expect(k.files.get('kernels/a.h')).toContain('/* helium a.h */');
    expect(k.files.get('kernels/b.c')).toContain('/* dsp b */');
    expect(k.files.get('kernels/b.h')).toContain('(portable)');
    expect(k.files.get('kernels/b.h')).toContain('/* portable b.h */');
    expect(k.files.get('kernels/c.c')).toContain('from firmware/kernels/c.c (portable)');
    expect(k.files.get('kernels/shared.h')).toContain('/* dsp shared */');
    expect(k.files.get('kernels/mve_util.h')).toContain('from firmware/kernels/helium/mve_util.h (helium variant)');
  });

  it('copies only portable files for a target without ISA features', () => {
    const k = kernelFiles(['a'], { prefix: 'model', modelName: 'm', rounding: undefined, isa: [], firmwareDir: fw });
    expect(k.variants).toEqual({ a: 'portable' });
    expect([...k.files.keys()].sort()).toEqual(['kernels/a.c', 'kernels/a.h', 'kernels/shared.h']);
    expect(k.files.get('kernels/shared.h')).toContain('/* portable shared */');
  });
});
