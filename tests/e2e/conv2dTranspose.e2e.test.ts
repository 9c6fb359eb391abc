/**
 * Transposed convolution (Keras Conv2DTranspose, TFLite TRANSPOSE_CONV), end to end:
 * 1. the float TypeScript reference (src/reference/float/conv2d_transpose.ts) against TF.js `tf.conv2dTranspose`
 *    on random configurations ('same'/'valid' mapped to explicit crops, including 'same' with kernel < stride,
 *    whose crop after is negative) and on explicit crops with negative bottom/right;
 * 2. the C float kernel (firmware/kernels/conv2d_transpose_f32.c) against that reference on the same cases;
 * 3. the int8 reference against the C int8 kernel byte for byte in each rounding mode (random cases with extreme
 *    zero points and scales, int32-wrapping accumulators, int8-saturating outputs, bias absent/present), and the
 *    reference against an independent scatter in TFLM's loop order (reference_integer_ops::TransposeConv);
 * 4. int8 dequantized against float on realistic scales.
 * The C programs are built from tests/e2e/conv2dTranspose_check.c with gcc and sanitizers.
 */
import type * as TF from '@tensorflow/tfjs';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getTf } from '../../src/engine';
import { FusedClamp, Pad2D, QuantParams } from '../../src/ir/types';
import { Rounding, ROUNDINGS } from '../../src/arith/rounding';
import { Conv2dTransposeAttrs, conv2dTranspose, transposeTaps } from '../../src/reference/float/conv2d_transpose';
import { conv2dTransposeInt8 } from '../../src/reference/int8/conv2d_transpose';
import { ChannelRequant, prepareConv, requantOutput } from '../../src/reference/int8/prepare';
import { gaussian } from '../helpers/rng';
import { Rng, actParams, logUniform, mulberry32, pick, randClamp, randInt, randInt32, randInt8, randScale, randZp } from '../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const KERNEL_FILES = ['conv2d_transpose_f32.c', 'conv2d_transpose_s8.c'].map((f) => path.join(KERNELS, f));
const CHECK_SRC = path.join(__dirname, 'conv2dTranspose_check.c');
const STRICT = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];
const SANITIZE = ['-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const MODE_DEFINES: Record<Rounding, string[]> = {
  double: [],
  single: ['-DTINYFIT_SINGLE_ROUNDING=1'],
  shift: ['-DTINYFIT_SHIFT_ROUNDING=1'],
};
const FLOAT_RANDOM_CASES = 40;
const INT8_CASES_PER_MODE = 150;
const NO_CLAMP: FusedClamp = { min: -Infinity, max: Infinity };

// ---------------------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------------------

/** TF's crop of the full output for 'same' / 'valid' (out = n·s or (n − 1)·s + k): before = ⌊total/2⌋. */
function tfCrop(mode: 'same' | 'valid', n: number, k: number, s: number): { before: number; after: number; out: number } {
  const full = (n - 1) * s + k;
  const out = mode === 'same' ? n * s : full;
  const total = Math.max(full - out, 0);
  const before = Math.floor(total / 2);
  return { before, after: full - before - out, out };
}

function outSize(n: number, k: number, s: number, before: number, after: number): number {
  return (n - 1) * s + k - before - after;
}

// ---------------------------------------------------------------------------------------------------------
// Float cases
// ---------------------------------------------------------------------------------------------------------

interface FloatCase {
  name: string;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  strides: [number, number];
  /** TF padding mode (compared with tf.conv2dTranspose directly) or an explicit crop (compared with a crop of TF's full output). */
  mode: 'same' | 'valid' | 'explicit';
  pad: Pad2D;
  clamp: FusedClamp;
  x: Float32Array;
  wOhwi: Float32Array;
  bias?: Float32Array;
}

function randArray(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng();
  return a;
}

function floatData(rng: Rng, c: Omit<FloatCase, 'x' | 'wOhwi' | 'bias'>, withBias: boolean): FloatCase {
  return {
    ...c,
    x: randArray(rng, c.h * c.w * c.cin, -2, 2),
    wOhwi: randArray(rng, c.cout * c.kh * c.kw * c.cin, -1, 1),
    bias: withBias ? randArray(rng, c.cout, -1, 1) : undefined,
  };
}

function randomFloatCase(rng: Rng, i: number): FloatCase {
  const kh = randInt(rng, 1, 5);
  const kw = randInt(rng, 1, 5);
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const h = randInt(rng, 1, 9);
  const w = randInt(rng, 1, 9);
  const mode = rng() < 0.5 ? 'same' : 'valid';
  const cy = tfCrop(mode, h, kh, strides[0]);
  const cx = tfCrop(mode, w, kw, strides[1]);
  const u = rng();
  const clamp: FusedClamp = u < 0.6 ? NO_CLAMP : u < 0.75 ? { min: 0, max: Infinity } : u < 0.85 ? { min: 0, max: 6 } : { min: -1.5, max: 0.75 };
  const cin = randInt(rng, 1, 8);
  const cout = randInt(rng, 1, 8);
  return floatData(
    rng,
    {
      name: `random ${i}: ${h}x${w}x${cin} -> ${cout}, k ${kh}x${kw}, s ${strides}, ${mode}`,
      h, w, cin, cout, kh, kw, strides, mode,
      pad: { top: cy.before, bottom: cy.after, left: cx.before, right: cx.after },
      clamp,
    },
    rng() < 0.7,
  );
}

const EXPLICIT: Array<Omit<FloatCase, 'x' | 'wOhwi' | 'bias' | 'mode' | 'name' | 'clamp'> & { bias: boolean }> = [
  { h: 4, w: 5, cin: 3, cout: 2, kh: 3, kw: 3, strides: [2, 2], pad: { top: 1, left: 2, bottom: -2, right: -1 }, bias: true },
  { h: 3, w: 3, cin: 2, cout: 4, kh: 2, kw: 4, strides: [3, 1], pad: { top: 0, left: 0, bottom: -3, right: 2 }, bias: true },
  { h: 5, w: 2, cin: 4, cout: 3, kh: 4, kw: 1, strides: [1, 3], pad: { top: 3, left: 0, bottom: 1, right: -4 }, bias: false },
  { h: 1, w: 1, cin: 1, cout: 2, kh: 1, kw: 1, strides: [2, 3], pad: { top: 0, left: 0, bottom: -5, right: -2 }, bias: true },
  { h: 6, w: 4, cin: 5, cout: 1, kh: 5, kw: 3, strides: [2, 2], pad: { top: 4, left: 1, bottom: 2, right: 0 }, bias: true },
  { h: 2, w: 7, cin: 2, cout: 3, kh: 3, kw: 2, strides: [3, 3], pad: { top: 2, left: 3, bottom: -1, right: -3 }, bias: true },
];

function makeFloatCases(): FloatCase[] {
  const rng = mulberry32(0x7c0);
  const cases: FloatCase[] = [];
  for (let i = 0; i < FLOAT_RANDOM_CASES; i++) cases.push(randomFloatCase(rng, i));
  EXPLICIT.forEach((e, i) => {
    const { bias, ...geo } = e;
    cases.push(floatData(rng, { ...geo, name: `explicit ${i}: crop ${JSON.stringify(e.pad)}, s ${e.strides}`, mode: 'explicit', clamp: i === 2 ? { min: 0, max: Infinity } : NO_CLAMP }, bias));
  });
  return cases;
}

function attrsOf(c: FloatCase): Conv2dTransposeAttrs {
  return { strides: c.strides, pad: c.pad, clamp: c.clamp };
}

function clampNum(y: number, c: FusedClamp): number {
  return y < c.min ? c.min : y > c.max ? c.max : y;
}

/** TF.js's result for a float case: tf.conv2dTranspose (+ bias with tf.add), then the clamp. */
async function tfExpected(c: FloatCase): Promise<{ data: Float32Array; shape: number[] }> {
  const tf = await getTf();
  const oh = outSize(c.h, c.kh, c.strides[0], c.pad.top, c.pad.bottom);
  const ow = outSize(c.w, c.kw, c.strides[1], c.pad.left, c.pad.right);
  const full = tf.tidy(() => {
    const x = tf.tensor4d(c.x, [1, c.h, c.w, c.cin]);
    // OHWI -> [KH, KW, Cout, Cin], the filter layout tf.conv2dTranspose takes.
    const filter = tf.transpose(tf.tensor4d(c.wOhwi, [c.cout, c.kh, c.kw, c.cin]), [1, 2, 0, 3]) as TF.Tensor4D;
    const mode = c.mode === 'explicit' ? 'valid' : c.mode;
    const th = c.mode === 'explicit' ? (c.h - 1) * c.strides[0] + c.kh : oh;
    const tw = c.mode === 'explicit' ? (c.w - 1) * c.strides[1] + c.kw : ow;
    let y = tf.conv2dTranspose(x, filter, [1, th, tw, c.cout], c.strides, mode);
    if (c.mode === 'explicit') return { data: Float32Array.from(y.dataSync()), h: th, w: tw };
    if (c.bias) y = tf.add(y, tf.tensor1d(c.bias));
    return { data: Float32Array.from(y.dataSync()), h: th, w: tw };
  });
  if (c.mode !== 'explicit') {
    return { data: full.data.map((v) => clampNum(v, c.clamp)), shape: [full.h, full.w, c.cout] };
  }
  // Explicit crop: output (oy, ox) is full cell (oy + top, ox + left), or no taps (0) beyond the full output.
  const out = new Float32Array(oh * ow * c.cout);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let o = 0; o < c.cout; o++) {
        const fy = oy + c.pad.top;
        const fx = ox + c.pad.left;
        const v = fy < full.h && fx < full.w ? full.data[(fy * full.w + fx) * c.cout + o] : 0;
        out[(oy * ow + ox) * c.cout + o] = clampNum(Math.fround(v + (c.bias ? c.bias[o] : 0)), c.clamp);
      }
    }
  }
  return { data: out, shape: [oh, ow, c.cout] };
}

/** |got − want| ≤ 1e-4 + 1e-3·|want| everywhere (same length); the message names the first failure. */
function expectNear(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= 1e-4 + 1e-3 * Math.abs(want[i]))) throw new Error(`${what}: element ${i} is ${got[i]}, expected ${want[i]} (|err| ${err}, ${want.length} elements)`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// C check program: binary records (see conv2dTranspose_check.c)
// ---------------------------------------------------------------------------------------------------------

interface CheckRecord {
  kind: 1 | 2;
  ints: number[];
  arrays: (Float32Array | Int8Array | Int32Array | null)[];
  outBytes: number;
}

function encode(records: CheckRecord[]): Buffer {
  const parts: Buffer[] = [];
  const i32 = (values: ArrayLike<number>): Buffer => Buffer.from(Int32Array.from(values).buffer);
  for (const r of records) {
    parts.push(i32([r.kind, r.ints.length, ...r.ints, r.arrays.length]));
    for (const a of r.arrays) {
      if (!a) parts.push(i32([1, -1]));
      else {
        parts.push(i32([a.BYTES_PER_ELEMENT, a.length]));
        parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
    }
  }
  return Buffer.concat(parts);
}

let workDir = '';
const builds = new Map<Rounding, string>();

/** The check program for a rounding mode, built once (gcc, strict flags, ASan + UBSan, no recovery). */
function checkProgram(mode: Rounding): string {
  const hit = builds.get(mode);
  if (hit) return hit;
  const exe = path.join(workDir, `check_${mode}`);
  const r = spawnSync('gcc', [...STRICT, ...SANITIZE, ...MODE_DEFINES[mode], `-I${KERNELS}`, CHECK_SRC, ...KERNEL_FILES, '-o', exe], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`gcc failed:\n${r.stdout}${r.stderr}`);
  builds.set(mode, exe);
  return exe;
}

/** Runs the records through the check program and returns each record's output bytes. */
function runC(mode: Rounding, records: CheckRecord[], tag: string): Buffer[] {
  const exe = checkProgram(mode);
  const inFile = path.join(workDir, `${tag}.bin`);
  const outFile = path.join(workDir, `${tag}.out`);
  fs.writeFileSync(inFile, encode(records));
  const run = spawnSync(exe, [inFile, outFile], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`conv2dTranspose_check exited ${run.status}:\n${run.stdout}${run.stderr}`);
  expect(run.stdout).toContain(`CASES ${records.length}`);
  const got = fs.readFileSync(outFile);
  expect(got.length).toBe(records.reduce((n, r) => n + r.outBytes, 0));
  const parts: Buffer[] = [];
  let off = 0;
  for (const r of records) {
    parts.push(got.subarray(off, off + r.outBytes));
    off += r.outBytes;
  }
  return parts;
}

function floatRecord(c: FloatCase, oh: number, ow: number): CheckRecord {
  return {
    kind: 1,
    ints: [c.h, c.w, c.cin, c.cout, c.kh, c.kw, c.strides[0], c.strides[1], c.pad.top, c.pad.left, oh, ow],
    arrays: [c.x, c.wOhwi, c.bias ?? null, Float32Array.from([c.clamp.min, c.clamp.max])],
    outBytes: oh * ow * c.cout * 4,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Int8 cases (scales as tests/kernels/int8/conv_s8.test.ts: real multipliers ~2^−33 … 2^14, powers of two in
// 'shift' mode)
// ---------------------------------------------------------------------------------------------------------

interface Scales {
  sIn: number;
  sW: number[];
  sOut: number;
}

function targetLog2(rng: Rng): number {
  const u = rng();
  if (u < 0.2) return randInt(rng, -33, -29);
  if (u < 0.4) return randInt(rng, 0, 14);
  return randInt(rng, -16, -2);
}

function randScales(rng: Rng, rounding: Rounding, channels: number, perChannel: boolean): Scales {
  const t = targetLog2(rng);
  if (rounding === 'shift') {
    const eIn = randInt(rng, -16, 4);
    const e0 = randInt(rng, -14, 0);
    const eW = Array.from({ length: channels }, (_, c) => (perChannel && c > 0 ? e0 + randInt(rng, -3, 3) : e0));
    return { sIn: 2 ** eIn, sW: eW.map((e) => 2 ** e), sOut: 2 ** (eIn + e0 - t) };
  }
  const sIn = randScale(rng);
  const s0 = logUniform(rng, 1e-4, 1);
  const sW = Array.from({ length: channels }, (_, c) => (perChannel && c > 0 ? logUniform(rng, s0 / 8, s0 * 8) : s0));
  return { sIn, sW, sOut: Math.fround(((sIn * s0) / 2 ** t) * (0.75 + 0.5 * rng())) };
}

function weightQuant(s: Scales, perChannel: boolean): QuantParams {
  return perChannel ? { scale: s.sW, zeroPoint: s.sW.map(() => 0), axis: 0 } : { scale: [s.sW[0]], zeroPoint: [0] };
}

function randActs(rng: Rng, n: number, zp: number): Int8Array {
  const u = rng();
  if (u < 0.1) return new Int8Array(n).fill(-128);
  if (u < 0.2) return new Int8Array(n).fill(127);
  if (u < 0.25) return new Int8Array(n).fill(zp);
  return randInt8(rng, n);
}

function randWeights(rng: Rng, n: number): Int8Array {
  const u = rng();
  if (u < 0.1) return new Int8Array(n).fill(pick(rng, [-127, 127]));
  if (u < 0.15) return new Int8Array(n).fill(-128); // legal int8, outside TFLite's symmetric range: the kernel must not care
  return randInt8(rng, n, -127, 127);
}

/** Absent, small, large, or within 2^15 of ±2^31 (then most sums leave the int32 range and wrap). */
function randBias(rng: Rng, n: number): Int32Array | undefined {
  const u = rng();
  if (u < 0.2) return undefined;
  if (u < 0.35) return Int32Array.from({ length: n }, () => (rng() < 0.5 ? 2 ** 31 - 1 - randInt(rng, 0, 2 ** 15) : -(2 ** 31) + randInt(rng, 0, 2 ** 15)));
  return randInt32(rng, n, u < 0.55 ? 3000 : u < 0.8 ? 2 ** 22 : 2 ** 31 - 1);
}

interface Int8Case {
  xShape: number[];
  wShape: number[];
  x: Int8Array;
  w: Int8Array;
  bias?: Int32Array;
  xq: QuantParams;
  wq: QuantParams;
  oq: QuantParams;
  attrs: Conv2dTransposeAttrs;
  rq: ChannelRequant;
  oh: number;
  ow: number;
  expected: Int8Array;
}

function randCrop(rng: Rng, n: number, k: number, s: number): { before: number; after: number } {
  const u = rng();
  if (u < 0.4) return tfCrop(u < 0.2 ? 'same' : 'valid', n, k, s);
  const full = (n - 1) * s + k;
  const before = randInt(rng, 0, Math.min(3, full - 1));
  const after = randInt(rng, -3, Math.min(3, full - before - 1));
  return { before, after };
}

function int8Case(rng: Rng, rounding: Rounding): Int8Case {
  const kh = randInt(rng, 1, 4);
  const kw = randInt(rng, 1, 4);
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const h = randInt(rng, 1, 6);
  const w = randInt(rng, 1, 6);
  const cin = randInt(rng, 1, 6);
  const cout = randInt(rng, 1, 5);
  const cy = randCrop(rng, h, kh, strides[0]);
  const cx = randCrop(rng, w, kw, strides[1]);
  const pad = { top: cy.before, bottom: cy.after, left: cx.before, right: cx.after };
  const perChannel = rng() < 0.7;
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const clampSeed = Math.floor(rng() * 2 ** 31);
  let drawn: { s: Scales; clamp: FusedClamp; rq: ChannelRequant } | undefined;
  for (let attempt = 0; attempt < 100 && !drawn; attempt++) {
    const s = randScales(rng, rounding, cout, perChannel);
    const clamp = randClamp(mulberry32(clampSeed), s.sOut, zpOut);
    try {
      drawn = { s, clamp, rq: prepareConv(actParams(s.sIn, zpIn), weightQuant(s, perChannel), actParams(s.sOut, zpOut), cout, clamp, { rounding }) };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  if (!drawn) throw new Error('no applicable scales drawn');
  const x = randActs(rng, h * w * cin, zpIn);
  const wt = randWeights(rng, cout * kh * kw * cin);
  const bias = randBias(rng, cout);
  const xq = actParams(drawn.s.sIn, zpIn);
  const wq = weightQuant(drawn.s, perChannel);
  const oq = actParams(drawn.s.sOut, zpOut);
  const attrs: Conv2dTransposeAttrs = { strides, pad, clamp: drawn.clamp };
  const xShape = [h, w, cin];
  const wShape = [cout, kh, kw, cin];
  const expected = conv2dTransposeInt8(x, xShape, xq, wt, wShape, wq, bias, oq, attrs, { rounding });
  return {
    xShape, wShape, x, w: wt, bias, xq, wq, oq, attrs, rq: drawn.rq, expected,
    oh: outSize(h, kh, strides[0], pad.top, pad.bottom),
    ow: outSize(w, kw, strides[1], pad.left, pad.right),
  };
}

function int8Record(c: Int8Case): CheckRecord {
  const [h, w, cin] = c.xShape;
  const [cout, kh, kw] = c.wShape;
  const r = c.rq;
  return {
    kind: 2,
    ints: [h, w, cin, r.inZp, cout, kh, kw, c.attrs.strides[0], c.attrs.strides[1], c.attrs.pad.top, c.attrs.pad.left, c.oh, c.ow, r.outZp, r.actMin, r.actMax],
    arrays: [c.x, c.w, c.bias ?? null, r.multiplier, r.shift],
    outBytes: c.oh * c.ow * cout,
  };
}

/**
 * TFLM's reference_integer_ops::TransposeConv loop, written independently of the reference: scatter every input
 * element (x − zp_in)·w into an int32 buffer the size of the output (exact sums, reduced modulo 2^32 at the end),
 * then bias, requantization, zero point and clamp. Also reports whether any exact sum left the int32 range.
 */
function tflmScatter(c: Int8Case, rounding: Rounding): { out: Int8Array; wrapped: boolean } {
  const [h, w, cin] = c.xShape;
  const [cout, kh, kw] = c.wShape;
  const [sh, sw] = c.attrs.strides;
  const scratch = new Float64Array(c.oh * c.ow * cout);
  for (let iy = 0; iy < h; iy++) {
    for (let ix = 0; ix < w; ix++) {
      for (let ci = 0; ci < cin; ci++) {
        const oy0 = iy * sh - c.attrs.pad.top;
        const ox0 = ix * sw - c.attrs.pad.left;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            for (let o = 0; o < cout; o++) {
              const oy = oy0 + ky;
              const ox = ox0 + kx;
              if (oy >= 0 && oy < c.oh && ox >= 0 && ox < c.ow) {
                scratch[(oy * c.ow + ox) * cout + o] += (c.x[(iy * w + ix) * cin + ci] - c.rq.inZp) * c.w[((o * kh + ky) * kw + kx) * cin + ci];
              }
            }
          }
        }
      }
    }
  }
  let wrapped = false;
  const out = new Int8Array(scratch.length);
  for (let i = 0; i < scratch.length; i++) {
    const o = i % cout;
    const acc = scratch[i] + (c.bias ? c.bias[o] : 0);
    if (acc !== (acc | 0)) wrapped = true;
    out[i] = requantOutput(acc, c.rq, o, rounding);
  }
  return { out, wrapped };
}

function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-tconv-'));
});
afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('the kernels compile cleanly with gcc and clang (when present), C99 -Wall -Wextra -Werror -pedantic, in every rounding mode', () => {
  const compilers = ['gcc', 'clang'].filter((cc) => spawnSync(cc, ['--version']).status === 0);
  expect(compilers).toContain('gcc');
  for (const cc of compilers) {
    for (const rounding of ROUNDINGS) {
      const r = spawnSync(cc, ['-fsyntax-only', ...STRICT, ...MODE_DEFINES[rounding], `-I${KERNELS}`, ...KERNEL_FILES], { encoding: 'utf8' });
      expect(`${cc} ${rounding}: ${r.stdout}${r.stderr}`).toBe(`${cc} ${rounding}: `);
      expect(r.status).toBe(0);
    }
  }
});

describe('float conv2dTranspose', () => {
  const cases = makeFloatCases();

  test(`the TypeScript reference matches tf.conv2dTranspose on ${FLOAT_RANDOM_CASES} random and ${EXPLICIT.length} explicit-crop cases`, async () => {
    for (const c of cases) {
      const want = await tfExpected(c);
      const got = conv2dTranspose(c.x, [c.h, c.w, c.cin], c.wOhwi, [c.cout, c.kh, c.kw, c.cin], c.bias, attrsOf(c));
      expect([outSize(c.h, c.kh, c.strides[0], c.pad.top, c.pad.bottom), outSize(c.w, c.kw, c.strides[1], c.pad.left, c.pad.right), c.cout]).toEqual(want.shape);
      expectNear(got, want.data, c.name);
    }
    // The cases reach what they claim: both TF modes, 'same' with kernel < stride (negative crop after), explicit
    // negative crops, strides up to 3 and kernels up to 5 on each axis.
    const random = cases.filter((c) => c.mode !== 'explicit');
    expect(random.filter((c) => c.mode === 'same').length).toBeGreaterThan(10);
    expect(random.filter((c) => c.mode === 'valid').length).toBeGreaterThan(10);
    expect(random.filter((c) => c.pad.bottom < 0 || c.pad.right < 0).length).toBeGreaterThan(3);
    expect(random.filter((c) => c.pad.top > 0 || c.pad.left > 0).length).toBeGreaterThan(10);
    expect(new Set(random.flatMap((c) => c.strides))).toEqual(new Set([1, 2, 3]));
    expect(new Set(random.flatMap((c) => [c.kh, c.kw]))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(cases.filter((c) => c.mode === 'explicit' && (c.pad.bottom < 0 || c.pad.right < 0)).length).toBeGreaterThanOrEqual(4);
  });

  test('the C kernel matches the TypeScript reference on the same cases (ASan + UBSan)', () => {
    const refs = cases.map((c) => conv2dTranspose(c.x, [c.h, c.w, c.cin], c.wOhwi, [c.cout, c.kh, c.kw, c.cin], c.bias, attrsOf(c)));
    const records = cases.map((c) => floatRecord(c, outSize(c.h, c.kh, c.strides[0], c.pad.top, c.pad.bottom), outSize(c.w, c.kw, c.strides[1], c.pad.left, c.pad.right)));
    const outs = runC('double', records, 'float');
    cases.forEach((c, i) => {
      const b = outs[i];
      const got = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      expectNear(got, refs[i], `C ${c.name}`);
    });
  });

  test('bias-only rows and columns beyond the full output, and the tap helper', () => {
    // 1x1 input, 1x1 kernel, stride 3, output 4x5: only cell (0, 0) has a tap.
    const y = conv2dTranspose(Float32Array.of(2), [1, 1, 1], Float32Array.of(3), [1, 1, 1, 1], Float32Array.of(0.5), {
      strides: [3, 3],
      pad: { top: 0, left: 0, bottom: -3, right: -4 },
      clamp: NO_CLAMP,
    });
    expect(Array.from(y)).toEqual([6.5, ...new Array(19).fill(0.5)]);
    // Full coordinate 5 with k = 4, stride 2, 3 inputs: taps k = 1 (i = 2) and k = 3 (i = 1).
    expect(transposeTaps(5, 4, 2, 3)).toEqual({ k0: 1, i0: 2, count: 2 });
    expect(transposeTaps(9, 4, 2, 3)).toEqual({ k0: 0, i0: 0, count: 0 });
    expect(() => conv2dTranspose(Float32Array.of(1), [1, 1, 1], Float32Array.of(1), [1, 1, 1, 1], undefined, { strides: [1, 1], pad: { top: -1, left: 0, bottom: 0, right: 0 }, clamp: NO_CLAMP })).toThrow(/crop/);
  });
});

describe('int8 conv2dTranspose', () => {
  test.each(ROUNDINGS.map((r) => [r]))('rounding %s: the C kernel equals the reference byte for byte, and the reference equals a TFLM-order scatter', (mode) => {
    const rounding = mode as Rounding;
    const rng = mulberry32(0x7c05 + ROUNDINGS.indexOf(rounding));
    const cases = Array.from({ length: INT8_CASES_PER_MODE }, () => int8Case(rng, rounding));
    let wrappedCases = 0;
    cases.forEach((c, i) => {
      const s = tflmScatter(c, rounding);
      if (s.wrapped) wrappedCases++;
      const d = firstDiff(c.expected, s.out);
      if (d >= 0) throw new Error(`${rounding} case ${i}: reference byte ${d} is ${c.expected[d]}, TFLM-order scatter ${s.out[d]}`);
    });
    const outs = runC(rounding, cases.map(int8Record), `int8_${rounding}`);
    cases.forEach((c, i) => {
      const got = new Int8Array(outs[i].buffer, outs[i].byteOffset, outs[i].byteLength);
      const d = firstDiff(got, c.expected);
      if (d >= 0) throw new Error(`${rounding} case ${i} (ints ${int8Record(c).ints.join(' ')}): byte ${d} is ${got[d]}, reference ${c.expected[d]}`);
    });

    // The cases reach what they claim to cover.
    const shifts = cases.flatMap((c) => Array.from(c.rq.shift));
    const saturated = cases.reduce((n, c) => n + c.expected.filter((v) => v === -128 || v === 127).length, 0);
    expect(cases.filter((c) => c.rq.inZp === -128 || c.rq.inZp === 127).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.rq.outZp === -128 || c.rq.outZp === 127).length).toBeGreaterThan(20);
    expect(cases.filter((c) => !c.bias).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.bias).length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.attrs.pad.bottom < 0 || c.attrs.pad.right < 0).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.attrs.pad.top > 0 || c.attrs.pad.left > 0).length).toBeGreaterThan(40);
    expect(cases.filter((c) => c.wq.scale.length > 1).length).toBeGreaterThan(40);
    expect(wrappedCases).toBeGreaterThan(5);
    expect(shifts.filter((k) => k > 1).length).toBeGreaterThan(30);
    expect(shifts.filter((k) => (rounding === 'shift' ? k <= -29 : k <= -30)).length).toBeGreaterThan(15);
    if (rounding === 'shift') expect(cases.every((c) => Array.from(c.rq.multiplier).every((m) => m === 2 ** 30))).toBe(true);
    expect(saturated).toBeGreaterThan(500);
    console.log(`${rounding}: ${cases.length} cases, ${wrappedCases} with int32 wrap, ${saturated} saturated outputs, ${shifts.filter((k) => k > 1).length} shifts > 1, ${shifts.filter((k) => k <= -29).length} shifts <= -29, ${cases.reduce((n, c) => n + c.expected.length, 0)} output bytes`);
  });

  test('dequantized int8 output is within a few output steps of the float reference on realistic scales', () => {
    const rng = mulberry32(0xf10a7);
    let worstSteps = 0;
    let cells = 0;
    let sumSteps = 0;
    for (let t = 0; t < 12; t++) {
      const kh = randInt(rng, 1, 5);
      const kw = randInt(rng, 1, 5);
      const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
      const h = randInt(rng, 2, 7);
      const w = randInt(rng, 2, 7);
      const cin = randInt(rng, 1, 8);
      const cout = randInt(rng, 1, 8);
      const mode = rng() < 0.5 ? 'same' : 'valid';
      const cy = tfCrop(mode, h, kh, strides[0]);
      const cx = tfCrop(mode, w, kw, strides[1]);
      const attrs: Conv2dTransposeAttrs = { strides, pad: { top: cy.before, bottom: cy.after, left: cx.before, right: cx.after }, clamp: t % 3 === 0 ? { min: 0, max: 6 } : NO_CLAMP };
      const xf = Float32Array.from({ length: h * w * cin }, () => Math.fround(rng() * 1.5 - 0.5));
      const wf = Float32Array.from({ length: cout * kh * kw * cin }, () => Math.fround(0.3 * gaussian(rng)));
      const bf = Float32Array.from({ length: cout }, () => Math.fround(0.2 * gaussian(rng)));
      const yRef = conv2dTranspose(xf, [h, w, cin], wf, [cout, kh, kw, cin], bf, attrs);

      // Asymmetric input / output (range includes 0), symmetric per-channel weights, bias at s_in·s_w[o].
      const asym = (lo: number, hi: number): { scale: number; zp: number } => {
        const l = Math.min(lo, 0);
        const u = Math.max(hi, 0, l + 1e-6);
        const scale = Math.fround((u - l) / 255);
        return { scale, zp: Math.max(-128, Math.min(127, Math.round(-128 - l / scale))) };
      };
      const inQ = asym(Math.min(...xf), Math.max(...xf));
      const outQ = asym(Math.min(...yRef), Math.max(...yRef));
      const per = wf.length / cout;
      const sW = Array.from({ length: cout }, (_, o) => Math.fround(Math.max(...Array.from(wf.subarray(o * per, (o + 1) * per), Math.abs), 1e-6) / 127));
      const q8 = (v: number, s: number, zp: number): number => Math.max(-128, Math.min(127, Math.round(v / s) + zp));
      const xq = Int8Array.from(xf, (v) => q8(v, inQ.scale, inQ.zp));
      const wq = Int8Array.from(wf, (v, i) => q8(v, sW[Math.floor(i / per)], 0));
      const bq = Int32Array.from(bf, (v, o) => Math.round(v / (inQ.scale * sW[o])));
      const y8 = conv2dTransposeInt8(
        xq, [h, w, cin], actParams(inQ.scale, inQ.zp),
        wq, [cout, kh, kw, cin], { scale: sW, zeroPoint: sW.map(() => 0), axis: 0 },
        bq, actParams(outQ.scale, outQ.zp), attrs,
      );
      expect(y8.length).toBe(yRef.length);
      for (let i = 0; i < yRef.length; i++) {
        const steps = Math.abs(outQ.scale * (y8[i] - outQ.zp) - yRef[i]) / outQ.scale;
        worstSteps = Math.max(worstSteps, steps);
        sumSteps += steps;
        cells++;
      }
    }
    expect(cells).toBeGreaterThan(500);
    expect(worstSteps).toBeLessThanOrEqual(3);
    expect(sumSteps / cells).toBeLessThan(1);
    console.log(`realistic: ${cells} cells, worst ${worstSteps.toFixed(3)} steps, mean ${(sumSteps / cells).toFixed(3)}`);
  });
});
