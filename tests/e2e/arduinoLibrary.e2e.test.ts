/**
 * `--target arduino`, the Arduino library, two ways:
 * - on the host, through our own stand-in <Arduino.h> (tests/helpers/arduino/: Serial on stdout, micros()): the four
 *   MLPerf Tiny models (int8 I/O, x[i] = (i·7) mod 256 − 128) and LeNet-5 (float) — src/'s C files compiled as C99,
 *   the port and the example sketch as C++ (gnu++11), all -Wall -Wextra -Werror -pedantic with sanitizers — print
 *   the host build's bytes (KWS: TFLite Micro's) in the self-test's lines. This proves the sources compile as C and
 *   C++ and compute the right bytes; it does not prove the Arduino tools build them, which the next part does. Their
 *   kernels also compile for AVR (avr-gcc: 16-bit int) with -Werror;
 * - with the real Arduino tools that Debian packages: the Arduino builder (arduino-builder, the build tool of
 *   Arduino IDE 1.8) finds the library from the sketch's #include, compiles src/ recursively with the Arduino AVR core
 *   for an Arduino Mega 2560 (every warning on: none in the library or the sketch), and the ELF runs in simavr
 *   (ATmega2560, 16 MHz) and prints the host build's bytes on its UART — for the sine model in float and in int8
 *   (16-bit int, soft float). The MLPerf models do not fit the Mega's 8 KB of RAM (AVR copies const data to RAM).
 * library.properties parses as key=value lines with the 1.5 format's fields.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate, GenerateResult, TestInput } from '../../src/codegen';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { packageRoot } from '../../src/paths';
import { prepareGraph } from '../../src/quantize/precision';
import { setIo } from '../../src/quantize/boundary';
import { parseSelfTest } from '../helpers/firmware';
import { STRICT } from '../helpers/cproject';
import { arduinoBuild, buildSketchOnHost, filesUnder, hostOutputs, libraryTestInput, parseProperties, run, runSimavr } from '../helpers/libraries';
import { KWS_TFLM_OUTPUT, MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('arduino');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const EXAMPLES = path.join(packageRoot(), 'examples');
/** The library.properties fields the 1.5 library format requires. */
const REQUIRED = ['name', 'version', 'author', 'maintainer', 'sentence', 'paragraph', 'category', 'url', 'architectures'];
const CATEGORIES = ['Display', 'Communication', 'Signal Input/Output', 'Sensors', 'Device Control', 'Timing', 'Data Storage', 'Data Processing', 'Other'];

/** Generates the Arduino library `<libraries>/<prefix>` with the test input built in; the host build's bytes for it. */
function library(g: Graph, prefix: string, libraries: string, input: TestInput): { result: GenerateResult; host: Buffer[] } {
  const result = generate(g, { target: 'arduino', outDir: path.join(libraries, prefix), name: prefix, testInput: input });
  return { result, host: hostOutputs(g, path.join(root, 'host', prefix), input) };
}

/** The self-test's lines: target first, done last, no stack line (not measurable on every core), the counter at 1 MHz. */
function expectSelfTestLines(text: string, model: string): void {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe(`tinyfit: target arduino model ${model}`);
  expect(lines[lines.length - 1]).toBe('tinyfit: done');
  expect(text).not.toMatch(/^tinyfit: stack/m);
  expect(parseSelfTest(text).tickHz).toBe(1_000_000);
}

describe('--target arduino on the host (our stand-in <Arduino.h>)', () => {
  const libraries = path.join(root, 'host-libraries');
  const models: [prefix: string, file: string][] = [
    ['kws', path.join(MLPERF_DIR, 'kws_ref_model.tflite')],
    ['vww', path.join(MLPERF_DIR, 'vww_96_int8.tflite')],
    ['ic', path.join(MLPERF_DIR, 'pretrainedResnet_quant.tflite')],
    ['ad', path.join(MLPERF_DIR, 'ad01_int8.tflite')],
    ['lenet', path.join(EXAMPLES, 'mnist', 'lenet5', 'model.json')],
  ];

  const libs = new Map<string, { name: string; result: GenerateResult; host: Buffer[] }>();
  beforeAll(() => {
    for (const [prefix, file] of models) {
      const g = optimize(importModel(file));
      if (g.quantization) setIo(g, 'int8');
      libs.set(prefix, { name: g.name, ...library(g, prefix, libraries, libraryTestInput(g)) });
    }
  }, 120_000);

  it.each(models)('%s: the example sketch prints the host build’s bytes', (prefix) => {
    const { name, result, host } = libs.get(prefix)!;
    const exe = buildSketchOnHost(result.outDir, `${prefix}_selftest`, path.join(root, 'host-build', prefix));
    const text = run(exe, []).toString();
    expectSelfTestLines(text, name);
    const got = parseSelfTest(text).outputs;
    expect(got.map((b) => b.toString('hex'))).toEqual(host.map((b) => b.toString('hex')));
    if (prefix === 'kws') expect(Array.from(new Int8Array(got[0].buffer, got[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
  }, 120_000);

  it('their kernels compile for AVR (avr-gcc, 16-bit int) warning-free; the models themselves exceed AVR’s 32 KB objects', () => {
    const seen = new Set<string>();
    for (const { result } of libs.values()) {
      for (const f of filesUnder(path.join(result.outDir, 'src', 'kernels'), /\.c$/)) {
        if (seen.has(f)) continue;
        seen.add(f);
        run('avr-gcc', ['-mmcu=atmega2560', '-Os', ...STRICT.split(' '), '-c', path.join(result.outDir, 'src', 'kernels', f), '-o', '/dev/null']);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('library.properties: key=value lines with the 1.5 format’s fields, its header and example in place', () => {
    const dir = path.join(libraries, 'kws');
    const p = parseProperties(fs.readFileSync(path.join(dir, 'library.properties'), 'utf8'));
    for (const k of REQUIRED) expect(p[k]?.length).toBeGreaterThan(0);
    expect(p).toMatchObject({ name: 'kws', architectures: '*', includes: 'kws.h' });
    expect(p.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$/);
    expect(p.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(CATEGORIES).toContain(p.category);
    expect(fs.existsSync(path.join(dir, 'src', p.includes))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'examples', 'kws_selftest', 'kws_selftest.ino'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src', 'port', 'port_arduino.cpp'))).toBe(true);
  });
});

describe('--target arduino with the Arduino builder and AVR core, run in simavr (Arduino Mega 2560)', () => {
  const libraries = path.join(root, 'avr-libraries');
  const sine = importModel(path.join(EXAMPLES, 'sine', 'model.json'));
  const calibration = Array.from({ length: 64 }, (_, i) => [Float32Array.of((2 * Math.PI * i) / 63)]);
  const cases: [prefix: string, graph: () => Graph][] = [
    ['sine', () => optimize(sine)],
    ['sine_int8', () => prepareGraph(sine, { precision: 'int8', calibration }).graph],
  ];

  it.each(cases)('%s: builds with every warning on and prints the host build’s bytes on the UART', async (prefix, graph) => {
    const g = graph();
    const input = [Float32Array.of(1.25)];
    const { result, host } = library(g, prefix, libraries, input);
    const sketch = path.join(result.outDir, 'examples', `${prefix}_selftest`, `${prefix}_selftest.ino`);
    const { elf, log } = arduinoBuild(sketch, libraries, path.join(root, 'avr-build', prefix), 'arduino:avr:mega:cpu=atmega2560');
    const ours = log.split('\n').filter((l) => /warning|error/i.test(l) && (l.includes(libraries) || l.includes('_selftest')));
    expect(ours).toEqual([]);
    const text = await runSimavr(elf, 'atmega2560', 16_000_000);
    expectSelfTestLines(text, g.name);
    const st = parseSelfTest(text);
    expect(st.outputs.map((b) => b.toString('hex'))).toEqual(host.map((b) => b.toString('hex')));
    const usage = log.split('\n').filter((l) => /^(Sketch uses|Global variables use)/.test(l));
    console.log(`${prefix} on a simulated ATmega2560: ${st.ticks} us per invoke; ${usage.join(' ')}`);
  }, 180_000);
});
