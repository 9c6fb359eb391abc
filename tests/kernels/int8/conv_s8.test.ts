/**
 * The int8 convolution-family C kernels (conv2d_s8, depthwise_conv2d_s8, depthwise_conv2d_inplace_s8,
 * dense_s8, affine_s8) against the TypeScript reference, byte for byte, in each rounding mode: random cases
 * (strided views with random gap bytes, reverse order, in-place variants, per-tensor and per-channel weights,
 * zero points −128/127, multipliers near 2^−31 and > 1, int32-wrapping and int8-saturating accumulations) are
 * written to a binary file, run by tests/kernels/int8/conv_s8_check.c (built with sanitizers once per mode),
 * and each whole output buffer (gaps included: the kernels must not write there) is compared.
 * The C arrays come from prepare*.ts, the same functions the reference kernels use.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { QuantParams } from '../../../src/ir/types';
import { windowOut } from '../../../src/ir/shapes';
import { Rounding, ROUNDINGS } from '../../../src/arith/rounding';
import { affineInt8 } from '../../../src/reference/int8/affine';
import { conv2dInt8 } from '../../../src/reference/int8/conv2d';
import { denseInt8 } from '../../../src/reference/int8/dense';
import { depthwiseConv2dInt8 } from '../../../src/reference/int8/depthwise_conv2d';
import { ChannelRequant, prepareAffine, prepareConv, prepareDense, prepareDepthwise } from '../../../src/reference/int8/prepare';
import { Rng, actParams, logUniform, mulberry32, pick, randClamp, randInt, randInt32, randInt8, randScale, randZp } from '../../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const KERNEL_NAMES = ['conv2d_s8', 'depthwise_conv2d_s8', 'depthwise_conv2d_inplace_s8', 'dense_s8', 'affine_s8'];
const CHECK_SRC = path.join(__dirname, 'conv_s8_check.c');
const FLAGS = ['-O1', '-g', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const MODE_DEFINES: Record<Rounding, string[]> = {
  double: [],
  single: ['-DTINYFIT_SINGLE_ROUNDING=1'],
  shift: ['-DTINYFIT_SHIFT_ROUNDING=1'],
};
const CASES_PER_OP = 120;
type Op = 'conv' | 'depthwise' | 'inplace' | 'dense' | 'affine';
const OPS: Op[] = ['conv', 'depthwise', 'inplace', 'dense', 'affine'];
const KIND: Record<Op, number> = { conv: 1, depthwise: 2, inplace: 3, dense: 4, affine: 5 };

/** One binary case for the C program and the bytes it must write. */
interface Case {
  op: Op;
  ints: number[];
  arrays: (Int8Array | Int32Array | null)[];
  expected: Int8Array;
  rq: ChannelRequant;
}

function encode(cases: Case[]): Buffer {
  const parts: Buffer[] = [];
  const i32 = (values: ArrayLike<number>): Buffer => Buffer.from(Int32Array.from(values).buffer);
  for (const c of cases) {
    parts.push(i32([KIND[c.op], c.ints.length, ...c.ints, c.arrays.length]));
    for (const a of c.arrays) {
      if (!a) parts.push(i32([1, -1]));
      else {
        parts.push(i32([a.BYTES_PER_ELEMENT, a.length]));
        parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
    }
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------------------
// Scales: the real multipliers s_in·s_w/s_out spread over ~2^−33 … 2^14 (powers of two in 'shift' mode)
// ---------------------------------------------------------------------------------------------------------

/** log2 of the target real multiplier: near 2^−31 (or below: multiplier 0), above 1, or typical. */
function targetLog2(rng: Rng): number {
  const u = rng();
  if (u < 0.2) return randInt(rng, -33, -29);
  if (u < 0.4) return randInt(rng, 0, 14);
  return randInt(rng, -16, -2);
}

interface Scales {
  sIn: number;
  sW: number[];
  sOut: number;
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

function weightQuant(s: Scales, perChannel: boolean, axis: number): QuantParams {
  return perChannel ? { scale: s.sW, zeroPoint: s.sW.map(() => 0), axis } : { scale: [s.sW[0]], zeroPoint: [0] };
}

/** Draws scales until the rounding mode can apply every multiplier (reals ≥ 2^31 are rejected). */
function drawPrepared<T>(rng: Rng, rounding: Rounding, channels: number, perChannel: boolean, make: (s: Scales) => T): { s: Scales; v: T } {
  for (let attempt = 0; attempt < 100; attempt++) {
    const s = randScales(rng, rounding, channels, perChannel);
    try {
      return { s, v: make(s) };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  throw new Error('no applicable scales drawn');
}

// ---------------------------------------------------------------------------------------------------------
// Data: random or extreme, biases up to ±(2^31 − 1) so that accumulations wrap and outputs saturate
// ---------------------------------------------------------------------------------------------------------

function randActs(rng: Rng, n: number, zp: number): Int8Array {
  const u = rng();
  if (u < 0.1) return new Int8Array(n).fill(-128);
  if (u < 0.2) return new Int8Array(n).fill(127);
  if (u < 0.25) return new Int8Array(n).fill(zp);
  return randInt8(rng, n);
}

function randWeights(rng: Rng, n: number): Int8Array {
  return rng() < 0.1 ? new Int8Array(n).fill(pick(rng, [-127, 127])) : randInt8(rng, n, -127, 127);
}

function randBias(rng: Rng, n: number): Int32Array | undefined {
  const u = rng();
  if (u < 0.2) return undefined;
  return randInt32(rng, n, u < 0.5 ? 3000 : u < 0.8 ? 2 ** 22 : 2 ** 31 - 1);
}

/** Pixels `n` of `c` elements, `stride` apart, in an exactly sized buffer whose gaps hold random bytes. */
function toStrided(rng: Rng, data: Int8Array, n: number, c: number, stride: number): Int8Array {
  const buf = randInt8(rng, n === 0 ? 0 : (n - 1) * stride + c);
  for (let p = 0; p < n; p++) buf.set(data.subarray(p * c, (p + 1) * c), p * stride);
  return buf;
}

function randStride(rng: Rng, c: number): number {
  return rng() < 0.5 ? c : c + randInt(rng, 1, 3);
}

// ---------------------------------------------------------------------------------------------------------
// Case generators (one per kernel)
// ---------------------------------------------------------------------------------------------------------

interface Window {
  kh: number;
  kw: number;
  ih: number;
  iw: number;
  oh: number;
  ow: number;
  strides: [number, number];
  dilations: [number, number];
  pad: { top: number; left: number; bottom: number; right: number };
}

function randWindow(rng: Rng, maxK: number): Window {
  const kh = randInt(rng, 1, maxK);
  const kw = randInt(rng, 1, maxK);
  const dilations: [number, number] = [pick(rng, [1, 1, 2, 3]), pick(rng, [1, 1, 2])];
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const pad = { top: randInt(rng, 0, 2), left: randInt(rng, 0, 2), bottom: randInt(rng, 0, 2), right: randInt(rng, 0, 2) };
  let ih = randInt(rng, 1, 7);
  let iw = randInt(rng, 1, 7);
  while (windowOut(ih, kh, strides[0], dilations[0], pad.top, pad.bottom) < 1) ih++;
  while (windowOut(iw, kw, strides[1], dilations[1], pad.left, pad.right) < 1) iw++;
  const oh = windowOut(ih, kh, strides[0], dilations[0], pad.top, pad.bottom);
  const ow = windowOut(iw, kw, strides[1], dilations[1], pad.left, pad.right);
  return { kh, kw, ih, iw, oh, ow, strides, dilations, pad };
}

function windowInts(g: Window): number[] {
  return [g.kh, g.kw, g.strides[0], g.strides[1], g.dilations[0], g.dilations[1], g.pad.top, g.pad.left];
}

function convCase(rng: Rng, rounding: Rounding, depthwise: boolean): Case {
  const g = randWindow(rng, depthwise ? 4 : 3);
  const ic = randInt(rng, 1, depthwise ? 5 : 6);
  const mult = depthwise ? pick(rng, [1, 1, 2, 3]) : 1;
  const oc = depthwise ? ic * mult : randInt(rng, 1, 5);
  const perChannel = rng() < 0.7;
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const clampSeed = rng();
  const axis = depthwise ? 3 : 0;
  const { s, v: prep } = drawPrepared(rng, rounding, oc, perChannel, (sc) => {
    const clamp = randClamp(mulberry32(Math.floor(clampSeed * 2 ** 31)), sc.sOut, zpOut);
    const prep = depthwise ? prepareDepthwise : prepareConv;
    return { clamp, rq: prep(actParams(sc.sIn, zpIn), weightQuant(sc, perChannel, axis), actParams(sc.sOut, zpOut), oc, clamp, { rounding }) };
  });
  const x = randActs(rng, g.ih * g.iw * ic, zpIn);
  const wShape = depthwise ? [1, g.kh, g.kw, oc] : [oc, g.kh, g.kw, ic];
  const w = randWeights(rng, g.kh * g.kw * ic * (depthwise ? mult : oc));
  const bias = randBias(rng, oc);
  const xq = actParams(s.sIn, zpIn);
  const wq = weightQuant(s, perChannel, axis);
  const oq = actParams(s.sOut, zpOut);
  const base = { strides: g.strides, dilations: g.dilations, pad: g.pad, clamp: prep.clamp };
  const ref = depthwise
    ? depthwiseConv2dInt8(x, [g.ih, g.iw, ic], xq, w, wShape, wq, bias, oq, { ...base, depthMultiplier: mult }, { rounding })
    : conv2dInt8(x, [g.ih, g.iw, ic], xq, w, wShape, wq, bias, oq, base, { rounding });
  const inStride = randStride(rng, ic);
  const outStride = randStride(rng, oc);
  const outInit = toStrided(rng, new Int8Array(g.oh * g.ow * oc), g.oh * g.ow, oc, outStride);
  const expected = outInit.slice();
  for (let p = 0; p < g.oh * g.ow; p++) expected.set(ref.subarray(p * oc, (p + 1) * oc), p * outStride);
  const r = prep.rq;
  return {
    op: depthwise ? 'depthwise' : 'conv',
    ints: [g.ih, g.iw, ic, inStride, r.inZp, depthwise ? mult : oc, ...windowInts(g), g.oh, g.ow, outStride, r.outZp, r.actMin, r.actMax, rng() < 0.5 ? 1 : 0],
    arrays: [toStrided(rng, x, g.ih * g.iw, ic, inStride), w, bias ?? null, r.multiplier, r.shift, outInit],
    expected,
    rq: r,
  };
}

function inplaceCase(rng: Rng, rounding: Rounding): Case {
  let g = randWindow(rng, 4);
  while (g.oh * g.ow > g.ih * g.iw) g = randWindow(rng, 4); // the output must fit in the input's buffer
  const c = randInt(rng, 1, 6);
  const perChannel = rng() < 0.7;
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const clampSeed = rng();
  const { s, v } = drawPrepared(rng, rounding, c, perChannel, (sc) => {
    const clamp = randClamp(mulberry32(Math.floor(clampSeed * 2 ** 31)), sc.sOut, zpOut);
    return { clamp, rq: prepareDepthwise(actParams(sc.sIn, zpIn), weightQuant(sc, perChannel, 3), actParams(sc.sOut, zpOut), c, clamp, { rounding }) };
  });
  const x = randActs(rng, g.ih * g.iw * c, zpIn);
  const w = randWeights(rng, g.kh * g.kw * c);
  const bias = randBias(rng, c);
  const attrs = { strides: g.strides, dilations: g.dilations, pad: g.pad, depthMultiplier: 1, clamp: v.clamp };
  const ref = depthwiseConv2dInt8(x, [g.ih, g.iw, c], actParams(s.sIn, zpIn), w, [1, g.kh, g.kw, c], weightQuant(s, perChannel, 3), bias, actParams(s.sOut, zpOut), attrs, { rounding });
  // In place: the output over the buffer's start, the rest of the input untouched; then the regular kernel's output.
  const expected = new Int8Array(x.length + ref.length);
  expected.set(x);
  expected.set(ref);
  expected.set(ref, x.length);
  const r = v.rq;
  return {
    op: 'inplace',
    ints: [g.ih, g.iw, c, r.inZp, ...windowInts(g), g.oh, g.ow, r.outZp, r.actMin, r.actMax],
    arrays: [x, w, bias ?? null, r.multiplier, r.shift],
    expected,
    rq: r,
  };
}

function denseCase(rng: Rng, rounding: Rounding): Case {
  const inN = pick(rng, [1, 2, 3, 7, 16, 33, 64]);
  const outN = randInt(rng, 1, 9);
  const rows = randInt(rng, 1, 4);
  const perChannel = outN > 1 && rng() < 0.5;
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const clampSeed = rng();
  const { s, v } = drawPrepared(rng, rounding, outN, perChannel, (sc) => {
    const clamp = randClamp(mulberry32(Math.floor(clampSeed * 2 ** 31)), sc.sOut, zpOut);
    return { clamp, rq: prepareDense(actParams(sc.sIn, zpIn), weightQuant(sc, perChannel, 0), actParams(sc.sOut, zpOut), outN, clamp, { rounding }) };
  });
  const x = randActs(rng, rows * inN, zpIn);
  const w = randWeights(rng, outN * inN);
  const bias = randBias(rng, outN);
  const xShape = rows === 1 && rng() < 0.5 ? [inN] : [rows, inN];
  const ref = denseInt8(x, xShape, actParams(s.sIn, zpIn), w, [outN, inN], weightQuant(s, perChannel, 0), bias, actParams(s.sOut, zpOut), { clamp: v.clamp }, { rounding });
  const r = v.rq;
  return {
    op: 'dense',
    ints: [rows, inN, r.inZp, outN, r.outZp, r.perChannel ? 1 : 0, r.actMin, r.actMax],
    arrays: [x, w, bias ?? null, r.multiplier, r.shift, randInt8(rng, rows * outN)],
    expected: ref,
    rq: r,
  };
}

function affineCase(rng: Rng, rounding: Rounding): Case {
  const rank = randInt(rng, 1, 4);
  const shape = Array.from({ length: rank }, () => randInt(rng, 1, 5));
  const ax = randInt(rng, 0, rank - 1);
  const axis = rng() < 0.3 ? ax - rank : ax;
  const outer = shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const c = shape[ax];
  const inner = shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const perChannel = c > 1 && rng() < 0.8;
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const clampSeed = rng();
  const { s, v } = drawPrepared(rng, rounding, c, perChannel, (sc) => {
    const clamp = randClamp(mulberry32(Math.floor(clampSeed * 2 ** 31)), sc.sOut, zpOut);
    return { clamp, rq: prepareAffine(actParams(sc.sIn, zpIn), weightQuant(sc, perChannel, 0), actParams(sc.sOut, zpOut), c, clamp, { rounding }) };
  });
  const x = randActs(rng, outer * c * inner, zpIn);
  const scale = rng() < 0.15 ? new Int8Array(c).fill(pick(rng, [-128, 127])) : randInt8(rng, c);
  const shift = randBias(rng, c) ?? new Int32Array(c);
  const ref = affineInt8(x, shape, actParams(s.sIn, zpIn), scale, weightQuant(s, perChannel, 0), shift, actParams(s.sOut, zpOut), { axis, clamp: v.clamp }, { rounding });
  const block = c * inner;
  const inplace = rng() < 0.3;
  const inStride = randStride(rng, block);
  const outStride = inplace ? inStride : randStride(rng, block);
  const xBuf = toStrided(rng, x, outer, block, inStride);
  const outInit = inplace ? xBuf : toStrided(rng, new Int8Array(x.length), outer, block, outStride);
  const expected = outInit.slice();
  for (let o = 0; o < outer; o++) expected.set(ref.subarray(o * block, (o + 1) * block), o * outStride);
  const r = v.rq;
  return {
    op: 'affine',
    ints: [outer, c, inner, inStride, r.inZp, outStride, r.outZp, r.actMin, r.actMax, inplace ? 1 : 0],
    arrays: [xBuf, scale, shift, r.multiplier, r.shift, inplace ? new Int8Array(0) : outInit],
    expected,
    rq: r,
  };
}

function makeCases(rounding: Rounding): Case[] {
  const rng = mulberry32(0x5eed + ROUNDINGS.indexOf(rounding));
  const cases: Case[] = [];
  for (let i = 0; i < CASES_PER_OP; i++) {
    cases.push(convCase(rng, rounding, false), convCase(rng, rounding, true), inplaceCase(rng, rounding), denseCase(rng, rounding), affineCase(rng, rounding));
  }
  return cases;
}

function firstDiff(a: Int8Array, b: Int8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('int8 convolution-family C kernels are bit-exact with the TypeScript reference', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-conv-s8-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the kernels compile cleanly with clang (gcc when absent), C99 -Wall -Wextra -Werror -pedantic, in every mode', () => {
    const cc = spawnSync('clang', ['--version']).status === 0 ? 'clang' : 'gcc';
    for (const rounding of ROUNDINGS) {
      const files = KERNEL_NAMES.map((k) => path.join(KERNELS, `${k}.c`));
      const r = spawnSync(cc, ['-fsyntax-only', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', ...MODE_DEFINES[rounding], `-I${KERNELS}`, ...files], { encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    }
  });

  test.each(ROUNDINGS.map((r) => [r]))('rounding %s', (rounding) => {
    const mode = rounding as Rounding;
    const exe = path.join(dir, `check_${mode}`);
    const files = KERNEL_NAMES.map((k) => path.join(KERNELS, `${k}.c`));
    const cc = spawnSync('gcc', [...FLAGS, ...MODE_DEFINES[mode], `-I${KERNELS}`, CHECK_SRC, ...files, '-o', exe], { encoding: 'utf8' });
    if (cc.error) throw cc.error;
    if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stdout}${cc.stderr}`);

    const cases = makeCases(mode);
    const inFile = path.join(dir, `cases_${mode}.bin`);
    const outFile = path.join(dir, `out_${mode}.bin`);
    fs.writeFileSync(inFile, encode(cases));
    const run = spawnSync(exe, [inFile, outFile], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`conv_s8_check exited ${run.status}:\n${run.stdout}${run.stderr}`);
    expect(run.stdout).toContain(`CASES ${cases.length}`);

    const got = new Int8Array(fs.readFileSync(outFile).buffer.slice(0));
    expect(got.length).toBe(cases.reduce((n, c) => n + c.expected.length, 0));
    let off = 0;
    const perOp: Record<string, number> = {};
    for (const [i, c] of cases.entries()) {
      const part = got.subarray(off, off + c.expected.length);
      off += c.expected.length;
      const d = firstDiff(part, c.expected);
      if (d >= 0) throw new Error(`${mode} case ${i} (${c.op}, ints ${c.ints.join(' ')}): byte ${d} is ${part[d]}, reference ${c.expected[d]}`);
      perOp[c.op] = (perOp[c.op] ?? 0) + 1;
    }
    for (const op of OPS) expect(perOp[op]).toBeGreaterThanOrEqual(100);

    // The cases do reach what they claim to cover.
    const reverse = cases.filter((c) => (c.op === 'conv' || c.op === 'depthwise') && c.ints[20] === 1).length;
    const stridedIn = cases.filter((c) => (c.op === 'conv' || c.op === 'depthwise') && c.ints[3] > c.ints[2]).length;
    const inplaceAffine = cases.filter((c) => c.op === 'affine' && c.ints[9] === 1).length;
    const perTensorDense = cases.filter((c) => c.op === 'dense' && !c.rq.perChannel).length;
    const zpExtremes = cases.filter((c) => c.rq.inZp === -128 || c.rq.outZp === 127).length;
    const shifts = cases.flatMap((c) => Array.from(c.rq.shift));
    const saturated = cases.reduce((n, c) => n + c.expected.filter((v) => v === -128 || v === 127).length, 0);
    expect(reverse).toBeGreaterThan(50);
    expect(stridedIn).toBeGreaterThan(50);
    expect(inplaceAffine).toBeGreaterThan(20);
    expect(perTensorDense).toBeGreaterThan(30);
    expect(perTensorDense).toBeLessThan(CASES_PER_OP);
    expect(zpExtremes).toBeGreaterThan(100);
    // Multipliers > 1 (left shift) and ≤ 2^−30 (right shift ≥ 30, or 0 below 2^−31 in 'double'/'single').
    expect(shifts.filter((k) => k > 1).length).toBeGreaterThan(50);
    expect(shifts.filter((k) => (mode === 'shift' ? k <= -29 : k <= -30)).length).toBeGreaterThan(50);
    expect(saturated).toBeGreaterThan(1000);
  });
});
