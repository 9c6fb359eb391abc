/**
 * `tinyfit build`: builds generated firmware with its family's toolchain and measures it against the target.
 * - KWS on the virtual Cortex-M4: code outside the weights ≤ 12 KB, RAM without the stack reserve plus the stack
 *   the run measured ≤ 10,240 B, and the static stack bound ≥ that measured stack;
 * - a board added as one JSON file (a small Cortex-M4 with 64 KB flash, 8 KB RAM): VWW does not fit its flash
 *   and KWS not its RAM — one line each naming the limit and the biggest consumers, exit 1;
 * - a missing toolchain is one line naming the package;
 * - `--target lib`: CMake with the host gcc builds the static library, measured member by member, the stack bound
 *   from <prefix>_invoke; `--target arduino`: one line naming the arduino-cli command that builds it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { TinyfitError } from '../../src/errors';
import { runCli } from '../helpers/cli';
import { runFirmware } from '../helpers/firmware';
import { MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('build');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const KWS = path.join(MLPERF_DIR, 'kws_ref_model.tflite');
const VWW = path.join(MLPERF_DIR, 'vww_96_int8.tflite');

/** A new board of the cortex-m family: one descriptor file (the qemu-cortex-m4 machine with less memory). */
function smallBoard(flashBytes = 65536): string {
  const file = path.join(root, `small-m4-${flashBytes}.json`);
  const base = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'targets', 'qemu-cortex-m4.json'), 'utf8'));
  delete base.$schema;
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...base,
      id: 'small-m4',
      name: `A small Cortex-M4 board (${flashBytes} B flash, 8 KB RAM)`,
      memory: { stack: 2048, regions: [{ name: 'flash', kind: 'flash', origin: 0, length: flashBytes }, { name: 'sram', kind: 'ram', origin: 0x20000000, length: 8192 }] },
    }),
  );
  return file;
}

describe('tinyfit build', () => {
  it('KWS on qemu-cortex-m4: code ≤ 12 KB outside the weights, RAM + measured stack ≤ 10,240 B, static stack ≥ measured', () => {
    const out = path.join(root, 'kws');
    // Without the device agent: the figure is the model's own cost (the agent adds its frame buffers and commands).
    expect(runCli(['generate', KWS, '-t', 'qemu-cortex-m4', '-o', out, '--io', 'int8', '--no-agent']).status).toBe(0);
    const r = buildProject(out);
    const run = runFirmware(out);
    const textRodata = r.sections['.text'] + r.sections['.rodata'];
    console.log(
      `KWS qemu-cortex-m4: text+rodata ${textRodata} B, weights ${r.flash.weights} B, model constants ${r.flash.constants} B -> code outside the weight arrays ${textRodata - r.flash.weights} B; ` +
        `RAM ${r.ram.used} B + measured stack ${run.stackUsed} B = ${r.ram.used + run.stackUsed} B; static stack bound ${r.stack.bytes} B`,
    );
    // Issue 11: ≤ 12 KB with the portable kernels; issue 13: ≤ 16 KB with the DSP kernel variants (the M4 takes them).
    expect(textRodata - r.flash.weights).toBeLessThanOrEqual(16 * 1024);
    expect(r.ram.used + run.stackUsed).toBeLessThanOrEqual(10_240);
    expect(r.ram.arena).toBe(8128);
    expect(r.stack.bytes).toBeGreaterThanOrEqual(run.stackUsed);
    expect(r.stack.recursive).toEqual([]);
    expect(r.stack.path[0]).toBe('Reset_Handler');
  }, 120_000);

  it('prints the usage table, and --json', () => {
    const out = path.join(root, 'kws');
    const t = runCli(['build', out]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^flash\s+[\d,]+\s+4,194,304\s+[\d.]+ %\s+weights [\d,]+ B/m);
    expect(t.stdout).toMatch(/^stack: static worst case [\d,]+ B of the 8,192 B reserve \(deepest path Reset_Handler > main > /m);
    const j = JSON.parse(runCli(['build', out, '--json']).stdout);
    expect(j.flash.limit).toBe(4194304);
    expect(j.ram.stackReserve).toBe(8192);
  }, 120_000);

  it('a board added as one JSON file refuses what does not fit, naming the consumers', () => {
    const board = smallBoard();
    const vww = path.join(root, 'vww-small');
    expect(runCli(['generate', VWW, '-t', board, '-o', vww, '--io', 'int8']).status).toBe(0);
    const f = runCli(['build', vww]);
    expect(f.status).toBe(1);
    expect(f.stderr.trim().split('\n')).toHaveLength(1);
    // VWW's weights alone exceed the flash: refused before compiling.
    expect(f.stderr).toMatch(/^tinyfit: error: the firmware does not fit target 'small-m4': the weights alone take \d+ B of the board's 65536 B of flash \(largest weight arrays: \S+ \d+ B, /);
    // KWS's weights (27,253 B) fit 28 KB of flash, its code does not: the linker's overflow, with the consumers.
    const tight = path.join(root, 'kws-tight');
    expect(runCli(['generate', KWS, '-t', smallBoard(28 * 1024), '-o', tight, '--io', 'int8']).status).toBe(0);
    const h = runCli(['build', tight]);
    expect(h.status).toBe(1);
    expect(h.stderr).toMatch(/^tinyfit: error: the firmware does not fit target 'small-m4': flash overflowed by \d+ B \(the board has 28672 B; weights 27253 B; largest weight arrays: \S+ \d+ B, /);
    const kws = path.join(root, 'kws-small');
    expect(runCli(['generate', KWS, '-t', board, '-o', kws, '--io', 'int8']).status).toBe(0);
    const g = runCli(['build', kws]);
    expect(g.status).toBe(1);
    expect(g.stderr).toMatch(/^tinyfit: error: the firmware does not fit target 'small-m4': RAM overflowed by \d+ B \(the board has 8192 B; arena 8128 B, peak at op '[^']+' with .+ live; plus the stack reserve\)$/m);
  }, 120_000);

  it('a missing toolchain is one line naming the package', () => {
    const out = path.join(root, 'kws');
    const env = { ...process.env, PATH: '/nonexistent' };
    const r = runCli(['build', out], { env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tinyfit: error: arm-none-eabi-gcc is not installed \(family cortex-m\): install gcc-arm-none-eabi libnewlib-arm-none-eabi/);
  });

  it('--target lib: CMake and the host gcc build the static library; the weights, arena and the stack from <prefix>_invoke are measured', () => {
    const out = path.join(root, 'kws-lib');
    expect(runCli(['generate', KWS, '-t', 'lib', '-o', out, '--io', 'int8', '--name', 'kws']).status).toBe(0);
    const r = buildProject(out);
    expect(r.binary).toBe('build/libkws.a');
    expect(r.flash.weights).toBe(24368);
    expect(r.ram.arena).toBe(8128);
    expect(r.flash.limit).toBeNull();
    expect(r.ram.stackReserve).toBe(0);
    expect(r.stack.path[0]).toBe('kws_invoke');
    expect(r.stack.bytes).toBeGreaterThan(0);
    expect(r.stack.dynamic).toEqual([]);
    const t = runCli(['build', out]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^built build\/libkws\.a for lib \(lib\)$/m);
    expect(t.stdout).toMatch(/^stack: static worst case [\d,]+ B \(deepest path kws_invoke > /m);
    const missing = runCli(['build', out], { env: { ...process.env, PATH: '/nonexistent' } });
    expect(missing.stderr).toMatch(/^tinyfit: error: cmake is not installed \(family lib\): install cmake /);
  }, 120_000);

  it('--target arduino: one line naming the arduino-cli command that builds the library', () => {
    const out = path.join(root, 'kws-arduino');
    expect(runCli(['generate', KWS, '-t', 'arduino', '-o', out, '--io', 'int8', '--name', 'kws']).status).toBe(0);
    const r = runCli(['build', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`target 'arduino' (family arduino) is built with arduino-cli, not \`tinyfit build\`: cd ${out} && arduino-cli core install`);
    expect(r.stderr).toContain('arduino-cli compile --fqbn <board, e.g. arduino:avr:mega> --library "$PWD" examples/kws_selftest');
  });

  it('refuses a folder tinyfit did not generate, and the host build', () => {
    expect(() => buildProject(root)).toThrow(TinyfitError);
    const host = path.join(root, 'host');
    expect(runCli(['generate', KWS, '-t', 'host', '-o', host, '--io', 'int8']).status).toBe(0);
    expect(() => buildProject(host)).toThrow(/is the host build for tests/);
  });
});
