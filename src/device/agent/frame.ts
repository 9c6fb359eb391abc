/**
 * Frames of the device agent's protocol (docs/agent-protocol.md, firmware/agent/agent_frame.h): header (version,
 * kind, sequence, status, payload length), payload and CRC-32, COBS-encoded between 0x00 delimiters. The decoder
 * takes bytes as they come and yields checked frames; whatever is not a frame (a board's boot text, line noise,
 * a frame with a bad CRC) is counted and skipped up to the next delimiter.
 */
import { cobsDecode, cobsEncode } from './cobs';
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
  const raw = Buffer.alloc(HEADER + f.payload.length + TRAILER);
  raw[0] = AGENT_VERSION;
  raw[1] = f.kind;
  raw[2] = f.seq;
  raw[3] = f.status;
  raw.writeUInt16LE(f.payload.length, 4);
  f.payload.copy(raw, HEADER);
  raw.writeUInt32LE(crc32(raw.subarray(0, HEADER + f.payload.length)), HEADER + f.payload.length);
  return Buffer.concat([Buffer.from([0]), cobsEncode(raw), Buffer.from([0])]);
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

/** A streaming decoder: feed bytes, get the frames they complete. */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes skipped so far because they were not part of a valid frame (text, noise, corrupt frames). */
  skippedBytes = 0;
  /** Frames dropped for a bad CRC or length (their delimiters arrived, their contents were wrong). */
  corruptFrames = 0;

  /**
   * @param maxFrame the longest encoded frame accepted, bytes; longer runs are skipped as garbage (bounded memory)
   */
  constructor(private readonly maxFrame = 70_000) {}

  /** Feeds received bytes; returns the complete, checked frames among them. */
  push(data: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== 0) continue;
      const piece = Buffer.from(data.subarray(start, i));
      start = i + 1;
      const enc = this.pendingBytes ? Buffer.concat([...this.pending, piece]) : piece;
      this.pending = [];
      this.pendingBytes = 0;
      if (enc.length === 0) continue;
      const raw = cobsDecode(enc);
      const f = raw && parseFrame(raw);
      if (f) frames.push(f);
      else {
        this.skippedBytes += enc.length;
        if (raw && raw.length >= HEADER + TRAILER && raw[0] === AGENT_VERSION) this.corruptFrames++;
      }
    }
    if (start < data.length) {
      const rest = Buffer.from(data.subarray(start));
      if (this.pendingBytes + rest.length > this.maxFrame) {
        this.skippedBytes += this.pendingBytes + rest.length;
        this.pending = [];
        this.pendingBytes = 0;
      } else {
        this.pending.push(rest);
        this.pendingBytes += rest.length;
      }
    }
    return frames;
  }
}
