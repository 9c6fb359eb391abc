/**
 * Frames of the device agent's protocol (docs/agent-protocol.md, firmware/agent/agent_frame.h): header (version,
 * kind, sequence, status, payload length), payload and CRC-32, COBS-encoded between 0x00 delimiters. The decoder
 * takes bytes as they come and yields checked frames; whatever is not a frame (a board's boot text, line noise,
 * a frame with a bad CRC) is counted and skipped up to the next delimiter.
 */
import { cobsDecode, cobsEncodeInto, cobsMaxLength } from './cobs';
import { crc32 } from './crc32';

export const AGENT_VERSION = 1;
const HEADER = 6;
const TRAILER = 4;

/** One frame. */
export interface Frame {
  kind: number;
  seq: number;
  status: number;
  payload: Buffer;
}

/** The bytes on the line for one frame, delimiters included. */
export function encodeFrame(f: Frame): Buffer {
  const raw = Buffer.allocUnsafe(HEADER + f.payload.length + TRAILER); // every byte written below
  raw[0] = AGENT_VERSION;
  raw[1] = f.kind;
  raw[2] = f.seq;
  raw[3] = f.status;
  raw.writeUInt16LE(f.payload.length, 4);
  f.payload.copy(raw, HEADER);
  raw.writeUInt32LE(crc32(raw.subarray(0, HEADER + f.payload.length)), HEADER + f.payload.length);
  const line = Buffer.allocUnsafe(cobsMaxLength(raw.length) + 2);
  line[0] = 0;
  const end = cobsEncodeInto(raw, line, 1);
  line[end] = 0;
  return line.subarray(0, end + 1);
}

/**
 * Checks and splits one decoded frame.
 * @returns the frame, or undefined when its length fields, version or CRC are wrong
 */
export function parseFrame(raw: Uint8Array): Frame | undefined {
  if (raw.length < HEADER + TRAILER) return undefined;
  const b = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  const len = b.readUInt16LE(4);
  if (len !== b.length - HEADER - TRAILER || b[0] !== AGENT_VERSION) return undefined;
  if (crc32(b.subarray(0, HEADER + len)) !== b.readUInt32LE(HEADER + len)) return undefined;
  return { kind: b[1], seq: b[2], status: b[3], payload: Buffer.from(b.subarray(HEADER, HEADER + len)) };
}

/**
 * A streaming decoder: feed bytes, get the frames they complete. Memory is bounded by `maxFrame`: a run longer
 * than that is dropped whole, up to its closing delimiter (as the agent's TOO_LONG), never parsed from its middle.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current run passed maxFrame: skip up to the next delimiter. */
  private overlong = false;
  /** Bytes skipped so far because they were not part of a valid frame (text, noise, corrupt frames). */
  skippedBytes = 0;
  /** Frames dropped for a bad CRC or length (their delimiters arrived, their contents were wrong). */
  corruptFrames = 0;
  /** Runs between delimiters longer than maxFrame, dropped. */
  tooLongFrames = 0;

  /**
   * @param maxFrame the longest encoded frame accepted, bytes (delimiters excluded); longer runs are skipped
   */
  constructor(private readonly maxFrame = 70_000) {}

  /** Bytes held for a frame not yet ended (at most maxFrame). */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Feeds received bytes; returns the complete, checked frames among them. */
  push(data: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    for (let i = data.indexOf(0); i !== -1; i = data.indexOf(0, start)) {
      const n = this.pendingBytes + i - start;
      if (this.overlong || n > this.maxFrame) {
        this.skippedBytes += n;
        this.tooLongFrames++;
      } else if (n > 0) {
        // A view is enough: cobsDecode copies, and nothing of `data` is kept past this call.
        const piece = data.subarray(start, i);
        const f = this.decode(this.pendingBytes ? Buffer.concat([...this.pending, piece]) : piece);
        if (f) frames.push(f);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.overlong = false;
      start = i + 1;
    }
    const rest = data.length - start;
    if (rest > 0) {
      if (this.overlong || this.pendingBytes + rest > this.maxFrame) {
        if (!this.overlong) this.skippedBytes += this.pendingBytes;
        this.skippedBytes += rest;
        this.pending = [];
        this.pendingBytes = 0;
        this.overlong = true;
      } else {
        this.pending.push(Buffer.from(data.subarray(start)));
        this.pendingBytes += rest;
      }
    }
    return frames;
  }

  /** One run between delimiters: the frame, or undefined (counted) when it is not one. */
  private decode(enc: Uint8Array): Frame | undefined {
    const raw = cobsDecode(enc);
    const f = raw && parseFrame(raw);
    if (f) return f;
    this.skippedBytes += enc.length;
    if (raw && raw.length >= HEADER + TRAILER && raw[0] === AGENT_VERSION) this.corruptFrames++;
    return undefined;
  }
}
