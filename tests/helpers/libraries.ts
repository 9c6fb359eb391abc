/**
 * Library outputs in tests (targets lib and arduino): the host build's reference bytes, the test inputs, the
 * manifests (PlatformIO library.json, Arduino library.properties) read back, and the builds — the C library with
 * CMake or plain gcc, an Arduino library on the host through our stand-in <Arduino.h> (tests/helpers/arduino/),
 * or with the Arduino builder and the Arduino AVR core, run in simavr.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate, TestInput } from '../../src/codegen';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { buildRunner, STRICT } from './cproject';
import { bytesOf } from './int8Run';
import { mulberry32 } from './rng';

/** The input the tests run: int8 x[i] = (i·7) mod 256 − 128 (KWS's published test input), float32 seeded uniform in [−1, 1). */
export function libraryTestInput(g: Graph, seed = 5): TestInput {
  const rng = mulberry32(seed);
  return g.inputs.map((id) => {
    const t = tensor(g, id);
    const n = numel(t.shape);
    return t.dtype === 'int8' ? Int8Array.from({ length: n }, (_, i) => ((i * 7) % 256) - 128) : Float32Array.from({ length: n }, () => rng() * 2 - 1);
  });
}

/** The input's bytes, inputs concatenated in model order (what the runners read on stdin). */
export const inputBytes = (input: TestInput): Buffer => Buffer.concat(input.map((x) => bytesOf(x)));

/** The host build's outputs for one input: the raw bytes of every output. */
export function hostOutputs(g: Graph, dir: string, input: TestInput): Buffer[] {
  const r = generate(g, { target: 'host', outDir: dir, name: 'model' });
  const run = spawnSync(buildRunner(dir), [], { input: inputBytes(input), env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (run.status !== 0) throw new Error(`host runner failed: ${run.stderr}`);
  let off = 0;
  return r.outputs.map((o) => run.stdout.subarray(off, (off += o.bytes)));
}

/** Runs a command; its stdout, or an Error with everything it printed. */
export function run(cmd: string, args: string[], opts: { cwd?: string; input?: Buffer; timeout?: number } = {}): Buffer {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, timeout: opts.timeout ?? 120_000, maxBuffer: 1 << 26, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}${r.signal ? ` (${r.signal})` : ''}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A PlatformIO library.json as the lib family writes it. */
export interface LibraryJson {
  name: string;
  version: string;
  description: string;
  frameworks: string;
  platforms: string;
  headers: string;
  build: { srcDir: string; includeDir: string; srcFilter: string[] };
}

/** Reads `<dir>/library.json` (JSON.parse: a syntax error fails the test) and the files its source filter adds, relative to the library. */
export function readLibraryJson(dir: string): { manifest: LibraryJson; sources: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'library.json'), 'utf8')) as LibraryJson;
  const sources = manifest.build.srcFilter.map((f) => {
    const m = /^\+<([^<>*]+)>$/.exec(f);
    if (!m) throw new Error(`library.json: srcFilter entry ${f} is not +<file>`);
    return path.posix.join(manifest.build.srcDir, m[1]);
  });
  return { manifest, sources };
}

/** Every file under `dir` (relative, '/'-separated) whose name matches `re`, sorted. */
export function filesUnder(dir: string, re: RegExp, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, re, r));
    else if (re.test(e.name)) out.push(r);
  }
  return out.sort();
}

/**
 * Parses an Arduino library.properties: `key=value` lines (UTF-8; blank lines and `#` comments allowed). A line
 * that is neither, or a repeated key, fails the test.
 */
export function parseProperties(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const m = /^([A-Za-z0-9_.]+)=(.*)$/.exec(line);
    if (!m) throw new Error(`library.properties line ${i + 1} is not key=value: ${line}`);
    if (m[1] in props) throw new Error(`library.properties repeats ${m[1]}`);
    props[m[1]] = m[2];
  });
  return props;
}

const SHIM = path.join(__dirname, 'arduino');
const SANITIZE = '-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all';

/**
 * Builds an Arduino library's example sketch on the host with our stand-in <Arduino.h>, compiled as the Arduino
 * build compiles a library: every .c under src/ as C (here C99, -Werror -pedantic), every .cpp under src/ and the
 * sketch as C++ (gnu++11 like the Arduino AVR core; the sketch with <Arduino.h> included first, as the Arduino
 * builder adds it), with sanitizers. Returns the executable.
 */
export function buildSketchOnHost(libDir: string, sketch: string, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const src = path.join(libDir, 'src');
  const cxx = ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-pedantic', `-I${SHIM}`];
  const objects: string[] = [];
  const compile = (cc: string, flags: string[], file: string): void => {
    const obj = path.join(outDir, `${objects.length}_${path.basename(file)}.o`);
    run(cc, [...SANITIZE.split(' '), ...flags, '-c', file, '-o', obj]);
    objects.push(obj);
  };
  for (const f of filesUnder(src, /\.c$/)) compile('gcc', STRICT.split(' '), path.join(src, f));
  for (const f of filesUnder(src, /\.cpp$/)) compile('g++', cxx, path.join(src, f));
  compile('g++', [...cxx, `-I${src}`, '-x', 'c++', '-include', 'Arduino.h'], path.join(libDir, 'examples', sketch, `${sketch}.ino`));
  compile('g++', cxx, path.join(SHIM, 'host_main.cpp'));
  const exe = path.join(outDir, sketch);
  run('g++', [...SANITIZE.split(' '), ...objects, '-o', exe, '-lm']);
  return exe;
}

/** Where Debian's packages put the Arduino builder's platform file (ctags) and the Arduino AVR core. */
export const DEBIAN_ARDUINO = { builder: '/usr/share/arduino-builder', hardware: '/usr/share/arduino/hardware' };

/**
 * Builds a sketch with the Arduino builder (arduino-builder, the Arduino IDE 1.8 build tool; Debian's package) for
 * `fqbn`, with `libraries` as the sketchbook's library folder and every warning on; returns the ELF and what the
 * builder printed. Debian's Arduino AVR core 1.8.7 uses DECIMAL_DIG in C++ (WString.cpp), which Debian's avr-gcc 5.4
 * defines only for C: the core gets it from the command line — a packaging mismatch of the core, not the library.
 */
export function arduinoBuild(sketchIno: string, libraries: string, buildDir: string, fqbn: string): { elf: string; log: string } {
  fs.mkdirSync(buildDir, { recursive: true });
  const r = spawnSync(
    'arduino-builder',
    [
      '-compile',
      '-hardware', DEBIAN_ARDUINO.builder,
      '-hardware', DEBIAN_ARDUINO.hardware,
      '-tools', DEBIAN_ARDUINO.builder,
      '-fqbn', fqbn,
      '-libraries', libraries,
      '-build-path', buildDir,
      '-warnings', 'all',
      '-prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__',
      sketchIno,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`arduino-builder failed (exit ${r.status}):\n${log}`);
  return { elf: path.join(buildDir, `${path.basename(sketchIno)}.elf`), log };
}

/**
 * Runs an AVR ELF in simavr until the sketch prints `tinyfit: done` (a sketch's loop() never returns, so simavr is
 * then stopped) and returns what it printed on UART0. simavr logs the UART one line at a time (flushed at a newline
 * or every 256 characters, control characters shown as '.', in green): the newline is restored here.
 */
export function runSimavr(elf: string, mcu: string, hz: number, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('simavr', ['-m', mcu, '-f', String(hz), elf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    // UART chunks are logged green (ESC[32m ... newline ESC[0m); simavr's own messages are not.
    const text = (): string => [...log.matchAll(/\x1b\[32m(.*)\n\x1b\[0m/g)].map((m) => (m[1].endsWith('.') ? `${m[1].slice(0, -1)}\n` : m[1])).join('');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simavr: no 'tinyfit: done' within ${timeoutMs} ms:\n${text()}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      log += d.toString('latin1');
      if (text().includes('tinyfit: done\n')) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(text());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // After resolve() this is the SIGTERM we sent, and reject() does nothing.
      reject(new Error(`simavr exited (${signal ?? code}) before 'tinyfit: done':\n${text()}`));
    });
  });
}
