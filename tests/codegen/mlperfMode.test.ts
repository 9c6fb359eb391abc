/**
 * `generate` with protocol 'mlperf' on the host family (the runner's stdin/stdout is the serial line), built with
 * ASan and UBSan: the whole transcript of a runner-like session byte for byte, every error answer of the reference
 * firmware, random command lines (each answered by exactly one m-ready, no sanitizer report), the anomaly score of
 * ad01 (float I/O), and the models and targets generate refuses.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate, inferMlperfModel } from '../../src/codegen';
import { loadCommands, parseBuffer, parseResults } from '../../src/device/mlperf/protocol';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { hostOutputs } from '../helpers/boardCompare';
import { buildRunner } from '../helpers/cproject';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, kwsTestInput } from '../helpers/mlperf';
import { mulberry32 } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('mlperf-mode');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function model(file: string, io: 'int8' | 'float'): Graph {
  const g = optimize(importModel(path.join(MLPERF_DIR, file)));
  setIo(g, io);
  return g;
}

/** Runs the host DUT on a command script; its stdout with every m-lap-us value replaced by N. */
function session(runner: string, input: string | Buffer): string {
  const r = spawnSync(runner, [], { input, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' }, maxBuffer: 1 << 26 });
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.toString('latin1').replace(/m-lap-us-\d+/g, 'm-lap-us-N');
}

describe('MLPerf Tiny mode on the host family', () => {
  const g = model('kws_ref_model.tflite', 'int8');
  const dir = path.join(root, 'kws');
  const r = generate(g, { target: 'host', outDir: dir, protocol: 'mlperf' });
  const runner = buildRunner(dir);
  const x = kwsTestInput();
  const load = loadCommands(Buffer.from(x.buffer, x.byteOffset, x.length));
  const results = `m-results-[${KWS_TFLM_OUTPUT.join(',')}]\r\n`;

  it('reports the benchmark and links no agent', () => {
    expect(r.mlperf).toEqual({ model: 'kws01', name: 'tinyfit-host', refillsInput: true });
    expect(r.agent).toBeNull();
    expect(r.files).toEqual(expect.arrayContaining(['mlperf/mlperf.c', 'mlperf/mlperf_config.h', 'runner.c']));
  });

  it('answers a runner session byte for byte', () => {
    const script = ['name', 'profile', ...load, 'infer 1 0', 'results', ''].map((c) => c + '%').join('');
    const out = session(runner, script);
    const ready = 'm-ready\r\n';
    expect(out).toBe(
      'm-timestamp-mode-performance\r\nm-lap-us-N\r\nm-init-done\r\n' + ready +
        'm-name-dut-[tinyfit-host]\r\n' + ready +
        'm-profile-[ULPMark for tinyML Firmware V0.0.1]\r\nm-model-[kws01]\r\n' + ready +
        'm-[Expecting 490 bytes]\r\n' + ready +
        ready.repeat(load.length - 2) +
        'm-load-done\r\n' + ready +
        'm-warmup-start-0\r\nm-warmup-done\r\nm-infer-start-1\r\nm-lap-us-N\r\nm-lap-us-N\r\nm-infer-done\r\n' + results + ready +
        results + ready +
        ready,
    );
  });

  it('prints the db buffer 8 bytes a line and ignores CR/LF between commands', () => {
    const out = session(runner, ['db load 10', 'db 00010203040506070809', '\r\ndb print'].map((c) => c + '%').join(''));
    expect(out).toContain('m-buffer-00-01-02-03-04-05-06-07\r\nm-buffer-08-09\r\n\r\nm-ready\r\n');
    expect([...parseBuffer(out.split('\r\n'))]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each([
    ['db', "e-[Command 'db' requires a subcommand]"],
    ['db load', "e-[Command 'db load' requires the # of bytes]"],
    ['db load 0', "e-[Command 'db load' must be >0 bytes]"],
    ['db load 1000', 'e-[Supplied buffer size 1000 exceeds maximum of 490]'],
    ['infer 0', 'e-[Inference iterations must be >0]'],
    ['infer 1 -1', 'e-[Inference warmup must be >=0]'],
    ['infer 1 0', 'e-[Input db has 0 bytes, expected 490]'],
    ['what now', 'e-[Unknown command: what]'],
    ['x'.repeat(81), 'e-[Command longer than 80 characters]'],
  ])('%s → %s', (command, error) => {
    const out = session(runner, command + '%');
    expect(out.split('\r\n').slice(4)).toEqual([error, 'm-ready', '']);
  });

  it('answers 2000 random command lines with one m-ready each, with no sanitizer report', () => {
    const rand = mulberry32(12);
    const words = ['db', 'load', 'print', 'infer', 'results', 'name', 'profile', 'help', 'timestamp', '490', '1', '0', '-3', 'ff', '7f80', 'zz', ' ', '  '];
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const n = Math.floor(rand() * 6);
      for (let k = 0; k < n; k++) {
        s += rand() < 0.7 ? words[Math.floor(rand() * words.length)] : String.fromCharCode(32 + Math.floor(rand() * 95)).replace('%', '#');
        s += rand() < 0.8 ? ' ' : '';
      }
      if (rand() < 0.05) s = 'db ' + 'ab'.repeat(Math.floor(rand() * 60));
      lines.push(s);
    }
    const out = session(runner, lines.map((l) => l + '%').join(''));
    expect(out.split('m-ready\r\n').length - 1).toBe(2000 + 1);
  });

  it('prints floats as glibc printf "%0.3f" does (2,000,000 floats: random bits, ties at the fourth decimal, nan, inf)', () => {
    // Beyond 9e12 in magnitude the firmware prints 7 significant digits with an exponent (documented).
    const harness = `#include <stdio.h>
#include <string.h>
#include "port/port.h"
#include "mlperf/mlperf_text.h"
static char got[64];
static size_t len;
size_t model_port_write(const uint8_t *b, size_t n) { memcpy(got + len, b, n); len += n; got[len] = 0; return n; }
int main(void) {
  uint32_t s = 1u, bits; long i, bad = 0; float v; char want[64];
  for (i = 0; i < 2000000; i++) {
    s ^= s << 13; s ^= s >> 17; s ^= s << 5;
    bits = s;
    if (i % 4 == 1) { v = (float)((int32_t)(s % 2000001u) - 1000000) / 2000.0f; memcpy(&bits, &v, 4); }
    if (i % 4 == 2) { v = (float)((int32_t)(s % 20000001u) - 10000000) / 1000.0f; memcpy(&bits, &v, 4); }
    if (i == 3) bits = 0x7f800000u;
    if (i == 7) bits = 0xff800000u;
    if (i == 11) bits = 0x7fc00000u;
    memcpy(&v, &bits, 4);
    if (v == v && (v > 9e12f || v < -9e12f)) continue;
    len = 0;
    model_mlperf_put_fixed3(v);
    snprintf(want, sizeof want, "%0.3f", (double)v);
    if (strcmp(got, want) != 0 && bad++ < 3) printf("%08x: %s, printf %s\\n", (unsigned)bits, got, want);
  }
  printf("mismatches %ld\\n", bad);
  return bad != 0;
}
`;
    fs.writeFileSync(path.join(dir, 'fixed3.c'), harness);
    const exe = path.join(dir, 'fixed3');
    const cc = spawnSync('gcc', ['-O1', '-std=c99', '-Wall', '-Werror', '-I', dir, path.join(dir, 'fixed3.c'), path.join(dir, 'mlperf', 'mlperf_text.c'), '-o', exe], { encoding: 'utf8' });
    expect(cc.stderr).toBe('');
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    expect(run.stdout).toBe('mismatches 0\n');
  });

  it('ad01 with float I/O: the result is the mean squared reconstruction error, as "%0.3f"', () => {
    const ad = model('ad01_int8.tflite', 'float');
    const adDir = path.join(root, 'ad');
    expect(generate(ad, { target: 'host', outDir: adDir, protocol: 'mlperf' }).mlperf?.model).toBe('ad01');
    const rand = mulberry32(5);
    const input = Float32Array.from({ length: 640 }, () => rand() * 4 - 2);
    const y = hostOutputs(ad, path.join(root, 'adHost'), [input])[0];
    const out = new Float32Array(y.buffer.slice(y.byteOffset, y.byteOffset + y.length));
    let sum = 0;
    for (let i = 0; i < 640; i++) sum = Math.fround(sum + Math.fround(Math.fround(out[i] - input[i]) ** 2));
    const mse = Math.fround(sum / 640);
    const text = session(buildRunner(adDir), loadCommands(Buffer.from(input.buffer)).concat('infer 1 0').map((c) => c + '%').join(''));
    const line = text.split('\r\n').find((l) => l.startsWith('m-results-'))!;
    expect(line).toMatch(/^m-results-\[-?\d+\.\d{3}\]$/);
    expect(Math.abs(parseResults(line)![0] - mse)).toBeLessThanOrEqual(0.0005);
  });
});

describe('what generate --protocol mlperf refuses', () => {
  const kws = model('kws_ref_model.tflite', 'int8');
  const out = path.join(root, 'refused');

  it('a family without a firmware main, float input for kws01, an unknown benchmark, --mlperf-model alone', () => {
    expect(() => generate(kws, { target: 'esp32', outDir: out, protocol: 'mlperf' })).toThrow(/replaces a firmware main: targets of the cortex-m, riscv, host families; 'esp32' is esp-idf/);
    expect(() => generate(model('kws_ref_model.tflite', 'float'), { target: 'host', outDir: out, protocol: 'mlperf' })).toThrow(/runner sends int8 input bytes, but the model's input is float32; generate with --io int8/);
    const unnamed = { ...kws, name: 'my_net' };
    expect(() => generate(unnamed, { target: 'host', outDir: out, protocol: 'mlperf' })).toThrow(/cannot tell the MLPerf Tiny benchmark from the model's name 'my_net'/);
    expect(() => generate(kws, { target: 'host', outDir: out, mlperfModel: 'kws01' })).toThrow(/needs --protocol mlperf/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names the benchmark from the file name', () => {
    expect(['kws_ref_model.tflite', 'vww_96_int8.tflite', 'pretrainedResnet_quant.tflite', 'ad01_int8.tflite', 'toycar/model.json', 'net.tflite'].map(inferMlperfModel)).toEqual([
      'kws01',
      'vww01',
      'ic01',
      'ad01',
      'ad01',
      undefined,
    ]);
  });
});
