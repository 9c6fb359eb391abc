/**
 * Float vs quantized accuracy report: top-1 agreement, accuracy against labels, output error statistics and a
 * per-layer signal-to-quantization-noise ratio that points at the layer losing most.
 */
import { TinyfitError } from '../errors';
import { tensor } from '../ir/graph';
import { Graph } from '../ir/types';
import { runFloatAll } from '../reference/runFloat';
import { dequantizeInt8 } from '../reference/int8/dequantize';
import { runInt8All } from '../reference/runInt8';

/** SQNR of one quantized tensor against its float value over the evaluation set. */
export interface LayerSqnr {
  tensor: string;
  op: string;
  /** 10·log10(Σ f² / Σ (f − q)²) in dB; Infinity when the tensor is reproduced exactly. */
  sqnrDb: number;
}

/** What {@link evaluateQuantized} measures. */
export interface QuantReport {
  samples: number;
  /** Fraction of samples whose arg-max output (first output) is the same in float and int8. */
  top1Agreement: number;
  /** Fractions correct when labels are given. */
  accuracyFloat?: number;
  accuracyQuantized?: number;
  /** Over every element of every output. */
  maxAbsError: number;
  meanAbsError: number;
  /** Cosine similarity of the concatenated outputs (all samples). */
  cosine: number;
  /** Every activation tensor the two graphs share, in execution order. */
  layers: LayerSqnr[];
  /** The layer with the lowest SQNR. */
  worst?: LayerSqnr;
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/**
 * Runs the float graph and the quantized graph (float I/O) on the same samples and compares them.
 * Activation tensors keep their ids through quantization, so every op output is compared: the int8 value is
 * dequantized with its tensor's parameters.
 *
 * @param float the float graph the quantized one was made from
 * @param quant the quantized graph (float inputs and outputs)
 * @param samples per sample, one float array per input
 * @param labels optional class index per sample
 * @throws TinyfitError when the label count differs from the sample count
 */
export function evaluateQuantized(float: Graph, quant: Graph, samples: Float32Array[][], labels?: ArrayLike<number>): QuantReport {
  if (labels && labels.length !== samples.length) {
    throw new TinyfitError(`${labels.length} labels for ${samples.length} evaluation samples; give one label per sample`);
  }
  const shared = float.ops
    .map((op) => ({ id: op.outputs[0], op: op.name }))
    .filter(({ id }) => quant.tensors.get(id)?.dtype === 'int8');
  const sig = new Float64Array(shared.length);
  const noise = new Float64Array(shared.length);
  let agree = 0;
  let okF = 0;
  let okQ = 0;
  let maxAbs = 0;
  let sumAbs = 0;
  let count = 0;
  let dot = 0;
  let nf = 0;
  let nq = 0;
  samples.forEach((inputs, s) => {
    const fv = runFloatAll(float, inputs);
    const qv = runInt8All(quant, inputs);
    shared.forEach(({ id }, k) => {
      const f = fv.get(id)!;
      const q = dequantizeInt8(qv.get(id) as Int8Array, tensor(quant, id).quant);
      for (let i = 0; i < f.length; i++) {
        sig[k] += f[i] * f[i];
        noise[k] += (f[i] - q[i]) ** 2;
      }
    });
    float.outputs.forEach((id, o) => {
      const f = fv.get(id)!;
      const q = qv.get(quant.outputs[o]) as Float32Array;
      for (let i = 0; i < f.length; i++) {
        const e = Math.abs(f[i] - q[i]);
        maxAbs = Math.max(maxAbs, e);
        sumAbs += e;
        dot += f[i] * q[i];
        nf += f[i] * f[i];
        nq += q[i] * q[i];
      }
      count += f.length;
      if (o === 0) {
        const a = argmax(f);
        const b = argmax(q);
        if (a === b) agree++;
        if (labels) {
          if (a === labels[s]) okF++;
          if (b === labels[s]) okQ++;
        }
      }
    });
  });
  const n = samples.length;
  const layers = shared.map(({ id, op }, k) => ({
    tensor: tensor(float, id).name,
    op,
    sqnrDb: noise[k] === 0 ? Infinity : 10 * Math.log10(sig[k] / noise[k]),
  }));
  const worst = layers.reduce<LayerSqnr | undefined>((w, l) => (!w || l.sqnrDb < w.sqnrDb ? l : w), undefined);
  return {
    samples: n,
    top1Agreement: n ? agree / n : 0,
    ...(labels ? { accuracyFloat: okF / n, accuracyQuantized: okQ / n } : {}),
    maxAbsError: maxAbs,
    meanAbsError: count ? sumAbs / count : 0,
    cosine: nf === 0 && nq === 0 ? 1 : dot / Math.sqrt(nf * nq),
    layers,
    worst,
  };
}
