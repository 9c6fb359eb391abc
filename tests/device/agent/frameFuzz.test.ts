/**
 * Fuzz of the host's agent framing (src/device/agent/{frame,cobs,crc32}.ts; issue 12 acceptance: ≥ 1,000,000
 * random/mutated frames, no crash, no corrupt frame accepted) and a cross-check with the C framing the agent runs
 * (firmware/agent/agent_frame.c through tests/fuzz/agent_frame_fuzz.c): the same frames encode to the same bytes,
 * each side decodes the other's, and on the same mutated streams both accept exactly the same frames.
 *
 * The stream: valid frames (must arrive exactly once, unchanged), mutated frames (bit flips, dropped, inserted and
 * duplicated bytes, truncation, garbage, lost delimiters, a zero inside, over-long runs), correctly encoded frames
 * with corrupt contents, random bytes and over-long runs, each corrupt one followed by a clean frame that must
 * arrive; bytes are pushed in randomly cut chunks. A false accept is a frame that is not one sent (and not yet
 * delivered). Memory: the decoder never holds more than its maxFrame.
 *
 * Measured: 1,000,000 corrupt + 1,429,380 clean frames, 308 MB, 33 s CPU (161 s wall on a 2-core VM at load 12).
 *
 * Environment: TINYFIT_FRAME_FUZZ_TARGET (corrupt frames, default 1,000,000), TINYFIT_FRAME_FUZZ_SEED (default 1).
 */
import { createCipheriv } from 'crypto';
import { cobsDecode, cobsEncode } from '../../../src/device/agent/cobs';
import { crc32 } from '../../../src/device/agent/crc32';
import { AGENT_VERSION, encodeFrame, Frame, FrameDecoder, parseFrame } from '../../../src/device/agent/frame';
import { expectCleanFuzz, FUZZ_SEED as SEED, FuzzCounts, FUZZ_TARGET as TARGET, runFrameHarness, useFrameHarness } from '../../helpers/agentFrameHarness';
import { mulberry32 } from '../../helpers/rng';


/** Seeded random helpers: numbers from mulberry32, bytes from AES-128-CTR keyed by the seed (native speed). */
function randomSource(seed: number) {
  const r = mulberry32(seed);
  const int = (n: number): number => (n > 0 ? Math.floor(r() * n) : 0);
  const key = Buffer.alloc(16);
  key.writeUInt32LE(seed >>> 0, 0);
  const stream = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const CHUNK = 1 << 20;
  let pool = Buffer.alloc(0);
  let at = 0;
  const bytes = (n: number): Buffer => {
    if (at + n > pool.length) {
      pool = stream.update(Buffer.alloc(Math.max(CHUNK, n)));
      at = 0;
    }
    const b = Buffer.from(pool.subarray(at, at + n)); // a copy: callers modify it
    at += n;
    return b;
  };
  return { int, bytes };
}
type Rng = ReturnType<typeof randomSource>;

/** Header, payload and CRC-32 of a frame: what cobs carries. */
function rawOf(f: Frame): Buffer {
  const raw = Buffer.alloc(10 + f.payload.length);
  raw[0] = AGENT_VERSION;
  raw[1] = f.kind;
  raw[2] = f.seq;
  raw[3] = f.status;
  raw.writeUInt16LE(f.payload.length, 4);
  f.payload.copy(raw, 6);
  raw.writeUInt32LE(crc32(raw.subarray(0, 6 + f.payload.length)), 6 + f.payload.length);
  return raw;
}

const Z = Buffer.from([0]);

/** A random frame with a payload of at most `max` bytes: short, medium or long; no, few, many or only zeros. */
function randomFrame(g: Rng, max: number): Frame {
  const r = g.int(100);
  const len = r < 40 ? g.int(Math.min(max, 16) + 1) : r < 70 ? g.int(Math.min(max, 300) + 1) : r < 92 ? g.int(max + 1) : max - g.int(Math.min(max, 3) + 1);
  const style = g.int(8);
  const payload = style === 2 ? Buffer.alloc(len) : g.bytes(len);
  if (style === 0) for (let i = 0; i < len; i++) payload[i] ||= 1;
  if (style === 1) for (let i = 0; i < len; i++) if (payload[i] & 1) payload[i] = 0;
  return { kind: g.int(256), seq: g.int(256), status: g.int(256), payload };
}

/** `line` with 1–3 random mutations (the C harness's list). */
function mutate(g: Rng, line: Buffer, maxFrame: number): Buffer {
  let b = line;
  for (let k = 1 + g.int(3); k > 0; k--) {
    const at = g.int(b.length + 1);
    const before = b.subarray(0, at);
    const after = b.subarray(at);
    switch (Math.floor(g.int(21) / 2)) {
      case 0: // flip 1–3 bits
        b = Buffer.from(b);
        for (let i = 1 + g.int(3); i > 0 && b.length; i--) b[g.int(b.length)] ^= 1 << g.int(8);
        break;
      case 1: // drop a byte
        if (at < b.length) b = Buffer.concat([before, b.subarray(at + 1)]);
        break;
      case 2: // insert a byte
        b = Buffer.concat([before, g.bytes(1), after]);
        break;
      case 3: // duplicate a byte
        if (at < b.length) b = Buffer.concat([before, b.subarray(at, at + 1), after]);
        break;
      case 4: // truncate
        b = before;
        break;
      case 5: // overwrite a byte
        if (at < b.length) (b = Buffer.from(b))[at] = g.int(256);
        break;
      case 6: // garbage inside
        b = Buffer.concat([before, g.bytes(1 + g.int(64)), after]);
        break;
      case 7: // lose a delimiter
        b = g.int(2) ? b.subarray(0, Math.max(0, b.length - 1)) : b.subarray(1);
        break;
      case 8: // swap neighbours
        if (at + 1 < b.length) {
          b = Buffer.from(b);
          [b[at], b[at + 1]] = [b[at + 1], b[at]];
        }
        break;
      case 9: // a zero inside
        b = Buffer.concat([before, Z, after]);
        break;
      default: {
        // an over-long run of non-zero bytes inside
        const run = g.bytes(maxFrame + 1 + g.int(64));
        for (let i = 0; i < run.length; i++) run[i] ||= 1;
        b = Buffer.concat([before, run, after]);
      }
    }
  }
  return b;
}

/** A correctly encoded frame whose contents are corrupt (only the check can catch it). */
function structured(g: Rng, f: Frame): Buffer {
  const orig = rawOf(f);
  let raw = Buffer.from(orig);
  switch (g.int(6)) {
    case 0:
    case 1:
      for (let i = 1 + g.int(4); i > 0; i--) raw[g.int(raw.length)] ^= 1 << g.int(8);
      break;
    case 2:
      raw[0] = 2 + g.int(254);
      break;
    case 3:
      raw[4 + g.int(2)] ^= 1 + g.int(255);
      break;
    case 4:
      if (raw.length > 10) {
        const len = g.int(raw.length - 10);
        raw = Buffer.concat([raw.subarray(0, 6 + len), raw.subarray(raw.length - 4)]);
        raw.writeUInt16LE(len, 4);
      } else raw[raw.length - 1] ^= 0x80;
      break;
    default: {
      const at = g.int(raw.length);
      const burst = (g.int(0x10000) << 16) | g.int(0x10000) | 1;
      for (let i = 0; i < 4 && at + i < raw.length; i++) raw[at + i] ^= (burst >>> (8 * i)) & 0xff;
    }
  }
  if (raw.equals(orig)) raw[g.int(raw.length)] ^= 1 << g.int(8); // two flips of one bit cancel
  return Buffer.concat([Z, cobsEncode(raw), Z]);
}

/** Worst-case encoded length of a frame with `payload` bytes (delimiters excluded). */
const encodedMax = (payload: number): number => payload + 10 + Math.ceil((payload + 10) / 254) + 1;

interface Counts extends FuzzCounts {
  acceptedIntact: number;
  roundTripFailures: number;
  maxBuffered: number;
  bytesFed: number;
}

/** The fuzz run: see the file's comment. */
function fuzz(seed: number, target: number): Counts {
  const g = randomSource(seed);
  const c: Counts = { valid: 0, mutated: 0, structured: 0, random: 0, overlong: 0, resyncFrames: 0, acceptedIntact: 0, falseAccepts: 0, duplicates: 0, lostValid: 0, resyncFailures: 0, tooLongMissed: 0, roundTripFailures: 0, maxBuffered: 0, bytesFed: 0 };
  const maxFrames = [16, 22, 90, 90, 90, 280, 280, 280, 280, 1060, 1060];
  let maxFrame = 0;
  let max = 0;
  let dec = new FrameDecoder();
  // Frames whose delivery is allowed: this one and the previous one (its end delimiter may be the casualty).
  let pend: { f: Frame; live: boolean }[] = [];
  let deliveredNow = 0;
  const failures: string[] = [];
  const same = (a: Frame, b: Frame) => a.kind === b.kind && a.seq === b.seq && a.status === b.status && a.payload.equals(b.payload);
  const expectFrame = (f: Frame | undefined) => {
    pend = [...(f ? [{ f, live: true }] : []), ...pend.slice(0, 1)];
    deliveredNow = 0;
  };
  const noneLive = () => pend.forEach((p) => (p.live = false));
  const feed = (bytes: Buffer): void => {
    c.bytesFed += bytes.length;
    // Cut into 1–3 chunks at random points: frames must survive any split.
    const cuts = [0, bytes.length];
    for (let k = g.int(3); k > 0; k--) cuts.push(g.int(bytes.length + 1));
    if (cuts.length > 2) cuts.sort((a, b) => a - b);
    for (let k = 0; k + 1 < cuts.length; k++) {
      for (const f of dec.push(bytes.subarray(cuts[k], cuts[k + 1]))) {
        const p = pend.find((q) => same(q.f, f));
        if (p && p.live) {
          if (p === pend[0]) deliveredNow++;
          p.live = false;
          c.acceptedIntact++;
        } else if (p) {
          c.duplicates++;
        } else {
          c.falseAccepts++;
          if (failures.length < 5) failures.push(`false accept: ${rawOf(f).toString('hex').slice(0, 120)}`);
        }
      }
      c.maxBuffered = Math.max(c.maxBuffered, dec.buffered);
    }
  };
  const sendFrame = (max: number): { f: Frame; line: Buffer } => {
    const f = randomFrame(g, max);
    return { f, line: encodeFrame(f) };
  };
  let corrupt = 0;
  for (let iter = 0; corrupt < target; iter++) {
    if (iter % 4000 === 0) {
      maxFrame = maxFrames[g.int(maxFrames.length)];
      dec = new FrameDecoder(maxFrame);
      pend = [];
      // Payloads up to what fits maxFrame in the worst case (an over-long test goes past it).
      for (max = 0; encodedMax(max + 1) <= maxFrame; ) max++;
    }
    const op = g.int(100);
    if (op < 30) {
      const { f, line } = sendFrame(max);
      const raw = cobsDecode(line.subarray(1, line.length - 1));
      const back = raw && parseFrame(raw);
      if (!back || !same(back, f) || !raw!.equals(rawOf(f))) c.roundTripFailures++;
      expectFrame(f);
      feed(line);
      c.valid++;
      if (deliveredNow !== 1) c.lostValid++;
      continue;
    }
    if (op < 70) {
      const { f, line } = sendFrame(max);
      expectFrame(f);
      feed(mutate(g, line, maxFrame));
      c.mutated++;
    } else if (op < 80) {
      const { f } = sendFrame(max);
      expectFrame(undefined);
      feed(structured(g, f));
      c.structured++;
    } else if (op < 92) {
      const b = g.bytes(g.int(g.int(8) ? 300 : 3 * maxFrame + 40));
      const zeros = g.int(3);
      for (let i = 0; i < b.length; i++) {
        if (zeros === 0) b[i] ||= 1;
        else if (zeros === 2 && (b[i] & 7) === 0) b[i] = 0;
      }
      noneLive();
      feed(b);
      c.random++;
    } else {
      const before = dec.tooLongFrames;
      noneLive();
      if (g.int(2)) {
        const run = g.bytes(maxFrame + 1 + g.int(g.int(4) ? 64 : maxFrame));
        for (let i = 0; i < run.length; i++) run[i] ||= 1;
        feed(Buffer.concat([Z, run, Z]));
      } else {
        let line: Buffer;
        do line = encodeFrame(randomFrame(g, max + 1 + g.int(g.int(2) ? 4 : 2000)));
        while (line.length - 2 <= maxFrame);
        feed(line);
      }
      c.overlong++;
      if (dec.tooLongFrames !== before + 1) c.tooLongMissed++;
    }
    corrupt++;
    const { f, line } = sendFrame(max);
    expectFrame(f);
    feed(line);
    c.resyncFrames++;
    if (deliveredNow !== 1) c.resyncFailures++;
  }
  if (failures.length) console.log(failures.join('\n'));
  return c;
}

test(`${TARGET.toLocaleString('en')} corrupt frames and the clean ones between them: no false accept, bounded memory, resynchronised every time`, () => {
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const c = fuzz(SEED, TARGET);
  const cpu = process.cpuUsage(cpu0);
  const ms = Date.now() - t0;
  const corrupt = c.mutated + c.structured + c.random + c.overlong;
  console.log(`TS frame fuzz, ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU: ${JSON.stringify({ ...c, corruptTotal: corrupt, framesTotal: corrupt + c.valid + c.resyncFrames })}`);
  expectCleanFuzz(c, TARGET);
  expect(c.roundTripFailures).toBe(0);
  expect(c.maxBuffered).toBeLessThanOrEqual(1060);
  expect(c.acceptedIntact).toBeGreaterThan(c.valid + c.resyncFrames); // some mutated frames arrive intact (a lost delimiter)
});

test('CRC-32 check value and continuation', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  const b = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff));
  expect(crc32(b.subarray(123), crc32(b.subarray(0, 123)))).toBe(crc32(b));
});

test('two frames back to back, each with its leading and trailing 0x00, deliver exactly two frames', () => {
  const a: Frame = { kind: 0x83, seq: 7, status: 0, payload: Buffer.from([1, 0, 2]) };
  const b: Frame = { kind: 0x84, seq: 8, status: 0, payload: Buffer.alloc(0) };
  const dec = new FrameDecoder();
  expect(dec.push(Buffer.concat([encodeFrame(a), encodeFrame(b)]))).toEqual([a, b]);
  expect(dec.push(Buffer.concat([encodeFrame(a), Z, Z, encodeFrame(a)]))).toEqual([a, a]);
  // Byte by byte, the same.
  const line = Buffer.concat([encodeFrame(a), encodeFrame(b)]);
  const got: Frame[] = [];
  for (const x of line) got.push(...dec.push(Buffer.from([x])));
  expect(got).toEqual([a, b]);
});

test('a run longer than maxFrame is dropped whole, its tail never parsed, and the next frame arrives', () => {
  const inner = encodeFrame({ kind: 1, seq: 1, status: 0, payload: Buffer.alloc(8, 7) });
  const next: Frame = { kind: 2, seq: 2, status: 0, payload: Buffer.from([5]) };
  // A valid frame's encoding, without its delimiters, at the end of a run too long: never delivered.
  const run = Buffer.concat([Buffer.alloc(100, 0x41), inner.subarray(1, inner.length - 1)]);
  for (const chunks of [[run], [run.subarray(0, 50), run.subarray(50)], [run.subarray(0, 90), run.subarray(90)]]) {
    const dec = new FrameDecoder(64);
    const got = [...chunks, Buffer.concat([Z, encodeFrame(next)])].flatMap((c) => dec.push(c));
    expect(got).toEqual([next]);
    expect(dec.tooLongFrames).toBe(1);
    expect(dec.buffered).toBe(0);
  }
});

describe('cross-check with the C framing (ASan build of agent_frame.c)', () => {
  const h = useFrameHarness();

  test('the same frames encode to the same bytes, and each side decodes the other', () => {
    const g = randomSource(SEED + 100);
    const frames = Array.from({ length: 5000 }, (_, i) => randomFrame(g, i % 10 === 0 ? 1024 : 300));
    const enc = runFrameHarness(h.exe, ['encode'], frames.map((f) => `${f.kind} ${f.seq} ${f.status} ${f.payload.toString('hex') || '-'}\n`).join(''));
    expect(enc.stderr).toBe('');
    const cLines = enc.stdout.trim().split('\n');
    expect(cLines.length).toBe(frames.length);
    let identical = 0;
    const dec = new FrameDecoder();
    frames.forEach((f, i) => {
      if (cLines[i] === encodeFrame(f).toString('hex')) identical++;
      expect(dec.push(Buffer.from(cLines[i], 'hex'))).toEqual([f]);
    });
    expect(identical).toBe(frames.length);
    // TS encodings into the C decoder: the raw frames come back.
    const dc = runFrameHarness(h.exe, ['decode', '70000'], frames.map((f) => encodeFrame(f).toString('hex') + '\n').join(''));
    expect(dc.stderr).toBe('');
    expect(dc.stdout.trim().split('\n')).toEqual(frames.map((f) => rawOf(f).toString('hex')));
  });

  test('on the same mutated streams, C and TS accept exactly the same frames', () => {
    const g = randomSource(SEED + 200);
    const streams: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) {
      const parts: Buffer[] = [];
      for (let k = 1 + g.int(3); k > 0; k--) {
        const f = randomFrame(g, 200);
        const op = g.int(4);
        parts.push(op === 0 ? encodeFrame(f) : op === 1 ? structured(g, f) : op === 2 ? g.bytes(g.int(40)) : mutate(g, encodeFrame(f), 5000));
      }
      streams.push(Buffer.concat(parts));
    }
    const dc = runFrameHarness(h.exe, ['decode', '70000'], streams.map((s) => s.toString('hex') + '\n').join(''));
    expect(dc.stderr).toBe('');
    const cOut = dc.stdout.trim().split('\n');
    let accepted = 0;
    const disagreements: string[] = [];
    streams.forEach((s, i) => {
      const ts = new FrameDecoder().push(s).map((f) => rawOf(f).toString('hex'));
      accepted += ts.length;
      const c = cOut[i] === '.' ? [] : cOut[i].split(' ');
      if (c.join(' ') !== ts.join(' ')) disagreements.push(`${s.toString('hex')}: C ${c.join(' ')} TS ${ts.join(' ')}`);
    });
    expect(disagreements.slice(0, 3)).toEqual([]);
    expect(accepted).toBeGreaterThan(5000);
  });
});
