/**
 * The int8 reference interpreter: runs a quantized graph (src/quantize/quantizeGraph.ts) op by op with the
 * bit-exact int8 kernels of this folder. The generated C computes exactly the same bytes; the tests check it.
 */
import { decodeStorage, isCompressedInt8 } from '../ir/storage';
import { TinyfitError } from '../errors';
import { numel, tensor } from '../ir/graph';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { RequantOptions } from '../arith/rounding';
import { checkArity } from '../ir/ops/def';
import { opDef } from '../ir/ops';
import { Int8Io, Int8Kernel, Int8Value } from './kernel';
import { referenceOf } from './registry';

export type { Int8Value } from './kernel';

const decoded = new WeakMap<object, Int8Array>();

/**
 * A constant's values: its data, or for a compressed int8 storage what the storage decodes to (cached per
 * storage), so the reference computes on the compressed form the C kernels read.
 */
function constData(t: Tensor): Int8Value | undefined {
  const st = t.storage;
  if (!isCompressedInt8(st)) return t.data as Int8Value | undefined;
  let d = decoded.get(st);
  if (!d) decoded.set(st, (d = decodeStorage(st, t.shape)));
  return d;
}

/** Runs one op on int8 (and, at the boundary, float32) values. */
function runOp(g: Graph, op: Op, vals: Map<number, Int8Value>, opts: RequantOptions): Int8Value {
  checkArity(op, opDef(op).arity);
  const t = (i: number): Tensor => tensor(g, op.inputs[i]);
  const v = (i: number): Int8Value | undefined => (op.inputs[i] === undefined ? undefined : (vals.get(op.inputs[i]) ?? constData(t(i))));
  const io: Int8Io = {
    x(i) {
      const value = v(i);
      if (!(value instanceof Int8Array)) throw new Error(`internal: op '${op.name}' input '${t(i).name}' is not int8`);
      return value;
    },
    v,
    t,
    y: tensor(g, op.outputs[0]),
    opts,
  };
  return (referenceOf(op.kind).int8 as Int8Kernel<OpKind>)(op as never, io);
}

/**
 * Runs a quantized graph and returns the value of every tensor it computes, by id.
 * @param g an int8 graph (its `quantization.rounding` selects the requantization rounding)
 * @param inputs one array per graph input: Float32Array for float inputs, Int8Array for int8 inputs
 * @throws TinyfitError on a wrong number, type or size of inputs
 */
export function runInt8All(g: Graph, inputs: readonly Int8Value[]): Map<number, Int8Value> {
  if (inputs.length !== g.inputs.length) throw new TinyfitError(`model '${g.name}' takes ${g.inputs.length} input(s), got ${inputs.length}`);
  const opts: RequantOptions = { rounding: g.quantization?.rounding ?? 'double' };
  const vals = new Map<number, Int8Value>();
  g.inputs.forEach((id, i) => {
    const t = tensor(g, id);
    const want = numel(t.shape);
    const v = inputs[i];
    const ok = t.dtype === 'int8' ? v instanceof Int8Array : v instanceof Float32Array;
    if (!ok || v.length !== want) {
      throw new TinyfitError(`input ${i} ('${t.name}') needs ${want} ${t.dtype} values, got ${v.length} ${v.constructor.name}`);
    }
    vals.set(id, v);
  });
  for (const op of g.ops) {
    try {
      vals.set(op.outputs[0], runOp(g, op, vals, opts));
    } catch (e) {
      // Parameter errors from the kernels' Prepare step name no op: say which one (user errors stay user errors).
      if (e instanceof TinyfitError || (e as Error).message.startsWith('internal')) throw e;
      throw new TinyfitError(`op '${op.name}' (${op.kind}): ${(e as Error).message}`);
    }
  }
  return vals;
}

/** Runs a quantized graph and returns its outputs in `g.outputs` order. */
export function runInt8(g: Graph, inputs: readonly Int8Value[]): Int8Value[] {
  const vals = runInt8All(g, inputs);
  return g.outputs.map((id) => vals.get(id)!);
}
