/**
 * The int8 end of the compression pipeline: the fine-tuned TF.js model becomes an IR graph (saved to a
 * temporary folder and imported like any model), is quantized post-training with one scale per tensor for
 * shared-weight layers (so each cluster stays one int8 value), int4 layers are rescaled to their 4-bit grid,
 * and the weights get their compressed storages; accuracy is measured on the int8 reference.
 */
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';
import { tensor } from '../ir/graph';
import { compressWeights, type StorageChoice } from '../ir/storage';
import type { Graph, Op } from '../ir/types';
import { optimizeForInt8, quantizeModel } from '../quantize/pipeline';
import { runInt8 } from '../reference/runInt8';
import { type Dataset, sampleSize } from './dataset';
import { layersModelToGraph } from './tfModelIo';

const WEIGHT_OPS = new Set(['dense', 'conv2d', 'depthwise_conv2d']);

/** The float graph of a TF.js model, optimized for int8 (the passes `tinyfit quantize` runs). */
export async function modelToGraph(tf: typeof TF, model: TF.LayersModel): Promise<Graph> {
  return optimizeForInt8(await layersModelToGraph(tf, model));
}

/** The weight op of a Keras layer (its name, or the name a fusing pass gave it, e.g. `conv+bn`). */
export function weightOp(g: Graph, layer: string): Op {
  const op = g.ops.find((o) => WEIGHT_OPS.has(o.kind) && (o.name === layer || o.name.split('+')[0] === layer));
  if (!op) throw new TinyfitError(`no dense or convolution layer named '${layer}' in the model`);
  return op;
}

/** Layer names of the graph's weight ops, in graph order. */
export function weightLayers(g: Graph): Op[] {
  return g.ops.filter((o) => WEIGHT_OPS.has(o.kind));
}

/**
 * Quantizes the float graph to int8, calibrating on `calibration` samples; `perTensor` names layers whose
 * weights get one scale per tensor.
 */
export function quantizeShared(float: Graph, calibration: Dataset, perTensor: string[]): Graph {
  const ids = new Set(perTensor.map((l) => weightOp(float, l).inputs[1]));
  const s = sampleSize(calibration);
  const samples = Array.from({ length: calibration.count }, (_, i) => [calibration.x.slice(i * s, (i + 1) * s)]);
  return quantizeModel(float, samples, { perTensorWeights: ids }).graph;
}

/**
 * Rescales an int8 layer whose float weights lie on the grid step · {−7..7} to int4 values with scale `step`
 * (and its int32 bias to the new s_in·s_w), in place.
 */
export function toInt4(g: Graph, layer: string, step: number): void {
  const op = weightOp(g, layer);
  const w = tensor(g, op.inputs[1]);
  const s8 = w.quant!.scale;
  if (s8.length !== 1) throw new Error(`internal: int4 layer '${layer}' is quantized per channel`);
  const ratio = s8[0] / step;
  w.data = Int8Array.from(w.data as Int8Array, (q) => Math.max(-7, Math.min(7, Math.round(q * ratio))));
  w.quant = { ...w.quant!, scale: [Math.fround(step)] };
  if (op.inputs.length > 2) {
    const b = tensor(g, op.inputs[2]);
    const sb = b.quant!.scale[0];
    const sNew = Math.fround((sb / s8[0]) * Math.fround(step));
    b.data = Int32Array.from(b.data as Int32Array, (q) => Math.round((q * sb) / sNew));
    b.quant = { ...b.quant!, scale: [sNew] };
  }
}

/** Distinct values among the nonzero int8 weights of a layer, and how many are nonzero. */
export function int8Stats(g: Graph, layer: string): { distinct: number; nonzero: number; total: number } {
  const w = tensor(g, weightOp(g, layer).inputs[1]).data as Int8Array;
  const seen = new Set<number>();
  let nonzero = 0;
  for (const v of w) {
    if (v === 0) continue;
    nonzero++;
    seen.add(v);
  }
  return { distinct: seen.size, nonzero, total: w.length };
}

/** Attaches the chosen storage (by layer name) to each weight tensor; layers without a choice stay dense. */
export function attachStorage(g: Graph, choose: (layer: string) => StorageChoice | undefined): Graph {
  return compressWeights(g, (opName) => choose(opName.split('+')[0]));
}

/** Predicted class of every sample on the int8 reference (for comparing graphs). */
export function int8Predictions(g: Graph, data: Dataset): Int32Array {
  const s = sampleSize(data);
  return Int32Array.from({ length: data.count }, (_, i) => {
    const out = runInt8(g, [data.x.slice(i * s, (i + 1) * s)])[0];
    let best = 0;
    for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
    return best;
  });
}

/** Fraction of samples whose int8-reference prediction (argmax of the first output) equals the label. */
export function int8Accuracy(g: Graph, data: Dataset): number {
  const p = int8Predictions(g, data);
  let correct = 0;
  for (let i = 0; i < data.count; i++) if (p[i] === data.labels[i]) correct++;
  return data.count === 0 ? 0 : correct / data.count;
}
