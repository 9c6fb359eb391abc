/**
 * The C of a patch stage (src/plan/patch): for every patch, every stage op calls its ordinary kernel on the patch's
 * sub-region. The kernels take whole-tensor geometry without a row stride, so a patch is expressed through their
 * arguments: the input is the previous op's compact per-patch buffer (or the whole graph input, with the window
 * origin moved by rows through the pointer and by columns through pad_left, which may then be negative: the
 * kernels clip windows against [0, in_w) for any origin); padding is the original one only where the region
 * touches the border; the last op writes into the full split tensor one output row per call (out_h = 1, so the
 * kernel's row stride never matters). The calls run from a constant table: one row per call with the stage op and
 * the arguments that vary between its calls (sizes, padding, arena offsets), a switch over the op calling its kernel
 * with the other arguments as literals (about 16 bytes of flash per call instead of about 100 unrolled).
 */
import { tensor } from '../ir/graph';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { Rounding } from '../arith/rounding';
import type { PatchSchedule } from '../plan';
import { Region, regionSize, windowOf } from '../plan/patch/receptive';
import { callsOf } from './calls';
import { Int8Call, Int8CallCtx, OpCall, PointerNames } from './calls/common';
import { int8Ctx } from './emitCalls';
import { cComment } from './format';

/** What the stage's code needs besides the graph: the schedule and how to name an arena offset in C. */
export interface PatchStageInput {
  schedule: PatchSchedule;
  /** C expression of an int8 pointer at an arena byte offset. */
  at(offset: number): string;
  /** Arena offsets of the graph input and of the split tensor. */
  inputOffset: number;
  splitOffset: number;
}

/** One kernel call's view of its input: where the region's first byte is, the region and its row length. */
interface InView {
  offset: number;
  region: Region;
}

/**
 * The C statement of one stage op on one block of its output: rows [oy0, oy1), columns [ox0, ox1) written at
 * arena byte `outOffset` (contiguous, width ox1 − ox0), reading the region `inp` of its input.
 */
function callFor(g: Graph, op: Op, ctx: Int8CallCtx, inp: InView, out: Region, outOffset: number, at: (o: number) => string): KernelCall {
  const win = windowOf(g, op);
  const x = tensor(g, op.inputs[0]);
  const y = tensor(g, op.outputs[0]);
  const [h, w] = regionSize(inp.region);
  const rowStart = out.r0 * win.s[0] - win.pad[0];
  const shift = Math.max(0, rowStart - inp.region.r0);
  const top = inp.region.r0 + shift - rowStart;
  const left = inp.region.c0 - (out.c0 * win.s[1] - win.pad[1]);
  const xs: Tensor = { ...x, shape: [h - shift, w, x.shape[2]] };
  const ys: Tensor = { ...y, shape: [...regionSize(out), y.shape[2]] };
  const tensors = new Map(g.tensors);
  tensors.set(x.id, xs);
  tensors.set(y.id, ys);
  const sub = { ...op, attrs: { ...op.attrs, pad: { top, left, bottom: 0, right: 0 } } } as Op;
  const p: PointerNames = {
    ...ctx.p,
    ptr: (id) => (id === x.id ? at(inp.offset + shift * w * x.shape[2]) : id === y.id ? at(outOffset) : ctx.p.ptr(id)),
    stride: (id) => (id === x.id ? x.shape[2] : id === y.id ? y.shape[2] : ctx.p.stride(id)),
    strided: () => false,
    inPlaceDepthwise: () => false,
    reverse: () => false,
  };
  const c: OpCall = (callsOf(op.kind).int8 as Int8Call<OpKind>)(sub as never, { ...ctx, g: { ...g, tensors }, p });
  const { fn, argsText, block } = c.ctx as { fn: string; argsText: string; block: string[] };
  if (c.template !== 'call' || block.length) throw new Error(`internal: op '${op.name}' (${op.kind}) has no plain kernel call for a patch stage`);
  return { fn: `${ctx.prefix}_${fn}`, args: argsText.split(', ') };
}

/** One kernel call of the stage: the function and its C argument expressions. */
interface KernelCall {
  fn: string;
  args: string[];
}

/**
 * Emits the whole patch stage as one call block (template `patch_stage`): per patch, each op's call(s) in order.
 * @returns the block's OpCall and the bytes of the constant arrays it declared (once per op)
 */
export function emitPatchStage(g: Graph, s: PatchStageInput, names: PointerNames, rounding: Rounding, prefix: string, decls: string[]): { call: OpCall; declBytes: number } {
  const { spec, patches, pingPong } = s.schedule;
  const L = spec.length;
  const ops = g.ops.slice(0, L);
  const ctxs = ops.map((op, step) => {
    const base = int8Ctx(g, names, rounding, prefix, `${prefix}_op${step}`, op, decls);
    const memo = new Map<string, string>();
    const arr: Int8CallCtx['arr'] = (suffix, ctype, values) => memo.get(suffix) ?? (memo.set(suffix, base.arr(suffix, ctype, values)), memo.get(suffix) as string);
    return { ...base, arr };
  });
  const x = tensor(g, g.inputs[0]);
  const split = tensor(g, ops[L - 1].outputs[0]);
  const seq: { l: number; call: KernelCall }[] = [];
  patches.forEach((p) => {
    let inp: InView = { offset: s.inputOffset, region: { r0: 0, r1: x.shape[0], c0: 0, c1: x.shape[1] } };
    ops.forEach((op, l) => {
      const out = p.outputs[l];
      if (l < L - 1) {
        seq.push({ l, call: callFor(g, op, ctxs[l], inp, out, pingPong[l % 2], s.at) });
        inp = { offset: pingPong[l % 2], region: out };
        return;
      }
      for (let r = out.r0; r < out.r1; r++) {
        const off = s.splitOffset + (r * split.shape[1] + out.c0) * split.shape[2];
        seq.push({ l, call: callFor(g, op, ctxs[l], inp, { ...out, r0: r, r1: r + 1 }, off, s.at) });
      }
    });
  });
  const table = tableOf(seq, L, s.at(0).replace(/\(0\)$/, ''));
  const tab = `${prefix}_patch_calls`;
  const block = [
    `/* ${patches.length} patches of ${split.shape[0]}x${split.shape[1]} (grid ${spec.grid.join('x')}), ${seq.length} kernel calls; row: stage op, varying arguments */`,
    `int i;`,
    `for (i = 0; i < ${seq.length}; ++i) {`,
    `  const ${table.ctype} *t = ${tab}[i];`,
    `  switch (t[0]) {`,
    ...table.calls.map((c, l) => `  case ${l}: ${c}; break;`),
    `  default: break;`,
    `  }`,
    `}`,
  ];
  decls.push(`static const ${table.ctype} ${tab}[${seq.length}][${table.width}] = {\n${table.rows.map((r) => `  { ${r.join(', ')} },`).join('\n')}\n};`);
  const tableBytes = seq.length * table.width * (table.ctype === 'int16_t' ? 2 : 4);
  const kernels = new Set<string>();
  for (const { call } of seq) kernels.add(call.fn.slice(prefix.length + 1));
  const name = `patch stage: ops 0-${L - 1} ('${cComment(ops[0].name)}' ... '${cComment(ops[L - 1].name)}') in ${spec.grid.join('x')} patches`;
  const declBytes = tableBytes + ctxs.reduce((n, c) => n + c.bytes(), 0);
  return { call: { template: 'patch_stage', kernels: [...kernels], ctx: { name, kind: 'patch_stage', block } }, declBytes };
}

/**
 * The call table: for each stage op, the argument positions that differ between its calls become table columns
 * (integers as they are, arena pointers `<macro>(offset)` as their offset); the others stay literals.
 * @param macro the arena pointer macro's name (e.g. MODEL_S8)
 * @throws Error (internal) when a varying argument is neither an integer nor an arena pointer
 */
function tableOf(seq: { l: number; call: KernelCall }[], L: number, macro: string): { ctype: 'int16_t' | 'int32_t'; width: number; rows: number[][]; calls: string[] } {
  const ptr = new RegExp(`^${macro}\\((\\d+)\\)$`);
  const value = (a: string): number => {
    const m = ptr.exec(a);
    if (m) return Number(m[1]);
    if (!/^-?\d+$/.test(a)) throw new Error(`internal: patch-stage argument '${a}' varies but is neither an integer nor an arena pointer`);
    return Number(a);
  };
  const calls: string[] = [];
  const columns: number[][] = [];
  for (let l = 0; l < L; l++) {
    const mine = seq.filter((c) => c.l === l).map((c) => c.call);
    const first = mine[0];
    const vary = first.args.map((a, i) => mine.some((c) => c.args[i] !== a));
    let k = 1;
    columns[l] = [];
    calls[l] = `${first.fn}(${first.args.map((a, i) => {
      if (!vary[i]) return a;
      columns[l].push(i);
      const col = `t[${k++}]`;
      return ptr.test(a) ? `${macro}(${col})` : col;
    }).join(', ')})`;
  }
  const rows = seq.map(({ l, call }) => [l, ...columns[l].map((i) => value(call.args[i]))]);
  const width = Math.max(...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push(0);
  const ctype = rows.every((r) => r.every((v) => v >= -32768 && v <= 32767)) ? 'int16_t' : 'int32_t';
  return { ctype, width, rows, calls };
}
