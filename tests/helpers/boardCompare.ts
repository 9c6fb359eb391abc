/**
 * Comparing a board's firmware with the host build: the host build's output bytes for one input, whether a model
 * should fit a board, and `tinyfit build` that either builds or refuses with a message naming the consumers.
 */
import { spawnSync } from 'child_process';
import { buildProject, BuildReport } from '../../src/build';
import { generate, TestInput } from '../../src/codegen';
import { TinyfitError } from '../../src/errors';
import { Graph } from '../../src/ir/types';
import { getTarget, targetFigures } from '../../src/targets';
import { buildRunner } from './cproject';
import { bytesOf } from './int8Run';

/** The host build's outputs for one input (raw bytes of every output). */
export function hostOutputs(g: Graph, dir: string, input: TestInput): Buffer[] {
  const r = generate(g, { target: 'host', outDir: dir, name: 'model' });
  const run = spawnSync(buildRunner(dir), [], { input: Buffer.concat(input.map((x) => bytesOf(x))), env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (run.status !== 0) throw new Error(`host runner failed: ${run.stderr}`);
  let off = 0;
  return r.outputs.map((o) => run.stdout.subarray(off, (off += o.bytes)));
}

/** Whether a model should fit a board: weights within its flash, arena plus stack reserve within its RAM (with room for code). */
export function expectFits(board: string, weightBytes: number, arenaBytes: number): boolean {
  const t = getTarget(board);
  const f = targetFigures(t);
  return weightBytes + 64 * 1024 <= (f.flashBytes ?? Infinity) && arenaBytes + (t.memory?.stack ?? 8192) + 1024 <= (f.ramBytes ?? Infinity);
}

/** Builds a project with `tinyfit build`; undefined when it does not fit (then the error must name a consumer). */
export function buildOrRefuse(dir: string): BuildReport | undefined {
  try {
    return buildProject(dir);
  } catch (e) {
    if (!(e instanceof TinyfitError)) throw e;
    expect(e.message).toMatch(
      /^the firmware does not fit target '[^']+': (flash overflowed by \d+ B .*largest weight arrays: \S+ \d+ B|the weights alone take \d+ B .*largest weight arrays: \S+ \d+ B|RAM overflowed by \d+ B .*arena \d+ B, peak at op '[^']+'|the arena alone takes \d+ B .*peak at op '[^']+')/,
    );
    return undefined;
  }
}

/** Float32 view of raw output bytes. */
export function floats(b: Buffer): Float32Array {
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}
