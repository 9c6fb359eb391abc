import { DType, Graph, Op, OpAttrsByKind, OpKind, OpOf, Tensor, TensorData } from './types';
import { inferShape } from './ops';
import { C_INT_MAX } from './ops/def';
import { numel } from './shapes';
import { TinyfitError } from '../errors';

export { numel };

/** Bytes per element of a dtype. */
export function dtypeBytes(dtype: DType): number {
  return dtype === 'int8' ? 1 : 4;
}

/** Creates an empty graph. */
export function emptyGraph(name: string): Graph {
  return { name, tensors: new Map(), ops: [], inputs: [], outputs: [] };
}

/** One more than the largest id used by tensors or ops, so new ids never collide. */
export function nextId(g: Graph): number {
  let m = -1;
  for (const id of g.tensors.keys()) m = Math.max(m, id);
  for (const op of g.ops) m = Math.max(m, op.id);
  return m + 1;
}

/**
 * Checks a tensor shape: every dimension a positive integer, and its bytes (at 4 per element) countable with a
 * C int, as the generated code counts them.
 * @throws TinyfitError naming the tensor
 */
export function checkShape(name: string, shape: readonly number[]): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 1)) throw new TinyfitError(`tensor '${name}': shape [${shape}] must have positive integer dimensions`);
  if (numel(shape) * 4 > C_INT_MAX) throw new TinyfitError(`tensor '${name}': shape [${shape}] has ${numel(shape)} elements, too many for a 32-bit C int byte count`);
}

/**
 * Adds a tensor (activation when `data` is absent, constant otherwise) and returns it.
 */
export function addTensor(
  g: Graph,
  name: string,
  shape: number[],
  dtype: DType = 'float32',
  data?: TensorData,
): Tensor {
  checkShape(name, shape);
  if (data && data.length !== numel(shape)) {
    throw new Error(`tensor ${name}: data has ${data.length} elements, shape ${JSON.stringify(shape)} needs ${numel(shape)}`);
  }
  const t: Tensor = { id: nextId(g), name, shape: [...shape], dtype, data };
  g.tensors.set(t.id, t);
  return t;
}

/**
 * Appends an op, infers its output shape, creates its output tensor and returns it.
 * Throws a TinyfitError naming the op when shapes do not fit.
 */
export function addOp<K extends OpKind>(
  g: Graph,
  kind: K,
  name: string,
  inputs: Tensor[],
  attrs: OpAttrsByKind[K],
  outShape?: number[],
): Tensor {
  const op = { id: -1, kind, name, inputs: inputs.map((t) => t.id), outputs: [] as number[], attrs } as OpOf<K>;
  const shape = inferShape(op as unknown as Op, inputs.map((t) => t.shape), outShape);
  const out = addTensor(g, name, shape, inputs[0]?.dtype ?? 'float32');
  op.id = nextId(g);
  op.outputs = [out.id];
  g.ops.push(op as unknown as Op);
  return out;
}

/** The tensor with this id (throws when missing: an internal error). */
export function tensor(g: Graph, id: number): Tensor {
  const t = g.tensors.get(id);
  if (!t) throw new Error(`internal: tensor ${id} missing from graph ${g.name}`);
  return t;
}

/** Map from tensor id to the ops that read it, in graph order. */
export function consumers(g: Graph): Map<number, Op[]> {
  const m = new Map<number, Op[]>();
  for (const op of g.ops) {
    for (const i of op.inputs) {
      const list = m.get(i);
      if (list) {
        if (!list.includes(op)) list.push(op);
      } else m.set(i, [op]);
    }
  }
  return m;
}

/** Map from tensor id to the op that writes it. */
export function producers(g: Graph): Map<number, Op> {
  const m = new Map<number, Op>();
  for (const op of g.ops) for (const o of op.outputs) m.set(o, op);
  return m;
}

/** Replaces every read of tensor `from` with tensor `to` (ops and graph outputs). */
export function replaceUses(g: Graph, from: number, to: number): void {
  for (const op of g.ops) op.inputs = op.inputs.map((i) => (i === from ? to : i));
  g.outputs = g.outputs.map((o) => (o === from ? to : o));
}

/** Drops tensors that no op reads or writes and that are not graph inputs/outputs. */
export function pruneTensors(g: Graph): void {
  const used = new Set<number>([...g.inputs, ...g.outputs]);
  for (const op of g.ops) for (const id of [...op.inputs, ...op.outputs]) used.add(id);
  for (const id of [...g.tensors.keys()]) if (!used.has(id)) g.tensors.delete(id);
}

/** True when the tensor holds constant data. */
export function isConst(t: Tensor): boolean {
  return t.data !== undefined;
}

/**
 * Checks structural invariants: every op input is defined before use, shapes agree with inference,
 * constants are finite, outputs are produced. Throws a TinyfitError on the first violation.
 */
export function validateGraph(g: Graph): void {
  const defined = new Set<number>(g.inputs);
  for (const t of g.tensors.values()) {
    if (t.data) {
      defined.add(t.id);
      for (let i = 0; i < t.data.length; i++) {
        if (!Number.isFinite(t.data[i])) {
          throw new TinyfitError(`weight '${t.name}' has a non-finite value (${t.data[i]}) at element ${i}`);
        }
      }
    }
  }
  for (const op of g.ops) {
    for (const i of op.inputs) {
      if (!defined.has(i)) throw new Error(`internal: op ${op.name} reads tensor ${tensor(g, i).name} before it is written`);
    }
    const shape = inferShape(op, op.inputs.map((i) => tensor(g, i).shape), tensor(g, op.outputs[0]).shape);
    const out = tensor(g, op.outputs[0]);
    if (shape.join(',') !== out.shape.join(',')) {
      throw new Error(`internal: op ${op.name} output shape ${out.shape} disagrees with inferred ${shape}`);
    }
    for (const o of op.outputs) defined.add(o);
  }
  for (const o of g.outputs) if (!defined.has(o)) throw new Error(`internal: graph output ${tensor(g, o).name} never written`);
}

/** A deep copy of a graph (constant data arrays are shared: passes replace them, never mutate them). */
export function cloneGraph(g: Graph): Graph {
  const tensors = new Map<number, Tensor>();
  for (const [id, t] of g.tensors) tensors.set(id, { ...t, shape: [...t.shape] });
  return {
    name: g.name,
    tensors,
    ops: g.ops.map((op) => ({ ...op, inputs: [...op.inputs], outputs: [...op.outputs], attrs: structuredClone(op.attrs) }) as Op),
    inputs: [...g.inputs],
    outputs: [...g.outputs],
    ...(g.quantization ? { quantization: { ...g.quantization } } : {}),
  };
}
