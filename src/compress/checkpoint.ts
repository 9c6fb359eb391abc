/**
 * Training checkpoints: after each epoch the model's weights and the optimizer's state are written to
 * `<dir>/epoch-<n>/` (state.json + weights.bin, raw little-endian float32 in the order state.json lists), so
 * an interrupted fine-tuning run can resume exactly where it stopped.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';

/** One tensor of a checkpoint. */
export interface CheckpointEntry {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a checkpoint holds. */
export interface Checkpoint {
  /** Epochs completed (1-based count). */
  epoch: number;
  weights: CheckpointEntry[];
  /** Optimizer state (e.g. Adam's moments), opaque to the caller. */
  optimizer: CheckpointEntry[];
  /** Free-form run metadata (seed, batch size...), checked on resume. */
  meta: Record<string, unknown>;
}

interface StateJson {
  epoch: number;
  meta: Record<string, unknown>;
  weights: Array<{ name: string; shape: number[] }>;
  optimizer: Array<{ name: string; shape: number[] }>;
}

/** Writes a checkpoint to `<dir>/epoch-<epoch>/`; returns that folder. */
export function writeCheckpoint(dir: string, ck: Checkpoint): string {
  const folder = path.join(dir, `epoch-${ck.epoch}`);
  fs.mkdirSync(folder, { recursive: true });
  const all = [...ck.weights, ...ck.optimizer];
  const bytes = Buffer.alloc(all.reduce((a, e) => a + e.data.length * 4, 0));
  let off = 0;
  for (const e of all) {
    Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength).copy(bytes, off);
    off += e.data.byteLength;
  }
  const state: StateJson = {
    epoch: ck.epoch,
    meta: ck.meta,
    weights: ck.weights.map(({ name, shape }) => ({ name, shape })),
    optimizer: ck.optimizer.map(({ name, shape }) => ({ name, shape })),
  };
  // weights first, state.json last: a folder with state.json is complete.
  fs.writeFileSync(path.join(folder, 'weights.bin'), bytes);
  fs.writeFileSync(path.join(folder, 'state.json'), JSON.stringify(state, null, 1));
  return folder;
}

/** Reads a checkpoint folder written by {@link writeCheckpoint}. */
export function readCheckpoint(folder: string): Checkpoint {
  const statePath = path.join(folder, 'state.json');
  if (!fs.existsSync(statePath)) throw new TinyfitError(`${folder}: not a checkpoint (no state.json)`);
  const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as StateJson;
  const buf = fs.readFileSync(path.join(folder, 'weights.bin'));
  let off = 0;
  const take = (e: { name: string; shape: number[] }): CheckpointEntry => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (off + n * 4 > buf.length) throw new TinyfitError(`${folder}: weights.bin is truncated`);
    const data = new Float32Array(n);
    Buffer.from(data.buffer).set(buf.subarray(off, off + n * 4));
    off += n * 4;
    return { name: e.name, shape: e.shape, data };
  };
  return { epoch: state.epoch, meta: state.meta, weights: state.weights.map(take), optimizer: state.optimizer.map(take) };
}

/** The folder of the latest complete checkpoint in `dir`, or undefined when there is none. */
export function latestCheckpoint(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  let best = -1;
  for (const name of fs.readdirSync(dir)) {
    const m = /^epoch-(\d+)$/.exec(name);
    if (m && fs.existsSync(path.join(dir, name, 'state.json')) && Number(m[1]) > best) best = Number(m[1]);
  }
  return best < 0 ? undefined : path.join(dir, `epoch-${best}`);
}

/** Copies tensors' values into checkpoint entries. */
export function toEntries(named: Array<{ name: string; tensor: TF.Tensor }>): CheckpointEntry[] {
  return named.map(({ name, tensor }) => ({ name, shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync() as Float32Array) }));
}
