/**
 * Int8 pooling, elementwise, data-movement and lookup-table C kernels (firmware/kernels/*_s8.c) against their
 * TypeScript references, byte for byte: tests/kernels/int8/elementwise_s8_check.c is built with sanitizers once
 * per rounding mode, fed random cases on stdin (strided views with sentinel gaps, reverse pooling order,
 * broadcasting, zero points −128/127, extreme and power-of-two scales, saturating and wrapping requantizations,
 * in-place LUT), and every output buffer — gaps included — must equal the reference's.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ActivationFn, ActivationParams, FusedClamp, NO_CLAMP } from '../../../src/ir/types';
import { windowOut } from '../../../src/ir/shapes';
import { Rounding } from '../../../src/arith/rounding';
import { ActQuant, outputRange } from '../../../src/reference/int8/common';
import { addInt8, addSubMultipliers } from '../../../src/reference/int8/binary_add';
import { concatInt8, requantPlan, requantizeInt8 } from '../../../src/reference/int8/concat';
import { activationLut, lutInt8 } from '../../../src/reference/int8/activation_lut';
import { minMaxInt8 } from '../../../src/reference/int8/binary_minmax';
import { cropInt8 } from '../../../src/reference/int8/crop';
import { transposeInt8 } from '../../../src/reference/int8/transpose';
import { upsampleInt8 } from '../../../src/reference/int8/upsample';
import { mulInt8, mulMultiplier } from '../../../src/reference/int8/binary_mul';
import { padInt8 } from '../../../src/reference/int8/pad';
import { pool2dInt8 } from '../../../src/reference/int8/pool2d';
import { globalPoolInt8 } from '../../../src/reference/int8/global_pool';
import { preluInt8, preluParams } from '../../../src/reference/int8/prelu';
import { Rng, actParams, mulberry32, pick, randClamp, randInt, randInt8, randScale, randZp } from '../../reference/int8/slow';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const CHECK_SRC = path.join(__dirname, 'elementwise_s8_check.c');
const FLAGS = ['-O1', '-g', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const KERNEL_NAMES = [
  'pool2d_max', 'pool2d_avg', 'global_pool_avg', 'global_pool_max', 'binary_add', 'binary_mul', 'binary_minmax', 'concat', 'concat_slice',
  'concat_slice_requant', 'pad', 'crop', 'upsample_nearest', 'transpose', 'activation_lut', 'prelu',
];
const MACROS: Record<Rounding, string[]> = { double: [], single: ['-DTINYFIT_SINGLE_ROUNDING=1'], shift: ['-DTINYFIT_SHIFT_ROUNDING=1'] };
/** Op codes of the check program. */
const OPS = {
  max_pool: 1, avg_pool: 2, global_avg: 3, global_max: 4, add: 5, mul: 6, minmax: 7, concat: 8, copy_strided: 9,
  requantize: 10, pad: 11, crop: 12, upsample: 13, transpose: 14, lut: 15, prelu: 16,
} as const;
type OpName = keyof typeof OPS;
const REQUANTIZING: OpName[] = ['add', 'mul', 'minmax', 'concat', 'requantize', 'prelu'];
const PLAIN: OpName[] = ['max_pool', 'avg_pool', 'global_avg', 'global_max', 'copy_strided', 'pad', 'crop', 'upsample', 'transpose', 'lut'];
const CASES_PER_OP = 120;

interface Case {
  op: OpName;
  params: number[];
  arrays: Int8Array[];
  /** Initial output buffer (sentinels in the gaps of a strided view). */
  outInit: Int8Array;
  expected: Int8Array;
  /** Number of output elements at −128 or 127 (saturation evidence). */
  saturated?: number;
}

// ------------------------------------------------------------------------------------------------ helpers

/** A scale for a rounding mode: anything (extremes 1e-6, 100 included) or, in 'shift' mode, a power of two. */
function scaleFor(rng: Rng, mode: Rounding): number {
  return mode === 'shift' ? 2 ** randInt(rng, -20, 7) : randScale(rng);
}

/** A buffer of `count` items of `width` elements, `stride` apart; gaps hold random sentinels. Returns it and a scatter. */
function stridedBuffer(rng: Rng, count: number, width: number, stride: number): { buf: Int8Array; put: (data: Int8Array) => Int8Array } {
  const len = count === 0 ? 0 : (count - 1) * stride + width;
  const buf = randInt8(rng, len);
  const put = (data: Int8Array): Int8Array => {
    const out = buf.slice();
    for (let i = 0; i < count; i++) out.set(data.subarray(i * width, (i + 1) * width), i * stride);
    return out;
  };
  return { buf, put };
}

const strideOf = (rng: Rng, width: number): number => width + (rng() < 0.5 ? 0 : randInt(rng, 1, 3));
const mult = (m: { multiplier: number; shift: number }): number[] => [m.multiplier, m.shift];
const countSat = (y: Int8Array): number => y.reduce((s, v) => s + (v === -128 || v === 127 ? 1 : 0), 0);

/** Draws until `make` does not throw (a parameter draw the reference rejects, e.g. a multiplier ≥ 2^31). */
function retry<T>(make: () => T): T {
  for (let k = 0; ; k++) {
    try {
      return make();
    } catch (e) {
      if (!(e instanceof RangeError) || k > 1000) throw e;
    }
  }
}

/** int8 data: uniform, constant at an extreme, or narrow (ties and copies of the zero point). */
function data(rng: Rng, n: number): Int8Array {
  const u = rng();
  if (u < 0.1) return new Int8Array(n).fill(-128);
  if (u < 0.2) return new Int8Array(n).fill(127);
  if (u < 0.4) return randInt8(rng, n, -3, 3);
  return randInt8(rng, n);
}

/** Operand lengths n, na, nb with trailing-block broadcasting. */
function broadcastLengths(rng: Rng): [number, number, number] {
  const n = randInt(rng, 1, 48);
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const kind = pick(rng, ['same', 'same', 'a', 'b']);
  return [n, kind === 'a' ? pick(rng, divisors) : n, kind === 'b' ? pick(rng, divisors) : n];
}

// ------------------------------------------------------------------------------------------------ generators

function poolCase(rng: Rng, type: 'max' | 'avg'): Case {
  const ph = randInt(rng, 1, 4);
  const pw = randInt(rng, 1, 4);
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const maxPad = (k: number): number => (rng() < 0.1 ? k + 1 : k - 1); // sometimes all-padding windows
  const pad = { top: randInt(rng, 0, maxPad(ph)), left: randInt(rng, 0, maxPad(pw)), bottom: randInt(rng, 0, maxPad(ph)), right: randInt(rng, 0, maxPad(pw)) };
  let ih = randInt(rng, 1, 9);
  let iw = randInt(rng, 1, 9);
  while (windowOut(ih, ph, strides[0], 1, pad.top, pad.bottom) < 1) ih++;
  while (windowOut(iw, pw, strides[1], 1, pad.left, pad.right) < 1) iw++;
  const oh = windowOut(ih, ph, strides[0], 1, pad.top, pad.bottom);
  const ow = windowOut(iw, pw, strides[1], 1, pad.left, pad.right);
  const c = randInt(rng, 1, 5);
  const q: ActQuant = { scale: randScale(rng), zeroPoint: randZp(rng) };
  const clamp: FusedClamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, q.scale, q.zeroPoint);
  const x = data(rng, ih * iw * c);
  const inStride = strideOf(rng, c);
  const outStride = strideOf(rng, c);
  const inBuf = stridedBuffer(rng, ih * iw, c, inStride).put(x);
  const out = stridedBuffer(rng, oh * ow, c, outStride);
  const y = pool2dInt8(x, [ih, iw, c], actParams(q.scale, q.zeroPoint), { type, pool: [ph, pw], strides, pad }, clamp);
  const r = outputRange(clamp, q);
  const reverse = rng() < 0.5 ? 1 : 0;
  const params = [ih, iw, c, inStride, ph, pw, strides[0], strides[1], pad.top, pad.left, oh, ow, outStride, q.zeroPoint, r.min, r.max, reverse];
  return { op: type === 'max' ? 'max_pool' : 'avg_pool', params, arrays: [inBuf], outInit: out.buf, expected: out.put(y) };
}

function globalPoolCase(rng: Rng, type: 'max' | 'avg'): Case {
  const [h, w, c] = [randInt(rng, 1, 8), randInt(rng, 1, 8), randInt(rng, 1, 6)];
  const zp = randZp(rng);
  const x = data(rng, h * w * c);
  const inStride = strideOf(rng, c);
  const y = globalPoolInt8(x, [h, w, c], actParams(randScale(rng), zp), type);
  return {
    op: type === 'max' ? 'global_max' : 'global_avg',
    params: [h, w, c, inStride],
    arrays: [stridedBuffer(rng, h * w, c, inStride).put(x)],
    outInit: randInt8(rng, c),
    expected: y,
  };
}

function addCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const fn = rng() < 0.5 ? 'add' : 'sub';
    const [n, na, nb] = broadcastLengths(rng);
    const q1: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const q2: ActQuant = { scale: rng() < 0.2 ? q1.scale : scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const big = Math.max(q1.scale, q2.scale);
    // Output scales from the smallest TFLite accepts (2·max/2^20) up to far larger than the inputs'.
    const so = mode === 'shift' ? 2 ** Math.max(Math.log2(big) + randInt(rng, -19, 4), -24) : Math.fround(big * 2 ** (rng() * 24 - 19));
    const qo: ActQuant = { scale: so, zeroPoint: randZp(rng) };
    const m = addSubMultipliers(fn, q1, q2, qo, mode);
    const clamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, qo.scale, qo.zeroPoint);
    const a = data(rng, na);
    const b = data(rng, nb);
    const y = addInt8(a, actParams(q1.scale, q1.zeroPoint), b, actParams(q2.scale, q2.zeroPoint), actParams(qo.scale, qo.zeroPoint), { fn, clamp }, n, { rounding: mode });
    const r = outputRange(clamp, qo);
    const params = [na, nb, n, q1.zeroPoint, ...mult(m.input1), q2.zeroPoint, ...mult(m.input2), qo.zeroPoint, ...mult(m.output), fn === 'sub' ? 1 : 0, r.min, r.max];
    return { op: 'add', params, arrays: [a, b], outInit: randInt8(rng, n), expected: y, saturated: countSat(y) };
  });
}

function mulCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const [n, na, nb] = broadcastLengths(rng);
    const q1: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const q2: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const qo: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const m = mulMultiplier(q1.scale, q2.scale, qo.scale, mode);
    const clamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, qo.scale, qo.zeroPoint);
    const a = data(rng, na);
    const b = data(rng, nb);
    const y = mulInt8(a, actParams(q1.scale, q1.zeroPoint), b, actParams(q2.scale, q2.zeroPoint), actParams(qo.scale, qo.zeroPoint), { fn: 'mul', clamp }, n, { rounding: mode });
    const r = outputRange(clamp, qo);
    const params = [na, nb, n, q1.zeroPoint, q2.zeroPoint, qo.zeroPoint, ...mult(m), r.min, r.max];
    return { op: 'mul', params, arrays: [a, b], outInit: randInt8(rng, n), expected: y, saturated: countSat(y) };
  });
}

/** Operand parameters: the output's (a copy), or other ones (nearby or extreme ratios). */
function operandQuant(rng: Rng, mode: Rounding, qo: ActQuant): ActQuant {
  if (rng() < 0.3) return { ...qo };
  return { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
}

function minmaxCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const fn = rng() < 0.5 ? 'max' : 'min';
    const [n, na, nb] = broadcastLengths(rng);
    const qo: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const q1 = operandQuant(rng, mode, qo);
    const q2 = operandQuant(rng, mode, qo);
    const pa = requantPlan(q1, qo, mode);
    const pb = requantPlan(q2, qo, mode);
    const clamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, qo.scale, qo.zeroPoint);
    const a = data(rng, na);
    const b = data(rng, nb);
    const y = minMaxInt8(a, actParams(q1.scale, q1.zeroPoint), b, actParams(q2.scale, q2.zeroPoint), actParams(qo.scale, qo.zeroPoint), { fn, clamp }, n, { rounding: mode });
    const r = outputRange(clamp, qo);
    const params = [na, nb, n, pa.zeroPoint, ...mult(pa.multiplier), pa.copy ? 1 : 0, pb.zeroPoint, ...mult(pb.multiplier), pb.copy ? 1 : 0, qo.zeroPoint, fn === 'min' ? 1 : 0, r.min, r.max];
    return { op: 'minmax', params, arrays: [a, b], outInit: randInt8(rng, n), expected: y, saturated: countSat(y) };
  });
}

function concatCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const rank = randInt(rng, 1, 4);
    const base = Array.from({ length: rank }, () => randInt(rng, 1, 4));
    const ax = randInt(rng, 0, rank - 1);
    const count = randInt(rng, 1, 5);
    const qo: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const shapes: number[][] = [];
    const xs: Int8Array[] = [];
    const qs: ActQuant[] = [];
    for (let k = 0; k < count; k++) {
      const s = base.slice();
      s[ax] = randInt(rng, 1, 4);
      shapes.push(s);
      xs.push(data(rng, s.reduce((p, d) => p * d, 1)));
      qs.push(operandQuant(rng, mode, qo));
    }
    const plans = qs.map((q) => requantPlan(q, qo, mode));
    const y = concatInt8(xs, shapes, qs.map((q) => actParams(q.scale, q.zeroPoint)), actParams(qo.scale, qo.zeroPoint), { axis: ax }, { rounding: mode });
    const outer = base.slice(0, ax).reduce((p, d) => p * d, 1);
    const inner = base.slice(ax + 1).reduce((p, d) => p * d, 1);
    const params = [count, outer, inner, qo.zeroPoint];
    plans.forEach((p, k) => params.push(shapes[k][ax], p.zeroPoint, ...mult(p.multiplier), p.copy ? 1 : 0));
    return { op: 'concat', params, arrays: xs, outInit: randInt8(rng, y.length), expected: y, saturated: countSat(y) };
  });
}

function requantizeCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const [rows, n] = [randInt(rng, 1, 5), randInt(rng, 1, 12)];
    const qo: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    let qi: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    if (qi.scale === qo.scale && qi.zeroPoint === qo.zeroPoint) qi = { ...qi, zeroPoint: qo.zeroPoint === 0 ? 1 : 0 };
    const p = requantPlan(qi, qo, mode);
    const x = data(rng, rows * n);
    const y = requantizeInt8(x, actParams(qi.scale, qi.zeroPoint), actParams(qo.scale, qo.zeroPoint), { rounding: mode });
    const [is, os] = [strideOf(rng, n), strideOf(rng, n)];
    const out = stridedBuffer(rng, rows, n, os);
    const params = [rows, n, is, qi.zeroPoint, os, qo.zeroPoint, ...mult(p.multiplier)];
    return { op: 'requantize', params, arrays: [stridedBuffer(rng, rows, n, is).put(x)], outInit: out.buf, expected: out.put(y), saturated: countSat(y) };
  });
}

function preluCase(rng: Rng, mode: Rounding): Case {
  return retry(() => {
    const n = randInt(rng, 1, 48);
    const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
    const an = pick(rng, divisors);
    const qi: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const qa: ActQuant = { scale: mode === 'shift' ? 2 ** randInt(rng, -10, 2) : randScale(rng), zeroPoint: randZp(rng) };
    const qo: ActQuant = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
    const m = preluParams(qi, qa, qo, mode);
    const x = data(rng, n);
    const alpha = randInt8(rng, an);
    const y = preluInt8(x, actParams(qi.scale, qi.zeroPoint), alpha, actParams(qa.scale, qa.zeroPoint), actParams(qo.scale, qo.zeroPoint), { rounding: mode });
    const params = [n, an, qi.zeroPoint, qa.zeroPoint, qo.zeroPoint, ...mult(m.pos), ...mult(m.neg)];
    return { op: 'prelu', params, arrays: [x, alpha], outInit: randInt8(rng, n), expected: y, saturated: countSat(y) };
  });
}

function copyCase(rng: Rng): Case {
  const [rows, n] = [randInt(rng, 1, 6), randInt(rng, 1, 12)];
  const x = randInt8(rng, rows * n);
  const [is, os] = [strideOf(rng, n), strideOf(rng, n)];
  const out = stridedBuffer(rng, rows, n, os);
  return { op: 'copy_strided', params: [rows, n, is, os], arrays: [stridedBuffer(rng, rows, n, is).put(x)], outInit: out.buf, expected: out.put(x) };
}

function padCase(rng: Rng): Case {
  const [h, w, c] = [randInt(rng, 1, 6), randInt(rng, 1, 6), randInt(rng, 1, 4)];
  const pad = { top: randInt(rng, 0, 3), left: randInt(rng, 0, 3), bottom: randInt(rng, 0, 3), right: randInt(rng, 0, 3) };
  const zp = randZp(rng);
  const x = randInt8(rng, h * w * c);
  const y = padInt8(x, [h, w, c], actParams(randScale(rng), zp), { pad });
  return { op: 'pad', params: [h, w, c, pad.top, pad.left, pad.bottom, pad.right, zp], arrays: [x], outInit: randInt8(rng, y.length), expected: y };
}

function cropCase(rng: Rng): Case {
  const [h, w, c] = [randInt(rng, 1, 8), randInt(rng, 1, 8), randInt(rng, 1, 4)];
  const top = randInt(rng, 0, h - 1);
  const bottom = randInt(rng, 0, h - 1 - top);
  const left = randInt(rng, 0, w - 1);
  const right = randInt(rng, 0, w - 1 - left);
  const x = randInt8(rng, h * w * c);
  const y = cropInt8(x, [h, w, c], { top, left, bottom, right });
  return { op: 'crop', params: [h, w, c, top, left, h - top - bottom, w - left - right], arrays: [x], outInit: randInt8(rng, y.length), expected: y };
}

function upsampleCase(rng: Rng): Case {
  const [h, w, c, sh, sw] = [randInt(rng, 1, 5), randInt(rng, 1, 5), randInt(rng, 1, 4), randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const x = randInt8(rng, h * w * c);
  const y = upsampleInt8(x, [h, w, c], [sh, sw]);
  return { op: 'upsample', params: [h, w, c, sh, sw], arrays: [x], outInit: randInt8(rng, y.length), expected: y };
}

function transposeCase(rng: Rng): Case {
  const rank = randInt(rng, 1, 6);
  const shape = Array.from({ length: rank }, () => randInt(rng, 1, rank > 4 ? 3 : 4));
  const perm = Array.from({ length: rank }, (_, i) => i);
  for (let i = rank - 1; i > 0; i--) {
    const j = randInt(rng, 0, i);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const x = randInt8(rng, shape.reduce((p, d) => p * d, 1));
  const y = transposeInt8(x, shape, perm);
  return { op: 'transpose', params: [rank, ...shape, ...perm], arrays: [x], outInit: randInt8(rng, y.length), expected: y };
}

const LUT_FNS: [ActivationFn, ActivationParams][] = [
  ['relu', {}], ['relu6', {}], ['sigmoid', {}], ['tanh', {}], ['elu', { alpha: 0.7 }], ['swish', {}], ['leaky_relu', { alpha: 0.1 }],
  ['hard_sigmoid', {}], ['selu', {}], ['softplus', {}], ['softsign', {}], ['relu_ex', { maxValue: 3, threshold: 0.5, negativeSlope: 0.2 }],
];

function lutCase(rng: Rng): Case {
  const [fn, params] = pick(rng, LUT_FNS);
  const qi = actParams(randScale(rng), randZp(rng));
  const qo = actParams(randScale(rng), randZp(rng));
  const table = activationLut(fn, params, qi, qo);
  const [rows, n] = [randInt(rng, 1, 5), randInt(rng, 1, 16)];
  const inPlace = rng() < 0.3;
  const is = strideOf(rng, n);
  const os = inPlace ? is : strideOf(rng, n);
  const x = randInt8(rng, rows * n);
  const inBuf = stridedBuffer(rng, rows, n, is).put(x);
  const out = stridedBuffer(rng, rows, n, os);
  const outInit = inPlace ? inBuf.slice() : out.buf;
  const y = lutInt8(x, table);
  const expected = inPlace ? inBuf.slice() : out.put(y);
  if (inPlace) for (let r = 0; r < rows; r++) expected.set(y.subarray(r * n, (r + 1) * n), r * is);
  return { op: 'lut', params: [is, os, rows, n, inPlace ? 1 : 0], arrays: [inBuf, table], outInit, expected };
}

function makeCases(op: OpName, mode: Rounding, seed: number): Case[] {
  const rng = mulberry32(seed);
  const gen: Record<OpName, () => Case> = {
    max_pool: () => poolCase(rng, 'max'),
    avg_pool: () => poolCase(rng, 'avg'),
    global_avg: () => globalPoolCase(rng, 'avg'),
    global_max: () => globalPoolCase(rng, 'max'),
    add: () => addCase(rng, mode),
    mul: () => mulCase(rng, mode),
    minmax: () => minmaxCase(rng, mode),
    concat: () => concatCase(rng, mode),
    requantize: () => requantizeCase(rng, mode),
    prelu: () => preluCase(rng, mode),
    copy_strided: () => copyCase(rng),
    pad: () => padCase(rng),
    crop: () => cropCase(rng),
    upsample: () => upsampleCase(rng),
    transpose: () => transposeCase(rng),
    lut: () => lutCase(rng),
  };
  return Array.from({ length: CASES_PER_OP }, gen[op]);
}

// ------------------------------------------------------------------------------------------------ driver

function encode(cases: readonly Case[]): Buffer {
  const words: number[] = [];
  const arr = (a: Int8Array): void => {
    words.push(a.length);
    for (const v of a) words.push(v);
  };
  for (const c of cases) {
    words.push(OPS[c.op], c.params.length, ...c.params, c.arrays.length);
    c.arrays.forEach(arr);
    arr(c.outInit);
  }
  return Buffer.from(Int32Array.from(words).buffer);
}

function decode(buf: Buffer): Int8Array[] {
  const outs: Int8Array[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const len = buf.readInt32LE(pos);
    pos += 4;
    outs.push(new Int8Array(buf.buffer.slice(buf.byteOffset + pos, buf.byteOffset + pos + len)));
    pos += len;
  }
  return outs;
}

/** First mismatch of a case, or undefined. */
function mismatch(c: Case, got: Int8Array): string | undefined {
  if (got.length !== c.expected.length) return `length ${got.length} != ${c.expected.length}`;
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== c.expected[i]) return `byte ${i}: C ${got[i]}, reference ${c.expected[i]} (params [${c.params}])`;
  }
  return undefined;
}

describe('int8 pooling / elementwise / movement / LUT C kernels vs the TypeScript references', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-elementwise-s8-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const exes = new Map<Rounding, string>();
  function build(mode: Rounding): string {
    const cached = exes.get(mode);
    if (cached) return cached;
    const exe = path.join(dir, `check_${mode}`);
    const srcs = [CHECK_SRC, ...KERNEL_NAMES.map((k) => path.join(KERNELS, `${k}_s8.c`))];
    const cc = spawnSync('gcc', [...FLAGS, ...MACROS[mode], `-I${KERNELS}`, ...srcs, '-o', exe], { encoding: 'utf8' });
    if (cc.error) throw cc.error;
    if (cc.status !== 0) throw new Error(`gcc (${mode}) failed:\n${cc.stdout}${cc.stderr}`);
    exes.set(mode, exe);
    return exe;
  }

  function run(exe: string, cases: readonly Case[]): Int8Array[] {
    const r = spawnSync(exe, [], { input: encode(cases), maxBuffer: 1 << 28, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1' } });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`check program exited ${r.status}:\n${r.stderr.toString()}`);
    return decode(r.stdout);
  }

  describe.each(['double', 'single', 'shift'] as Rounding[])('rounding %s', (mode) => {
    let exe = '';
    beforeAll(() => {
      exe = build(mode);
    });
    const ops = mode === 'double' ? [...REQUANTIZING, ...PLAIN] : REQUANTIZING;
    it.each(ops)('%s: every case bit-exact (buffers and gaps)', (op) => {
      const seed = 1000 * (Object.keys(OPS).indexOf(op) + 1) + ['double', 'single', 'shift'].indexOf(mode);
      const cases = makeCases(op, mode, seed);
      const outs = run(exe, cases);
      expect(outs).toHaveLength(cases.length);
      const bad = cases.map((c, i) => mismatch(c, outs[i])).map((m, i) => (m ? `case ${i}: ${m}` : '')).filter(Boolean);
      expect(bad).toEqual([]);
      if (REQUANTIZING.includes(op)) {
        // The draws must reach saturation (extreme ratios) in a fair share of the cases.
        expect(cases.filter((c) => (c.saturated ?? 0) > 0).length).toBeGreaterThanOrEqual(CASES_PER_OP / 10);
      }
    });
  });

  it.each(['single', 'shift'] as Rounding[])('the rounding macro matters: the default build disagrees with %s references', (mode) => {
    // add and requantize only: their shifts stay within what the default build can apply (≥ −31).
    const exe = build('double');
    let differing = 0;
    for (const op of ['add', 'requantize'] as OpName[]) {
      const cases = makeCases(op, mode, 77);
      const outs = run(exe, cases);
      differing += cases.filter((c, i) => mismatch(c, outs[i]) !== undefined).length;
    }
    expect(differing).toBeGreaterThan(0);
  });

  it('the comparison is sensitive: a corrupted expectation is reported', () => {
    const c = makeCases('add', 'double', 99)[0];
    const got = c.expected.slice();
    got[0] = got[0] === 0 ? 1 : 0;
    expect(mismatch(c, got)).toMatch(/byte 0/);
  });
});
