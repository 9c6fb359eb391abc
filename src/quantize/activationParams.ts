/**
 * Activation quantization parameters of a quantized graph: which tensors choose their own parameters from
 * their calibrated range, which inherit them (TFLite's "same scale" ops) and which have fixed ones (softmax,
 * logistic, tanh), and how concatenation inputs are unified with their output so that the concat stays a
 * zero-copy view instead of a requantizing copy.
 */
import { TinyfitError } from '../errors';
import { isConst, producers, tensor } from '../ir/graph';
import { Graph, Op, OpKind } from '../ir/types';
import { OpDef } from '../ir/ops/def';
import { opDef } from '../ir/ops';
import { chooseQuantParams } from '../arith/quantParams';
import { TensorRange } from './observers';

/** Per-tensor int8 activation parameters. */
export interface ActParams {
  scale: number;
  zeroPoint: number;
}

/** Quantization scheme of activations and weights. */
export type Scheme = 'int8' | 'dfp';


/**
 * Dynamic-fixed-point parameters of a range: zero point 0 and the smallest power-of-two scale 2^−fl whose
 * [−128, 127] steps cover max(|min|, |max|) (Courbariaux et al.; Ristretto).
 */
export function powerOfTwoParams(r: TensorRange): ActParams {
  const m = Math.max(Math.abs(r.min), Math.abs(r.max));
  if (!(m > 0)) return { scale: 1, zeroPoint: 0 };
  let e = Math.ceil(Math.log2(m / 127));
  if (2 ** e * 127 < m) e++; // guard log2 rounding
  return { scale: 2 ** Math.max(e, -126), zeroPoint: 0 };
}

/** Parameters of a range in a scheme. */
export function paramsForRange(r: TensorRange, scheme: Scheme): ActParams {
  return scheme === 'dfp' ? powerOfTwoParams(r) : chooseQuantParams(r.min, r.max);
}

/** The fixed output parameters of an op, if TFLite fixes them (softmax, logistic, tanh: the op table's quantization rule). */
export function fixedOutput(op: Op): ActParams | undefined {
  const rule = (opDef(op) as OpDef<OpKind>).quant.output;
  const fixed = typeof rule === 'function' ? rule(op as never) : undefined;
  return fixed && { scale: fixed.scale, zeroPoint: fixed.zeroPoint };
}

/** Whether an op's output keeps its input's parameters (pooling, reshape, pad, data movement). */
function sharesInput(op: Op): boolean {
  return opDef(op).quant.output === 'input';
}

/** Whether an op's output parameters are a free choice (neither inherited nor fixed). */
function freeOutput(op: Op): boolean {
  return !sharesInput(op) && !fixedOutput(op);
}

/**
 * Chooses the parameters of every activation tensor (graph inputs and op outputs) of a float graph.
 *
 * 1. each tensor from its own calibrated range;
 * 2. concatenation (outermost first): an input produced by an op with a free output takes the concat's
 *    parameters (its range is contained in the concat's, so nothing saturates), so the concat copies bytes;
 * 3. in execution order: pooling, reshape, pad, crop, upsample, transpose and identity outputs inherit their
 *    input's parameters; softmax/logistic/tanh outputs get TFLite's fixed ones.
 *
 * @throws TinyfitError naming the tensor when a range is missing
 */
export function chooseActivationParams(g: Graph, ranges: Map<number, TensorRange>, scheme: Scheme): Map<number, ActParams> {
  const params = new Map<number, ActParams>();
  const want = (id: number): void => {
    const t = tensor(g, id);
    if (isConst(t) || params.has(id)) return;
    const r = ranges.get(id);
    if (!r) throw new TinyfitError(`no calibrated range for tensor '${t.name}'`);
    params.set(id, paramsForRange(r, scheme));
  };
  g.inputs.forEach(want);
  for (const op of g.ops) op.outputs.forEach(want);

  const prod = producers(g);
  const graphInputs = new Set(g.inputs);
  for (let i = g.ops.length - 1; i >= 0; i--) {
    const op = g.ops[i];
    if (op.kind !== 'concat') continue;
    const out = params.get(op.outputs[0])!;
    for (const id of op.inputs) {
      const p = prod.get(id);
      if (graphInputs.has(id) || !p || !freeOutput(p) || isConst(tensor(g, id))) continue;
      params.set(id, { ...out });
    }
  }

  for (const op of g.ops) {
    const fixed = fixedOutput(op);
    if (fixed) params.set(op.outputs[0], { ...fixed });
    else if (sharesInput(op)) params.set(op.outputs[0], { ...params.get(op.inputs[0])! });
  }
  return params;
}
