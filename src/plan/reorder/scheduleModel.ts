/**
 * The scheduling problem as index arrays: ops numbered in the original order, their dependencies, and the
 * buffers (alias groups of activation tensors, sized by their largest member) each op touches.
 */
import { tensor } from '../../ir/graph';
import { Graph, Op } from '../../ir/types';
import { aliasRoots } from './aliases';

/** The graph as index arrays: ops, dependencies, and the buffers each op touches. */
export interface ScheduleModel {
  n: number;
  ops: Op[];
  preds: number[][];
  succs: number[][];
  /** Buffers touched (read or written) by each op, without repeats. */
  touch: number[][];
  bytes: number[];
  isInput: Uint8Array;
  isOutput: Uint8Array;
  /** Number of ops touching each buffer. */
  touchCount: Int32Array;
  /** Resident bytes before any op runs (graph inputs still needed, or graph outputs). */
  initialResident: number;
  /** Graph inputs nothing reads: live at step 0 only. */
  step0Extra: number;
  /** Graph outputs nothing writes (not graph inputs): live at the last step only. */
  endExtra: number;
}

/**
 * Builds the {@link ScheduleModel} of `g`: constants (tensors with `data`) cost nothing, a reshape output
 * shares its input's buffer, and a buffer's size is the largest `bytesOf` of its tensors.
 */
export function buildScheduleModel(g: Graph, bytesOf: (id: number) => number): ScheduleModel {
  const ops = g.ops;
  const n = ops.length;
  const find = aliasRoots(ops);
  const bufOf = new Map<number, number>(); // alias root -> buffer index
  const bytes: number[] = [];
  const bufferOf = (id: number): number => {
    if (tensor(g, id).data) return -1;
    const r = find(id);
    let b = bufOf.get(r);
    if (b === undefined) {
      b = bytes.length;
      bufOf.set(r, b);
      bytes.push(0);
    }
    const sz = bytesOf(id);
    if (sz > bytes[b]) bytes[b] = sz;
    return b;
  };
  const producer = new Map<number, number>();
  ops.forEach((op, i) => op.outputs.forEach((o) => producer.set(o, i)));
  const preds: number[][] = [];
  const succs: number[][] = ops.map(() => []);
  const touch: number[][] = [];
  ops.forEach((op, i) => {
    const p: number[] = [];
    for (const id of op.inputs) {
      const j = producer.get(id);
      if (j !== undefined && j !== i && !p.includes(j)) p.push(j);
    }
    preds.push(p);
    for (const j of p) succs[j].push(i);
    const t: number[] = [];
    for (const id of [...op.inputs, ...op.outputs]) {
      const b = bufferOf(id);
      if (b >= 0 && !t.includes(b)) t.push(b);
    }
    touch.push(t);
  });
  const inBufs = g.inputs.map(bufferOf).filter((b) => b >= 0);
  const outBufs = g.outputs.map(bufferOf).filter((b) => b >= 0);
  const nb = bytes.length;
  const isInput = new Uint8Array(nb);
  const isOutput = new Uint8Array(nb);
  for (const b of inBufs) isInput[b] = 1;
  for (const b of outBufs) isOutput[b] = 1;
  const touchCount = new Int32Array(nb);
  for (const t of touch) for (const b of t) touchCount[b]++;
  let initialResident = 0;
  let step0Extra = 0;
  let endExtra = 0;
  for (let b = 0; b < nb; b++) {
    if (isInput[b]) {
      if (touchCount[b] > 0 || isOutput[b]) initialResident += bytes[b];
      else step0Extra += bytes[b];
    } else if (touchCount[b] === 0 && isOutput[b]) endExtra += bytes[b];
  }
  return { n, ops, preds, succs, touch, bytes, isInput, isOutput, touchCount, initialResident, step0Extra, endExtra };
}

/** True when each op of `ops` (in order) depends on the previous one: the only valid order. */
export function isChain(m: ScheduleModel, ops: readonly number[]): boolean {
  for (let k = 1; k < ops.length; k++) if (!m.preds[ops[k]].includes(ops[k - 1])) return false;
  return true;
}
