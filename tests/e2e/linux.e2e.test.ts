/**
 * Raspberry Pi targets (family linux), cross-compiled with aarch64-linux-gnu-gcc and run in qemu-aarch64 user mode:
 * - rpi4: the four MLPerf Tiny int8 models, built with `tinyfit build` (flash, RAM, the static stack bound), print
 *   in `make run`'s self-test exactly the host build's output bytes (KWS: TFLite Micro's published bytes), and the
 *   stack the self-test thread measured is within the static bound; the runner's stdin/stdout contract gives the
 *   host runner's bytes for several samples, and `-t` its timing line;
 * - rpi4: two float models (sine, LeNet-5) within 1e-4 + 1e-3·|host|;
 * - rpi5 (Cortex-A76) and rpi-zero2w (Cortex-A53) projects build and run under their own -cpu;
 * - a stack below PTHREAD_STACK_MIN and a bad option are one-line errors; doctor names qemu-user.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { doctor } from '../../src/build/doctor';
import { generate, TestInput } from '../../src/codegen';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { getTarget, Target } from '../../src/targets';
import { buildRunner, STRICT } from '../helpers/cproject';
import { runCli } from '../helpers/cli';
import { buildFirmware, runFirmware } from '../helpers/firmware';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, MLPERF_MODELS } from '../helpers/mlperf';
import { mulberry32 } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('linux');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** Builds the host project of `g` (optimized, no sanitizers: speed) and returns its runner. */
function hostRunner(g: Graph, dir: string): string {
  generate(g, { target: 'host', outDir: dir, name: 'model' });
  return buildRunner(dir, 'gcc', `-O2 ${STRICT}`);
}

/** Runs a runner (natively, or in the target's user-mode emulator) on stdin bytes. */
function run(runner: string, stdin: Buffer, args: string[] = [], target?: Target): { status: number | null; stdout: Buffer; stderr: string } {
  const emu = target?.emulator;
  const [cmd, argv] = emu ? [emu.program, [...(emu.sysroot ? ['-L', emu.sysroot] : []), ...(emu.cpu ? ['-cpu', emu.cpu] : []), runner, ...args]] : [runner, args];
  const r = spawnSync(cmd, argv, { input: stdin, maxBuffer: 1 << 26, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** One sample per model input: int8 x[i] = (i·7) mod 256 − 128 when `seed` is 0, else seeded uniform int8 or float in [−1, 1). */
function sample(g: Graph, seed: number): TestInput {
  const rng = mulberry32(seed);
  return g.inputs.map((id) => {
    const t = tensor(g, id);
    const n = numel(t.shape);
    if (t.dtype !== 'int8') return Float32Array.from({ length: n }, () => rng() * 2 - 1);
    return Int8Array.from({ length: n }, (_, i) => (seed === 0 ? ((i * 7) % 256) - 128 : Math.floor(rng() * 256) - 128));
  });
}

const bytes = (s: TestInput): Buffer => Buffer.concat(s.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)));
const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

describe.each(MLPERF_MODELS.map(([file]) => [file]))('%s on rpi4 (qemu-aarch64)', (file) => {
  const g = optimize(importModel(path.join(MLPERF_DIR, file)));
  setIo(g, 'int8');
  const input = sample(g, 0);
  const name = file.replace(/\W/g, '_');
  const dir = path.join(root, `${name}_rpi4`);
  let host: string;
  beforeAll(() => {
    host = hostRunner(g, path.join(root, `${name}_host`));
  });

  it('tinyfit build measures it and the self-test prints the host build\'s bytes within the static stack bound', () => {
    const r = generate(g, { target: 'rpi4', outDir: dir, testInput: input });
    const built = buildProject(dir);
    const fw = runFirmware(dir, 60_000);
    const want = run(host, bytes(input)).stdout;
    expect(Buffer.concat(fw.outputs).toString('hex')).toBe(want.toString('hex'));
    if (file.startsWith('kws')) expect(Array.from(new Int8Array(fw.outputs[0].buffer, fw.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    expect(fw.text).toMatch(/^tinyfit: target rpi4 model \S+\n/);
    expect(fw.tickHz).toBe(1e9); // clock_gettime(CLOCK_MONOTONIC), ns
    expect(fw.ticks).toBeGreaterThan(0);
    expect(fw.stackReserved).toBe(131072);
    expect(built.ram.stackReserve).toBe(131072);
    expect(fw.stackUsed).toBeGreaterThan(0);
    expect(built.stack.bytes).toBeGreaterThanOrEqual(fw.stackUsed);
    expect(built.stack.path[0]).toBe('runner.c:self_test_thread');
    expect(built.stack.recursive).toEqual([]);
    expect(built.ram.arena).toBe(r.arenaBytes);
    expect(built.flash.weights).toBe(r.weightArrays.reduce((a, w) => a + w.bytes, 0));
    expect(built.flash.code).toBeGreaterThan(0);
    expect(built.ram.limit).toBe(4294967296);
    console.log(`${file} on rpi4 (qemu-aarch64): flash ${built.flash.used} B (weights ${built.flash.weights} B), RAM ${built.ram.used} B + stack reserve ${built.ram.stackReserve} B, stack measured ${fw.stackUsed} B (static bound ${built.stack.bytes} B), ${(fw.ticks / 1e6).toFixed(1)} ms emulated`);
  }, 60_000);

  it('the runner\'s stdin/stdout contract gives the host runner\'s bytes for several samples; -t times them', () => {
    const stdin = Buffer.concat([input, sample(g, 1), sample(g, 2)].map(bytes));
    const want = run(host, stdin);
    const got = run(path.join(dir, 'runner'), stdin, ['-t'], getTarget('rpi4'));
    expect(got.status).toBe(0);
    expect(want.stdout.length).toBe(3 * generate(g, { target: 'host', outDir: path.join(root, `${name}_io`) }).outputs.reduce((a, o) => a + o.bytes, 0));
    expect(got.stdout.toString('hex')).toBe(want.stdout.toString('hex'));
    expect(got.stderr).toMatch(/^runner: 3 samples, \d+\.\d{3} us per invoke \(rpi4, port linux\)\n$/);
  }, 60_000);
});

describe('float models on rpi4', () => {
  it.each([['sine/model.json'], ['mnist/lenet5/model.json']])('%s: outputs within 1e-4 + 1e-3·|host|, self-test and runner', (rel) => {
    const g = optimize(importModel(path.join(EXAMPLES, rel)));
    const input = sample(g, 5);
    const name = rel.replace(/\W/g, '_');
    const dir = path.join(root, `${name}_rpi4`);
    generate(g, { target: 'rpi4', outDir: dir, testInput: input });
    const built = buildProject(dir);
    const fw = runFirmware(dir, 60_000);
    const want = floats(run(hostRunner(g, path.join(root, `${name}_host`)), bytes(input)).stdout);
    const got = floats(fw.outputs[0]);
    const streamed = floats(run(path.join(dir, 'runner'), bytes(input), [], getTarget('rpi4')).stdout);
    expect(got.length).toBe(want.length);
    expect(streamed).toEqual(got);
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
    expect(built.stack.bytes).toBeGreaterThanOrEqual(fw.stackUsed);
    const identical = Buffer.from(got.buffer).equals(Buffer.from(want.buffer));
    console.log(`${rel} on rpi4: ${identical ? 'bit-identical to the host build' : 'within tolerance of the host build'}; stack ${fw.stackUsed} B (static bound ${built.stack.bytes} B)`);
  }, 60_000);
});

describe('the other Raspberry Pi targets and errors', () => {
  const g = optimize(importModel(path.join(EXAMPLES, 'sine', 'model.json')));
  const input = sample(g, 7);

  it.each([['rpi5'], ['rpi-zero2w']])('%s: builds for its core and its self-test runs in qemu-aarch64 -cpu <that core>', (board) => {
    const dir = path.join(root, `sine_${board}`);
    generate(g, { target: board, outDir: dir, testInput: input });
    const make = spawnSync('make', ['-n', '-C', dir], { encoding: 'utf8' });
    expect(make.stdout).toContain(`-mcpu=${getTarget(board).build.cpu}`);
    buildFirmware(dir);
    const fw = runFirmware(dir, 30_000);
    const want = floats(run(hostRunner(g, path.join(root, `sine_${board}_host`)), bytes(input)).stdout);
    floats(fw.outputs[0]).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
    expect(fw.text).toContain(`tinyfit: target ${board} `);
  }, 60_000);

  it('a stack below PTHREAD_STACK_MIN and an unknown option are one line each', () => {
    const board = path.join(root, 'small-stack.json');
    const desc = JSON.parse(fs.readFileSync(path.join(EXAMPLES, '..', 'targets', 'rpi4.json'), 'utf8'));
    delete desc.$schema;
    fs.writeFileSync(board, JSON.stringify({ ...desc, id: 'rpi4-small-stack', memory: { ...desc.memory, stack: 16384 } }));
    const dir = path.join(root, 'sine_small_stack');
    generate(g, { target: board, outDir: dir, testInput: input });
    buildFirmware(dir);
    const t = getTarget(board);
    const small = run(path.join(dir, 'runner'), Buffer.alloc(0), ['--self-test'], t);
    expect(small.status).toBe(1);
    expect(small.stderr).toMatch(/^runner: cannot run on a stack of 16384 B \(Invalid argument\): raise memory\.stack in the target descriptor to at least PTHREAD_STACK_MIN\n$/);
    const bad = run(path.join(dir, 'runner'), Buffer.alloc(0), ['--selftest'], t);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('tinyfit build prints the usage table for an rpi4 project; doctor names the cross toolchain and qemu-user', () => {
    const dir = path.join(root, 'kws_ref_model_tflite_rpi4');
    const t = runCli(['build', dir]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^built runner for rpi4 \(linux\)$/m);
    expect(t.stdout).toMatch(/^RAM\s+[\d,]+\s+4,294,967,296\s+0\.0 %\s+arena [\d,]+ B, other data [\d,]+ B, stack reserve 131,072 B$/m);
    expect(t.stdout).toMatch(/^stack: static worst case [\d,]+ B of the 131,072 B reserve \(deepest path runner\.c:self_test_thread > .*library calls assumed 512 B: /m);
    const tools = doctor('rpi4').tools.map((x) => [x.command, x.packages.join(' ')]);
    expect(tools).toEqual([
      ['aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu libc6-dev-arm64-cross'],
      ['make', 'make'],
      ['qemu-aarch64', 'qemu-user'],
      ['cc', 'gcc libc6-dev'],
    ]);
  }, 60_000);
});
