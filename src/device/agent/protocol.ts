/**
 * The device agent's commands, status codes and payload layouts (docs/agent-protocol.md; the C side is
 * firmware/agent/agent.c): what the host sends and how it reads the answers.
 */

/** Command codes; a response's kind is the code | 0x80; 0xFF is the boot event. */
export const CMD = {
  INFO: 0x01,
  SET_INPUT: 0x02,
  INVOKE: 0x03,
  GET_OUTPUT: 0x04,
  PROFILE: 0x05,
  MEMORY: 0x06,
  LOAD_WEIGHTS: 0x07,
  RESET: 0x08,
} as const;

export const EVENT_BOOT = 0xff;

/** Response status codes. */
export const STATUS = {
  OK: 0,
  CORRUPT: 1,
  UNKNOWN: 2,
  ARGS: 3,
  RANGE: 4,
  READONLY: 5,
  TOO_LONG: 6,
  INVOKE: 7,
  STALE: 8,
} as const;

/** What INFO (and the boot event) says about the firmware. */
export interface AgentInfo {
  protocol: number;
  weightsWritable: boolean;
  maxPayload: number;
  arenaBytes: number;
  stackReserve: number;
  tickHz: number;
  numOps: number;
  numWeights: number;
  /** The model's hash, hex (tinyfit.json's modelHash). */
  modelHash: string;
  target: string;
  modelName: string;
  buildId: string;
  inputs: { dtype: 'float32' | 'int8'; bytes: number }[];
  outputs: { dtype: 'float32' | 'int8'; bytes: number }[];
}

/** A reader over a payload that fails with a clear message when the payload is shorter than its layout. */
class Reader {
  private off = 0;
  constructor(
    private readonly b: Buffer,
    private readonly what: string,
  ) {}
  private need(n: number): void {
    if (this.off + n > this.b.length) throw new Error(`${this.what}: payload of ${this.b.length} B too short`);
  }
  u8(): number {
    this.need(1);
    return this.b[this.off++];
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16LE(this.off);
    this.off += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.b.readUInt32LE(this.off);
    this.off += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = Number(this.b.readBigUInt64LE(this.off));
    this.off += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
  str(): string {
    return this.bytes(this.u8()).toString('utf8');
  }
}

const DTYPES = ['float32', 'int8'] as const;

/** Parses an INFO payload (also the boot event's). */
export function parseInfo(p: Buffer): AgentInfo {
  const r = new Reader(p, 'INFO');
  const protocol = r.u8();
  const flags = r.u8();
  const maxPayload = r.u16();
  const arenaBytes = r.u32();
  const stackReserve = r.u32();
  const tickHz = r.u64();
  const nIn = r.u8();
  const nOut = r.u8();
  const numOps = r.u16();
  const numWeights = r.u16();
  const modelHash = r.bytes(16).toString('hex');
  const target = r.str();
  const modelName = r.str();
  const buildId = r.str();
  const io = (n: number): AgentInfo['inputs'] =>
    Array.from({ length: n }, () => {
      const d = r.u8();
      return { dtype: DTYPES[d] ?? 'float32', bytes: r.u32() };
    });
  const inputs = io(nIn);
  const outputs = io(nOut);
  return { protocol, weightsWritable: (flags & 1) !== 0, maxPayload, arenaBytes, stackReserve, tickHz, numOps, numWeights, modelHash, target, modelName, buildId, inputs, outputs };
}

/** INVOKE's answer. */
export interface InvokeTicks {
  runs: number;
  total: number;
  min: number;
  max: number;
}

/** Parses an INVOKE answer. */
export function parseInvoke(p: Buffer): InvokeTicks {
  const r = new Reader(p, 'INVOKE');
  return { runs: r.u32(), total: r.u64(), min: r.u64(), max: r.u64() };
}

/** One page of PROFILE's answer. */
export interface ProfilePage {
  total: number;
  numOps: number;
  first: number;
  ops: { ticks: number; arenaLo: number; arenaHi: number }[];
}

/** Parses a PROFILE answer. */
export function parseProfile(p: Buffer): ProfilePage {
  const r = new Reader(p, 'PROFILE');
  const total = r.u64();
  const numOps = r.u16();
  const first = r.u16();
  const count = r.u16();
  const ops = Array.from({ length: count }, () => ({ ticks: r.u64(), arenaLo: r.u32(), arenaHi: r.u32() }));
  return { total, numOps, first, ops };
}

/** MEMORY's answer. */
export interface MemoryFigures {
  arenaBytes: number;
  stackUsed: number;
  stackReserve: number;
  heapUsed: number;
}

/** Parses a MEMORY answer. */
export function parseMemory(p: Buffer): MemoryFigures {
  const r = new Reader(p, 'MEMORY');
  return { arenaBytes: r.u32(), stackUsed: r.u32(), stackReserve: r.u32(), heapUsed: r.u32() };
}
