/**
 * Weight-storage kernel variants (firmware/kernels/README.md, "Weight storage variants"): writes random
 * cases for conv2d, conv2d_preact, depthwise_conv2d, depthwise_conv2d_inplace and dense, with weights encoded by
 * src/arith/float16.ts (toHalfArray / fromHalfBits) and src/quantize/hybrid.ts (quantizeWeightsForHybrid),
 * then runs tests/kernels/weights_variants_check.c (gcc with sanitizers, and clang -O2) on them: every f16w
 * variant must be bit-identical to its float kernel fed the decoded weights, every i8w variant within
 * 1e-5 + 1e-4·|ref| of the float kernel fed the dequantized weights. Also checks that the kernel files
 * compile cleanly with gcc and clang, and that after code generation's prefix rewrite every defined symbol
 * carries the model prefix and two models link together.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromHalfBits, roundToHalf, toHalfArray } from '../../src/arith/float16';
import { quantizeWeightsForHybrid } from '../../src/quantize/hybrid';
import { mulberry32 } from '../helpers/rng';

const REPO = path.resolve(__dirname, '..', '..');
const KERNELS = path.join(REPO, 'firmware', 'kernels');
const CHECK_SRC = path.join(__dirname, 'weights_variants_check.c');
const STRICT = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];
const SANITIZE = ['-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const OPS = ['conv2d', 'conv2d_preact', 'depthwise_conv2d', 'depthwise_conv2d_inplace', 'dense'];
const KERNEL_FILES = OPS.flatMap((op) => [`${op}_f32`, `${op}_f16w_f32`, `${op}_i8w_f32`]);
const CASES_PER_KIND = 160;
const FLT_MAX = 3.4028234663852886e38;

enum Kind {
  Conv = 0,
  Preact = 1,
  Dw = 2,
  DwInplace = 3,
  Dense = 4,
}

/** Geometry slots, in the order of the C program's P_* enum. */
const P_NAMES = [
  'inH', 'inW', 'inC', 'inStride', 'outC', 'kH', 'kW', 'strideH', 'strideW', 'dilH',
  'dilW', 'padTop', 'padLeft', 'outH', 'outW', 'outStride', 'reverse', 'rows', 'inN', 'outN',
] as const;
type Geometry = Record<(typeof P_NAMES)[number], number>;

/** `files` and every file of firmware/kernels they `#include "..."`, transitively (as sharedHeaders() in src/codegen/index.ts). */
function withIncludes(files: string[]): string[] {
  const found = new Set(files);
  const queue = [...files];
  while (queue.length) {
    const src = fs.readFileSync(path.join(KERNELS, queue.pop()!), 'utf8');
    for (const m of src.matchAll(/^#include "([^"]+)"/gm)) {
      if (found.has(m[1]) || !fs.existsSync(path.join(KERNELS, m[1]))) continue;
      found.add(m[1]);
      queue.push(m[1]);
    }
  }
  return [...found].sort();
}

function hasCompiler(cc: string): boolean {
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Little-endian binary writer for the cases file. */
class Writer {
  private chunks: Buffer[] = [];
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.chunks.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.chunks.push(b);
  }
  array(a: Float32Array | Uint16Array | Int8Array): void {
    this.i32(a.length);
    this.chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function caseWriter(rng: () => number) {
  const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const uniform = (n: number, lo = -1, hi = 1): Float32Array => Float32Array.from({ length: n }, () => lo + (hi - lo) * rng());
  /** Weights over several magnitudes (1e-6 lands in half subnormals), with some exact and negative zeros. */
  const weights = (n: number): Float32Array => {
    const mag = pick([1e-6, 1e-3, 0.05, 0.5, 3, 40]);
    return Float32Array.from({ length: n }, () => {
      const r = rng();
      if (r < 0.03) return 0;
      if (r < 0.05) return -0;
      return (rng() * 2 - 1) * mag;
    });
  };
  const clamp = (): [number, number] => pick([[-FLT_MAX, FLT_MAX], [0, FLT_MAX], [0, 6], [-1, 1]] as [number, number][]);
  /** Output size of a window, or 0 if the window never fits. */
  const outSize = (n: number, k: number, s: number, d: number, padLo: number, padHi: number): number => {
    const span = n + padLo + padHi - d * (k - 1);
    return span <= 0 ? 0 : Math.floor((span - 1) / s) + 1;
  };

  /** Random window geometry; channel counts and strides are filled in by the caller. */
  function window(g: Geometry, maxK: number): boolean {
    g.inH = int(1, 9);
    g.inW = int(1, 9);
    g.kH = int(1, maxK);
    g.kW = int(1, maxK);
    g.strideH = int(1, 3);
    g.strideW = int(1, 3);
    g.dilH = rng() < 0.75 ? 1 : 2;
    g.dilW = rng() < 0.75 ? 1 : 2;
    g.padTop = int(0, g.kH);
    g.padLeft = int(0, g.kW);
    g.outH = outSize(g.inH, g.kH, g.strideH, g.dilH, g.padTop, int(0, g.kH));
    g.outW = outSize(g.inW, g.kW, g.strideW, g.dilW, g.padLeft, int(0, g.kW));
    g.reverse = int(0, 1);
    return g.outH > 0 && g.outW > 0;
  }

  return (w: Writer, kind: Kind): void => {
    const g = Object.fromEntries(P_NAMES.map((n) => [n, 0])) as Geometry;
    let inLen = 0;
    let wShape: number[];
    let axis = 0;
    let nOut: number; // output channels (bias, scales)
    if (kind === Kind.Dense) {
      g.rows = int(1, 4);
      g.inN = rng() < 0.15 ? int(100, 400) : int(1, 48);
      g.outN = int(1, 16);
      inLen = g.rows * g.inN;
      wShape = [g.outN, g.inN];
      nOut = g.outN;
    } else {
      while (!window(g, kind === Kind.Conv || kind === Kind.Preact ? 4 : 5));
      g.inC = rng() < 0.2 ? int(16, 40) : int(1, 10);
      if (kind === Kind.DwInplace) {
        // Contiguous, multiplier 1, and the output must fit in the input's buffer.
        while (g.outH * g.outW > g.inH * g.inW) while (!window(g, 5));
        g.outC = 1;
        g.inStride = g.inC;
        g.outStride = g.inC;
        g.reverse = 0;
      } else {
        g.outC = kind === Kind.Dw ? int(1, 3) : int(1, 12);
        const outChannels = kind === Kind.Dw ? g.inC * g.outC : g.outC;
        // Half the cases contiguous (conv2d's single-run path), the others views inside wider tensors.
        g.inStride = g.inC + (rng() < 0.5 ? 0 : int(1, 3));
        g.outStride = outChannels + (rng() < 0.5 ? 0 : int(1, 3));
      }
      inLen = (g.inH * g.inW - 1) * g.inStride + g.inC;
      if (kind === Kind.Conv || kind === Kind.Preact) {
        wShape = [g.outC, g.kH, g.kW, g.inC];
        nOut = g.outC;
      } else {
        wShape = [1, g.kH, g.kW, g.inC * g.outC];
        axis = 3;
        nOut = g.inC * g.outC;
      }
    }
    const [actMin, actMax] = clamp();
    const [preMin, preMax] = pick([[-FLT_MAX, FLT_MAX], [0, FLT_MAX], [0, 6]] as [number, number][]);
    const wRaw = weights(wShape.reduce((a, b) => a * b, 1));
    const half = toHalfArray(wRaw);
    const wDec = Float32Array.from(half, fromHalfBits);
    const hybrid = quantizeWeightsForHybrid(wRaw, wShape, axis);
    // Half-representable, so the float kernel sees exactly what the f16w variant decodes from their bits.
    const bias = roundToHalf(rng() < 0.8 ? uniform(nOut) : new Float32Array(0));
    const preScale = roundToHalf(kind === Kind.Preact ? uniform(g.inC, 0.2, 2) : new Float32Array(0));
    const preShift = roundToHalf(kind === Kind.Preact ? uniform(g.inC) : new Float32Array(0));

    w.i32(kind);
    for (const n of P_NAMES) w.i32(g[n]);
    for (const v of [actMin, actMax, preMin, preMax]) w.f32(v);
    // Same order as the C program's A_* enum, then the uint16 and int8 weights.
    for (const a of [uniform(inLen, -2, 2), wRaw, wDec, hybrid.dequantized, bias, preScale, preShift, hybrid.scales]) w.array(a);
    w.array(half);
    w.array(hybrid.q);
    for (const a of [bias, preScale, preShift]) w.array(toHalfArray(a));
  };
}

/** Parses `NAME value...` lines of the check program. */
function line(out: string, name: string): number[] {
  const m = new RegExp(`^${name} (.+)$`, 'm').exec(out);
  if (!m) throw new Error(`no ${name} line in:\n${out}`);
  return m[1].split(' ').map(Number);
}

describe('weight-storage kernel variants: f16w and i8w against the float kernels', () => {
  let dir = '';
  const outputs: { cc: string; out: string }[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-weights-variants-'));
    const w = new Writer();
    const write = caseWriter(mulberry32(20240612));
    const kinds = [Kind.Conv, Kind.Preact, Kind.Dw, Kind.DwInplace, Kind.Dense];
    w.i32(kinds.length * CASES_PER_KIND);
    for (let i = 0; i < CASES_PER_KIND; i++) for (const k of kinds) write(w, k);
    const cases = path.join(dir, 'cases.bin');
    fs.writeFileSync(cases, w.bytes());
    const table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromHalfBits(h);
    const tablePath = path.join(dir, 'halftable.bin');
    fs.writeFileSync(tablePath, Buffer.from(table.buffer));

    const kernels = KERNEL_FILES.map((k) => path.join(KERNELS, `${k}.c`));
    const builds: [string, string[]][] = [['gcc', SANITIZE]];
    if (hasCompiler('clang')) builds.push(['clang', ['-O2']]);
    for (const [cc, flags] of builds) {
      const exe = path.join(dir, `check_${cc}`);
      const r = spawnSync(cc, [...STRICT, ...flags, `-I${KERNELS}`, CHECK_SRC, ...kernels, '-o', exe, '-lm'], { encoding: 'utf8' });
      if (r.error) throw r.error;
      if (r.status !== 0) throw new Error(`${cc} failed on weights_variants_check.c:\n${r.stdout}${r.stderr}`);
      const run = spawnSync(exe, [cases, tablePath], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
        env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' },
      });
      if (run.error) throw run.error;
      if (run.status !== 0) throw new Error(`weights_variants_check (${cc}) exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
      outputs.push({ cc, out: run.stdout });
      process.stdout.write(`weights_variants_check (${cc}):\n${run.stdout}`);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('f16w is bit-identical and i8w within tolerance on every case (gcc + sanitizers, clang -O2)', () => {
    expect(outputs.map((o) => o.cc)).toContain('gcc');
    for (const { out } of outputs) {
      expect(out).not.toMatch(/^FAIL/m);
      expect(out).toMatch(/^ALL OK$/m);
      expect(line(out, 'HALF_TABLE')[0]).toBe(65536);
      for (let k = 0; k < 5; k++) {
        const m = new RegExp(`^KIND ${k} (\\d+) (\\d+)$`, 'm').exec(out);
        expect(m).not.toBeNull();
        expect(Number((m as RegExpExecArray)[1])).toBe(CASES_PER_KIND);
      }
      expect(line(out, 'CHECKS')[0]).toBeGreaterThan(65536 + 5 * CASES_PER_KIND * 10);
      // Outputs beyond 1e-5 + 1e-4·|ref| are cancelling sums (checked against the rounding bound in C):
      // a handful among tens of thousands.
      const [cancel, outputsN, worstOfBound] = line(out, 'I8_CANCEL');
      expect(outputsN).toBeGreaterThan(20000);
      expect(cancel).toBeLessThan(outputsN / 1000);
      expect(worstOfBound).toBeLessThanOrEqual(1);
    }
  });

  it('the comparisons are sensitive: half rounding and int8 quantization do change the outputs', () => {
    for (const { out } of outputs) {
      // f16w differs from the float kernel fed the unrounded weights in most cases of every kind...
      for (let k = 0; k < 5; k++) {
        const m = new RegExp(`^KIND ${k} (\\d+) (\\d+)$`, 'm').exec(out) as RegExpExecArray;
        expect(Number(m[2])).toBeGreaterThan(CASES_PER_KIND / 2);
      }
      // ...and i8w is far closer to the dequantized reference than to the unquantized one.
      const maxAbs = line(out, 'I8_MAX_ABS')[0];
      expect(maxAbs).toBeGreaterThan(0);
      expect(line(out, 'I8_RAW_MAX_ABS')[0]).toBeGreaterThan(100 * maxAbs);
    }
  });

  it('every kernel file compiles warning-free with gcc and clang', () => {
    const compilers = ['gcc', 'clang'].filter(hasCompiler);
    expect(compilers).toContain('gcc');
    for (const cc of compilers) {
      const out = fs.mkdtempSync(path.join(dir, `${cc}-`));
      const r = spawnSync(cc, [...STRICT, '-O2', '-c', ...KERNEL_FILES.map((k) => path.join(KERNELS, `${k}.c`))], { cwd: out, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(KERNEL_FILES.map((k) => `${k}.o`).sort());
    }
  });

  it("after code generation's prefix rewrite, every symbol carries the prefix and two models link together", () => {
    const objects: string[] = [];
    for (const prefix of ['alpha', 'beta']) {
      const pdir = path.join(dir, prefix);
      fs.mkdirSync(pdir);
      // The rewrite of src/codegen/index.ts (kernelSource) on every file the variants need.
      for (const f of withIncludes(KERNEL_FILES.flatMap((k) => [`${k}.c`, `${k}.h`]))) {
        const src = fs.readFileSync(path.join(KERNELS, f), 'utf8');
        fs.writeFileSync(path.join(pdir, f), src.replace(/\btinyfit_/g, `${prefix}_`).replace(/\bTINYFIT_/g, `${prefix.toUpperCase()}_`));
      }
      const r = spawnSync('gcc', [...STRICT, '-c', ...KERNEL_FILES.map((k) => `${k}.c`)], { cwd: pdir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`gcc -c in ${prefix}/ failed:\n${r.stderr}`);
      for (const k of KERNEL_FILES) {
        const obj = path.join(pdir, `${k}.o`);
        const nm = spawnSync('nm', ['-g', '--defined-only', obj], { encoding: 'utf8' });
        const defined = nm.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').pop() as string);
        expect(defined).toEqual([`${prefix}_${k}`]);
        objects.push(obj);
      }
    }
    const main = path.join(dir, 'main.c');
    fs.writeFileSync(main, 'int main(void) { return 0; }\n');
    const link = spawnSync('gcc', [main, ...objects, '-o', path.join(dir, 'two_models')], { encoding: 'utf8' });
    expect(link.stderr).toBe('');
    expect(link.status).toBe(0);
    expect(objects).toHaveLength(2 * KERNEL_FILES.length);
  });
});
