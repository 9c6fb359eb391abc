/**
 * `tinyfit doctor`: the tools each target needs with their versions; with tools missing from the PATH, the
 * packages and the one command that installs them; for a tool apt cannot install (idf.py), its installer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('doctor');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('tinyfit doctor', () => {
  it('lists what a virtual board needs, installed here, with versions', () => {
    const r = runCli(['doctor', '--target', 'qemu-cortex-m4', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tools.map((t: { command: string }) => t.command).sort()).toEqual(['arm-none-eabi-gcc', 'cc', 'make', 'qemu-system-arm']); // cc: validate's host reference
    expect(j.tools.every((t: { version: string | null }) => t.version !== null)).toBe(true);
    expect(j.installCommand).toBeNull();
    expect(runCli(['doctor', '-t', 'qemu-riscv32']).stdout).toMatch(/everything the targets need is installed/);
  });

  it('names the installer of a tool apt cannot install (ESP-IDF\'s idf.py for the esp-idf family)', () => {
    const bin = path.join(root, 'bin-idf');
    fs.mkdirSync(bin);
    fs.symlinkSync(execFileSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).trim(), path.join(bin, 'sh'));
    const r = runCli(['doctor', '-t', 'esp32s3'], { env: { ...process.env, PATH: bin } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^idf\.py\s+MISSING\s+not in apt \(below\)\s+esp32s3$/m);
    expect(r.stdout).toMatch(/^every apt package the targets need is installed$/m);
    expect(r.stdout).toMatch(/^missing, not in apt: idf\.py \(esp32s3\); install it with `.*git clone -b v[\d.]+ --recursive https:\/\/github\.com\/espressif\/esp-idf\.git .*install\.sh esp32,esp32s3,esp32c3 && \. .*export\.sh`$/m);
    const all = runCli(['doctor', '--json'], { env: { ...process.env, PATH: bin } });
    const j = JSON.parse(all.stdout);
    expect(j.manual.map((m: { command: string }) => m.command)).toEqual(['arduino-cli', 'idf.py']);
    expect(j.manual[1].neededBy).toEqual(['esp32', 'esp32c3', 'esp32s3']);
    expect(j.missingPackages).not.toContain('idf.py');
  });

  it('the C library needs CMake, gcc and make; the Arduino library arduino-cli, which apt does not have', () => {
    const lib = JSON.parse(runCli(['doctor', '--target', 'lib', '--json']).stdout);
    expect(lib.tools.map((t: { command: string; packages: string[] }) => `${t.command}:${t.packages.join(',')}`)).toEqual(['cmake:cmake', 'gcc:gcc,libc6-dev', 'make:make']);
    const bin = path.join(root, 'bin-arduino');
    fs.mkdirSync(bin);
    fs.symlinkSync(execFileSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).trim(), path.join(bin, 'sh'));
    const r = runCli(['doctor', '-t', 'arduino'], { env: { ...process.env, PATH: bin } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^arduino-cli\s+MISSING\s+not in apt \(below\)\s+arduino$/m);
    expect(r.stdout).toMatch(/^missing, not in apt: arduino-cli \(arduino\); install it with `curl -fsSL https:\/\/raw\.githubusercontent\.com\/arduino\/arduino-cli\/master\/install\.sh \| BINDIR=\$HOME\/\.local\/bin sh && arduino-cli core update-index`$/m);
  });

  it('names the packages and the install command for what is missing', () => {
    // A PATH with only sh and make: the ARM compiler and QEMU are missing.
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    for (const c of ['sh', 'make']) fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).trim(), path.join(bin, c));
    const r = runCli(['doctor', '-t', 'qemu-cortex-m4'], { env: { ...process.env, PATH: bin } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^arm-none-eabi-gcc\s+MISSING\s+gcc-arm-none-eabi libnewlib-arm-none-eabi\s+qemu-cortex-m4$/m);
    expect(r.stdout).toMatch(/missing: install with `sudo apt-get install -y gcc gcc-arm-none-eabi libc6-dev libnewlib-arm-none-eabi qemu-system-arm`/);
  });

  it('an unknown target is one line', () => {
    const r = runCli(['doctor', '-t', 'nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tinyfit: error: unknown target 'nope'; known targets: /);
  });
});
