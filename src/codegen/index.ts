import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { dtypeBytes, numel, tensor } from '../ir/graph';
import { DType, Graph, Tensor } from '../ir/types';
import { packageRoot } from '../paths';
import { MemoryPlan, pixelStride, placementPeak, planMemory, PlanOptions, runsInReverse } from '../plan';
import { getTarget, Target } from '../targets';
import { cComment, cFloatArray, cIdent, cIntArray, isValidPrefix } from './format';
import { OpCall, PointerNames, opCall } from './opCalls';
import { toHalfArray } from '../arith/float16';
import { opCallInt8 } from './opCallsInt8';
import { storedBytes } from './size';
import { templateEnv } from './templates';
import { MANIFEST_FILE, writeProject } from './writeProject';

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Target id (targets/<id>.json). */
  target: string;
  /** Output folder (replaced atomically). */
  outDir: string;
  /** Symbol prefix, a C identifier (default "model"). */
  name?: string;
  /** Fail when the arena exceeds this many bytes. */
  ramBudget?: number;
  /** Memory planning options (in-place, zero-copy concat, reordering, algorithms). */
  plan?: PlanOptions;
}

/** Description of a model input or output in the generated API. */
export interface IoInfo {
  name: string;
  shape: number[];
  dtype: string;
  bytes: number;
  /** int8 tensors: real = scale · (q − zeroPoint). */
  scale?: number;
  zeroPoint?: number;
}

/** What {@link generate} produced. */
export interface GenerateResult {
  target: string;
  outDir: string;
  prefix: string;
  arenaBytes: number;
  lowerBoundBytes: number;
  weightBytes: number;
  ops: number;
  inputs: IoInfo[];
  outputs: IoInfo[];
  files: string[];
  kernels: string[];
}

/** The package version, stamped into banners. */
export function toolVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

function ioInfo(t: Tensor): IoInfo {
  const q = t.dtype === 'int8' && t.quant ? { scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] } : {};
  return { name: t.name, shape: [...t.shape], dtype: t.dtype, bytes: numel(t.shape) * dtypeBytes(t.dtype), ...q };
}

function ioCtx(t: Tensor, offset: number) {
  const dims = [...t.shape, ...new Array(Math.max(0, 6 - t.shape.length)).fill(0)].slice(0, 6);
  return {
    name: cComment(t.name).replace(/["\\]/g, '_'),
    rank: t.shape.length,
    dimsList: t.shape.join(', '),
    dimsInit: dims.join(', '),
    size: numel(t.shape),
    bytes: numel(t.shape) * dtypeBytes(t.dtype),
    dtype: t.dtype,
    DTYPE: t.dtype.toUpperCase(),
    offset,
  };
}

const KERNEL_DIR = (): string => path.join(packageRoot(), 'firmware', 'kernels');

/** Copies a kernel source with its `tinyfit_` / `TINYFIT_` prefix rewritten to the model's (and `prelude` first). */
function kernelSource(file: string, prefix: string, modelName: string, prelude = ''): string {
  const src = prelude + fs.readFileSync(path.join(KERNEL_DIR(), file), 'utf8');
  const banner = `/* ${file}: copied by tinyfit ${toolVersion()} for model '${cComment(modelName)}' from firmware/kernels, symbols prefixed '${prefix}_'. */\n`;
  return banner + src.replace(/\btinyfit_/g, `${prefix}_`).replace(/\bTINYFIT_/g, `${prefix.toUpperCase()}_`);
}

/** Headers (and included .c bases) the kernels include besides their own header, transitively. */
function sharedHeaders(kernelList: string[]): string[] {
  const own = new Set(kernelList.flatMap((k) => [`${k}.h`, `${k}.c`]));
  const found = new Set<string>();
  const queue = kernelList.flatMap((k) => [`${k}.h`, `${k}.c`]);
  while (queue.length) {
    const f = queue.pop()!;
    const src = fs.readFileSync(path.join(KERNEL_DIR(), f), 'utf8');
    for (const m of src.matchAll(/^#include "([^"]+)"/gm)) {
      const inc = m[1];
      if (own.has(inc) || found.has(inc) || !fs.existsSync(path.join(KERNEL_DIR(), inc))) continue;
      found.add(inc);
      queue.push(inc);
    }
  }
  return [...found].sort();
}

const ROUNDING_DEFINE = {
  single: '#define TINYFIT_SINGLE_ROUNDING 1 /* model quantized with single-rounding requantization */\n',
  shift: '#define TINYFIT_SHIFT_ROUNDING 1 /* dynamic fixed point: power-of-two rescaling by shifts */\n',
} as const;

const C_TYPE: Record<DType, string> = { float32: 'float', int8: 'int8_t', int32: 'int32_t' };

/** The C arrays of one constant: its data in its storage form (plus int8 storage's channel scales). */
function storedArrays(t: Tensor, symbol: string): { symbol: string; note: string; dims: string; size: number; ctype: string; values: string }[] {
  const dims = t.shape.join(', ');
  const n = t.data!.length;
  const st = t.storage;
  if (st?.kind === 'float16') {
    return [{ symbol, note: ' (IEEE half bits)', dims, size: n, ctype: 'uint16_t', values: cIntArray(toHalfArray(t.data as Float32Array)) }];
  }
  if (st?.kind === 'int8') {
    return [
      { symbol, note: ' (int8, per-channel scales in _scale)', dims, size: n, ctype: 'int8_t', values: cIntArray(st.q) },
      { symbol: `${symbol}_scale`, note: ' channel scales', dims: String(st.scales.length), size: st.scales.length, ctype: 'float', values: cFloatArray(st.scales) },
    ];
  }
  return [{ symbol, note: '', dims, size: n, ctype: C_TYPE[t.dtype], values: cArray(t) }];
}

/** C initializer list of a constant tensor. */
function cArray(t: Tensor): string {
  return t.dtype === 'float32' ? cFloatArray(t.data as Float32Array) : cIntArray(t.data!);
}

/**
 * Generates a C project for a target from an (optimized) IR graph: weights, model.h/model.c with an
 * ahead-of-time call sequence over one static arena, the kernels the model uses, and the target's project
 * files. Writes atomically to `opts.outDir`.
 */
export function generate(input: Graph, opts: GenerateOptions): GenerateResult {
  const target: Target = getTarget(opts.target);
  const prefix = opts.name ?? 'model';
  if (!isValidPrefix(prefix)) {
    throw new TinyfitError(`--name '${prefix}' is not a valid C identifier prefix (letters, digits, '_', starting with a letter, ≤ 32 chars)`);
  }
  const PREFIX = prefix.toUpperCase();
  const rounding = input.quantization?.rounding;
  if (!rounding) {
    for (const t of input.tensors.values()) {
      if (t.dtype !== 'float32') throw new TinyfitError(`tensor '${t.name}' has dtype ${t.dtype} but the model is not quantized (no quantization settings)`);
    }
  }
  const plan: MemoryPlan = planMemory(input, { align: 16, ...opts.plan });
  const g = plan.graph; // ops in the planned order
  if (opts.ramBudget !== undefined && plan.arenaBytes > opts.ramBudget) {
    const peak = placementPeak(plan);
    throw new TinyfitError(
      `arena needs ${plan.arenaBytes} B, over the --ram-budget of ${opts.ramBudget} B; peak at op '${g.ops[peak.step]?.name ?? 'input'}' (step ${peak.step}) with ${peak.live.join(', ')} live`,
    );
  }

  // Weight symbols for every constant an op reads.
  const symbols = new Map<number, string>();
  const weights: Record<string, unknown>[] = [];
  let weightBytes = 0;
  for (const op of g.ops) {
    for (const id of op.inputs) {
      const t = tensor(g, id);
      if (!t.data || symbols.has(id)) continue;
      const symbol = `${prefix}_w${symbols.size}_${cIdent(t.name).slice(-40)}`.replace(/_+/g, '_');
      symbols.set(id, symbol);
      weightBytes += storedBytes(t);
      for (const a of storedArrays(t, symbol)) {
        weights.push({ symbol: a.symbol, comment: cComment(t.name) + a.note, dimsList: a.dims, size: a.size, ctype: a.ctype, values: a.values });
      }
    }
  }
  const ptr = (id: number): string => {
    const s = symbols.get(id);
    if (s) return s;
    const off = plan.offsets.get(id);
    if (off === undefined) throw new Error(`internal: tensor ${tensor(g, id).name} has no arena offset`);
    return `${PREFIX}_${tensor(g, id).dtype === 'int8' ? 'S8' : 'F32'}(${off})`;
  };

  const kernels = new Set<string>();
  const calls: Record<string, unknown>[] = [];
  const decls: string[] = [];
  g.ops.forEach((op, step) => {
    const names: PointerNames = {
      ptr,
      stride: (id) => pixelStride(plan, tensor(g, id)),
      strided: (id) => (plan.build.storage.get(id)?.pixelStride ?? 0) !== 0,
      inPlaceDepthwise: (o) => plan.build.inPlaceDepthwise.has(o.id),
      scratch: (o) => {
        const b = plan.build.scratch.get(o.id);
        return b === undefined ? undefined : `${PREFIX}_${rounding ? 'S8' : 'F32'}(${plan.placement.offsets[b]})`;
      },
      concatViews: (o) => plan.build.concatViews.get(o.id),
      reverse: (o) => runsInReverse(plan, o),
    };
    let c: OpCall | undefined;
    if (rounding) {
      const ci = opCallInt8(g, op, names, `${prefix}_op${step}`, rounding, prefix);
      if (ci) {
        decls.push(...ci.decls);
        weightBytes += ci.declBytes;
      }
      c = ci;
    } else c = opCall(g, op, names);
    if (!c) return;
    c.kernels.forEach((k) => kernels.add(k));
    calls.push({ ...c.ctx, template: c.template, step, name: cComment(op.name), prefix, PREFIX });
  });
  const kernelList = [...kernels].sort();
  const inputs = g.inputs.map((id) => tensor(g, id));
  const outputs = g.outputs.map((id) => tensor(g, id));
  const ctx = {
    version: toolVersion(),
    modelName: cComment(g.name),
    prefix,
    PREFIX,
    arenaBytes: plan.arenaBytes,
    arenaDecl: Math.max(plan.arenaBytes, 1),
    align: plan.align,
    weightBytes,
    peakOp: cComment(g.ops[plan.peakStep]?.name ?? 'input'),
    inputs: inputs.map((t) => ioCtx(t, plan.offsets.get(t.id) ?? 0)),
    outputs: outputs.map((t) => ioCtx(t, plan.offsets.get(t.id) ?? 0)),
    inputsDecl: Math.max(inputs.length, 1),
    outputsDecl: Math.max(outputs.length, 1),
    inputOffsets: inputs.map((t) => `${plan.offsets.get(t.id) ?? 0}u`).join(', '),
    outputOffsets: outputs.map((t) => `${plan.offsets.get(t.id) ?? 0}u`).join(', '),
    weights,
    calls,
    decls,
    kernelHeaders: kernelList,
    kernelSources: kernelList,
    target: target.id,
  };

  const env = templateEnv(target.family);
  const files = new Map<string, string>();
  for (const f of ['model.h', 'model.c', 'weights.h', 'weights.c']) files.set(f, env.render(f, ctx));
  for (const k of kernelList) {
    files.set(`kernels/${k}.h`, kernelSource(`${k}.h`, prefix, g.name));
    files.set(`kernels/${k}.c`, kernelSource(`${k}.c`, prefix, g.name));
  }
  for (const h of sharedHeaders(kernelList)) {
    const define = h === 'fixedpoint_s8.h' && rounding && rounding !== 'double' ? ROUNDING_DEFINE[rounding] : '';
    files.set(`kernels/${h}`, kernelSource(h, prefix, g.name, define));
  }
  for (const name of env.familyFiles) files.set(name.replace(/\.hbs$/, ''), env.render(name, ctx));

  const result: GenerateResult = {
    target: target.id,
    outDir: opts.outDir,
    prefix,
    arenaBytes: plan.arenaBytes,
    lowerBoundBytes: plan.lowerBound,
    weightBytes,
    ops: calls.length,
    inputs: inputs.map(ioInfo),
    outputs: outputs.map(ioInfo),
    files: [...files.keys(), MANIFEST_FILE].sort(),
    kernels: kernelList,
  };
  files.set(MANIFEST_FILE, JSON.stringify({ generator: `tinyfit ${ctx.version}`, model: g.name, ...result, outDir: undefined }, null, 2) + '\n');
  writeProject(opts.outDir, files);
  return result;
}
