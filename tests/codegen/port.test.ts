/**
 * Ports: the descriptor's `port` selects firmware/ports/<port>/, whose files enter the project as port/… with
 * the contract header, prefix rewritten and a banner; the host runner talks only through the port (inputs on
 * stdin → outputs on stdout, nothing else there; `-t` reports timing on stderr).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate, GenerateResult } from '../../src/codegen';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { firmwareRoot, packageRoot } from '../../src/paths';
import { buildRunner, compileOnly, runRunner } from '../helpers/cproject';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('port');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SINE = path.join(packageRoot(), 'examples', 'sine', 'model.json');
const read = (dir: string, f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
const floats = (xs: number[]): Buffer => Buffer.from(new Float32Array(xs).buffer);

function gen(tag: string, target: string, opts: { name?: string; firmwareDir?: string } = {}): GenerateResult {
  return generate(optimize(importModel(SINE)), { target, outDir: path.join(root, tag), ...opts });
}

describe('the host port in a project', () => {
  let r: GenerateResult;
  let runner: string;
  beforeAll(() => {
    r = gen('net', 'host', { name: 'net' });
    runner = buildRunner(r.outDir);
  });

  it('copies the contract and the port files with the prefix rewritten and a banner', () => {
    expect(r.files.filter((f) => f.startsWith('port/'))).toEqual(['port/port.h', 'port/port_config.h', 'port/port_host.c', 'port/posix_ticks.h']);
    const h = read(r.outDir, 'port/port.h');
    expect(h.split('\n')[0]).toMatch(/^\/\* port\.h: copied by tinyfit .* from firmware\/ports\/port\.h \(the port contract\), symbols prefixed 'net_'\. \*\/$/);
    for (const fn of ['net_port_setup(void)', 'net_port_read(uint8_t *buf, size_t n)', 'net_port_write(const uint8_t *buf, size_t n)', 'net_port_ticks(void)', 'net_port_tick_hz(void)']) {
      expect(h).toContain(fn);
    }
    const c = read(r.outDir, 'port/port_host.c');
    expect(c.split('\n')[0]).toContain('from firmware/ports/host/port_host.c (port host)');
    for (const f of ['port/port.h', 'port/port_host.c', 'port/posix_ticks.h', 'port/port_config.h', 'runner.c']) expect(read(r.outDir, f)).not.toMatch(/tinyfit_|TINYFIT_/);
    expect(read(r.outDir, 'Makefile')).toMatch(/^SRCS = runner\.c model\.c weights\.c kernels\/dense_f32\.c port\/port_host\.c$/m);
    expect(read(r.outDir, 'runner.c')).toContain('#include "port/port.h"');
  });

  it('compiles warning-free with clang too', () => {
    compileOnly(r.outDir, 'clang');
  });

  it('streams samples: inputs on stdin, only outputs on stdout', () => {
    const xs = [0, 0.5, 1, 1.5, 2, 3, 6];
    const out = runRunner(runner, xs.map((x) => [new Float32Array([x])]), [1]).map((s) => s[0][0]);
    expect(out.map((y, i) => Math.abs(y - Math.sin(xs[i])) < 0.2)).toEqual(xs.map(() => true));
  });

  it('-t reports the time per invoke on stderr and leaves stdout unchanged', () => {
    const input = floats([0.5, 1.5, 2.5]);
    const plain = spawnSync(runner, [], { input, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    const timed = spawnSync(runner, ['-t'], { input, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    expect(plain.status).toBe(0);
    expect(plain.stderr.toString()).toBe('');
    expect(timed.status).toBe(0);
    expect(timed.stdout.equals(plain.stdout)).toBe(true);
    expect(timed.stdout.length).toBe(12);
    expect(timed.stderr.toString()).toMatch(/^runner: 3 samples, \d+\.\d{3} us per invoke \(host, port host\)\n$/);
  });

  it('rejects an empty or partial sample on stderr with exit 1', () => {
    const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };
    const empty = spawnSync(runner, [], { input: Buffer.alloc(0), env });
    expect(empty.status).toBe(1);
    expect(empty.stdout.length).toBe(0);
    expect(empty.stderr.toString()).toMatch(/^runner: sample 0: input 0 \('.*'\) needs 4 bytes, got 0\n$/);
    const partial = spawnSync(runner, [], { input: Buffer.concat([floats([1]), Buffer.alloc(2)]), env });
    expect(partial.status).toBe(1);
    expect(partial.stdout.length).toBe(4);
    expect(partial.stderr.toString()).toMatch(/^runner: sample 1: input 0 .* needs 4 bytes, got 2\n$/);
  });
});

describe('the descriptor selects the port folder', () => {
  it('copies every C file of firmware/ports/<port>/ and builds with it', () => {
    const fw = path.join(root, 'firmware');
    fs.cpSync(firmwareRoot(), fw, { recursive: true });
    const loop = path.join(fw, 'ports', 'loopback');
    fs.mkdirSync(loop);
    fs.writeFileSync(
      path.join(loop, 'loopback_io.c'),
      '#include <stdio.h>\n#include "port.h"\n#include "loopback_clock.h"\nvoid tinyfit_port_setup(void) {}\n' +
        'size_t tinyfit_port_read(uint8_t *buf, size_t n) { return fread(buf, 1, n, stdin); }\n' +
        'size_t tinyfit_port_write(const uint8_t *buf, size_t n) { return fwrite(buf, 1, n, stdout); }\n',
    );
    fs.writeFileSync(path.join(loop, 'loopback_clock.h'), '/* the clock half */\n');
    fs.writeFileSync(path.join(loop, 'loopback_clock.c'), '#include "port.h"\nuint64_t tinyfit_port_ticks(void) { return 7; }\nuint64_t tinyfit_port_tick_hz(void) { return 1; }\n');
    fs.writeFileSync(path.join(loop, 'README.md'), 'not copied\n');
    const board = path.join(root, 'loop.json');
    fs.writeFileSync(board, JSON.stringify({ id: 'loop', name: 'Loopback', family: 'host', port: 'loopback' }));
    const r = gen('loop', board, { firmwareDir: fw });
    expect(r.files.filter((f) => f.startsWith('port/'))).toEqual(['port/loopback_clock.c', 'port/loopback_clock.h', 'port/loopback_io.c', 'port/port.h', 'port/port_config.h']);
    expect(read(r.outDir, 'Makefile')).toContain('port/loopback_clock.c port/loopback_io.c');
    expect(read(r.outDir, 'port/port_config.h')).toContain('#define MODEL_PORT_NAME "loopback"');
    const runner = buildRunner(r.outDir);
    const t = spawnSync(runner, ['-t'], { input: floats([1]), env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    expect(t.status).toBe(0);
    expect(t.stderr.toString()).toBe('runner: 1 samples, 0.000 us per invoke (loop, port loopback)\n');
  });

  it('a port folder missing from the firmware folder is a user error naming the port', () => {
    const board = path.join(root, 'ghost.json');
    fs.writeFileSync(board, JSON.stringify({ id: 'ghost', name: 'Ghost', family: 'host', port: 'ghost' }));
    const ports = fs.readdirSync(path.join(packageRoot(), 'firmware', 'ports')).filter((f) => fs.statSync(path.join(packageRoot(), 'firmware', 'ports', f)).isDirectory()).sort();
    expect(() => gen('ghost', board)).toThrow(`${board}: port 'ghost' has no folder firmware/ports/ghost/; ports: ${ports.join(', ')}`);
    expect(fs.existsSync(path.join(root, 'ghost'))).toBe(false);
  });
});
