/**
 * `--target lib`, the C library: the four MLPerf Tiny models (int8 I/O) and LeNet-5 (float) as five libraries, each
 * used only through its one header <prefix>.h by one program that links all five — built by CMake (four through
 * add_subdirectory, one through FetchContent from a tarball) and by plain gcc from the files each library.json's
 * source filter names, both `-Wall -Wextra -Werror -pedantic` — print the host build's output bytes for
 * x[i] = (i·7) mod 256 − 128 (KWS: TFLite Micro's published bytes) and a seeded float input. library.json parses,
 * names an existing header and exactly the library's C files; the CMake project also cross-builds for Cortex-M4.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate, GenerateResult, TestInput } from '../../src/codegen';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { packageRoot } from '../../src/paths';
import { setIo } from '../../src/quantize/boundary';
import { STRICT } from '../helpers/cproject';
import { filesUnder, hostOutputs, inputBytes, libraryTestInput, readLibraryJson, run } from '../helpers/libraries';
import { KWS_TFLM_OUTPUT, MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('lib');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Each library: its prefix and model (int8 I/O for the .tflite files). */
const MODELS: [prefix: string, file: string][] = [
  ['kws', path.join(MLPERF_DIR, 'kws_ref_model.tflite')],
  ['vww', path.join(MLPERF_DIR, 'vww_96_int8.tflite')],
  ['ic', path.join(MLPERF_DIR, 'pretrainedResnet_quant.tflite')],
  ['ad', path.join(MLPERF_DIR, 'ad01_int8.tflite')],
  ['lenet', path.join(packageRoot(), 'examples', 'mnist', 'lenet5', 'model.json')],
];

interface Lib {
  prefix: string;
  result: GenerateResult;
  input: TestInput;
  host: Buffer[];
}

function load(file: string): Graph {
  const g = optimize(importModel(file));
  if (g.quantization) setIo(g, 'int8');
  return g;
}

/** A C99 program that runs model argv[1] through its one header: inputs on stdin, outputs on stdout. */
function consumerSource(prefixes: string[]): string {
  const run1 = (p: string): string => {
    const P = p.toUpperCase();
    return `static int run_${p}(void) {
  int i;
  for (i = 0; i < ${P}_NUM_INPUTS; i++) {
    const ${p}_tensor_info_t *info = ${p}_input_info(i);
    if (fread(${p}_input(i), 1, info->bytes, stdin) != info->bytes) return 1;
  }
  if (${p}_invoke() != 0) return 1;
  for (i = 0; i < ${P}_NUM_OUTPUTS; i++) {
    const ${p}_tensor_info_t *info = ${p}_output_info(i);
    if (fwrite(${p}_output(i), 1, info->bytes, stdout) != info->bytes) return 1;
  }
  return 0;
}
`;
  };
  return [
    '#include <stdio.h>',
    '#include <string.h>',
    ...prefixes.map((p) => `#include <${p}.h>`),
    '',
    ...prefixes.map(run1),
    'int main(int argc, char **argv) {',
    '  if (argc != 2) return 2;',
    ...prefixes.map((p) => `  if (strcmp(argv[1], "${p}") == 0) return run_${p}();`),
    '  return 2;',
    '}',
    '',
  ].join('\n');
}

/** The consumer's CMakeLists.txt: add_subdirectory for every library but the last, FetchContent (a tarball) for that one. */
function consumerCMake(libs: Lib[], tarball: string): string {
  const last = libs[libs.length - 1].prefix;
  return [
    'cmake_minimum_required(VERSION 3.14)',
    'project(consumer C)',
    'include(FetchContent)',
    'if(POLICY CMP0135)',
    '  cmake_policy(SET CMP0135 NEW)',
    'endif()',
    ...libs.slice(0, -1).map((l) => `add_subdirectory(${l.result.outDir} ${l.prefix})`),
    `FetchContent_Declare(${last} URL ${tarball})`,
    `FetchContent_MakeAvailable(${last})`,
    'add_executable(app app.c)',
    `target_link_libraries(app PRIVATE ${libs.map((l) => l.prefix).join(' ')})`,
    '',
  ].join('\n');
}

describe('--target lib: five models as C libraries in one program', () => {
  const libs: Lib[] = [];
  const app = path.join(root, 'app');

  beforeAll(() => {
    for (const [prefix, file] of MODELS) {
      const g = load(file);
      const input = libraryTestInput(g);
      const result = generate(g, { target: 'lib', outDir: path.join(root, prefix), name: prefix });
      libs.push({ prefix, result, input, host: hostOutputs(g, path.join(root, `${prefix}_host`), input) });
    }
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'app.c'), consumerSource(libs.map((l) => l.prefix)));
  }, 120_000);

  it('each library is src/ with <prefix>.h, a CMakeLists.txt and a library.json whose source filter names exactly its C files', () => {
    for (const l of libs) {
      const dir = l.result.outDir;
      expect(l.result.files.filter((f) => !f.startsWith('src/')).sort()).toEqual(['CMakeLists.txt', 'library.json', 'tinyfit.json']);
      expect(l.result.files).toContain(`src/${l.prefix}.h`);
      expect(l.result.files.some((f) => f.startsWith('src/port/'))).toBe(false); // a library has no I/O
      const { manifest, sources } = readLibraryJson(dir);
      expect(manifest).toMatchObject({ name: l.prefix, frameworks: '*', platforms: '*', headers: `${l.prefix}.h`, build: { srcDir: 'src', includeDir: 'src' } });
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest.description.length).toBeLessThanOrEqual(255);
      expect(fs.existsSync(path.join(dir, manifest.build.includeDir, manifest.headers))).toBe(true);
      for (const f of sources) expect(fs.existsSync(path.join(dir, f))).toBe(true);
      expect([...sources].sort()).toEqual(filesUnder(path.join(dir, 'src'), /\.c$/).map((f) => `src/${f}`));
    }
  });

  it('CMake (add_subdirectory, FetchContent) builds one program of all five that prints the host build’s bytes', () => {
    const last = libs[libs.length - 1];
    const tarball = path.join(root, `${last.prefix}.tar.gz`);
    run('tar', ['-czf', tarball, '-C', root, last.prefix]);
    fs.writeFileSync(path.join(app, 'CMakeLists.txt'), consumerCMake(libs, tarball));
    const build = path.join(app, 'build');
    run('cmake', ['-S', app, '-B', build, '-DCMAKE_C_COMPILER=gcc', `-DCMAKE_C_FLAGS=-O2 ${STRICT}`]);
    run('cmake', ['--build', build, '-j', '2']);
    for (const l of libs) {
      const out = run(path.join(build, 'app'), [l.prefix], { input: inputBytes(l.input) });
      expect(out.toString('hex')).toBe(Buffer.concat(l.host).toString('hex'));
      if (l.prefix === 'kws') expect(Array.from(new Int8Array(out.buffer, out.byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    }
  }, 180_000);

  it('plain gcc from the files each library.json names builds the same program, with the same bytes', () => {
    const files = libs.flatMap((l) => readLibraryJson(l.result.outDir).sources.map((f) => path.join(l.result.outDir, f)));
    const exe = path.join(app, 'app_gcc');
    run('gcc', ['-O2', ...STRICT.split(' '), ...libs.map((l) => `-I${path.join(l.result.outDir, 'src')}`), path.join(app, 'app.c'), ...files, '-o', exe, '-lm']);
    for (const l of libs) {
      expect(run(exe, [l.prefix], { input: inputBytes(l.input) }).toString('hex')).toBe(Buffer.concat(l.host).toString('hex'));
    }
  }, 180_000);

  it('a library needs a --name of its own: the default (model) would give its header the name of model.h', () => {
    const sine = optimize(importModel(path.join(packageRoot(), 'examples', 'sine', 'model.json')));
    const outDir = path.join(root, 'unnamed');
    expect(() => generate(sine, { target: 'lib', outDir })).toThrow(
      /^--name 'model' would name the lib family's src\/model\.h like the model's own src\/model\.h; choose another --name \(e\.g\. --name sine\)$/,
    );
    expect(fs.existsSync(outDir)).toBe(false);
  });

  it('the CMake project cross-builds the static library for a Cortex-M4 (arm-none-eabi-gcc)', () => {
    const kws = libs[0];
    const build = path.join(root, 'kws_m4');
    run('cmake', [
      '-S', kws.result.outDir, '-B', build,
      '-DCMAKE_SYSTEM_NAME=Generic', '-DCMAKE_C_COMPILER=arm-none-eabi-gcc', '-DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY',
      `-DCMAKE_C_FLAGS=-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2 ${STRICT}`,
    ]);
    run('cmake', ['--build', build]);
    const sizes = run('arm-none-eabi-size', ['-t', path.join(build, 'libkws.a')]).toString();
    expect(sizes).toMatch(/\(TOTALS\)/);
    console.log(`libkws.a for Cortex-M4 (arm-none-eabi-size -t):\n${sizes.trim().split('\n').slice(-1)[0]}`);
  }, 120_000);
});
