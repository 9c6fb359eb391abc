/**
 * The device link end to end on the virtual Cortex-M4 (QEMU mps2-an386, UART on a pty opened by serialport): the
 * CLI's validate, run, profile, flash and deploy against firmware with the agent, as a user runs them.
 * - `validate` on the four MLPerf Tiny models (int8 I/O): every output bit-exact with the host build of the same
 *   plan (random samples, plus the KWS input whose TFLite Micro output is published);
 * - `profile`: per-op ticks sum to within 2 % of a whole inference timed without the per-op hooks; the arena it
 *   reports is model.h's <PREFIX>_ARENA_BYTES; the HTML report is written;
 * - `run`: the .npy it writes holds the host build's outputs (and TFLite Micro's for the KWS input);
 * - refusals: a board running another build (exit 9), a project not built, one without the agent, wrong data.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readNpy, writeNpy } from '../../src/io/npy';
import { runCli } from '../helpers/cli';
import { KWS_TFLM_OUTPUT, kwsTestInput, MLPERF_DIR, MLPERF_MODELS } from '../helpers/mlperf';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-device-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const built = new Map<string, string>();
/** Generates (int8 I/O, with the agent) and builds one MLPerf model for qemu-cortex-m4, once. */
function project(file: string, extra: string[] = []): string {
  const key = [file, ...extra].join(' ');
  const hit = built.get(key);
  if (hit) return hit;
  const out = path.join(root, `${path.basename(file, '.tflite')}${extra.length ? '-x' : ''}`);
  const g = runCli(['generate', path.join(MLPERF_DIR, file), '--target', 'qemu-cortex-m4', '--io', 'int8', '--out', out, ...extra], { timeout: 300_000 });
  expect(g.stderr).toBe('');
  expect(g.status).toBe(0);
  const b = runCli(['build', out], { timeout: 300_000 });
  expect(b.status).toBe(0);
  built.set(key, out);
  return out;
}

/** Random int8 samples of an input shape, written as .npy. */
function randomInt8(file: string, shape: number[], samples: number, seed: number): string {
  let x = seed;
  const n = samples * shape.reduce((a, b) => a * b, 1);
  const data = Int8Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return ((x >>> 16) & 0xff) - 128;
  });
  writeNpy(file, data, [samples, ...shape]);
  return file;
}

describe('tinyfit validate on qemu-cortex-m4', () => {
  it.each(MLPERF_MODELS.map((m) => m[0]))('%s: int8 outputs bit-exact with the host build', (file) => {
    const dir = project(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'tinyfit.json'), 'utf8'));
    const data = randomInt8(path.join(root, `${file}.npy`), manifest.inputs[0].shape, 3, 7);
    const r = runCli(['validate', dir, '--data', data, '--json'], { timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.samples).toBe(3);
    expect(v.pass).toBe(true);
    for (const o of v.outputs) {
      expect(o.bitExact).toBe(3);
      expect(o.maxAbsError).toBe(0);
      expect(o.mismatches).toBe(0);
    }
  }, 400_000);

  it('prints a table and PASS', () => {
    const dir = project('kws_ref_model.tflite');
    const data = path.join(root, 'kws-one.npy');
    writeNpy(data, kwsTestInput(), [1, 49, 10, 1]);
    const r = runCli(['validate', dir, '--data', data], { timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Identity\s+int8\s+0\.00\s+0\.00\s+1\.000000\s+1\/1\s+1\/1\s+ok$/m);
    expect(r.stdout).toMatch(/^PASS$/m);
  }, 120_000);
});

describe('--trace', () => {
  it('dumps every byte on the link to stderr, the result unchanged', () => {
    const dir = project('ad01_int8.tflite');
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'tinyfit.json'), 'utf8'));
    const data = randomInt8(path.join(root, 'trace.npy'), m.inputs[0].shape, 1, 5);
    const r = runCli(['validate', dir, '--data', data, '--trace'], { timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS$/m);
    const lines = r.stderr.split('\n').filter((l) => / (tx|rx) [0-9a-f]{4}  /.test(l));
    expect(lines.filter((l) => / tx /.test(l)).length).toBeGreaterThan(5);
    expect(lines.filter((l) => / rx /.test(l)).length).toBeGreaterThan(5);
    expect(lines[0]).toMatch(/^ +\d+\.\d{3} (tx|rx) 0000  ([0-9a-f]{2} ){1,16}/);
  }, 120_000);
});

describe('tinyfit run', () => {
  it('writes the outputs as .npy: TFLite Micro’s bytes for the KWS input', () => {
    const dir = project('kws_ref_model.tflite');
    const x = path.join(root, 'kws-run.npy');
    writeNpy(x, Int8Array.from([...kwsTestInput(), ...kwsTestInput()]), [2, 49, 10, 1]);
    const y = path.join(root, 'kws-out.npy');
    const r = runCli(['run', dir, '--input', x, '--output', y, '--json'], { timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = readNpy(y);
    expect(out.shape).toEqual([2, 12]);
    expect(Array.from(out.data)).toEqual([...KWS_TFLM_OUTPUT, ...KWS_TFLM_OUTPUT]);
    expect(JSON.parse(r.stdout).samples).toBe(2);
  }, 120_000);
});

describe('tinyfit profile', () => {
  it('per-op ticks sum to within 2 % of a whole inference; arena = <PREFIX>_ARENA_BYTES; HTML report', () => {
    for (const file of ['kws_ref_model.tflite', 'ad01_int8.tflite']) {
      const dir = project(file);
      const html = path.join(root, `${file}.html`);
      const r = runCli(['profile', dir, '--json', '--html', html, '--runs', '3'], { timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const p = JSON.parse(r.stdout);
      const arena = Number(/#define MODEL_ARENA_BYTES (\d+)/.exec(fs.readFileSync(path.join(dir, 'model.h'), 'utf8'))![1]);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'tinyfit.json'), 'utf8'));
      console.log(`${file}: per-op sum ${p.sumTicks} ticks, whole inference ${p.invoke.meanTicks} ticks (${(100 * p.sumError).toFixed(3)} %), ${p.ops.length} ops, arena ${p.memory.arenaBytes} B, stack ${p.memory.stackUsed} B`);
      expect(Math.abs(p.sumError)).toBeLessThanOrEqual(0.02);
      expect(p.memory.arenaBytes).toBe(arena);
      expect(p.ops).toHaveLength(manifest.calls.length);
      expect(p.ops.map((o: { op: string }) => o.op)).toEqual(manifest.calls.map((c: { op: string }) => c.op));
      for (const o of p.ops) {
        expect(o.ticks).toBeGreaterThan(0);
        expect(o.arena[1]).toBeLessThanOrEqual(arena);
      }
      expect(p.memory.stackUsed).toBeGreaterThan(0);
      expect(p.memory.stackUsed).toBeLessThan(p.memory.stackReserve);
      const page = fs.readFileSync(html, 'utf8');
      expect(page).toContain('<table>');
      expect(page).toContain(p.ops[0].op);
    }
  }, 240_000);
});

describe('tinyfit deploy', () => {
  it('generate, build, flash, validate and profile in one go', () => {
    const out = path.join(root, 'deploy-kws');
    const r = runCli(['deploy', path.join(MLPERF_DIR, 'kws_ref_model.tflite'), '--target', 'qemu-cortex-m4', '--io', 'int8', '--out', out, '--samples', '2'], { timeout: 300_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS$/m);
    expect(r.stdout).toMatch(/^per-op sum [\d]+ ticks; a whole inference without the per-op hooks \d+ ticks \(-?\d+\.\d+ %\)$/m);
    expect(r.stderr).toMatch(/^3\/5 flash qemu-cortex-m4$/m);
  }, 300_000);
});

describe('a Raspberry Pi runner in qemu-aarch64 (the agent on its standard streams)', () => {
  it('validate: KWS bit-exact with the host build', () => {
    const out = path.join(root, 'rpi4-kws');
    expect(runCli(['generate', path.join(MLPERF_DIR, 'kws_ref_model.tflite'), '-t', 'rpi4', '--io', 'int8', '-o', out], { timeout: 120_000 }).status).toBe(0);
    expect(runCli(['build', out], { timeout: 300_000 }).status).toBe(0);
    const data = randomInt8(path.join(root, 'rpi4.npy'), [49, 10, 1], 3, 11);
    const r = runCli(['validate', out, '--data', data, '--json'], { timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.pass).toBe(true);
    expect(v.outputs[0].bitExact).toBe(3);
  }, 400_000);
});

describe('refusals', () => {
  it('a board running another build: exit 9, one line naming both models', () => {
    const a = project('ad01_int8.tflite');
    const other = path.join(root, 'ad-other');
    fs.cpSync(a, other, { recursive: true });
    const manifestFile = path.join(other, 'tinyfit.json');
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    m.modelHash = '0'.repeat(32);
    fs.writeFileSync(manifestFile, JSON.stringify(m));
    fs.utimesSync(path.join(other, 'firmware.elf'), new Date(), new Date(Date.now() + 1000));
    const x = randomInt8(path.join(root, 'ad.npy'), m.inputs[0].shape, 1, 3);
    const r = runCli(['validate', other, '--data', x], { timeout: 120_000 });
    expect(r.status).toBe(9);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/runs model 'ad01_int8' \(hash [0-9a-f]{12}, target qemu-cortex-m4\), not .*'ad01_int8' \(hash 000000000000\): flash it with `tinyfit flash /);
  }, 120_000);

  it('not built, no agent, wrong data: exit 1, one line', () => {
    const fresh = path.join(root, 'fresh');
    expect(runCli(['generate', path.join(MLPERF_DIR, 'ad01_int8.tflite'), '-t', 'qemu-cortex-m4', '--io', 'int8', '-o', fresh]).status).toBe(0);
    const x = path.join(root, 'bad.npy');
    writeNpy(x, new Float32Array(640), [1, 640]);
    let r = runCli(['profile', fresh]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tinyfit: error: .*firmware\.elf does not exist: build it first with `tinyfit build .*`\n$/);
    const noAgent = path.join(root, 'no-agent');
    expect(runCli(['generate', path.join(MLPERF_DIR, 'ad01_int8.tflite'), '-t', 'qemu-cortex-m4', '--io', 'int8', '-o', noAgent, '--no-agent']).status).toBe(0);
    r = runCli(['profile', noAgent]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/was generated without the device agent/);
    r = runCli(['validate', project('ad01_int8.tflite'), '--data', x]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tinyfit: error: .*bad\.npy: <f4 data, but input 'input_1' of this build is int8/);
    r = runCli(['run', project('ad01_int8.tflite'), '--input', path.join(root, 'missing.npy'), '--output', path.join(root, 'o.npy')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
