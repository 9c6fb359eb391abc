/**
 * The float32 reference interpreter: runs an IR graph op by op in JavaScript, computing what the float C
 * kernels compute (sums accumulate in doubles and are stored as float32). It is the ground truth for the
 * generated code, for calibration and for debugging.
 */
import { Graph, OpKind, Tensor } from '../ir/types';
import { FloatKernel } from './kernel';
import { numel, tensor } from '../ir/graph';
import { TinyfitError } from '../errors';
import { checkArity } from '../ir/ops/def';
import { opDef } from '../ir/ops';
import { referenceOf } from './registry';

function shapeText(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

function constValue(t: Tensor): Float32Array {
  if (t.dtype !== 'float32' || !(t.data instanceof Float32Array)) {
    throw new Error(`internal: the float reference runs float32 graphs only; constant '${t.name}' is ${t.dtype}`);
  }
  return t.data;
}

/**
 * Runs a graph and returns the value of every tensor by id: graph inputs (copies of the given arrays),
 * constants (their own data arrays, not copied), and every op output. A reshape (or identity) output is
 * the same array as its input. Treat all returned arrays as read-only.
 *
 * @param g a float32 graph whose `ops` are in execution order
 * @param inputs one array per graph input, in `g.inputs` order, each holding `numel(shape)` elements (HWC,
 *   row-major, no batch axis)
 * @throws TinyfitError when the number of inputs or the length of one of them is wrong
 */
export function runFloatAll(g: Graph, inputs: readonly Float32Array[]): Map<number, Float32Array> {
  if (inputs.length !== g.inputs.length) {
    const names = g.inputs.map((id) => `'${tensor(g, id).name}'`).join(', ');
    throw new TinyfitError(`model '${g.name}' has ${g.inputs.length} input(s) (${names}), got ${inputs.length} array(s)`);
  }
  const values = new Map<number, Float32Array>();
  g.inputs.forEach((id, k) => {
    const t = tensor(g, id);
    const want = numel(t.shape);
    const x = inputs[k];
    if (!x || x.length !== want) {
      throw new TinyfitError(
        `input '${t.name}' expects ${want} elements (shape ${shapeText(t)}), got ${x ? x.length : 'nothing'}`,
      );
    }
    values.set(id, Float32Array.from(x));
  });
  for (const t of g.tensors.values()) if (t.data && !values.has(t.id)) values.set(t.id, constValue(t));

  for (const op of g.ops) {
    const ins = op.inputs.map((id) => {
      const v = values.get(id);
      if (!v) throw new Error(`internal: op ${op.name} reads tensor ${tensor(g, id).name} before it is written`);
      return v;
    });
    const shapes = op.inputs.map((id) => tensor(g, id).shape);
    if (op.outputs.length !== 1) throw new Error(`internal: op ${op.name} has ${op.outputs.length} outputs, expected 1`);
    const out = tensor(g, op.outputs[0]);
    checkArity(op, opDef(op).arity);
    const y = (referenceOf(op.kind).float as FloatKernel<OpKind>)(op as never, ins, shapes);
    if (y.length !== numel(out.shape)) {
      throw new Error(`internal: op ${op.name} (${op.kind}) produced ${y.length} elements, output shape ${shapeText(out)} needs ${numel(out.shape)}`);
    }
    values.set(out.id, y);
  }
  return values;
}

/**
 * Runs a graph in float32 and returns its outputs in `g.outputs` order.
 *
 * @param g a float32 graph whose `ops` are in execution order
 * @param inputs one array per graph input, in `g.inputs` order (see {@link runFloatAll})
 * @throws TinyfitError when the number of inputs or the length of one of them is wrong
 */
export function runFloat(g: Graph, inputs: readonly Float32Array[]): Float32Array[] {
  const values = runFloatAll(g, inputs);
  return g.outputs.map((id) => {
    const v = values.get(id);
    if (!v) throw new Error(`internal: graph output ${tensor(g, id).name} never written`);
    return v;
  });
}
