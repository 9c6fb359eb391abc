/**
 * The TFLite-exact unary tables (src/reference/int8/tfliteUnary.ts) against an independent C transcription of
 * TFLite Micro's int8 RELU / RELU6 / RELU_N1_TO_1 / LEAKY_RELU / HARD_SWISH arithmetic
 * (tests/kernels/int8/tflite_unary_check.c: parameters derived with the C compiler's own float32 arithmetic,
 * frexp and llround; HARD_SWISH in real int16_t arithmetic), for every one of the 256 inputs of ≥ 120 random
 * parameter sets per op (extreme scales 1e-6 / 100, zero points −128 / 127), and the compiled tinyfit_activation_lut_s8
 * kernel over each TypeScript table (built with ASan/UBSan).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hardSwishParams, tfliteHardSwishTable, tfliteLeakyReluTable, tfliteReluTable, tflmRelu6Table } from '../../../src/reference/int8/activation_tflite';
import { Rng, actParams, mulberry32, pick, randScale, randZp } from '../../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const FLAGS = ['-O1', '-g', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const KINDS = { relu: 0, relu6: 1, relu_n1_to_1: 2, leaky_relu: 3, hard_swish: 4, tflm_relu6: 5 } as const;
type Kind = keyof typeof KINDS;
const ALPHAS = [0, 0.01, 0.1, 0.2, 0.3, 0.5, 0.99, 1, 1.5, 3, -0.25, -1];
const CASES_PER_KIND = 120;

/**
 * Parameter sets where TFLM's float32 quotient s_in / s_out and a double quotient give different multipliers
 * and a different output byte (q = −89 here): the C side divides in float natively, so this pins the float32
 * convention of CalculateReluOpData.
 */
const FIXED: Case[] = [
  { kind: 'relu', sIn: Math.fround(0.0020217823330312967), zpIn: -120, sOut: Math.fround(0.0035814428701996803), zpOut: 50, alpha: 0 },
];

let dir: string;
let exe: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-tflite-unary-'));
  exe = path.join(dir, 'check');
  const src = [path.join(__dirname, 'tflite_unary_check.c'), path.join(KERNELS, 'activation_lut_s8.c')];
  const r = spawnSync('gcc', [...FLAGS, `-I${KERNELS}`, ...src, '-lm', '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed:\n${r.stderr}`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bits(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0];
}

interface Case {
  kind: Kind;
  sIn: number;
  zpIn: number;
  sOut: number;
  zpOut: number;
  alpha: number;
  /** TypeScript table, or undefined when the TypeScript side rejects the parameters. */
  table?: Int8Array;
}

function tsTable(c: Case): Int8Array | undefined {
  const qi = actParams(c.sIn, c.zpIn);
  const qo = actParams(c.sOut, c.zpOut);
  switch (c.kind) {
    case 'leaky_relu':
      return tfliteLeakyReluTable(c.alpha, qi, qo);
    case 'hard_swish':
      try {
        return tfliteHardSwishTable(qi, qo);
      } catch (e) {
        if (e instanceof RangeError) return undefined;
        throw e;
      }
    case 'tflm_relu6':
      return tflmRelu6Table(qi);
    default:
      return tfliteReluTable(c.kind, qi, qo);
  }
}

function makeCase(rng: Rng, kind: Kind): Case {
  const sIn = randScale(rng);
  // Half the cases keep the output scale within 2^±6 of the input's (the usual case), half are free.
  const sOut = rng() < 0.5 ? Math.fround(sIn * 2 ** (rng() * 12 - 6)) : randScale(rng);
  const equal = rng() < 0.1;
  const c: Case = { kind, sIn, zpIn: randZp(rng), sOut: equal ? sIn : sOut, zpOut: randZp(rng), alpha: Math.fround(pick(rng, ALPHAS)) };
  if (equal) c.zpOut = c.zpIn;
  c.table = tsTable(c);
  return c;
}

function runCheck(cases: Case[]): { native: number[]; lut: number[] }[] {
  const lines = cases.map((c) => {
    const t = c.table ?? new Int8Array(256);
    return [KINDS[c.kind], bits(c.sIn), c.zpIn, bits(c.sOut), c.zpOut, bits(c.alpha), ...Array.from(t)].join(' ');
  });
  const r = spawnSync(exe, [], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`check exited ${r.status}: ${r.stderr}`);
  const out = r.stdout.trim().split('\n');
  expect(out).toHaveLength(cases.length);
  return out.map((l) => {
    const v = l.trim().split(/\s+/).map(Number);
    return { native: v.slice(0, 256), lut: v.slice(256) };
  });
}

function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('TFLite-exact unary tables equal an independent C transcription of TFLM, and tinyfit_activation_lut_s8 applies them', () => {
  (Object.keys(KINDS) as Kind[]).forEach((kind, k) => {
    test(`${kind}: ${CASES_PER_KIND} parameter sets × 256 inputs`, () => {
      const rng = mulberry32(42000 + 1000 * k);
      const cases: Case[] = FIXED.filter((c) => c.kind === kind).map((c) => ({ ...c, table: tsTable(c) }));
      let accepted = 0;
      while (accepted < CASES_PER_KIND) {
        const c = makeCase(rng, kind);
        cases.push(c);
        if (c.table) accepted++;
      }
      const results = runCheck(cases);
      let saturated = 0;
      cases.forEach((c, i) => {
        const { native, lut } = results[i];
        const what = `${kind} s_in=${c.sIn} zp_in=${c.zpIn} s_out=${c.sOut} zp_out=${c.zpOut} alpha=${c.alpha}`;
        if (!c.table) {
          // Rejected by the TypeScript side (hard_swish with s_in/128 ≥ s_out): TFLM's Prepare rejects it too.
          expect(native.every((v) => v === 1000)).toBe(true);
          return;
        }
        const d = firstDiff(c.table, native);
        if (d >= 0) throw new Error(`${what}: q=${d - 128} TypeScript ${c.table[d]}, C transcription ${native[d]}`);
        const e = firstDiff(c.table, lut);
        if (e >= 0) throw new Error(`${what}: tinyfit_activation_lut_s8 at q=${e - 128} gives ${lut[e]}, table ${c.table[e]}`);
        saturated += c.table.filter((v) => v === -128 || v === 127).length;
      });
      expect(saturated).toBeGreaterThan(0);
      if (kind === 'hard_swish') expect(cases.length).toBeGreaterThan(accepted); // some rejections were exercised
    });
  });

  test('hard_swish parameters of a hand-derived case agree between both sides', () => {
    const p = hardSwishParams(actParams(1 / 16, 0), actParams(1 / 16, 0));
    expect(p).toEqual({ inputZeroPoint: 0, outputZeroPoint: 0, outputMultiplier16: 16384, outputExponent: -6, reluishMultiplier16: 21845, reluishExponent: 3 });
  });
});
