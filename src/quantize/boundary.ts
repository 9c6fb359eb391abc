/**
 * The float/int8 boundary of a quantized graph: QUANTIZE after each int8 input and DEQUANTIZE before each int8
 * output give float32 I/O (the host runner's default contract); without them the generated code reads and writes
 * the raw int8 tensors (`--io int8`). Works both ways, so a quantized .tflite with either kind of I/O can be
 * generated with either.
 */
import { addTensor, consumers, nextId, producers, pruneTensors, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';

/** Makes int8 graph inputs and outputs float32: QUANTIZE after each int8 input, DEQUANTIZE before each int8 output. */
export function addFloatBoundary(g: Graph): void {
  let front = 0;
  const push = (op: Omit<Op, 'id'>, atFront: boolean): void => {
    const full = { ...op, id: nextId(g) } as Op;
    if (atFront) g.ops.splice(front++, 0, full);
    else g.ops.push(full);
  };
  g.inputs = g.inputs.map((id) => {
    const q = tensor(g, id);
    if (q.dtype !== 'int8') return id;
    const f = addTensor(g, q.name, q.shape, 'float32');
    q.name = `${q.name}/quantized`;
    push({ kind: 'quantize', name: `${f.name}/quantize`, inputs: [f.id], outputs: [q.id], attrs: {} } as Omit<Op, 'id'>, true);
    return f.id;
  });
  g.outputs = g.outputs.map((id) => {
    const q = tensor(g, id);
    if (q.dtype !== 'int8') return id;
    const f = addTensor(g, q.name, q.shape, 'float32');
    q.name = `${q.name}/int8`;
    push({ kind: 'dequantize', name: `${f.name}/dequantize`, inputs: [q.id], outputs: [f.id], attrs: {} } as Omit<Op, 'id'>, false);
    return f.id;
  });
}

/**
 * Makes float32 graph inputs/outputs int8 where the graph only quantizes an input (its sole reader is a QUANTIZE)
 * or only dequantizes an output (it is written by a DEQUANTIZE): the boundary op goes, the int8 tensor becomes
 * the graph's input or output. Other float inputs/outputs stay float32.
 */
export function stripFloatBoundary(g: Graph): void {
  const readers = consumers(g);
  const writer = producers(g);
  const drop = new Set<Op>();
  g.inputs = g.inputs.map((id) => {
    const rs = readers.get(id) ?? [];
    if (rs.length !== 1 || rs[0].kind !== 'quantize' || g.outputs.includes(id)) return id;
    drop.add(rs[0]);
    return rs[0].outputs[0];
  });
  g.outputs = g.outputs.map((id) => {
    const w = writer.get(id);
    if (!w || w.kind !== 'dequantize' || g.outputs.filter((o) => o === id).length > 1) return id;
    const q = w.inputs[0];
    if ((readers.get(id) ?? []).length > 0) return id; // the float value is also read inside the graph
    drop.add(w);
    return q;
  });
  g.ops = g.ops.filter((op) => !drop.has(op));
  pruneTensors(g);
}

/** Gives a quantized graph float32 ('float') or raw int8 ('int8') inputs and outputs. */
export function setIo(g: Graph, io: 'float' | 'int8'): void {
  if (io === 'float') addFloatBoundary(g);
  else stripFloatBoundary(g);
}
