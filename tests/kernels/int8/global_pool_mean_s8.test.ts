/**
 * TFLite MEAN over H and W (int8): the TypeScript reference (meanInt8 / meanParams, src/reference/int8/pool.ts)
 * against
 * - hand-computed cases (truncating same-parameters path vs AVERAGE_POOL's rounding; the folded 1/count);
 * - an independent BigInt transcription of the folded multiplier and of MultiplyByQuantizedMultiplier, and the
 *   exact real mean (every output within one step of it unless saturated);
 * - the compiled C kernel firmware/kernels/global_pool_mean_s8.c (ASan/UBSan, built with the default and the single-rounding
 *   macro: MEAN ignores it), byte for byte, over ≥ 150 random cases with extreme scales (1e-6, 100), zero points
 *   −128 / 127, strided pixels and counts up to 4096.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { globalPoolInt8, meanInt8, meanParams } from '../../../src/reference/int8/global_pool';
import { Rng, actParams, expectBitExact, f64Div, mulberry32, randInt, randInt8, randScale, randZp, refQuantizeMultiplier, refRequant, wrap32 } from '../../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const FLAGS = ['-O1', '-g', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const CASES = 160;

let dir: string;
const exes: string[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-mean-s8-'));
  for (const [name, macros] of [['double', []], ['single', ['-DTINYFIT_SINGLE_ROUNDING=1']]] as const) {
    const exe = path.join(dir, `check_${name}`);
    const src = [path.join(__dirname, 'global_pool_mean_s8_check.c'), path.join(KERNELS, 'global_pool_mean_s8.c')];
    const r = spawnSync('gcc', [...FLAGS, ...macros, `-I${KERNELS}`, ...src, '-o', exe], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc failed:\n${r.stderr}`);
    exes.push(exe);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Independent slow path: BigInt folding of 1/count and BigInt MultiplyByQuantizedMultiplier. */
function slowMean(x: Int8Array, h: number, w: number, c: number, sIn: number, zpIn: number, sOut: number, zpOut: number): number[] {
  const n = h * w;
  const same = sIn === sOut && zpIn === zpOut;
  const mq = refQuantizeMultiplier(f64Div(sIn, sOut));
  const k = Math.min(n.toString(2).length - 1, 32, 31 + mq.shift);
  const folded = { m: (mq.m << BigInt(k)) / BigInt(n), shift: mq.shift - k };
  const out: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let sum = 0n;
    for (let p = 0; p < n; p++) sum += BigInt(x[p * c + ch]);
    let y: bigint;
    if (same) y = sum / BigInt(n); // BigInt division truncates towards zero, like C
    else y = refRequant(wrap32(sum - BigInt(zpIn) * BigInt(n)), folded).y + BigInt(zpOut);
    out.push(Number(y < -128n ? -128n : y > 127n ? 127n : y));
  }
  return out;
}

describe('hand-computed MEAN cases', () => {
  test('same parameters: the raw sum divided with truncation (AVERAGE_POOL rounds instead)', () => {
    const q = actParams(0.5, 3);
    const x = Int8Array.from([1, -1, 2, -2, 2, -2]); // [1, 3, 2]: channel 0 = 1, 2, 2; channel 1 = −1, −2, −2
    expect(Array.from(meanInt8(x, [1, 3, 2], q, q))).toEqual([1, -1]); // 5/3, −5/3 truncated
    expect(Array.from(globalPoolInt8(x, [1, 3, 2], q, 'avg'))).toEqual([2, -2]); // rounded half away
    expect(Array.from(globalPoolInt8(x, [1, 3, 2], q, 'avg', { mean: true, outQuant: q }))).toEqual([1, -1]);
    expect(meanParams(q, q, 3).sameParams).toBe(true);
  });

  test('different parameters: 1/count folded into the multiplier', () => {
    // s 1 → 2, count 4: M = (2^30, 0), k = 2, M' = 2^30, shift −2; sum 5 → SRDHM 3, RDBPOT(3, 2) = 1 (0.625 → 1).
    expect(meanParams(actParams(1, 0), actParams(2, 0), 4)).toEqual({ inZeroPoint: 0, outZeroPoint: 0, sameParams: false, multiplier: 1 << 30, shift: -2 });
    expect(Array.from(meanInt8(Int8Array.from([1, 1, 1, 2]), [2, 2, 1], actParams(1, 0), actParams(2, 0)))).toEqual([1]);
    // zp −128 → 0, unit scales, count 3: M = (2^30, 1), k = 1, M' = floor(2^31 / 3) = 715827882, shift 0;
    // Σ(q − zp) = 2 → SRDHM(2, M') = 1 (2/3 → 1).
    expect(meanParams(actParams(1, -128), actParams(1, 0), 3)).toMatchObject({ multiplier: 715827882, shift: 0 });
    expect(Array.from(meanInt8(Int8Array.from([-128, -127, -127]), [3, 1, 1], actParams(1, -128), actParams(1, 0)))).toEqual([1]);
    // Saturation at both ends with extreme zero points.
    expect(Array.from(meanInt8(Int8Array.from([127, 127]), [1, 2, 1], actParams(1, -128), actParams(0.5, 127)))).toEqual([127]);
    expect(Array.from(meanInt8(Int8Array.from([-128, -128]), [1, 2, 1], actParams(1, 127), actParams(0.5, -128)))).toEqual([-128]);
  });

  test('mean with max pooling is rejected', () => {
    expect(() => globalPoolInt8(new Int8Array(4), [2, 2, 1], actParams(1, 0), 'max', { mean: true })).toThrow(/average/);
  });
});

interface Case {
  h: number;
  w: number;
  c: number;
  stride: number;
  sIn: number;
  zpIn: number;
  sOut: number;
  zpOut: number;
  buf: Int8Array;
  expected: Int8Array;
}

function makeCase(rng: Rng, i: number): Case {
  const big = i % 10 === 0;
  const [h, w, c] = big ? [randInt(rng, 16, 64), randInt(rng, 16, 64), randInt(rng, 1, 3)] : [randInt(rng, 1, 9), randInt(rng, 1, 9), randInt(rng, 1, 6)];
  const stride = c + (rng() < 0.4 ? randInt(rng, 1, 5) : 0);
  const sIn = randScale(rng);
  const same = rng() < 0.2;
  let sOut = rng() < 0.5 ? Math.fround(sIn * 2 ** (rng() * 8 - 4)) : randScale(rng);
  // MEAN's multiplier must stay below 2^31 (TFLite cannot apply more).
  if (sIn / sOut >= 2 ** 30) sOut = sIn;
  const zpIn = randZp(rng);
  const zpOut = same ? zpIn : randZp(rng);
  const u = rng();
  const x = u < 0.1 ? new Int8Array(h * w * c).fill(-128) : u < 0.2 ? new Int8Array(h * w * c).fill(127) : randInt8(rng, h * w * c);
  const buf = randInt8(rng, (h * w - 1) * stride + c); // gaps hold junk the kernel must not read
  for (let p = 0; p < h * w; p++) buf.set(x.subarray(p * c, (p + 1) * c), p * stride);
  const qi = actParams(sIn, zpIn);
  const qo = actParams(same ? sIn : sOut, zpOut);
  const expected = meanInt8(x, [h, w, c], qi, qo);
  expectBitExact(`slow path case ${i}`, expected, slowMean(x, h, w, c, sIn, zpIn, same ? sIn : sOut, zpOut));
  return { h, w, c, stride, sIn, zpIn, sOut: same ? sIn : sOut, zpOut, buf, expected };
}

describe('meanInt8 vs an independent slow path, the exact mean, and the compiled tinyfit_global_pool_mean_s8', () => {
  test(`${CASES} random cases`, () => {
    const rng = mulberry32(90210);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(rng, i));
    let sameCount = 0;
    let saturated = 0;
    let compared = 0;
    for (const k of cases) {
      // Within one output step of the exact real mean requantized (unless saturated).
      const n = k.h * k.w;
      for (let ch = 0; ch < k.c; ch++) {
        let sum = 0;
        for (let p = 0; p < n; p++) sum += k.buf[p * k.stride + ch];
        const ideal = ((k.sIn / k.sOut) * (sum / n - k.zpIn)) + k.zpOut;
        const got = k.expected[ch];
        if (got === -128 || got === 127) saturated++;
        if ((got === -128 && ideal <= -128) || (got === 127 && ideal >= 127)) continue;
        compared++;
        if (!(Math.abs(got - ideal) < 1 + 1e-9)) throw new Error(`mean ${got} vs exact ${ideal} (s_in=${k.sIn} zp_in=${k.zpIn} s_out=${k.sOut} zp_out=${k.zpOut})`);
      }
      if (k.sIn === k.sOut && k.zpIn === k.zpOut) sameCount++;
    }
    expect(sameCount).toBeGreaterThan(10);
    expect(saturated).toBeGreaterThan(10);
    expect(compared).toBeGreaterThan(200);

    const input = cases
      .map((k) => {
        const m = meanParams(actParams(k.sIn, k.zpIn), actParams(k.sOut, k.zpOut), k.h * k.w);
        return [k.h, k.w, k.c, k.stride, k.zpIn, k.zpOut, m.multiplier, m.shift, m.sameParams ? 1 : 0, k.buf.length, ...Array.from(k.buf)].join(' ');
      })
      .join('\n');
    for (const exe of exes) {
      const r = spawnSync(exe, [], { input: input + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${path.basename(exe)} exited ${r.status}: ${r.stderr}`);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(cases.length);
      lines.forEach((l, i) => expectBitExact(`${path.basename(exe)} case ${i}`, l.trim().split(/\s+/).map(Number), cases[i].expected));
    }
  });
});
