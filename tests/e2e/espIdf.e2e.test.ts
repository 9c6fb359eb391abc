/**
 * The esp-idf family (ESP32, ESP32-S3, ESP32-C3) and what of it is verified here, where ESP-IDF and the Xtensa
 * compiler cannot be installed:
 * - layout: the generated project follows ESP-IDF's documented structure — its CMake files parsed: the model
 *   component lists in SRCS exactly the .c files it holds (each exists), exports its folder, main requires it, the
 *   top level includes project.cmake; sdkconfig.defaults carries the descriptor's clock, flash and stack;
 * - `tinyfit build` answers with the idf.py command and `tinyfit doctor` with ESP-IDF's installer, one line each;
 * - sources in emulation: for the ESP32-C3, the project's model, weights, kernels and main/main.c (app_main),
 *   unchanged, compiled by riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 with the qemu-riscv32 board's
 *   start-up and port instead of ESP-IDF's, run under qemu-system-riscv32 -icount shift=0: the four MLPerf Tiny
 *   int8 models print the host build's bytes (KWS: TFLite Micro's), the float sine and LeNet-5 models outputs
 *   within 1e-4 + 1e-3·|host|;
 * - the qemu-riscv32 virtual board itself (riscv family): `tinyfit build` and `make run` print the same bytes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate, TestInput } from '../../src/codegen';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { getTarget, targetFigures } from '../../src/targets';
import { getFamily } from '../../src/targets/family';
import { runCli } from '../helpers/cli';
import { buildRunner, STRICT } from '../helpers/cproject';
import { buildEspIdfOnRiscv, cFilesUnder, runOnVirt } from '../helpers/espIdfOnRiscv';
import { runFirmware } from '../helpers/firmware';
import { bytesOf } from '../helpers/int8Run';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, MLPERF_MODELS } from '../helpers/mlperf';
import { mulberry32 } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('espidf');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const COMPONENT = getFamily('esp-idf').sourceDir;

/** The host build's outputs for one input (raw bytes of every output); plain -O2, no sanitizers (other tests run those). */
function hostOutputs(g: Graph, dir: string, input: TestInput): Buffer[] {
  const r = generate(g, { target: 'host', outDir: dir });
  const run = spawnSync(buildRunner(dir, 'gcc', `-O2 ${STRICT}`), [], { input: Buffer.concat(input.map((x) => bytesOf(x))) });
  if (run.status !== 0) throw new Error(`host runner failed: ${run.stderr}`);
  let off = 0;
  return r.outputs.map((o) => run.stdout.subarray(off, (off += o.bytes)));
}

/** x[i] = (i·7) mod 256 − 128 for every int8 input (KWS's published test input for KWS). */
function patternInput(g: Graph): TestInput {
  return g.inputs.map((id) => Int8Array.from({ length: numel(tensor(g, id).shape) }, (_, i) => ((i * 7) % 256) - 128));
}

function randomFloatInput(g: Graph, seed: number): TestInput {
  const rng = mulberry32(seed);
  return g.inputs.map((id) => Float32Array.from({ length: numel(tensor(g, id).shape) }, () => rng() * 2 - 1));
}

/** The esp32c3 project of a model, with its component and main/main.c run bare metal on the virtual RV32 board. */
function runEsp32c3Sources(g: Graph, tag: string, input: TestInput) {
  const esp = path.join(root, `${tag}_esp32c3`);
  const rv = path.join(root, `${tag}_rv32`);
  generate(g, { target: 'esp32c3', outDir: esp, testInput: input });
  generate(g, { target: 'qemu-riscv32', outDir: rv, testInput: input });
  const elf = path.join(root, `${tag}_esp32c3.elf`);
  buildEspIdfOnRiscv(esp, rv, elf);
  return runOnVirt(elf);
}

/** The arguments of the first `<command>(...)` call of a CMake file: quoted or bare words, comments dropped. */
function cmakeCall(file: string, command: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/#[^\n]*/g, '');
  const m = new RegExp(`\\b${command}\\s*\\(([^)]*)\\)`).exec(text);
  if (!m) throw new Error(`${file}: no ${command}()`);
  return [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]);
}

/** The values after a keyword of idf_component_register, up to the next keyword. */
function cmakeList(args: string[], keyword: string): string[] {
  const at = args.indexOf(keyword);
  if (at < 0) return [];
  const end = args.findIndex((a, i) => i > at && /^[A-Z_]+$/.test(a));
  return args.slice(at + 1, end < 0 ? undefined : end);
}

/** KEY=VALUE lines of an sdkconfig file. */
function sdkconfig(file: string): Map<string, string> {
  return new Map(fs.readFileSync(file, 'utf8').split('\n').filter((l) => /^CONFIG_\w+=/.test(l)).map((l) => l.split('=', 2) as [string, string]));
}

describe('esp-idf projects follow ESP-IDF\'s documented layout', () => {
  const g = optimize(importModel(path.join(MLPERF_DIR, 'kws_ref_model.tflite')));
  setIo(g, 'int8');

  it.each([
    ['esp32', 240, 4],
    ['esp32s3', 240, 8],
    ['esp32c3', 160, 4],
  ])('%s: the component lists exactly its .c files, main requires it, sdkconfig.defaults has clock %i MHz and %i MB flash', (target, mhz, mb) => {
    const out = path.join(root, `layout_${target}`);
    generate(g, { target, outDir: out });
    const comp = path.join(out, COMPONENT);
    const reg = cmakeCall(path.join(comp, 'CMakeLists.txt'), 'idf_component_register');
    const srcs = cmakeList(reg, 'SRCS');
    for (const f of srcs) expect(fs.existsSync(path.join(comp, f))).toBe(true);
    expect([...srcs].sort()).toEqual(cFilesUnder(comp));
    expect(srcs).toEqual(expect.arrayContaining(['model.c', 'weights.c', 'port/port_esp_idf.c']));
    expect(cmakeList(reg, 'INCLUDE_DIRS')).toEqual(['.']);
    for (const h of ['model.h', 'port/port.h']) expect(fs.existsSync(path.join(comp, h))).toBe(true);

    const main = cmakeCall(path.join(out, 'main', 'CMakeLists.txt'), 'idf_component_register');
    expect([...cmakeList(main, 'SRCS')].sort()).toEqual(cFilesUnder(path.join(out, 'main')));
    expect(cmakeList(main, 'REQUIRES')).toEqual([path.basename(COMPONENT)]);

    expect(cmakeCall(path.join(out, 'CMakeLists.txt'), 'include')).toEqual(['$ENV{IDF_PATH}/tools/cmake/project.cmake']);
    expect(cmakeCall(path.join(out, 'CMakeLists.txt'), 'project')).toHaveLength(1);
    expect(fs.readFileSync(path.join(comp, 'idf_component.yml'), 'utf8')).toMatch(/^dependencies:\n {2}idf: ">=5\.0"$/m);

    const cfg = sdkconfig(path.join(out, 'sdkconfig.defaults'));
    expect(cfg.get(`CONFIG_ESP_DEFAULT_CPU_FREQ_MHZ_${mhz}`)).toBe('y');
    expect(cfg.get(`CONFIG_ESPTOOLPY_FLASHSIZE_${mb}MB`)).toBe('y');
    expect(Number(cfg.get('CONFIG_ESP_MAIN_TASK_STACK_SIZE'))).toBe(8192);
    expect(targetFigures(getTarget(target)).clockHz).toBe(mhz * 1e6);
  });

  it('`tinyfit build` names the idf.py command, `tinyfit doctor` ESP-IDF\'s installer', () => {
    const out = path.join(root, 'layout_esp32c3');
    expect(() => buildProject(out)).toThrow(TinyfitError);
    const b = runCli(['build', out]);
    expect(b.status).toBe(1);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/is built with idf\.py, not `tinyfit build`: cd \S+ && idf\.py set-target esp32c3 && idf\.py build flash monitor/);
    const d = JSON.parse(runCli(['doctor', '-t', 'esp32c3', '--json']).stdout);
    expect(d.tools.map((t: { command: string }) => t.command)).toEqual(['idf.py']);
    expect(d.tools[0].packages).toEqual([]);
    expect(d.tools[0].install).toMatch(/install\.sh esp32,esp32s3,esp32c3/);
    expect(d.installCommand).toBeNull();
  });
});

describe('ESP32-C3 sources on RV32IMC under qemu-system-riscv32', () => {
  it.each(MLPERF_MODELS.map(([file]) => [file]))('%s: app_main prints the host build\'s output bytes', (file) => {
    const g = optimize(importModel(path.join(MLPERF_DIR, file)));
    setIo(g, 'int8');
    const input = patternInput(g);
    const tag = file.replace(/\W/g, '_');
    const host = hostOutputs(g, path.join(root, `${tag}_host`), input);
    const run = runEsp32c3Sources(g, tag, input);
    expect(run.outputs.map((b) => b.toString('hex'))).toEqual(host.map((b) => b.toString('hex')));
    if (file.startsWith('kws')) expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    expect(run.text).toMatch(/^tinyfit: target esp32c3 model /m);
    expect(run.tickHz).toBe(1e9);
    expect(run.stackUsed).toBeGreaterThan(0);
    expect(run.stackUsed).toBeLessThanOrEqual(run.stackReserved);
    console.log(`${file}, esp32c3 sources on RV32IMC: ${run.ticks} instructions, stack ${run.stackUsed} B`);
  }, 120_000);

  it.each([['sine/model.json'], ['mnist/lenet5/model.json']])('%s (float32): outputs within 1e-4 + 1e-3·|host|', (rel) => {
    const g = optimize(importModel(path.resolve(__dirname, '..', '..', 'examples', rel)));
    const input = randomFloatInput(g, 5);
    const tag = rel.replace(/\W/g, '_');
    const host = hostOutputs(g, path.join(root, `${tag}_host`), input);
    const run = runEsp32c3Sources(g, tag, input);
    const f32 = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    const got = f32(run.outputs[0]);
    const want = f32(host[0]);
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
  }, 120_000);
});

describe('the qemu-riscv32 virtual board (riscv family)', () => {
  it('KWS: `tinyfit build` measures it, `make run` prints TFLite Micro\'s bytes and one tick per instruction', () => {
    const g = optimize(importModel(path.join(MLPERF_DIR, 'kws_ref_model.tflite')));
    setIo(g, 'int8');
    const out = path.join(root, 'kws_qemu_riscv32');
    generate(g, { target: 'qemu-riscv32', outDir: out, testInput: patternInput(g) });
    const built = buildProject(out);
    const run = runFirmware(out);
    expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    expect(run.instructions).toBe(run.ticks);
    expect(built.ram.arena).toBe(8128);
    expect(built.stack.path[0]).toBe('Reset_Handler');
    expect(built.stack.bytes).toBeGreaterThanOrEqual(run.stackUsed);
    console.log(`KWS on qemu-riscv32: ${run.instructions} instructions, stack ${run.stackUsed} B (static bound ${built.stack.bytes} B), flash ${built.flash.used} B`);
  }, 120_000);
});
