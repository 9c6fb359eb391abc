/**
 * Per-weight masks: a 0/1 array per weight variable (by its TF.js name, e.g. `fc1/kernel`) saying which
 * elements are kept. The training engine multiplies masked variables by their mask after every optimizer step,
 * so pruned weights stay exactly 0 through fine-tuning; later stages read the same masks.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { readNpy, writeNpy } from '../io/npy';
import { TinyfitError } from '../errors';

/** 0/1 mask per weight name. */
export type WeightMasks = Map<string, Float32Array>;

/**
 * The model's trainable variables by name: the name saved in model.json (`originalName`, e.g. `fc1/kernel`),
 * not the process-unique variable name TF.js derives from it (`fc1/kernel_3` when a layer name repeats).
 */
export function trainableVariables(model: TF.LayersModel): Map<string, TF.Variable> {
  const out = new Map<string, TF.Variable>();
  for (const w of model.trainableWeights) out.set(weightName(w), w.read() as TF.Variable);
  return out;
}

/** The saved (model.json) name of a layer weight. */
export function weightName(w: { name: string }): string {
  return (w as { originalName?: string }).originalName ?? w.name;
}

/** Uploads masks as tensors (the caller disposes them), checking names and sizes against the variables. */
export function maskTensors(tf: typeof TF, vars: Map<string, TF.Variable>, masks: WeightMasks): Map<string, TF.Tensor> {
  const out = new Map<string, TF.Tensor>();
  for (const [name, m] of masks) {
    const v = vars.get(name);
    if (!v) throw new TinyfitError(`mask for unknown weight "${name}" (weights: ${[...vars.keys()].join(', ')})`);
    if (m.length !== v.size) throw new TinyfitError(`mask for "${name}" has ${m.length} elements, the weight ${v.size}`);
    out.set(name, tf.tensor(m, v.shape, 'float32'));
  }
  return out;
}

/** Multiplies each masked variable by its mask in place. */
export function applyMasks(tf: typeof TF, vars: Map<string, TF.Variable>, masks: Map<string, TF.Tensor>): void {
  tf.tidy(() => {
    for (const [name, m] of masks) {
      const v = vars.get(name)!;
      v.assign(tf.mul(v, m));
    }
  });
}

/** Fraction of zeros in a mask set (over the masked weights only). */
export function maskSparsity(masks: WeightMasks): number {
  let zeros = 0;
  let total = 0;
  for (const m of masks.values()) {
    total += m.length;
    for (let i = 0; i < m.length; i++) if (m[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

/**
 * Writes masks to `dir` as one uint8 `.npy` per weight (1 = kept) plus `masks.json` mapping weight names to
 * files, for the later compression stages (clustering, int8) that must keep pruned weights exactly 0.
 */
export function writeMasks(dir: string, masks: WeightMasks): void {
  fs.mkdirSync(dir, { recursive: true });
  const index: Record<string, string> = {};
  let k = 0;
  for (const [name, m] of masks) {
    const file = `mask_${k++}_${name.replace(/[^A-Za-z0-9_-]+/g, '_')}.npy`;
    writeNpy(path.join(dir, file), Uint8Array.from(m, (v) => (v === 0 ? 0 : 1)), [m.length]);
    index[name] = file;
  }
  fs.writeFileSync(path.join(dir, 'masks.json'), JSON.stringify(index, null, 1));
}

/** Reads masks written by {@link writeMasks}. */
export function readMasks(dir: string): WeightMasks {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'masks.json'), 'utf8')) as Record<string, string>;
  const out: WeightMasks = new Map();
  for (const [name, file] of Object.entries(index)) out.set(name, Float32Array.from(readNpy(path.join(dir, file)).data));
  return out;
}
