import { Op } from './types';
import { TinyfitError } from '../errors';

function fail(op: Op, msg: string): never {
  throw new TinyfitError(`layer '${op.name}' (${op.kind}): ${msg}`);
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Normalises a possibly negative axis for a tensor of rank `rank`. */
export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Output length of a windowed op along one axis given explicit padding. */
export function windowOut(inLen: number, k: number, stride: number, dil: number, padBefore: number, padAfter: number): number {
  const eff = (k - 1) * dil + 1;
  return Math.floor((inLen + padBefore + padAfter - eff) / stride) + 1;
}

/**
 * TF 'same'/'valid' padding for one axis: returns [before, after] (TF puts the odd cell after).
 */
export function tfPadding(mode: 'same' | 'valid', inLen: number, k: number, stride: number, dil: number): [number, number] {
  if (mode === 'valid') return [0, 0];
  const eff = (k - 1) * dil + 1;
  const out = Math.ceil(inLen / stride);
  const total = Math.max((out - 1) * stride + eff - inLen, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

function expectRank(op: Op, shape: number[], rank: number, what = 'input'): void {
  if (shape.length !== rank) fail(op, `${what} must have rank ${rank} (without batch), got shape [${shape}]`);
}

/** True when `s`, right-aligned against `out`, is leading 1s followed by `out`'s trailing dims. */
function isTrailingBlock(s: number[], out: number[]): boolean {
  const pad = [...new Array(Math.max(0, out.length - s.length)).fill(1), ...s];
  if (pad.length !== out.length) return false;
  let k = pad.findIndex((d) => d !== 1);
  if (k < 0) k = pad.length;
  return pad.slice(k).every((d, i) => d === out[k + i]);
}

/**
 * NumPy-style broadcast of two shapes, restricted to what a flat `i % size` index can express: each operand
 * must be a trailing block of the result. Undefined when the shapes do not broadcast that way.
 */
export function broadcastShape(a: number[], b: number[]): number[] | undefined {
  const r = Math.max(a.length, b.length);
  const pa = [...new Array(r - a.length).fill(1), ...a];
  const pb = [...new Array(r - b.length).fill(1), ...b];
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    if (pa[i] !== pb[i] && pa[i] !== 1 && pb[i] !== 1) return undefined;
    out.push(Math.max(pa[i], pb[i]));
  }
  return isTrailingBlock(a, out) && isTrailingBlock(b, out) ? out : undefined;
}

/**
 * Infers the output shape of an op from its input shapes. `hint` is the requested output shape for
 * reshape (required there, checked for size).
 */
export function inferShape(op: Op, ins: number[][], hint?: number[]): number[] {
  switch (op.kind) {
    case 'conv2d': {
      const [x, w] = ins;
      expectRank(op, x, 3);
      const [cout, kh, kw, cin] = w;
      if (cin !== x[2]) fail(op, `kernel expects ${cin} input channels, input has ${x[2]}`);
      const a = op.attrs;
      const oh = windowOut(x[0], kh, a.strides[0], a.dilations[0], a.pad.top, a.pad.bottom);
      const ow = windowOut(x[1], kw, a.strides[1], a.dilations[1], a.pad.left, a.pad.right);
      if (oh <= 0 || ow <= 0) fail(op, `kernel ${kh}x${kw} does not fit input ${x[0]}x${x[1]}`);
      return [oh, ow, cout];
    }
    case 'depthwise_conv2d': {
      const [x, w] = ins;
      expectRank(op, x, 3);
      const [, kh, kw, c] = w;
      const a = op.attrs;
      if (c !== x[2] * a.depthMultiplier) fail(op, `kernel has ${c} channels, expected ${x[2]}×${a.depthMultiplier}`);
      const oh = windowOut(x[0], kh, a.strides[0], a.dilations[0], a.pad.top, a.pad.bottom);
      const ow = windowOut(x[1], kw, a.strides[1], a.dilations[1], a.pad.left, a.pad.right);
      if (oh <= 0 || ow <= 0) fail(op, `kernel ${kh}x${kw} does not fit input ${x[0]}x${x[1]}`);
      return [oh, ow, c];
    }
    case 'dense': {
      const [x, w] = ins;
      if (x.length < 1) fail(op, 'input must have rank ≥ 1');
      if (w[1] !== x[x.length - 1]) fail(op, `weights expect ${w[1]} inputs, input has ${x[x.length - 1]}`);
      return [...x.slice(0, -1), w[0]];
    }
    case 'pool2d': {
      const [x] = ins;
      expectRank(op, x, 3);
      const a = op.attrs;
      const oh = windowOut(x[0], a.pool[0], a.strides[0], 1, a.pad.top, a.pad.bottom);
      const ow = windowOut(x[1], a.pool[1], a.strides[1], 1, a.pad.left, a.pad.right);
      if (oh <= 0 || ow <= 0) fail(op, `pool ${a.pool} does not fit input ${x[0]}x${x[1]}`);
      return [oh, ow, x[2]];
    }
    case 'global_pool': {
      expectRank(op, ins[0], 3);
      return [ins[0][2]];
    }
    case 'reshape': {
      if (!hint) fail(op, 'reshape needs a target shape');
      if (numel(hint) !== numel(ins[0])) fail(op, `cannot reshape [${ins[0]}] (${numel(ins[0])} elements) to [${hint}]`);
      return [...hint];
    }
    case 'transpose': {
      const p = op.attrs.perm;
      if (p.length !== ins[0].length || [...p].sort().some((v, i) => v !== i)) fail(op, `bad permutation [${p}] for shape [${ins[0]}]`);
      return p.map((i) => ins[0][i]);
    }
    case 'affine': {
      const [x, s, b] = ins;
      const ax = normAxis(op.attrs.axis, x.length);
      if (ax < 0 || ax >= x.length) fail(op, `axis ${op.attrs.axis} out of range for shape [${x}]`);
      if (numel(s) !== x[ax] || numel(b) !== x[ax]) fail(op, `scale/shift must have ${x[ax]} elements`);
      return [...x];
    }
    case 'activation':
    case 'identity':
    case 'quantize':
    case 'dequantize':
      return [...ins[0]];
    case 'prelu': {
      const [x, al] = ins;
      const n = numel(x);
      const an = numel(al);
      if (an === 0 || n % an !== 0) fail(op, `alpha of shape [${al}] does not broadcast to [${x}]`);
      return [...x];
    }
    case 'softmax': {
      const ax = normAxis(op.attrs.axis, ins[0].length);
      if (ax < 0 || ax >= ins[0].length) fail(op, `axis ${op.attrs.axis} out of range for shape [${ins[0]}]`);
      return [...ins[0]];
    }
    case 'binary': {
      const out = broadcastShape(ins[0], ins[1]);
      if (!out) {
        fail(op, `inputs of shapes [${ins[0]}] and [${ins[1]}] do not broadcast (an operand may only repeat over leading axes, e.g. [1,1,C] against [H,W,C])`);
      }
      return out;
    }
    case 'concat': {
      const rank = ins[0].length;
      const ax = normAxis(op.attrs.axis, rank);
      if (ax < 0 || ax >= rank) fail(op, `axis ${op.attrs.axis} out of range for rank ${rank}`);
      const out = [...ins[0]];
      out[ax] = 0;
      for (const s of ins) {
        if (s.length !== rank || s.some((d, i) => i !== ax && d !== ins[0][i])) {
          fail(op, `inputs [${ins.map((x) => `[${x}]`).join(', ')}] do not match except on axis ${ax}`);
        }
        out[ax] += s[ax];
      }
      return out;
    }
    case 'pad': {
      const [x] = ins;
      expectRank(op, x, 3);
      const p = op.attrs.pad;
      return [x[0] + p.top + p.bottom, x[1] + p.left + p.right, x[2]];
    }
    case 'crop': {
      const [x] = ins;
      expectRank(op, x, 3);
      const c = op.attrs.crop;
      const h = x[0] - c.top - c.bottom;
      const w = x[1] - c.left - c.right;
      if (h <= 0 || w <= 0) fail(op, `cropping ${JSON.stringify(c)} removes all of [${x}]`);
      return [h, w, x[2]];
    }
    case 'upsample': {
      const [x] = ins;
      expectRank(op, x, 3);
      return [x[0] * op.attrs.scale[0], x[1] * op.attrs.scale[1], x[2]];
    }
  }
}
