/**
 * C kernels softmax_s8, activation_logistic_s8 and activation_tanh_s8 (firmware/kernels) against their TypeScript references
 * (softmaxInt8, logisticInt8, tanhInt8), byte for byte: builds tests/kernels/int8/transcendental_s8_check.c
 * with the kernels under AddressSanitizer / UBSan, feeds it random cases (random scales and zero points over
 * the whole range, softmax rows of 1–300 elements at strides inner > 1, strided logistic / tanh rows) plus edge
 * cases, and checks the out-of-place and in-place results and that strided gaps are left untouched.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { logisticInt8, logisticParams } from '../../../src/reference/int8/activation_logistic';
import { SoftmaxParams, softmaxInt8, softmaxInt8WithParams, softmaxParams } from '../../../src/reference/int8/softmax';
import { tanhInt8, tanhParams } from '../../../src/reference/int8/activation_tanh';
import { actParams, logUniform, mulberry32, randInt, randInt8, randScale, randZp } from '../../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const FLAGS = ['-O1', '-g', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const RANDOM_CASES_PER_OP = 200;
const GAP = 0x5a;

interface SoftmaxCase {
  op: 0;
  outer: number;
  n: number;
  inner: number;
  p: SoftmaxParams;
  x: Int8Array;
  want: Int8Array;
}

interface ElementwiseCase {
  op: 1 | 2;
  rows: number;
  n: number;
  inStride: number;
  outStride: number;
  zp: number;
  radius: number;
  mult: number;
  shift: number;
  /** Input buffer with strided rows ((rows − 1)·inStride + n bytes). */
  buf: Int8Array;
  /** Expected rows·n outputs, row-major. */
  want: Int8Array;
}

type Case = SoftmaxCase | ElementwiseCase;

function softmaxCase(x: Int8Array, outer: number, n: number, inner: number, scale: number, zp: number, beta: number): SoftmaxCase {
  return { op: 0, outer, n, inner, p: softmaxParams(scale, beta), x, want: softmaxInt8(x, outer, n, inner, actParams(scale, zp), beta) };
}

function randomSoftmax(rng: () => number): SoftmaxCase {
  const outer = randInt(rng, 1, 3);
  const n = rng() < 0.5 ? randInt(rng, 1, 20) : randInt(rng, 1, 300);
  const inner = rng() < 0.4 ? 1 : randInt(rng, 2, 4);
  const scale = rng() < 0.8 ? logUniform(rng, 1e-3, 1) : randScale(rng);
  const beta = rng() < 0.7 ? 1 : logUniform(rng, 0.25, 4);
  const spread = randInt(rng, 0, 255); // rows whose values are close together are the interesting ones
  const lo = randInt(rng, -128, 127 - spread);
  return softmaxCase(randInt8(rng, outer * n * inner, lo, lo + spread), outer, n, inner, scale, randZp(rng), beta);
}

function elementwiseCase(op: 1 | 2, flat: Int8Array, rows: number, inStride: number, outStride: number, scale: number, zp: number): ElementwiseCase {
  const n = flat.length / rows;
  const q = actParams(scale, zp);
  const p = op === 1 ? logisticParams(q) : tanhParams(q);
  const buf = new Int8Array((rows - 1) * inStride + n).fill(-77); // gap bytes the kernel must not touch
  for (let r = 0; r < rows; r++) buf.set(flat.subarray(r * n, (r + 1) * n), r * inStride);
  const want = op === 1 ? logisticInt8(flat, q) : tanhInt8(flat, q);
  return { op, rows, n, inStride, outStride, zp, radius: p.inputRangeRadius, mult: p.inputMultiplier, shift: p.inputLeftShift, buf, want };
}

function randomElementwise(op: 1 | 2, rng: () => number): ElementwiseCase {
  const all = rng() < 0.25; // every int8 value once, in random rows
  const rows = all ? 4 : randInt(rng, 1, 4);
  const n = all ? 64 : randInt(rng, 1, 80);
  const flat = all ? Int8Array.from({ length: 256 }, (_, i) => i - 128) : randInt8(rng, rows * n);
  const scale = rng() < 0.7 ? logUniform(rng, 1e-3, 1) : randScale(rng);
  return elementwiseCase(op, flat, rows, n + randInt(rng, 0, 3), n + randInt(rng, 0, 3), scale, randZp(rng));
}

function buildCases(): Case[] {
  const rng = mulberry32(31337);
  const cases: Case[] = [];
  for (let i = 0; i < RANDOM_CASES_PER_OP; i++) cases.push(randomSoftmax(rng), randomElementwise(1, rng), randomElementwise(2, rng));
  // Edges: the CMSIS-NN vectors, a single element, 300 equal maxima, a capped multiplier (diff_min 0), −128 rows.
  const cmsis = Int8Array.from([101, 49, 6, -34, -75, -79, -38, 120, -55, 115]);
  const cmsisP = { inputMultiplier: 1077952640, inputLeftShift: 19, diffMin: -3968 };
  cases.push({ op: 0, outer: 2, n: 5, inner: 1, p: cmsisP, x: cmsis, want: softmaxInt8WithParams(cmsis, 2, 5, 1, cmsisP) });
  cases.push(softmaxCase(Int8Array.from([-3]), 1, 1, 1, 0.1, 0, 1));
  cases.push(softmaxCase(new Int8Array(300).fill(127), 1, 300, 1, 0.05, 0, 1));
  cases.push(softmaxCase(randInt8(rng, 2 * 7 * 3), 2, 7, 3, 64, 0, 1));
  cases.push(softmaxCase(new Int8Array(12).fill(-128), 1, 4, 3, 1, -128, 1));
  const all = Int8Array.from({ length: 256 }, (_, i) => i - 128);
  for (const op of [1, 2] as const) {
    for (const scale of [16, 4, 1, 1 / 16, 1e-6]) cases.push(elementwiseCase(op, all, 2, 128, 130, scale, 0));
    cases.push(elementwiseCase(op, all, 1, 256, 256, 0.02, -128));
    cases.push(elementwiseCase(op, all, 1, 256, 256, 0.02, 127));
  }
  return cases;
}

function serialize(cases: Case[]): Buffer {
  const parts: Buffer[] = [];
  const ints = (...v: number[]): void => {
    const b = Buffer.alloc(4 * v.length);
    v.forEach((x, i) => b.writeInt32LE(x, 4 * i));
    parts.push(b);
  };
  ints(cases.length);
  for (const c of cases) {
    if (c.op === 0) {
      ints(0, c.outer, c.n, c.inner, c.p.inputMultiplier, c.p.inputLeftShift, c.p.diffMin);
      parts.push(Buffer.from(c.x.buffer, c.x.byteOffset, c.x.length));
    } else {
      ints(c.op, c.rows, c.n, c.inStride, c.outStride, c.zp, c.radius, c.mult, c.shift);
      parts.push(Buffer.from(c.buf.buffer, c.buf.byteOffset, c.buf.length));
    }
  }
  return Buffer.concat(parts);
}

/** Compares the C program's output for every case; returns the number of cases checked per op. */
function check(cases: Case[], out: Buffer): number[] {
  const got = new Int8Array(out.buffer, out.byteOffset, out.length);
  const perOp = [0, 0, 0];
  let at = 0;
  const take = (len: number): Int8Array => {
    if (at + len > got.length) throw new Error(`C output too short (${got.length} bytes)`);
    return got.subarray(at, (at += len));
  };
  cases.forEach((c, k) => {
    const what = `case ${k} (${['softmax', 'logistic', 'tanh'][c.op]})`;
    if (c.op === 0) {
      const len = c.x.length;
      for (const [mode, buf] of [['out of place', take(len)], ['in place', take(len)]] as const) {
        for (let i = 0; i < len; i++) if (buf[i] !== c.want[i]) throw new Error(`${what} ${mode}: element ${i} is ${buf[i]}, TS says ${c.want[i]}`);
      }
    } else {
      const outBuf = take((c.rows - 1) * c.outStride + c.n);
      const inPlace = take(c.buf.length);
      for (let i = 0; i < outBuf.length; i++) {
        const r = Math.floor(i / c.outStride);
        const j = i % c.outStride;
        const want = j < c.n ? c.want[r * c.n + j] : GAP;
        if (outBuf[i] !== want) throw new Error(`${what} out of place: byte ${i} is ${outBuf[i]}, expected ${want}`);
      }
      for (let i = 0; i < inPlace.length; i++) {
        const r = Math.floor(i / c.inStride);
        const j = i % c.inStride;
        const want = j < c.n ? c.want[r * c.n + j] : c.buf[i];
        if (inPlace[i] !== want) throw new Error(`${what} in place: byte ${i} is ${inPlace[i]}, expected ${want}`);
      }
    }
    perOp[c.op]++;
  });
  if (at !== got.length) throw new Error(`C output has ${got.length - at} extra bytes`);
  return perOp;
}

describe('int8 softmax / logistic / tanh C kernels', () => {
  let exe = '';

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-transcendental-'));
    exe = path.join(dir, 'transcendental_s8_check');
    const srcs = [path.join(__dirname, 'transcendental_s8_check.c'), ...['softmax_s8', 'activation_logistic_s8', 'activation_tanh_s8'].map((k) => path.join(KERNELS, `${k}.c`))];
    const cc = spawnSync('gcc', [...FLAGS, `-I${KERNELS}`, ...srcs, '-o', exe], { encoding: 'utf8' });
    if (cc.error) throw cc.error;
    if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stdout}${cc.stderr}`);
  });

  it(`match the TypeScript references byte for byte (≥ ${RANDOM_CASES_PER_OP} random cases per op, out of place and in place, sanitizers on)`, () => {
    const cases = buildCases();
    const r = spawnSync(exe, [], {
      input: serialize(cases),
      maxBuffer: 1 << 26,
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1' },
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`transcendental_s8_check exited ${r.status}:\n${r.stderr.toString()}`);
    const perOp = check(cases, r.stdout);
    for (const n of perOp) expect(n).toBeGreaterThanOrEqual(RANDOM_CASES_PER_OP);
    // The random softmax cases cover what they claim: long rows, strided rows, rows cut by diff_min.
    const soft = cases.filter((c): c is SoftmaxCase => c.op === 0);
    expect(soft.some((c) => c.n >= 250)).toBe(true);
    expect(soft.filter((c) => c.inner > 1).length).toBeGreaterThan(50);
    expect(soft.some((c) => Array.from(c.x).some((v) => v - Math.max(...c.x) < c.p.diffMin))).toBe(true);
  });

  it('catches a wrong result (the comparison is live)', () => {
    const cases = buildCases().slice(0, 3);
    const r = spawnSync(exe, [], { input: serialize(cases), maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const tampered = Buffer.from(r.stdout);
    tampered[0] ^= 1;
    expect(() => check(cases, tampered)).toThrow();
  });
});
