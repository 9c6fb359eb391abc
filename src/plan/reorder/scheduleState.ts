/**
 * The liveness state of a partial schedule (a set of executed ops), updated op by op: which buffers have
 * started, how many touches each still waits for, which ops are ready, and the resident bytes.
 */
import type { ScheduleModel } from './scheduleModel';

/** Incremental liveness state for a set of executed ops. */
export class ScheduleState {
  readonly started: Int32Array;
  readonly remaining: Int32Array;
  readonly indeg: Int32Array;
  /** Bytes of buffers started and not finished by the executed ops. */
  R = 0;
  /** Number of executed ops. */
  count = 0;

  constructor(readonly m: ScheduleModel) {
    this.started = new Int32Array(m.bytes.length);
    this.remaining = new Int32Array(m.bytes.length);
    this.indeg = new Int32Array(m.n);
    this.reset();
  }

  /** Back to the empty schedule (no op executed). */
  reset(): void {
    this.started.fill(0);
    this.remaining.set(this.m.touchCount);
    for (let i = 0; i < this.m.n; i++) this.indeg[i] = this.m.preds[i].length;
    this.R = this.m.initialResident;
    this.count = 0;
  }

  /** Live bytes at the step that runs ready op `v` next. */
  cost(v: number): number {
    const m = this.m;
    let c = this.R;
    for (const b of m.touch[v]) if (this.started[b] === 0 && !m.isInput[b]) c += m.bytes[b];
    if (this.count === 0) c += m.step0Extra;
    if (this.count === m.n - 1) c += m.endExtra;
    return c;
  }

  /** Resident bytes after running ready op `v`. */
  after(v: number): number {
    const m = this.m;
    let c = this.R;
    for (const b of m.touch[v]) {
      if (this.started[b] === 0 && !m.isInput[b]) c += m.bytes[b];
      if (this.remaining[b] === 1 && !m.isOutput[b]) c -= m.bytes[b];
    }
    return c;
  }

  /** Executes ready op `v`. */
  apply(v: number): void {
    const m = this.m;
    for (const b of m.touch[v]) {
      if (this.started[b] === 0 && !m.isInput[b]) this.R += m.bytes[b];
      this.started[b]++;
      if (--this.remaining[b] === 0 && !m.isOutput[b]) this.R -= m.bytes[b];
    }
    for (const w of m.succs[v]) this.indeg[w]--;
    this.count++;
  }

  /** Takes back `v`, the last op executed. */
  undo(v: number): void {
    const m = this.m;
    this.count--;
    for (const w of m.succs[v]) this.indeg[w]++;
    for (const b of m.touch[v]) {
      if (this.remaining[b]++ === 0 && !m.isOutput[b]) this.R += m.bytes[b];
      if (--this.started[b] === 0 && !m.isInput[b]) this.R -= m.bytes[b];
    }
  }
}
