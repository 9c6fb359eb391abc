/**
 * C float literals: every float32 value — integers of 8 and 9 digits included, which `toPrecision(9)` writes
 * without a point — is written as a literal gcc accepts under -Werror and reads back to the same bits; values
 * beyond float32 become ±FLT_MAX.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cFloat } from '../../src/codegen/format';
import { mulberry32 } from '../helpers/rng';

describe('cFloat', () => {
  it('writes literals that compile and read back bit for bit', () => {
    const rng = mulberry32(99);
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    const values: number[] = [0, -0, 1, -1, 0.1, 235918512, 99999999, 100000000, 123456789, 1e7, 16777217, 3.4028234663852886e38, 1.17549435e-38, 1e-45];
    for (let i = 0; i < 400; i++) {
      bits[0] = Math.floor(rng() * 2 ** 32);
      if (Number.isFinite(f[0])) values.push(f[0]);
    }
    for (let i = 0; i < 200; i++) values.push(Math.fround(Math.floor(rng() * 1e10) * (rng() < 0.5 ? -1 : 1)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-cfloat-'));
    try {
      const src = path.join(dir, 'f.c');
      fs.writeFileSync(
        src,
        `#include <float.h>\n#include <stdio.h>\n#include <string.h>\n#include <stdint.h>\nstatic const float v[] = { ${values.map(cFloat).join(', ')} };\n` +
          `int main(void) { size_t i; for (i = 0; i < sizeof v / sizeof v[0]; i++) { uint32_t b; memcpy(&b, &v[i], 4); printf("%lu\\n", (unsigned long)b); } return 0; }\n`,
      );
      const exe = path.join(dir, 'f');
      const cc = spawnSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', src, '-o', exe], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const out = spawnSync(exe, [], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number);
      const want = values.map((v) => {
        f[0] = v;
        return bits[0];
      });
      expect(out).toEqual(want);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes infinities, and values beyond float32, as ±FLT_MAX; refuses NaN', () => {
    expect([cFloat(Infinity), cFloat(-Infinity), cFloat(1e308), cFloat(-1e39)]).toEqual(['FLT_MAX', '-FLT_MAX', 'FLT_MAX', '-FLT_MAX']);
    expect(cFloat(235918512)).toBe('235918512.0f');
    expect(() => cFloat(NaN)).toThrow(/internal/);
  });
});
