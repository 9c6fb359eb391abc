/**
 * A fault-injecting link between the host and a real board (the QEMU pty): drops or corrupts chosen frames in
 * either direction, injects bytes (a RESET frame) after a chosen frame, garbles every byte while the line speed
 * is not the board's (what a baud mismatch looks like), and adds seeded random bit errors. Frames are recognised
 * by their command (the answer to command c has kind c | 0x80), so a plan reads "corrupt the first SET_INPUT".
 */
import { cobsDecode } from '../../src/device/agent/cobs';
import { parseFrame } from '../../src/device/agent/frame';
import { Transport } from '../../src/device/transport';
import { mulberry32 } from './rng';
import { RelayTransport } from './relayTransport';

/** What is done to one frame: one byte removed, one bit flipped, or the whole frame lost. */
export type FaultKind = 'drop-byte' | 'flip-bit' | 'drop-frame';

/** A fault on the `nth` (0-based) frame of `kind` travelling in direction `dir`. */
export interface FrameFault {
  dir: 'tx' | 'rx';
  /** Frame kind: a command code host→board, command | 0x80 (or 0xFF, the boot event) board→host. */
  kind: number;
  nth?: number;
  fault: FaultKind;
}

/** The faults of one run. */
export interface FaultPlan {
  frames?: FrameFault[];
  /** Bytes written to the board right after the `nth` host frame of `kind` (e.g. an agent RESET frame). */
  inject?: { kind: number; nth?: number; bytes: Buffer };
  /** Every byte both ways is garbled while the link's speed differs from this one (a baud mismatch). */
  boardBaud?: number;
  /** Random single-bit errors: probability per byte, both directions, from a seeded generator. */
  noise?: { perByte: number; seed: number };
}

/** The kind of the frame encoded in one delimited segment (COBS bytes without delimiters), or -1. */
function kindOf(segment: Buffer): number {
  const raw = cobsDecode(segment);
  const f = raw && parseFrame(raw);
  return f ? f.kind : -1;
}

/** A byte that is never 0x00 after a bit flip (so the frame stays one frame: its CRC must catch it). */
function flipped(b: number): number {
  return (b ^ 0x04) === 0 ? b ^ 0x08 : b ^ 0x04;
}

/** A Transport that applies a {@link FaultPlan} to the traffic of an inner one. */
export class FaultyTransport extends RelayTransport {
  /** What was done, in order ("tx SET_INPUT#0 flip-bit", …), for assertions and the report. */
  readonly log: string[] = [];
  private readonly seen = new Map<string, number>();
  private rxSegment: Buffer[] = [];
  private readonly rng: () => number;

  constructor(
    inner: Transport,
    private readonly plan: FaultPlan,
  ) {
    super(inner);
    this.rng = mulberry32(plan.noise?.seed ?? 1);
  }

  private garbling(): boolean {
    return this.plan.boardBaud !== undefined && this.inner.baudRate !== this.plan.boardBaud;
  }

  /** A baud mismatch: each byte arrives as another one, and some are lost as framing errors. */
  private garble(data: Buffer): Buffer {
    const out: number[] = [];
    for (const b of data) if (this.rng() > 0.1) out.push(((b * 37) ^ 0xa5) & 0xff || 0x7f);
    return Buffer.from(out);
  }

  private noisy(data: Buffer): Buffer {
    const p = this.plan.noise?.perByte ?? 0;
    if (p === 0) return data;
    const out = Buffer.from(data);
    for (let i = 0; i < out.length; i++) {
      if (this.rng() < p) {
        out[i] ^= 1 << Math.floor(this.rng() * 8);
        this.log.push(`noise bit flip`);
      }
    }
    return out;
  }

  /** Counts a frame and returns the fault planned for it, if any. */
  private faultFor(dir: 'tx' | 'rx', kind: number): FaultKind | undefined {
    const key = `${dir}:${kind}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    const f = this.plan.frames?.find((x) => x.dir === dir && x.kind === kind && (x.nth ?? 0) === n);
    if (f) this.log.push(`${dir} kind 0x${kind.toString(16)}#${n} ${f.fault}`);
    return f?.fault;
  }

  /** Applies a fault to the COBS bytes of one frame. */
  private static faulted(segment: Buffer, fault: FaultKind | undefined): Buffer {
    if (!fault) return segment;
    if (fault === 'drop-frame') return Buffer.alloc(0);
    const mid = segment.length >> 1;
    if (fault === 'drop-byte') return Buffer.concat([segment.subarray(0, mid), segment.subarray(mid + 1)]);
    const out = Buffer.from(segment);
    out[mid] = flipped(out[mid]);
    return out;
  }

  protected override async onTx(data: Buffer): Promise<void> {
    if (this.garbling()) return this.inner.write(this.garble(data));
    // The client writes one whole frame per call: 0x00, COBS bytes, 0x00.
    const body = data.subarray(1, data.length - 1);
    const kind = data[0] === 0 && data[data.length - 1] === 0 ? kindOf(body) : -1;
    const fault = kind >= 0 ? this.faultFor('tx', kind) : undefined;
    let out = fault ? Buffer.concat([Buffer.from([0]), FaultyTransport.faulted(body, fault), Buffer.from([0])]) : data;
    out = this.noisy(out);
    const inj = this.plan.inject;
    if (inj && kind === inj.kind && (this.seen.get(`tx:${kind}`) ?? 0) - 1 === (inj.nth ?? 0)) {
      this.log.push(`injected ${inj.bytes.length} B after tx kind 0x${kind.toString(16)}#${inj.nth ?? 0}`);
      out = Buffer.concat([out, inj.bytes]);
    }
    await this.inner.write(out);
  }

  protected override async onRx(data: Buffer): Promise<void> {
    if (this.garbling()) {
      this.rx.push(this.garble(data));
      return;
    }
    // Frames are judged whole: bytes are held until their delimiter arrives.
    let start = 0;
    const out: Buffer[] = [];
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== 0) continue;
      const seg = Buffer.concat([...this.rxSegment, data.subarray(start, i)]);
      this.rxSegment = [];
      start = i + 1;
      if (seg.length) out.push(FaultyTransport.faulted(seg, this.faultFor('rx', kindOf(seg))));
      out.push(Buffer.from([0]));
    }
    if (start < data.length) this.rxSegment.push(Buffer.from(data.subarray(start)));
    if (out.length) this.rx.push(this.noisy(Buffer.concat(out)));
  }
}
