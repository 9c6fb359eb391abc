/**
 * The C fuzz harness of the device agent's framing (tests/fuzz/agent_frame_fuzz.c) built against
 * firmware/agent/agent_frame.c under ASan/UBSan, and runs of it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
export const FRAME_C = path.join(REPO, 'firmware', 'agent', 'agent_frame.c');
const HARNESS_C = path.join(REPO, 'tests', 'fuzz', 'agent_frame_fuzz.c');

/**
 * Compiles the harness into `dir` (gcc, -O1, ASan and UBSan, no recovery).
 * @param frameSource the framing's C source (default the firmware's; a test may pass a copy with a planted bug)
 * @returns the executable's path
 */
export function buildFrameHarness(dir: string, name = 'agent_frame_fuzz', frameSource = FRAME_C): string {
  const exe = path.join(dir, name);
  const args = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
  const r = spawnSync('gcc', [...args, `-I${path.dirname(FRAME_C)}`, HARNESS_C, frameSource, '-o', exe], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`gcc failed on the frame fuzz harness:\n${r.stderr}`);
  return exe;
}

/** One run of the harness: its exit status, output and wall time. */
export interface HarnessRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the harness with `args`, `input` on its stdin. */
export function runFrameHarness(exe: string, args: string[], input = ''): HarnessRun {
  const t0 = Date.now();
  const r = spawnSync(exe, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 180_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** A copy of agent_frame.c with `from` replaced by `to` (throws when `from` is not in it: the plant must land). */
export function plantBug(dir: string, name: string, from: string, to: string): string {
  const src = fs.readFileSync(FRAME_C, 'utf8');
  if (!src.includes(from)) throw new Error(`plantBug: "${from}" is not in agent_frame.c any more: update the test`);
  const file = path.join(dir, `${name}.c`);
  fs.writeFileSync(file, src.replace(from, to));
  return file;
}

/** Corrupt frames per fuzz run (TINYFIT_FRAME_FUZZ_TARGET, default 1,000,000) and the seed (TINYFIT_FRAME_FUZZ_SEED, default 1). */
export const FUZZ_TARGET = Number(process.env.TINYFIT_FRAME_FUZZ_TARGET ?? 1_000_000);
export const FUZZ_SEED = Number(process.env.TINYFIT_FRAME_FUZZ_SEED ?? 1);

/**
 * Builds the harness once for the calling test file or describe block (beforeAll) in a scratch folder removed
 * afterwards (afterAll). Read `dir` and `exe` inside tests.
 */
export function useFrameHarness(): { dir: string; exe: string } {
  const h = { dir: '', exe: '' };
  beforeAll(() => {
    h.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-framefuzz-'));
    h.exe = buildFrameHarness(h.dir);
  });
  afterAll(() => fs.rmSync(h.dir, { recursive: true, force: true }));
  return h;
}

/** What a fuzz run (C or TS) counts in common. */
export interface FuzzCounts {
  valid: number;
  mutated: number;
  structured: number;
  random: number;
  overlong: number;
  resyncFrames: number;
  falseAccepts: number;
  duplicates: number;
  lostValid: number;
  resyncFailures: number;
  tooLongMissed: number;
}

/** The acceptance of a fuzz run: `target` corrupt frames of every kind, each followed by a clean one, and no failure. */
export function expectCleanFuzz(c: FuzzCounts, target: number): void {
  expect(c.mutated + c.structured + c.random + c.overlong).toBeGreaterThanOrEqual(target);
  expect(Math.min(c.valid, c.mutated, c.structured, c.random, c.overlong)).toBeGreaterThan(target / 20);
  expect(c.resyncFrames).toBe(c.mutated + c.structured + c.random + c.overlong);
  expect({ falseAccepts: c.falseAccepts, duplicates: c.duplicates, lostValid: c.lostValid, resyncFailures: c.resyncFailures, tooLongMissed: c.tooLongMissed }).toEqual({
    falseAccepts: 0,
    duplicates: 0,
    lostValid: 0,
    resyncFailures: 0,
    tooLongMissed: 0,
  });
}
