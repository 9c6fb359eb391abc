/**
 * A user's own board as one descriptor file: `generate(…, { target: 'board.json' })` puts the whole descriptor in
 * tinyfit.json, RAM/flash/clock/ISA in model.h, clock/baud/timer in port/port_config.h, leaves model.c and
 * weights.c byte-identical to the host target's, and the project still builds and computes the same bytes.
 * With a firmware folder holding fake ISA variants (injected through `firmwareDir`), the variant of the first
 * ISA in the descriptor's order is copied under the portable name and reported in tinyfit.json and model.h.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate, GenerateResult } from '../../src/codegen';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { firmwareRoot, packageRoot } from '../../src/paths';
import { buildRunner, runRunner } from '../helpers/cproject';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('board');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SINE = path.join(packageRoot(), 'examples', 'sine', 'model.json');
const SAMPLES = [0, 0.5, 1.5, 3, 6.2].map((x) => [new Float32Array([x])]);

/** A board of the host family (so its project runs here) with every descriptor field filled in. */
const BOARD = {
  $schema: path.join(packageRoot(), 'targets', 'schema.json'),
  id: 'my_m4',
  name: 'My Cortex-M4 board */ with a comment breaker',
  family: 'host',
  build: { cpu: 'cortex-m4', f_cpu: '120000000L', mcu: 'stm32f446ret6' },
  isa: ['helium', 'dsp', 'fpu'],
  upload: { maximum_ram_size: 131072, maximum_size: 524288, protocol: 'stlink' },
  memory: {
    regions: [
      { name: 'flash', kind: 'flash', origin: 0x08000000, length: 524288 },
      { name: 'sram', kind: 'ram', origin: 0x20000000, length: 131072 },
    ],
  },
  uart: { baud: 921600 },
  timer: 'dwt',
  usb: [{ vid: '0483', pid: '374b' }],
  emulator: { program: 'qemu-system-arm', machine: 'mps2-an386' },
  port: 'host',
};
const { $schema: _schema, ...DESCRIPTOR } = BOARD;

const boardFile = path.join(root, 'my_m4.json');
fs.writeFileSync(boardFile, JSON.stringify(BOARD, null, 2));

const read = (dir: string, f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
const manifest = (dir: string) => JSON.parse(read(dir, 'tinyfit.json'));

function gen(tag: string, target: string, firmwareDir?: string): GenerateResult {
  return generate(optimize(importModel(SINE)), { target, outDir: path.join(root, tag), firmwareDir });
}

/** The runner's outputs on SAMPLES, as raw floats. */
function run(dir: string): number[] {
  return runRunner(buildRunner(dir), SAMPLES, [1]).flatMap((s) => [...s[0]]);
}

let host: GenerateResult;
let hostOut: number[];
beforeAll(() => {
  host = gen('host', 'host');
  hostOut = run(host.outDir);
});

describe('a descriptor given by path', () => {
  let r: GenerateResult;
  beforeAll(() => {
    r = gen('board', boardFile);
  });

  it('reports the id, and the whole descriptor as board, in the result and tinyfit.json', () => {
    expect(r.target).toBe('my_m4');
    expect(r.board).toEqual(DESCRIPTOR);
    const m = manifest(r.outDir);
    expect(m.target).toBe('my_m4');
    expect(m.board).toEqual(DESCRIPTOR);
    expect(m.kernelVariants).toEqual({ dense_f32: 'portable' });
    expect(host.board).toEqual(JSON.parse(read(packageRoot(), 'targets/host.json').replace(/"\$schema": "[^"]*",/, '')));
  });

  it('names the target and its RAM, flash, clock and ISA features in model.h', () => {
    const h = read(r.outDir, 'model.h');
    expect(h).toContain(' * Target: my_m4 — My Cortex-M4 board * / with a comment breaker\n');
    expect(h).toContain(' * Family: host; CPU: cortex-m4; MCU: stm32f446ret6\n');
    expect(h).toContain(` * RAM: 131072 bytes (this model's arena: ${r.arenaBytes} bytes).\n`);
    expect(h).toContain(` * Flash: 524288 bytes (this model's weights: ${r.weightBytes} bytes).\n`);
    expect(h).toContain(' * Clock: 120 MHz.\n');
    expect(h).toContain(' * ISA features: helium, dsp, fpu.\n');
    expect(h).not.toContain('ISA kernel variants');
    const hh = read(host.outDir, 'model.h');
    expect(hh).toContain(' * Target: host — Host computer');
    expect(hh).not.toMatch(/RAM:|Flash:|Clock:|ISA/);
  });

  it('gives the port the clock, baud and timer', () => {
    const c = read(r.outDir, 'port/port_config.h');
    expect(c).toContain('#define MODEL_PORT_TARGET "my_m4"');
    expect(c).toContain('#define MODEL_PORT_F_CPU 120000000UL');
    expect(c).toContain('#define MODEL_PORT_UART_BAUD 921600UL');
    expect(c).toContain('#define MODEL_PORT_TIMER_DWT 1');
    expect(read(host.outDir, 'port/port_config.h')).not.toMatch(/F_CPU|UART_BAUD/);
  });

  it('leaves model.c and weights.c byte-identical, and the project computes the same bytes', () => {
    for (const f of ['model.c', 'weights.c', 'weights.h', 'kernels/dense_f32.c']) expect(read(r.outDir, f)).toBe(read(host.outDir, f));
    expect(run(r.outDir)).toEqual(hostOut);
  });

  it('sums the memory map when upload sizes are absent', () => {
    const f = path.join(root, 'map_only.json');
    fs.writeFileSync(f, JSON.stringify({ ...DESCRIPTOR, upload: {}, build: { f_cpu: 16500000 } }));
    const h = read(gen('map_only', f).outDir, 'model.h');
    expect(h).toContain(' * RAM: 131072 bytes');
    expect(h).toContain(' * Flash: 524288 bytes');
    expect(h).toContain(' * Clock: 16.5 MHz.\n');
    expect(h).toContain(' * Family: host\n');
  });
});

describe('ISA kernel variants from an injected firmware folder', () => {
  let fw: string;
  let r: GenerateResult;
  beforeAll(() => {
    fw = path.join(root, 'firmware');
    fs.cpSync(firmwareRoot(), fw, { recursive: true });
    const portable = fs.readFileSync(path.join(fw, 'kernels', 'dense_f32.c'), 'utf8');
    // Bit-exact stand-ins: the portable code plus a marker (and for dsp, a helper header of its own).
    fs.mkdirSync(path.join(fw, 'kernels', 'dsp'), { recursive: true }); // the shipped dsp variants are there already
    fs.writeFileSync(path.join(fw, 'kernels', 'dsp', 'dense_f32.c'), `#include "dsp_helpers.h"\n/* DSP VARIANT */\n${portable}`);
    fs.writeFileSync(path.join(fw, 'kernels', 'dsp', 'dsp_helpers.h'), '#define TINYFIT_DSP_HELPERS 1\n');
    fs.mkdirSync(path.join(fw, 'kernels', 'fpu'), { recursive: true });
    fs.writeFileSync(path.join(fw, 'kernels', 'fpu', 'dense_f32.c'), `/* FPU VARIANT */\n${portable}`);
    r = gen('variant', boardFile, fw);
  });

  it('copies the first variant in the descriptor ISA order under the portable name', () => {
    const c = read(r.outDir, 'kernels/dense_f32.c');
    expect(c).toContain('/* DSP VARIANT */');
    expect(c).not.toContain('FPU VARIANT');
    expect(c.split('\n')[0]).toContain('from firmware/kernels/dsp/dense_f32.c (dsp variant)');
    expect(read(r.outDir, 'kernels/dense_f32.h')).toBe(read(host.outDir, 'kernels/dense_f32.h'));
    expect(read(r.outDir, 'kernels/dsp_helpers.h')).toContain('#define MODEL_DSP_HELPERS 1');
    expect(read(r.outDir, 'Makefile')).toContain('kernels/dense_f32.c port/port_host.c');
  });

  it('lists the chosen variant per kernel in tinyfit.json and model.h', () => {
    expect(r.kernelVariants).toEqual({ dense_f32: 'dsp' });
    expect(manifest(r.outDir).kernelVariants).toEqual({ dense_f32: 'dsp' });
    expect(read(r.outDir, 'model.h')).toContain(' * ISA kernel variants: dense_f32 (dsp).\n');
    expect(read(r.outDir, 'model.c')).toBe(read(host.outDir, 'model.c'));
  });

  it('builds and computes the same bytes', () => {
    expect(run(r.outDir)).toEqual(hostOut);
  });

  it('falls back to the portable kernel for a target without those ISA features', () => {
    const p = gen('variant_host', 'host', fw);
    expect(p.kernelVariants).toEqual({ dense_f32: 'portable' });
    expect(read(p.outDir, 'kernels/dense_f32.c')).toBe(read(host.outDir, 'kernels/dense_f32.c'));
  });
});
