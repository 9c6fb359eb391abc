/** Builds a generated host project with a real C compiler and runs its runner. */
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';

export const STRICT = '-std=c99 -Wall -Wextra -Werror -pedantic';

/** Builds OUT/runner with `make`, with the given compiler and flags (sanitizers by default). */
export function buildRunner(outDir: string, cc = 'gcc', cflags = `-O1 -g ${STRICT} -fsanitize=address,undefined -fno-sanitize-recover=all`): string {
  execFileSync('make', ['-s', '-C', outDir, `CC=${cc}`, `CFLAGS=${cflags}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return path.join(outDir, 'runner');
}

/** Compiles every .c file of a generated project without linking (warnings are errors). */
export function compileOnly(outDir: string, cc: string): void {
  const r = spawnSync('sh', ['-c', `cd '${outDir}' && for f in *.c kernels/*.c port/*.c; do [ -e "$f" ] || continue; ${cc} ${STRICT} -c "$f" -o /dev/null || exit 1; done`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cc} failed on ${outDir}:\n${r.stderr}`);
}

/** Runs the runner on samples (each a list of model inputs); returns each sample's list of outputs. */
export function runRunner(runner: string, samples: Float32Array[][], outputSizes: number[]): Float32Array[][] {
  const chunks: Buffer[] = [];
  for (const s of samples) for (const x of s) chunks.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  const r = spawnSync(runner, [], { input: Buffer.concat(chunks), maxBuffer: 1 << 30, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (r.status !== 0) throw new Error(`runner exited ${r.status}: ${r.stderr.toString()}`);
  const out = r.stdout;
  const per = outputSizes.reduce((a, b) => a + b, 0);
  if (out.length !== samples.length * per * 4) throw new Error(`runner wrote ${out.length} bytes, expected ${samples.length * per * 4}`);
  const f = new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
  return samples.map((_, si) => {
    let o = si * per;
    return outputSizes.map((n) => {
      const v = f.slice(o, o + n);
      o += n;
      return v;
    });
  });
}

/** Largest violation of |got − ref| ≤ atol + rtol·|ref| (≤ 0 means within tolerance) and where. */
export function worstError(got: Float32Array, ref: Float32Array, atol = 1e-4, rtol = 1e-3): { excess: number; index: number; got: number; ref: number } {
  let worst = { excess: -Infinity, index: -1, got: 0, ref: 0 };
  if (got.length !== ref.length) return { excess: Infinity, index: -1, got: got.length, ref: ref.length };
  for (let i = 0; i < ref.length; i++) {
    const excess = Math.abs(got[i] - ref[i]) - (atol + rtol * Math.abs(ref[i]));
    if (!(excess <= worst.excess) || Number.isNaN(got[i])) worst = { excess: Number.isNaN(got[i]) ? Infinity : excess, index: i, got: got[i], ref: ref[i] };
  }
  return worst;
}
