/**
 * Strided, in-place, pre-activation and streaming-overlap kernel variants (firmware/kernels/README.md,
 * "Strided, in-place and pre-activation variants"): builds tests/kernels/variants_check.c against the
 * kernels with sanitizers, runs it over several seeds (bit-for-bit checks, see the C file's header), and
 * checks that its write-behind / write-ahead distance helpers agree with writeBehindDistance /
 * writeAheadDistance (src/plan/overlap.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeAheadDistance, writeBehindDistance } from '../../src/plan/overlap';

const REPO = path.resolve(__dirname, '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const CHECK_SRC = path.join(__dirname, 'variants_check.c');
const STRICT = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
/** Kernels the check program links. */
const KERNEL_NAMES = [
  'activation_f32', 'affine_f32', 'pool2d_avg_f32', 'conv2d_f32', 'conv2d_preact_f32', 'concat_slice_f32',
  'depthwise_conv2d_f32', 'depthwise_conv2d_inplace_f32', 'global_pool_avg_f32', 'global_pool_max_f32', 'pool2d_max_f32',
];
const SEEDS = [20240611, 7, 424242];
const MIN_CHECKS = 8000;

function hasCompiler(cc: string): boolean {
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

interface DistanceCase {
  args: number[];
  distance: number;
}

/** Parses `<tag> a1 .. a15 = d` lines (tag WBD: write-behind, WAD: write-ahead; `-inf` when unconstrained). */
function parseDistances(out: string, tag: 'WBD' | 'WAD'): DistanceCase[] {
  const cases: DistanceCase[] = [];
  const re = new RegExp(`^${tag} ((?:-?\\d+ ){15})= (-inf|-?\\d+)$`);
  for (const line of out.split('\n')) {
    const m = re.exec(line.trim());
    if (!m) continue;
    cases.push({ args: m[1].trim().split(' ').map(Number), distance: m[2] === '-inf' ? -Infinity : Number(m[2]) });
  }
  return cases;
}

/** `<name> <a> <b>` counter line of the C program. */
function counters(out: string, name: string): [number, number] {
  const m = new RegExp(`^${name} (\\d+) (\\d+)$`, 'm').exec(out);
  expect(m).not.toBeNull();
  return [Number((m as RegExpExecArray)[1]), Number((m as RegExpExecArray)[2])];
}

describe('kernel variants: strided, in place, pre-activation, streaming overlap', () => {
  let dir = '';
  const outputs: string[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-variants-'));
    const src = path.join(dir, 'variants_check.c');
    fs.writeFileSync(src, fs.readFileSync(CHECK_SRC, 'utf8'));
    const exe = path.join(dir, 'variants_check');
    const kernels = KERNEL_NAMES.map((k) => path.join(KERNELS, `${k}.c`));
    const cc = spawnSync('gcc', [...STRICT, ...SANITIZE, '-g', `-I${KERNELS}`, src, ...kernels, '-o', exe, '-lm'], { encoding: 'utf8' });
    if (cc.error) throw cc.error;
    if (cc.status !== 0) throw new Error(`gcc failed on variants_check.c:\n${cc.stdout}${cc.stderr}`);
    for (const seed of SEEDS) {
      const r = spawnSync(exe, [String(seed)], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1' },
      });
      if (r.error) throw r.error;
      if (r.status !== 0) {
        const fails = r.stdout.split('\n').filter((l) => !l.startsWith('WBD ') && !l.startsWith('WAD ')).join('\n');
        throw new Error(`variants_check (seed ${seed}) exited ${r.status}:\n${fails}\n${r.stderr}`);
      }
      outputs.push(r.stdout);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every seeded case matches bit for bit and prints ALL OK', () => {
    expect(outputs).toHaveLength(SEEDS.length);
    for (const out of outputs) {
      expect(out).not.toMatch(/^FAIL/m);
      expect(out).toMatch(/^ALL OK$/m);
      const m = /^CHECKS (\d+)$/m.exec(out);
      expect(m).not.toBeNull();
      expect(Number((m as RegExpExecArray)[1])).toBeGreaterThanOrEqual(MIN_CHECKS);
    }
  });

  it('the overlap check is sensitive: one output pixel closer than the distance usually corrupts', () => {
    for (const out of outputs) {
      const [differs, runs] = counters(out, 'UNSAFE');
      expect(runs).toBeGreaterThan(100);
      expect(differs).toBeGreaterThan(runs / 4);
    }
  });

  it('the write-ahead check is sensitive and its placements really overlap', () => {
    for (const out of outputs) {
      // Reverse order with the output ending one output pixel less above the input end than writeAheadDistance.
      const [differs, runs] = counters(out, 'UNSAFE_AHEAD');
      expect(runs).toBeGreaterThan(100);
      expect(differs).toBeGreaterThan(runs / 4);
      const [overlapping, runs2] = counters(out, 'OVERLAPPING_AHEAD');
      expect(runs2).toBe(runs);
      expect(overlapping).toBeGreaterThan(runs / 2);
    }
  });

  it('writeAheadDistance agrees with the C helper on every printed case', () => {
    let compared = 0;
    for (const out of outputs) {
      const cases = parseDistances(out, 'WAD');
      expect(cases.length).toBeGreaterThanOrEqual(100);
      for (const c of cases) {
        const a = c.args;
        const ts = writeAheadDistance(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
        if (ts !== c.distance) throw new Error(`writeAheadDistance(${a.join(', ')}) = ${ts}, C helper says ${c.distance}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(300);
  });

  it('writeAheadDistance: worked examples and the 1x1 closed form', () => {
    // First conv 96x96x3 -> 48x48x8, 3x3 stride 2 same (pad 0 top/left, 1 bottom/right): pixel (46, 0)
    // dominates, (2304 − 2208)·32 − (110592 − (94·96 + 2 + 1)·12) = 804.
    expect(writeAheadDistance(96, 96, 3, 48, 48, 8, 4, 3, 3, 2, 2, 1, 1, 0, 0)).toBe(804);
    // 1x1 conv: same closed form as write-behind, max(Cout·4, N·Cout·4 − (N−1)·Cin·4).
    expect(writeAheadDistance(4, 4, 8, 4, 4, 16, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(544);
    expect(writeAheadDistance(4, 4, 16, 4, 4, 8, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(32);
    for (const [n, cin, cout] of [[1, 3, 5], [12, 8, 16], [30, 16, 8], [9, 4, 4], [50, 3, 96]]) {
      const expected = Math.max(cout * 4, n * cout * 4 - (n - 1) * cin * 4);
      expect(writeAheadDistance(1, n, cin, 1, n, cout, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(expected);
    }
    // Global pool: the output must start where the input ends.
    expect(writeAheadDistance(7, 7, 32, 1, 1, 32, 4, 7, 7, 1, 1, 1, 1, 0, 0)).toBe(128);
    // Crop-like window over rows 1..2 of 6: the output may end 112 bytes below the input end
    // (write-behind allows it to start 32 bytes above the input start).
    expect(writeAheadDistance(6, 5, 2, 2, 5, 2, 4, 1, 1, 1, 1, 1, 1, -1, 0)).toBe(-112);
    expect(writeBehindDistance(6, 5, 2, 2, 5, 2, 4, 1, 1, 1, 1, 1, 1, -1, 0)).toBe(-32);
    // Nothing is read at all.
    expect(writeAheadDistance(2, 2, 3, 1, 1, 3, 4, 1, 1, 1, 1, 1, 1, 5, 0)).toBe(-Infinity);
    // Leading pixels read nothing (top padding swallows their windows): they impose nothing.
    expect(writeAheadDistance(3, 3, 2, 6, 3, 4, 4, 2, 1, 1, 1, 1, 1, 3, 0)).toBe(128);
    expect(() => writeAheadDistance(4, 4, 8, 4, 4, 8, 4, 1, 1, 1, 1, 0, 1, 0, 0)).toThrow(RangeError);
    expect(() => writeAheadDistance(4, 4, 8, 4, 4, 8, 4, 1.5, 1, 1, 1, 1, 1, 0, 0)).toThrow(/writeAheadDistance: kH/);
  });

  it('writeBehindDistance agrees with the C helper on every printed case', () => {
    let compared = 0;
    for (const out of outputs) {
      const cases = parseDistances(out, 'WBD');
      expect(cases.length).toBeGreaterThanOrEqual(100);
      for (const c of cases) {
        const a = c.args;
        const ts = writeBehindDistance(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
        if (ts !== c.distance) throw new Error(`writeBehindDistance(${a.join(', ')}) = ${ts}, C helper says ${c.distance}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(300);
  });

  it('writeBehindDistance: worked examples and the 1x1 closed form', () => {
    // 1x1 conv, 4x4 pixels, 8 -> 16 channels, float32: max(16·4, 16·16·4 − 15·8·4).
    expect(writeBehindDistance(4, 4, 8, 4, 4, 16, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(544);
    // Shrinking 1x1 conv: pixel 0 dominates.
    expect(writeBehindDistance(4, 4, 16, 4, 4, 8, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(32);
    // Global pool: the output must end where the input starts.
    expect(writeBehindDistance(7, 7, 32, 1, 1, 32, 4, 7, 7, 1, 1, 1, 1, 0, 0)).toBe(128);
    // Crop-like window two rows into the input: the output may start above the input.
    expect(writeBehindDistance(6, 5, 2, 2, 5, 2, 4, 1, 1, 1, 1, 1, 1, -2, 0)).toBe(-72);
    // Nothing is read at all.
    expect(writeBehindDistance(2, 2, 3, 1, 1, 3, 4, 1, 1, 1, 1, 1, 1, 5, 0)).toBe(-Infinity);
    for (const [n, cin, cout] of [[1, 3, 5], [12, 8, 16], [30, 16, 8], [9, 4, 4], [50, 3, 96]]) {
      const expected = Math.max(cout * 4, n * cout * 4 - (n - 1) * cin * 4);
      expect(writeBehindDistance(1, n, cin, 1, n, cout, 4, 1, 1, 1, 1, 1, 1, 0, 0)).toBe(expected);
    }
    expect(() => writeBehindDistance(4, 4, 8, 4, 4, 8, 4, 1, 1, 0, 1, 1, 1, 0, 0)).toThrow(RangeError);
  });

  it('the kernels compile warning-free with gcc and clang', () => {
    const compilers = ['gcc', 'clang'].filter(hasCompiler);
    expect(compilers).toContain('gcc');
    for (const cc of compilers) {
      for (const k of KERNEL_NAMES) {
        const r = spawnSync(cc, [...STRICT, '-O2', '-c', path.join(KERNELS, `${k}.c`), '-o', path.join(dir, `${k}.${cc}.o`)], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`${cc} ${STRICT.join(' ')} -c ${k}.c failed:\n${r.stderr}`);
      }
    }
  });
});
