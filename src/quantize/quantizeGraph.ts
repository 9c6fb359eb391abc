/**
 * Post-training quantization of a float32 graph to int8 (TFLite's quantization specification, tensorflow.org/lite/performance/quantization_spec): int8 activations with
 * calibrated per-tensor parameters, int8 symmetric weights (per output channel for conv and depthwise by
 * default, per tensor for dense, as TFLite), int32 biases at s_in·s_w, and — with float I/O — QUANTIZE /
 * DEQUANTIZE ops at the graph boundary. The result runs on the int8 reference (src/reference/int8/run.ts) and
 * compiles to int8 C kernels; both compute exactly the same integers.
 *
 * The 'dfp' scheme (dynamic fixed point) restricts every scale to a power of two and every activation zero
 * point to 0, so each requantization is a shift (rounding mode 'shift').
 */
import { TinyfitError } from '../errors';
import { addTensor, cloneGraph, isConst, numel, pruneTensors, tensor, validateGraph } from '../ir/graph';
import { addFloatBoundary } from './boundary';
import { Graph, Op, OpKind, QuantParams, Tensor } from '../ir/types';
import { opDef } from '../ir/ops';
import { OpDef } from '../ir/ops/def';
import { ActParams, Scheme, chooseActivationParams, paramsForRange } from './activationParams';
import { TensorRange } from './observers';
import { quantize, quantizeBias, quantizeWeightsPerChannel, quantizeWeightsPerTensor, QuantizedWeights } from '../arith/quantParams';
import { Rounding, log2Exact } from '../arith/rounding';

/** Options of {@link quantizeGraph}. */
export interface QuantizeGraphOptions {
  /** 'int8' (TFLite's scheme, default) or 'dfp' (power-of-two scales, zero points 0, shift requantization). */
  scheme?: Scheme;
  /** Per-output-channel weights for conv2d and depthwise (default true); false: one scale per tensor. */
  perChannel?: boolean;
  /** Per-output-channel weights for dense too (default false, TFLite's default). */
  denseperChannel?: boolean;
  /**
   * Weight tensor ids quantized with one scale per tensor whatever `perChannel` says (clustered layers, whose
   * shared codebook per-channel scales would split: src/compress/cluster.ts).
   */
  perTensorWeights?: ReadonlySet<number>;
  /** Requantization rounding for the 'int8' scheme: 'double' (default) or 'single'. 'dfp' always shifts. */
  rounding?: Exclude<Rounding, 'shift'>;
  /** 'float' (default): float32 graph inputs/outputs with QUANTIZE/DEQUANTIZE ops; 'int8': raw int8 I/O. */
  io?: 'float' | 'int8';
}

function qp(p: ActParams): QuantParams {
  return { scale: [p.scale], zeroPoint: [p.zeroPoint] };
}

/** Symmetric power-of-two weights: per channel along `axis` (or per tensor), q = round(w / 2^e) in [−127, 127]. */
function quantizeWeightsPow2(w: Float32Array, shape: number[], axis: number | undefined): QuantizedWeights {
  const base = axis === undefined ? quantizeWeightsPerTensor(w) : quantizeWeightsPerChannel(w, shape, axis);
  const scales = base.scales.map((s) => {
    const e = Math.ceil(Math.log2(s)); // 2^e ≥ absMax/127: no clamping
    return 2 ** (2 ** e < s ? e + 1 : e);
  });
  const channels = scales.length;
  const inner = axis === undefined ? w.length : numel(shape.slice(axis + 1));
  const data = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const c = channels === 1 ? 0 : Math.floor(i / inner) % channels;
    const q = Math.round(Math.abs(w[i]) / scales[c]) * Math.sign(w[i]);
    data[i] = Math.max(-127, Math.min(127, q));
  }
  return { data, scales };
}

/** Quantizes the weights of one op input. `axis` undefined = per tensor. */
function quantizeWeights(t: Tensor, axis: number | undefined, scheme: Scheme): QuantizedWeights {
  const w = t.data as Float32Array;
  if (scheme === 'dfp') return quantizeWeightsPow2(w, t.shape, axis);
  return axis === undefined ? quantizeWeightsPerTensor(w) : quantizeWeightsPerChannel(w, t.shape, axis);
}

/** Asymmetric per-tensor parameters of a constant operand (binary, concat, prelu alpha) from its values. */
function constParams(t: Tensor, scheme: Scheme): ActParams {
  const d = t.data as Float32Array;
  let min = 0;
  let max = 0;
  for (let i = 0; i < d.length; i++) {
    min = Math.min(min, d[i]);
    max = Math.max(max, d[i]);
  }
  return paramsForRange({ min, max }, scheme);
}

/**
 * Quantizes a float32 graph (already optimized, without fused pre-activations) to int8.
 *
 * @param float the float graph
 * @param ranges calibrated range of every activation tensor by id (src/quantize/calibrate.ts)
 * @param opts scheme, weight granularity, rounding, I/O type
 * @returns a new int8 graph (same tensor ids for activations; new ids for quantized constants and boundary
 *   tensors) with `quantization.rounding` set
 * @throws TinyfitError on a non-float32 graph, a missing range, a fused pre-activation, or a model whose
 *   parameters cannot be represented (e.g. an ADD output scale TFLite rejects — reported by the int8 reference)
 */
export function quantizeGraph(float: Graph, ranges: Map<number, TensorRange>, opts: QuantizeGraphOptions = {}): Graph {
  const scheme = opts.scheme ?? 'int8';
  const perChannel = opts.perChannel ?? true;
  const rounding: Rounding = scheme === 'dfp' ? 'shift' : (opts.rounding ?? 'double');
  for (const t of float.tensors.values()) {
    if (t.dtype !== 'float32') throw new TinyfitError(`tensor '${t.name}' is ${t.dtype}; quantization starts from a float32 model`);
  }
  const g = cloneGraph(float);
  const act = chooseActivationParams(g, ranges, scheme);
  const sIn = (op: Op): number => act.get(op.inputs[0])!.scale;

  for (const [id, p] of act) {
    const t = tensor(g, id);
    t.dtype = 'int8';
    t.quant = qp(p);
  }

  const addConst = (name: string, shape: number[], data: Int8Array | Int32Array, quant: QuantParams): number => {
    const t = addTensor(g, name, shape, data instanceof Int8Array ? 'int8' : 'int32', data);
    t.quant = quant;
    return t.id;
  };
  /** Inputs 1 and 2 (weights and bias, or affine's scale and shift): int8 symmetric, int32 at s_in·s_w. */
  const weightAndBias = (op: Op, axis: number | undefined): void => {
    const w = tensor(g, op.inputs[1]);
    const qw = quantizeWeights(w, axis, scheme);
    const zeros = qw.scales.map(() => 0);
    op.inputs[1] = addConst(w.name, w.shape, qw.data, { scale: qw.scales, zeroPoint: zeros, ...(axis !== undefined ? { axis } : {}) });
    if (op.inputs.length > 2) {
      const b = tensor(g, op.inputs[2]);
      const s = sIn(op);
      op.inputs[2] = addConst(b.name, b.shape, quantizeBias(b.data as Float32Array, s, qw.scales), { scale: qw.scales.map((x) => Math.fround(s * x)), zeroPoint: zeros });
    }
  };
  /** A float constant operand of an elementwise op: int8 with its own asymmetric per-tensor parameters. */
  const constOperand = (op: Op, index: number): void => {
    const t = tensor(g, op.inputs[index]);
    if (!isConst(t) || t.dtype !== 'float32') return;
    const p = constParams(t, scheme);
    op.inputs[index] = addConst(t.name, t.shape, Int8Array.from(t.data as Float32Array, (v) => quantize(v, p.scale, p.zeroPoint)), qp(p));
  };

  for (const op of g.ops) {
    const def = opDef(op) as OpDef<OpKind>;
    const rule = def.quant;
    const refused = rule.refuse?.(op as never);
    if (refused) throw new TinyfitError(`op '${op.name}': ${refused}`);
    if (rule.weights) {
      const w = rule.weights;
      const forced = w.perChannel !== 'always' && !!opts.perTensorWeights?.has(op.inputs[1]);
      const per = !forced && (w.perChannel === 'always' || (w.perChannel === 'conv' ? perChannel : !!opts.denseperChannel));
      weightAndBias(op, per ? (w.axis ?? def.weightChannelAxis) : undefined);
    }
    if (rule.constOperands) op.inputs.forEach((_, i) => constOperand(op, i));
  }
  pruneTensors(g); // the float constants just replaced
  if (scheme === 'dfp') {
    for (const t of g.tensors.values()) {
      for (const s of t.quant?.scale ?? []) {
        if (log2Exact(s) === undefined) throw new Error(`internal: dfp tensor '${t.name}' has scale ${s}`);
      }
    }
  }

  if ((opts.io ?? 'float') === 'float') addFloatBoundary(g);
  g.quantization = { rounding };
  validateGraph(g);
  return g;
}
