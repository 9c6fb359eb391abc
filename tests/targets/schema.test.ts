/**
 * Descriptor validation: every class of error (JSON, schema keywords, what loading checks beyond the schema)
 * is a TinyfitError of one line that starts with the file and names the field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../src/paths';
import { TinyfitError } from '../../src/errors';
import { getTarget } from '../../src/targets';
import { loadTargetFile } from '../../src/targets/load';
import { firmwareRoot } from '../../src/paths';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('schema');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A valid descriptor of the host family with every optional field. */
export const FULL = {
  id: 'my_board',
  name: 'My board',
  family: 'host',
  description: 'A test board',
  build: { cpu: 'cortex-m4', f_cpu: '120000000L', mcu: 'stm32f446ret6', core: 'stm32' },
  isa: ['dsp', 'fpu'],
  upload: { maximum_ram_size: 131072, maximum_size: 524288, protocol: 'stlink', speed: 115200 },
  memory: {
    regions: [
      { name: 'flash', kind: 'flash', origin: 0x08000000, length: 524288 },
      { name: 'sram', kind: 'ram', origin: 0x20000000, length: 131072 },
    ],
  },
  uart: { baud: 115200, instance: 'USART2', base: 0x40004400, clock: 16000000, txPin: 2, rxPin: 3 },
  coreClock: 16000000,
  setup: [{ what: 'RCC_APB1ENR.USART2EN', address: '0x40023840', clear: '0x0', set: '0x20000', waitSet: '0x20000', waitClear: '0x0' }],
  timer: 'dwt',
  usb: [{ vid: '0483', pid: '374B' }],
  emulator: { program: 'qemu-system-arm', machine: 'mps2-an386', cpu: 'cortex-m4' },
  port: 'host',
};

let n = 0;
/** Writes `json` (or text) to a fresh file; returns its path. */
function file(json: unknown, text?: string): string {
  const f = path.join(root, `board${++n}.json`);
  fs.writeFileSync(f, text ?? JSON.stringify(json));
  return f;
}

/** A copy of FULL with `edit` applied. */
function edited(edit: (d: Record<string, any>) => void): Record<string, any> {
  const d = JSON.parse(JSON.stringify(FULL));
  edit(d);
  return d;
}

/** The one-line TinyfitError getTarget throws for this descriptor file. */
function errorOf(f: string): string {
  let caught: unknown;
  try {
    getTarget(f);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TinyfitError);
  const msg = (caught as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}

it('accepts a descriptor with every field, and keeps it whole', () => {
  const f = file({ $schema: '../targets/schema.json', ...FULL });
  expect(getTarget(f)).toEqual(FULL);
});

it('fills in empty build, isa and upload', () => {
  const f = file({ id: 'bare', name: 'Bare', family: 'host', port: 'host' });
  expect(getTarget(f)).toEqual({ id: 'bare', name: 'Bare', family: 'host', port: 'host', build: {}, isa: [], upload: {} });
});

/** The port folders of the package, as the loader lists them. */
function shippedPorts(): string {
  const dir = path.join(packageRoot(), 'firmware', 'ports');
  return fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()).sort().join(', ');
}

describe('reading', () => {
  it('a missing file', () => {
    const f = path.join(root, 'nope.json');
    expect(errorOf(f)).toBe(`cannot read target descriptor ${f}: no such file`);
  });

  it('a folder', () => {
    const d = path.join(root, 'dir.json');
    fs.mkdirSync(d);
    expect(errorOf(d)).toBe(`cannot read target descriptor ${d}: it is a folder`);
  });

  it('invalid JSON, with raw bytes kept off the terminal', () => {
    const f = file(undefined, '{"id": "x",\u001b[2J }');
    const msg = errorOf(f);
    expect(msg).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`));
    expect(msg).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('schema errors name the file and the field', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [1, 2], 'the descriptor must be a JSON object, got [1,2]'],
    ['missing required field', edited((d) => delete d.name), 'name is required'],
    ['missing nested required field', edited((d) => delete d.memory.regions[1].origin), 'memory.regions[1].origin is required'],
    ['missing port (if/then)', edited((d) => delete d.port), 'port is required (every family but lib runs its runner on a port)'],
    ['unknown top-level field', edited((d) => (d.fcpu = 1)), 'fcpu is not a descriptor field (fields are: id, name, description, family, build, isa, upload, memory, uart, coreClock, setup, timer, uf2, usb, flasher, emulator, port)'],
    ['unknown nested field', edited((d) => (d.build.fcpu = 1)), 'build.fcpu is not a descriptor field (build has: cpu, f_cpu, mcu, core)'],
    ['wrong type', edited((d) => (d.upload.maximum_ram_size = '128k')), 'upload.maximum_ram_size must be an integer, got "128k"'],
    ['wrong type of a section', edited((d) => (d.uart = 115200)), 'uart must be a JSON object, got 115200'],
    ['f_cpu true (anyOf)', edited((d) => (d.build.f_cpu = true)), 'build.f_cpu must be a number or a PlatformIO frequency string (Hz, e.g. 120000000 or "120000000L"), got true'],
    ['f_cpu text (anyOf)', edited((d) => (d.build.f_cpu = '120 MHz')), 'build.f_cpu must be a number or a PlatformIO frequency string (Hz, e.g. 120000000 or "120000000L"), got "120 MHz"'],
    ['f_cpu zero (anyOf)', edited((d) => (d.build.f_cpu = 0)), 'build.f_cpu must be a number or a PlatformIO frequency string (Hz, e.g. 120000000 or "120000000L"), got 0'],
    ['unknown family (enum)', edited((d) => (d.family = 'avr')), 'family must be one of host, cortex-m, riscv, esp-idf, linux, lib, arduino; got "avr"'],
    ['unknown ISA feature (enum)', edited((d) => (d.isa = ['dsp', 'sse'])), 'isa[1] must be one of dsp, fpu, fpu-dp, helium, mve, mve-f, neon, sve, rv32imc, rv32imac, rv32imafc, rvv, xtensa, xtensa-pie, sse4, avx2, avx512; got "sse"'],
    ['unknown region kind (enum)', edited((d) => (d.memory.regions[0].kind = 'rom')), 'memory.regions[0].kind must be one of flash, ram; got "rom"'],
    ['unknown timer (enum)', edited((d) => (d.timer = 'rdtsc')), 'timer must be one of clock_gettime, dwt, systick, esp_timer, mcycle, micros; got "rdtsc"'],
    ['repeated ISA feature (uniqueItems)', edited((d) => (d.isa = ['dsp', 'fpu', 'dsp'])), 'isa lists "dsp" twice'],
    ['usb id not 4 hex digits (pattern)', edited((d) => (d.usb[0].vid = '483')), 'usb[0].vid must be 4 hex digits as a string (e.g. "0483"), got "483"'],
    ['usb id as a number (type)', edited((d) => (d.usb[0].pid = 0x374b)), 'usb[0].pid must be a string, got 14155'],
    ['bad id (pattern)', edited((d) => (d.id = 'My Board')), `id must be lower-case letters, digits, '_', '.' or '-' (at most 64, starting with a letter or digit), got "My Board"`],
    ['control characters in text (pattern)', edited((d) => (d.name = 'My\nboard')), 'name must be one line of text (no control characters), got "My\\nboard"'],
    ['emulator not QEMU (pattern)', edited((d) => (d.emulator.program = 'renode')), 'emulator.program must be a QEMU system emulator (qemu-system-<arch>) or user-mode emulator (qemu-<arch>), got "renode"'],
    ['system emulator without a machine (if/then)', edited((d) => delete d.emulator.machine), 'emulator.machine is required (a system emulator boots a machine)'],
    ['user-mode sysroot not absolute (pattern)', edited((d) => (d.emulator = { program: 'qemu-aarch64', sysroot: 'usr/aarch64-linux-gnu' })), `emulator.sysroot must be an absolute path (letters, digits, '_', '.', '+', '-', '/'), got "usr/aarch64-linux-gnu"`],
    ['empty name (minLength)', edited((d) => (d.name = '')), 'name must not be empty'],
    ['no regions (minItems)', edited((d) => (d.memory.regions = [])), 'memory.regions must have at least 1 entry'],
    ['negative size (minimum)', edited((d) => (d.upload.maximum_size = -1)), 'upload.maximum_size must be >= 0, got -1'],
    ['zero baud (minimum)', edited((d) => (d.uart.baud = 0)), 'uart.baud must be >= 1, got 0'],
    ['setup address as a number (type)', edited((d) => (d.setup = [{ what: 'RCC', address: 0x40021058, set: '0x1' }])), 'setup[0].address must be a string, got 1073877080'],
    ['setup value not hex (pattern)', edited((d) => (d.setup = [{ what: 'RCC', address: '0x40021058', set: '1' }])), 'setup[0].set must be a 32-bit hex number as a string (e.g. "0x40021058"), got "1"'],
    ['setup step without an operation (minProperties)', edited((d) => (d.setup = [{ what: 'RCC', address: '0x40021058' }])), 'setup[0] must be a register step: what, address and at least one of set, clear, waitSet, waitClear, got {"what":"RCC","address":"0x40021058"}'],
  ];
  it.each(cases)('%s', (_what, json, want) => {
    const f = file(json);
    expect(errorOf(f)).toBe(`${f}: ${want}`);
  });

  it('shows long values shortened', () => {
    const f = file(edited((d) => (d.upload.protocol = `${'x'.repeat(99)}!`)));
    expect(errorOf(f)).toBe(`${f}: upload.protocol must be a name of letters, digits, '_', '.', '+' or '-', got "${'x'.repeat(36)}...`);
  });
});

describe('checks beyond the schema', () => {
  it('a family without templates', () => {
    // A family of the schema's list that has no templates yet, and the ones that have.
    const root = path.join(packageRoot(), 'templates');
    const withTemplates = fs.readdirSync(root).filter((f) => f !== 'common' && fs.statSync(path.join(root, f)).isDirectory()).sort();
    const missing = ['host', 'cortex-m', 'esp-idf', 'linux', 'lib', 'arduino'].find((f) => !withTemplates.includes(f));
    if (!missing) return; // every family has templates: nothing to check here
    const f = file(edited((d) => (d.family = missing)));
    expect(errorOf(f)).toBe(`${f}: family '${missing}' has no templates (templates/${missing}/ is missing); families with templates: ${withTemplates.join(', ')}`);
  });

  it('a port without a folder', () => {
    const f = file(edited((d) => (d.port = 'nucleo')));
    expect(errorOf(f)).toBe(`${f}: port 'nucleo' has no folder firmware/ports/nucleo/; ports: ${shippedPorts()}`);
  });

  it('overlapping memory regions', () => {
    const f = file(edited((d) => d.memory.regions.push({ name: 'ccm', kind: 'ram', origin: 0x2001f000, length: 0x2000 })));
    expect(errorOf(f)).toBe(`${f}: memory.regions[2] ('ccm', 0x2001f000+8192) overlaps memory.regions[1] ('sram', 0x20000000+131072)`);
  });

  it('a repeated region name', () => {
    const f = file(edited((d) => d.memory.regions.push({ name: 'sram', kind: 'ram', origin: 0x10000000, length: 64 })));
    expect(errorOf(f)).toBe(`${f}: memory.regions[2] repeats the name 'sram' of memory.regions[1]`);
  });

  it('a shipped descriptor whose id is not its file name', () => {
    const f = file(FULL);
    expect(() => loadTargetFile(f, 'targets/other.json', { firmwareDir: firmwareRoot(), idIsFileName: true })).toThrow(
      new TinyfitError(`targets/other.json: id 'my_board' must match the file name (my_board.json)`),
    );
  });
});

describe('ids', () => {
  it('an unknown id lists the known ones', () => {
    expect(() => getTarget('esp99')).toThrow(TinyfitError);
    const ids = fs.readdirSync(path.join(packageRoot(), 'targets')).filter((f) => f.endsWith('.json') && f !== 'schema.json').map((f) => f.slice(0, -5)).sort();
    expect(() => getTarget('esp99')).toThrow(`unknown target 'esp99'; known targets: ${ids.join(', ')} (see \`tinyfit targets\`), or pass a descriptor file`);
  });

  it('an id never reads a file outside targets/', () => {
    expect(() => getTarget('schema')).toThrow(/unknown target 'schema'/);
  });
});
