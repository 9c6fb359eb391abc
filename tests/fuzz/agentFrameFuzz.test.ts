/**
 * Fuzz of the device agent's C framing (issue 12 acceptance: ≥ 1,000,000 random/mutated frames under ASan, no
 * crash, no out-of-bounds, no corrupt frame accepted). The harness (tests/fuzz/agent_frame_fuzz.c) is built with
 * ASan/UBSan against firmware/agent/agent_frame.c; it feeds valid frames (round trip exact, encoder bytes equal to a
 * reference COBS), mutated ones (bit flips, dropped/inserted/duplicated bytes, truncation, garbage, lost
 * delimiters, over-long runs), correctly encoded frames with corrupt contents, random bytes and over-long frames,
 * each corrupt one followed by a clean frame that must be delivered.
 *
 * Environment: TINYFIT_FRAME_FUZZ_TARGET (corrupt frames, default 1,000,000), TINYFIT_FRAME_FUZZ_SEED (default 1).
 * Measured: 1,000,000 corrupt + 1,428,516 clean frames, 360 MB, 17 s CPU under ASan (33–41 s wall on a 2-core VM
 * at load 12; the suite 47 s with its planted-bug builds).
 */
import { buildFrameHarness, expectCleanFuzz, FUZZ_SEED as SEED, FUZZ_TARGET as TARGET, plantBug, runFrameHarness, useFrameHarness } from '../helpers/agentFrameHarness';

const h = useFrameHarness();

/** The line bytes of one frame as the C encoder writes them. */
function cEncode(kind: number, seq: number, status: number, payload: Buffer): string {
  const r = runFrameHarness(h.exe, ['encode'], `${kind} ${seq} ${status} ${payload.toString('hex') || '-'}\n`);
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

test(`${TARGET.toLocaleString('en')} corrupt frames and the clean ones between them: no false accept, no overflow, resynchronised every time`, () => {
  const r = runFrameHarness(h.exe, ['fuzz', String(SEED), String(TARGET)]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const c = JSON.parse(r.stdout);
  console.log(`C frame fuzz (ASan/UBSan), ${(r.ms / 1000).toFixed(1)} s: ${JSON.stringify(c)}`);
  expect(c.mutated + c.random + c.structured + c.overlong).toBe(c.corruptTotal);
  expectCleanFuzz(c, TARGET);
  expect(c.encoderMismatch).toBe(0);
  // The mutated frames must test something: most are rejected or dropped, some arrive intact (a lost delimiter).
  expect(c.rejected).toBeGreaterThan(TARGET / 10);
  expect(c.tooLong).toBeGreaterThanOrEqual(c.overlong);
});

test('two frames back to back, each with its leading and trailing 0x00, deliver exactly two frames', () => {
  const a = cEncode(0x83, 7, 0, Buffer.from([1, 0, 2]));
  const b = cEncode(0x84, 8, 0, Buffer.alloc(0));
  expect(a.startsWith('00') && a.endsWith('00')).toBe(true);
  const r = runFrameHarness(h.exe, ['decode', '64'], `${a}${b}\n${a}${a}\n${a}0000${b}\n`);
  const lines = r.stdout.trim().split('\n').map((l) => l.split(' '));
  expect(lines.map((l) => l.length)).toEqual([2, 2, 2]);
  expect(lines[0][0]).toBe('018307000300010002' + lines[0][0].slice(-8));
  expect(lines[0][1].slice(0, 12)).toBe('018408000000');
});

test('a frame longer than the buffer ends in TOO_LONG, and the next one arrives', () => {
  const big = cEncode(0x02, 1, 0, Buffer.alloc(60, 0x55));
  const small = cEncode(0x03, 2, 0, Buffer.from([9]));
  const r = runFrameHarness(h.exe, ['decode', '64'], `${big}${small}\n`);
  const out = r.stdout.trim().split(' ');
  expect(out[0]).toBe('L');
  expect(out.length).toBe(2);
  expect(out[1].slice(0, 14)).toBe('01030200010009');
});

test('the harness catches planted bugs: one byte past the buffer (ASan) and the old re-delivery after a frame', () => {
  const overflow = buildFrameHarness(h.dir, 'planted_overflow', plantBug(h.dir, 'planted_overflow', 'if (rx->len < rx->cap) {', 'if (rx->len <= rx->cap) {'));
  const r1 = runFrameHarness(overflow, ['fuzz', '1', '20000']);
  expect(r1.status).not.toBe(0);
  expect(r1.stderr).toMatch(/AddressSanitizer: heap-buffer-overflow/);
  const redeliver = buildFrameHarness(h.dir, 'planted_redeliver', plantBug(h.dir, 'planted_redeliver', 'if (rx->fresh) {\n      /*', 'if (0) {\n      /*'));
  const r2 = runFrameHarness(redeliver, ['fuzz', '1', '20000']);
  expect(r2.status).not.toBe(0);
  expect(r2.stderr).toMatch(/delivered twice/);
});
