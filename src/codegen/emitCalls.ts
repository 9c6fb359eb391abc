/**
 * The call sequence of model.c: every op of the planned graph becomes one kernel call (or, for aliases, nothing)
 * through its kind's call builder (src/codegen/calls). An op without a call is an internal error, never skipped.
 */
import { tensor } from '../ir/graph';
import { opDef } from '../ir/ops';
import { Graph, Op, OpKind } from '../ir/types';
import { Rounding } from '../arith/rounding';
import { cComment, cInt32 } from './format';
import { callsOf } from './calls';
import { emitPatchStage, PatchStageInput } from './patchStage';
import { C_BYTES, CType, FloatCall, Int8Call, Int8CallCtx, NO_CODE, OpCall, PointerNames, plainCall } from './calls/common';

/** The calls of a graph and what they need. */
export interface EmittedCalls {
  /** Template context of each call, in execution order. */
  calls: (OpCall['ctx'] & { template: string; step: number })[];
  /** File-scope constant arrays of the int8 calls (multipliers, shifts, tables). */
  decls: string[];
  /** Bytes of those arrays (flash). */
  declBytes: number;
  /** Kernel base names the calls use, sorted. */
  kernels: string[];
}

/**
 * Builds the call of every op of `g`, in order.
 * @param g the planned graph (int8 when `rounding` is set, float32 otherwise)
 * @param names how the calls name tensors and the plan's decisions (views, in-place, reverse order)
 * @param rounding the int8 graph's requantization rounding; undefined for a float32 graph
 * @param prefix the symbol prefix of the generated code
 * @param patch the plan's patch stage (int8 graphs), whose ops are emitted as one patch-by-patch call block
 * @throws Error (internal) when an op kind has no call, a call builder returns none, or a call uses a kernel its
 *   op's table entry does not list
 */
export function emitCalls(g: Graph, names: PointerNames, rounding: Rounding | undefined, prefix: string, patch?: PatchStageInput): EmittedCalls {
  const calls: EmittedCalls['calls'] = [];
  const decls: string[] = [];
  const kernels = new Set<string>();
  let declBytes = 0;
  g.ops.forEach((op, step) => {
    if (patch && rounding && step < patch.schedule.spec.length) {
      // The first layers run patch by patch: one call block for the whole stage, at the stage's first step.
      if (step > 0) return;
      const c = emitPatchStage(g, patch, names, rounding, prefix, decls);
      declBytes += c.declBytes;
      for (const k of c.call.kernels) kernels.add(k);
      calls.push({ ...c.call.ctx, template: c.call.template, step, prefix, PREFIX: prefix.toUpperCase() });
      return;
    }
    const builder = rounding ? callsOf(op.kind).int8 : callsOf(op.kind).float;
    if (builder === NO_CODE) {
      if (!opDef(op).memory.alias) throw new Error(`internal: op '${op.name}' (${op.kind}) emits no code but is not an alias of its input`);
      return;
    }
    let c: OpCall | undefined;
    if (rounding) {
      const ctx = int8Ctx(g, names, rounding, prefix, `${prefix}_op${step}`, op, decls);
      c = (builder as Int8Call<OpKind>)(op as never, ctx);
      declBytes += ctx.bytes();
    } else {
      c = (builder as FloatCall<OpKind>)(op as never, { g, p: names, call: (kernel, args, block) => plainCall(op, kernel, args, block) });
    }
    if (!c) throw new Error(`internal: op '${op.name}' (${op.kind}) produced no C call`);
    const allowed = rounding ? opDef(op).kernels.int8 : opDef(op).kernels.float;
    for (const k of c.kernels) {
      if (!allowed.includes(k)) throw new Error(`internal: op '${op.name}' (${op.kind}) calls kernel ${k}, which its op table entry does not list`);
      kernels.add(k);
    }
    calls.push({ ...c.ctx, template: c.template, step, name: cComment(op.name), prefix, PREFIX: prefix.toUpperCase() });
  });
  return { calls, decls, declBytes, kernels: [...kernels].sort() };
}

/** The int8 builder context of one op: its constant arrays are named `<sym>_<suffix>` and appended to `decls`. */
export function int8Ctx(g: Graph, p: PointerNames, rounding: Rounding, prefix: string, sym: string, op: Op, decls: string[]): Int8CallCtx & { bytes(): number } {
  let bytes = 0;
  return {
    g,
    p,
    rounding,
    prefix,
    arr(suffix: string, ctype: CType, values: ArrayLike<number>): string {
      const name = `${sym}_${suffix}`;
      const n = Math.max(values.length, 1);
      bytes += n * C_BYTES[ctype];
      decls.push(`static const ${ctype} ${name}[${n}] = { ${Array.from(values, cInt32).join(', ')} };`);
      return name;
    },
    call: (kernel, args, block) => plainCall(op, kernel, args, block),
    bytes: () => bytes,
  };
}

/** PointerNames for a graph generated without a plan (size estimates): every tensor contiguous, nothing in place. */
export function unplannedNames(g: Graph): PointerNames {
  return {
    ptr: () => 'p',
    stride: (id) => tensor(g, id).shape[tensor(g, id).shape.length - 1],
    strided: () => false,
    inPlaceDepthwise: () => false,
    scratch: () => undefined,
    reverse: () => false,
    concatViews: () => undefined,
  };
}
