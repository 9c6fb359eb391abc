/**
 * Transposed convolution (Keras Conv2DTranspose, TFLite TRANSPOSE_CONV), end to end — the op added through the op
 * table (docs/adding-an-op.md):
 * 1. the float TypeScript reference (src/reference/float/conv2d_transpose.ts) against TF.js `tf.conv2dTranspose`
 *    on random configurations ('same'/'valid' mapped to explicit crops, including 'same' with kernel < stride,
 *    whose crop after is negative) and on explicit crops with negative bottom/right;
 * 2. generated float C (one graph holding every case, gcc with ASan/UBSan) against that reference;
 * 3. generated int8 C against the int8 reference byte for byte in each rounding mode (random cases with extreme
 *    zero points and scales, int32-wrapping accumulators, int8-saturating outputs, bias absent/present), and the
 *    reference against an independent scatter in TFLM's loop order (reference_integer_ops::TransposeConv);
 * 4. int8 dequantized against float on realistic scales;
 * 5. Keras models with Conv2DTranspose layers (≥ 30 random configurations, batch norm folded into one, ReLU fused,
 *    Keras's output_padding) imported, compiled and run against TF.js predict, and quantized through the
 *    quantizer to int8 C equal to the int8 reference;
 * 6. TFLite TRANSPOSE_CONV models (float and int8, built with the test writer) imported and run.
 */
import type * as TF from '@tensorflow/tfjs';

import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { addOp, addTensor, emptyGraph, numel, tensor } from '../../src/ir/graph';
import { FusedClamp, Graph, Pad2D, QuantParams } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { Rounding, ROUNDINGS } from '../../src/arith/rounding';
import { Conv2dTransposeAttrs, conv2dTranspose, transposeTaps } from '../../src/reference/float/conv2d_transpose';
import { conv2dTransposeInt8 } from '../../src/reference/int8/conv2d_transpose';
import { ChannelRequant, prepareConv, requantOutput } from '../../src/reference/int8/prepare';
import { runFloat } from '../../src/reference/runFloat';
import { runInt8 } from '../../src/reference/runInt8';
import { buildRunner, runRunner, worstError } from '../helpers/cproject';
import { bytesOf, graphInputs, runInt8C } from '../helpers/int8Run';
import { gaussian } from '../helpers/rng';
import { TfliteBuilder } from '../helpers/tfliteBuild';
import { tempDir } from '../helpers/zooRun';
import { readModelJson, saveModel, seedWeights } from '../zoo/save';
import { Rng, actParams, logUniform, mulberry32, pick, randClamp, randInt, randInt32, randInt8, randScale, randZp } from '../reference/int8/slow';

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

const root = tempDir('tconv');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** One float32 graph with a conv2d_transpose per case (input i → output i). */
function floatCasesGraph(cases: FloatCase[]): Graph {
  const g = emptyGraph('tconv_float');
  cases.forEach((c, i) => {
    const x = addTensor(g, `x${i}`, [c.h, c.w, c.cin]);
    const ins = [x, addTensor(g, `w${i}`, [c.cout, c.kh, c.kw, c.cin], 'float32', c.wOhwi)];
    if (c.bias) ins.push(addTensor(g, `b${i}`, [c.cout], 'float32', c.bias));
    g.inputs.push(x.id);
    g.outputs.push(addOp(g, 'conv2d_transpose', `tconv${i}`, ins, attrsOf(c)).id);
  });
  return g;
}

/** One int8 graph (raw int8 I/O) with a conv2d_transpose per case, requantizing with `rounding`. */
function int8CasesGraph(cases: Int8Case[], rounding: Rounding): Graph {
  const g = emptyGraph(`tconv_${rounding}`);
  cases.forEach((c, i) => {
    const x = addTensor(g, `x${i}`, c.xShape, 'int8');
    x.quant = c.xq;
    const w = addTensor(g, `w${i}`, c.wShape, 'int8', c.w);
    w.quant = c.wq;
    const ins = [x, w];
    if (c.bias) {
      const b = addTensor(g, `b${i}`, [c.wShape[0]], 'int32', c.bias);
      b.quant = { scale: c.wq.scale.map((s) => Math.fround(s * c.xq.scale[0])), zeroPoint: c.wq.scale.map(() => 0) };
      ins.push(b);
    }
    const y = addOp(g, 'conv2d_transpose', `tconv${i}`, ins, c.attrs);
    y.quant = c.oq;
    g.inputs.push(x.id);
    g.outputs.push(y.id);
  });
  g.quantization = { rounding };
  return g;
}

describe('float conv2d_transpose', () => {
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

  test('generated C (every case in one graph, ASan + UBSan) matches the TypeScript reference', () => {
    const g = floatCasesGraph(cases);
    const outDir = path.join(root, 'float');
    const r = generate(g, { target: 'host', outDir, name: 'tconv' });
    expect(r.kernels).toEqual(['conv2d_transpose_f32']);
    const got = runRunner(buildRunner(outDir), [cases.map((c) => c.x)], r.outputs.map((o) => numel(o.shape)));
    const ref = runFloat(g, cases.map((c) => c.x));
    cases.forEach((c, i) => {
      expectNear(got[0][i], ref[i], `C ${c.name}`);
      expectNear(ref[i], conv2dTranspose(c.x, [c.h, c.w, c.cin], c.wOhwi, [c.cout, c.kh, c.kw, c.cin], c.bias, attrsOf(c)), `interpreter ${c.name}`);
    });
  });

  test('bias-only rows and columns beyond the full output, the tap helper, and attribute errors', () => {
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
    // The op table checks attributes for every importer: one line naming the layer and attribute.
    const g = emptyGraph('bad');
    const x = addTensor(g, 'x', [2, 2, 1]);
    const w = addTensor(g, 'w', [1, 1, 1, 1], 'float32', Float32Array.of(1));
    const attrs = (pad: Pad2D, strides: [number, number] = [1, 1]) => ({ strides, pad, clamp: NO_CLAMP });
    expect(() => addOp(g, 'conv2d_transpose', 'up', [x, w], attrs({ top: -1, left: 0, bottom: 0, right: 0 }))).toThrow(/^layer 'up' \(conv2d_transpose\): attribute 'pad' must be integers ≥ 0, got \[-1, 0\]$/);
    expect(() => addOp(g, 'conv2d_transpose', 'up', [x, w], attrs({ top: 0, left: 0, bottom: 0, right: 0 }, [0, 1]))).toThrow(/attribute 'strides' must be integers ≥ 1, got \[0, 1\]/);
    expect(() => addOp(g, 'conv2d_transpose', 'up', [x, w], attrs({ top: 2, left: 0, bottom: 0, right: 0 }))).toThrow(/leaves no output/);
  });
});

describe('int8 conv2d_transpose', () => {
  test.each(ROUNDINGS.map((r) => [r]))('rounding %s: generated C equals the reference byte for byte, and the reference equals a TFLM-order scatter', (mode) => {
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
    const g = int8CasesGraph(cases, rounding);
    const outDir = path.join(root, `int8_${rounding}`);
    const r = generate(g, { target: 'host', outDir, name: 'tconv' });
    expect(r.kernels).toEqual(['conv2d_transpose_s8']);
    const inputs = cases.map((c) => c.x);
    const got = runInt8C({ quant: g, outDir }, [inputs])[0];
    const ref = runInt8(g, inputs);
    cases.forEach((c, i) => {
      const d = firstDiff(new Int8Array(got[i].buffer, got[i].byteOffset, got[i].byteLength), c.expected);
      if (d >= 0) throw new Error(`${rounding} case ${i}: C byte ${d} differs from the reference`);
      expect(bytesOf(ref[i]).equals(got[i])).toBe(true);
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
  }, 300_000);
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

// ---------------------------------------------------------------------------------------------------------
// Keras Conv2DTranspose and TFLite TRANSPOSE_CONV models
// ---------------------------------------------------------------------------------------------------------

const KERAS_BRANCHES = 32;

/** One branch of the Keras model: its input shape and layer options. */
interface KerasBranch {
  shape: [number, number, number];
  filters: number;
  kernel: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
  useBias: boolean;
  activation?: 'relu';
  /** Batch norm (folded into the transposed convolution) and a ReLU layer (fused into it) after the layer. */
  bnRelu: boolean;
}

function kerasBranches(rng: Rng): KerasBranch[] {
  return Array.from({ length: KERAS_BRANCHES }, (_, i) => ({
    shape: [randInt(rng, 1, 7), randInt(rng, 1, 7), randInt(rng, 1, 6)] as [number, number, number],
    filters: randInt(rng, 1, 6),
    kernel: [randInt(rng, 1, 5), randInt(rng, 1, 5)] as [number, number],
    strides: [randInt(rng, 1, 3), randInt(rng, 1, 3)] as [number, number],
    padding: i % 2 === 0 ? 'same' : 'valid',
    useBias: rng() < 0.75,
    activation: i % 5 !== 0 && rng() < 0.25 ? 'relu' : undefined,
    bnRelu: i % 5 === 0,
  }));
}

/** A functional TF.js model with one input → Conv2DTranspose (→ BN → ReLU) → output per branch. */
function kerasModel(tf: typeof TF, branches: KerasBranch[], name: string): TF.LayersModel {
  const inputs: TF.SymbolicTensor[] = [];
  const outputs: TF.SymbolicTensor[] = [];
  branches.forEach((b, i) => {
    const x = tf.input({ shape: b.shape, name: `${name}_in${i}` });
    let y = tf.layers
      .conv2dTranspose({ filters: b.filters, kernelSize: b.kernel, strides: b.strides, padding: b.padding, useBias: b.useBias, activation: b.activation, name: `${name}_up${i}` })
      .apply(x) as TF.SymbolicTensor;
    if (b.bnRelu) {
      y = tf.layers.batchNormalization({ name: `${name}_bn${i}` }).apply(y) as TF.SymbolicTensor;
      y = tf.layers.reLU({ name: `${name}_relu${i}` }).apply(y) as TF.SymbolicTensor;
    }
    inputs.push(x);
    outputs.push(y);
  });
  return tf.model({ inputs, outputs, name });
}

function predict(tf: typeof TF, model: TF.LayersModel, xs: Float32Array[], shapes: number[][]): Float32Array[] {
  return tf.tidy(() => {
    const out = model.predict(xs.map((x, i) => tf.tensor(x, [1, ...shapes[i]])));
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
  });
}

/** The layer list of a saved TF.js topology ({class_name, config: {layers}}, or under model_config). */
function topologyLayers(topology: unknown): { class_name: string; config: Record<string, unknown> }[] {
  type Cfg = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  const t = topology as Cfg & { model_config?: Cfg };
  return (t.model_config ?? t).config.layers;
}

describe('Keras Conv2DTranspose models', () => {
  test(`${KERAS_BRANCHES} random configurations: imported, compiled (ASan + UBSan) and run, within 1e-4 + 1e-3·|ref| of TF.js predict`, async () => {
    const tf = await getTf();
    const branches = kerasBranches(mulberry32(0x4e5));
    const model = kerasModel(tf, branches, 'tconv_keras');
    seedWeights(model, 41);
    const dir = path.join(root, 'keras');
    await saveModel(model, path.join(dir, 'model'));
    const g = optimize(importModel(path.join(dir, 'model', 'model.json')));
    // Batch norm folds into the transposed convolution and both ReLUs fuse into it: one op per branch.
    expect(g.ops.map((o) => o.kind)).toEqual(new Array(KERAS_BRANCHES).fill('conv2d_transpose'));
    const r = generate(g, { target: 'host', outDir: path.join(dir, 'c'), name: 'tconv' });
    const rng = mulberry32(7);
    const shapes = branches.map((b) => [...b.shape]);
    const samples = [0, 1].map(() => shapes.map((s) => Float32Array.from({ length: numel(s) }, () => rng() * 4 - 2)));
    const got = runRunner(buildRunner(path.join(dir, 'c')), samples, r.outputs.map((o) => numel(o.shape)));
    samples.forEach((xs, si) => {
      const want = predict(tf, model, xs, shapes);
      want.forEach((ref, i) => {
        const e = worstError(got[si][i], ref);
        if (e.excess > 0) throw new Error(`branch ${i} ${JSON.stringify(branches[i])}: C ${e.got} vs TF.js ${e.ref} at ${e.index}`);
      });
    });
    expect(new Set(branches.map((b) => b.padding))).toEqual(new Set(['same', 'valid']));
    expect(branches.filter((b) => b.kernel[0] < b.strides[0] || b.kernel[1] < b.strides[1]).length).toBeGreaterThan(3);
  }, 300_000);

  test('quantized to int8 by the quantizer: generated C equals the int8 reference byte for byte', async () => {
    const tf = await getTf();
    const branches = kerasBranches(mulberry32(0x51)).slice(0, 10);
    const model = kerasModel(tf, branches, 'tconv_q');
    seedWeights(model, 43);
    const dir = path.join(root, 'keras_int8');
    await saveModel(model, path.join(dir, 'model'));
    const float = optimizeForInt8(importModel(path.join(dir, 'model', 'model.json')));
    const rng = mulberry32(9);
    const sample = (): Float32Array[] => branches.map((b) => Float32Array.from({ length: numel(b.shape) }, () => rng() * 4 - 2));
    const { graph } = quantizeModel(float, [sample(), sample(), sample(), sample()]);
    const outDir = path.join(dir, 'c');
    generate(graph, { target: 'host', outDir, name: 'tconv' });
    const samples = [sample(), sample()].map((s) => graphInputs(graph, s));
    const got = runInt8C({ quant: graph, outDir }, samples);
    samples.forEach((s, si) => runInt8(graph, s).forEach((ref, i) => expect(bytesOf(ref).equals(got[si][i])).toBe(true)));
    expect(graph.ops.filter((o) => o.kind === 'conv2d_transpose').length).toBe(branches.length);
  }, 300_000);

  test("Keras's output_padding: the layer's output size and TF's crop for it", async () => {
    const tf = await getTf();
    const layerDir = path.join(root, 'outpad');
    const model = kerasModel(tf, [{ shape: [5, 4, 3], filters: 2, kernel: [3, 4], strides: [2, 3], padding: 'same', useBias: true, bnRelu: false }, { shape: [3, 3, 2], filters: 3, kernel: [2, 2], strides: [3, 2], padding: 'valid', useBias: true, bnRelu: false }], 'tconv_op');
    seedWeights(model, 47);
    await saveModel(model, path.join(layerDir, 'model'));
    // TF.js cannot write output_padding; Keras does. Put it in the saved topology.
    const json = readModelJson(path.join(layerDir, 'model'));
    const layers = topologyLayers(json.modelTopology);
    const ups = layers.filter((l) => l.class_name === 'Conv2DTranspose');
    ups[0].config.output_padding = [1, 2];
    ups[1].config.output_padding = [2, 0];
    fs.writeFileSync(path.join(layerDir, 'model', 'model.json'), JSON.stringify(json));
    const g = optimize(importModel(path.join(layerDir, 'model', 'model.json')));
    // Keras: out = (n − 1)·s + k − 2·⌊k/2⌋ + output_padding ('same'), (n − 1)·s + k + output_padding ('valid').
    expect(g.outputs.map((id) => tensor(g, id).shape)).toEqual([[(5 - 1) * 2 + 3 - 2 + 1, (4 - 1) * 3 + 4 - 4 + 2, 2], [(3 - 1) * 3 + 2 + 2, (3 - 1) * 2 + 2, 3]]);
    const r = generate(g, { target: 'host', outDir: path.join(layerDir, 'c'), name: 'tconv' });
    const rng = mulberry32(11);
    const xs = [Float32Array.from({ length: 60 }, () => rng() - 0.5), Float32Array.from({ length: 18 }, () => rng() - 0.5)];
    const got = runRunner(buildRunner(path.join(layerDir, 'c')), [xs], r.outputs.map((o) => numel(o.shape)));
    // TF.js's conv2dTranspose op with that output shape, plus the bias: what Keras computes.
    const want = tf.tidy(() =>
      [0, 1].map((i) => {
        const [kernel, bias] = model.getLayer(`tconv_op_up${i}`).getWeights();
        const shape = tensor(g, g.outputs[i]).shape;
        const ins = [[1, 5, 4, 3], [1, 3, 3, 2]][i];
        const y = tf.conv2dTranspose(tf.tensor4d(xs[i], ins as [number, number, number, number]), kernel as TF.Tensor4D, [1, shape[0], shape[1], shape[2]], i === 0 ? [2, 3] : [3, 2], i === 0 ? 'same' : 'valid');
        return Float32Array.from(tf.add(y, bias).dataSync());
      }),
    );
    want.forEach((ref, i) => expect(worstError(got[0][i], ref).excess).toBeLessThanOrEqual(0));
  }, 120_000);

  test('a dilated Conv2DTranspose is a one-line import error naming the layer', async () => {
    const tf = await getTf();
    const dir = path.join(root, 'dilated');
    const model = kerasModel(tf, [{ shape: [4, 4, 1], filters: 1, kernel: [3, 3], strides: [1, 1], padding: 'valid', useBias: false, bnRelu: false }], 'tconv_dil');
    await saveModel(model, path.join(dir, 'model'));
    const json = readModelJson(path.join(dir, 'model'));
    const layers = topologyLayers(json.modelTopology);
    layers.filter((l) => l.class_name === 'Conv2DTranspose')[0].config.dilation_rate = [2, 2];
    fs.writeFileSync(path.join(dir, 'model', 'model.json'), JSON.stringify(json));
    expect(() => importModel(path.join(dir, 'model', 'model.json'))).toThrow(/^model\.json: layer 'tconv_dil_up0' \(Conv2DTranspose\): dilation_rate 2,2 is not supported/);
  });
});

describe('TFLite TRANSPOSE_CONV models built with the test writer', () => {
  /** x [1, H, W, Cin] → TRANSPOSE_CONV (output_shape [1, oh, ow, Cout]) → y, float32 or int8. */
  function tfliteModel(int8: boolean, padding: 'SAME' | 'VALID', h: number, w: number, cin: number, cout: number, k: [number, number], s: [number, number]): { bytes: Uint8Array; oh: number; ow: number; wq: Float32Array; b: Float32Array } {
    const oh = padding === 'SAME' ? h * s[0] : (h - 1) * s[0] + k[0];
    const ow = padding === 'SAME' ? w * s[1] : (w - 1) * s[1] + k[1];
    const rng = mulberry32(h * 100 + w);
    const wf = Float32Array.from({ length: cout * k[0] * k[1] * cin }, () => Math.fround(rng() - 0.5));
    const bf = Float32Array.from({ length: cout }, () => Math.fround(rng() * 0.2));
    const b = new TfliteBuilder();
    const shape = b.constTensor('output_shape', [4], Int32Array.of(1, oh, ow, cout));
    let x: number;
    let wt: number;
    let bias: number;
    let y: number;
    if (int8) {
      const sW = Array.from({ length: cout }, (_, o) => Math.max(...Array.from(wf.subarray(o * k[0] * k[1] * cin, (o + 1) * k[0] * k[1] * cin), Math.abs)) / 127);
      const per = k[0] * k[1] * cin;
      x = b.tensor('x', [1, h, w, cin], 'int8', { scale: [1 / 64], zeroPoint: [3] });
      wt = b.constTensor('w', [cout, k[0], k[1], cin], Int8Array.from(wf, (v, i) => Math.round(v / sW[Math.floor(i / per)])), { scale: sW, quantizedDimension: 0 });
      bias = b.constTensor('b', [cout], Int32Array.from(bf, (v, o) => Math.round(v / (sW[o] / 64))), { scale: sW.map((v) => v / 64) });
      y = b.tensor('y', [1, oh, ow, cout], 'int8', { scale: [1 / 20], zeroPoint: [-5] });
    } else {
      x = b.tensor('x', [1, h, w, cin]);
      wt = b.constTensor('w', [cout, k[0], k[1], cin], wf);
      bias = b.constTensor('b', [cout], bf);
      y = b.tensor('y', [1, oh, ow, cout]);
    }
    b.op('TRANSPOSE_CONV', [shape, wt, x, bias], [y], { padding, strideH: s[0], strideW: s[1] }, 3);
    b.inputs([x]).outputs([y]);
    return { bytes: b.bytes(), oh, ow, wq: wf, b: bf };
  }

  test.each([
    ['SAME', 4, 5, 3, 2, [3, 3], [2, 2]],
    ['VALID', 3, 4, 2, 3, [2, 3], [2, 1]],
    ['SAME', 3, 3, 2, 2, [1, 2], [3, 3]],
  ] as const)('float32 %s: imports, runs, and equals tf.conv2dTranspose + bias', async (padding, h, w, cin, cout, k, s) => {
    const tf = await getTf();
    const m = tfliteModel(false, padding, h, w, cin, cout, [...k], [...s]);
    const file = path.join(root, `tfl_${padding}_${h}${w}.tflite`);
    fs.writeFileSync(file, m.bytes);
    const g = optimize(importModel(file));
    expect(g.ops.map((o) => o.kind)).toEqual(['conv2d_transpose']);
    const outDir = path.join(root, `tfl_${padding}_${h}${w}`);
    const r = generate(g, { target: 'host', outDir, name: 'tconv' });
    const rng = mulberry32(5);
    const x = Float32Array.from({ length: h * w * cin }, () => rng() * 2 - 1);
    const got = runRunner(buildRunner(outDir), [[x]], r.outputs.map((o) => numel(o.shape)))[0][0];
    const want = tf.tidy(() => {
      const filter = tf.transpose(tf.tensor4d(m.wq, [cout, k[0], k[1], cin]), [1, 2, 0, 3]) as TF.Tensor4D;
      const yv = tf.conv2dTranspose(tf.tensor4d(x, [1, h, w, cin]), filter, [1, m.oh, m.ow, cout], [...s], padding === 'SAME' ? 'same' : 'valid');
      return Float32Array.from(tf.add(yv, tf.tensor1d(m.b)).dataSync());
    });
    expect(worstError(got, want).excess).toBeLessThanOrEqual(0);
  });

  test('int8 (per-channel weights, int32 bias): imports, generated C equals the int8 reference', () => {
    const m = tfliteModel(true, 'SAME', 4, 3, 2, 3, [3, 2], [2, 2]);
    const file = path.join(root, 'tfl_int8.tflite');
    fs.writeFileSync(file, m.bytes);
    const g = optimize(importModel(file));
    expect(g.quantization?.rounding).toBe('double');
    const outDir = path.join(root, 'tfl_int8');
    generate(g, { target: 'host', outDir, name: 'tconv' });
    const rng = mulberry32(3);
    const samples = [0, 1, 2].map(() => [Int8Array.from({ length: 24 }, () => Math.floor(rng() * 256) - 128)]);
    const got = runInt8C({ quant: g, outDir }, samples);
    samples.forEach((sm, i) => expect(bytesOf(runInt8(g, sm)[0]).equals(got[i][0])).toBe(true));
  });

  test('a TRANSPOSE_CONV whose output_shape disagrees with its weights is a one-line import error', () => {
    const b = new TfliteBuilder();
    const shape = b.constTensor('output_shape', [4], Int32Array.of(1, 4, 4, 5));
    const w = b.constTensor('w', [2, 2, 2, 1], new Float32Array(8));
    const x = b.tensor('x', [1, 2, 2, 1]);
    const y = b.tensor('y', [1, 4, 4, 5]);
    b.op('TRANSPOSE_CONV', [shape, w, x], [y], { padding: 'VALID', strideH: 2, strideW: 2 }, 1);
    b.inputs([x]).outputs([y]);
    const file = path.join(root, 'tfl_bad.tflite');
    fs.writeFileSync(file, b.bytes());
    expect(() => importModel(file)).toThrow(/operator 0 TRANSPOSE_CONV v1: output_shape must be int32 \[1, H, W, 2\], got \[1,4,4,5\]/);
  });
});
