/**
 * Verification of esp-idf projects for the ESP32-C3 in emulation: the project's component sources (model.c,
 * weights.c, kernels/) and its main/main.c (app_main) compiled unchanged — with the project's own headers — by
 * riscv64-unknown-elf-gcc for RV32IMC (the ESP32-C3's core), linked with the start-up, linker script and port of a
 * qemu-riscv32 project of the same model instead of ESP-IDF, FreeRTOS and the esp-idf port, and run bare metal
 * under qemu-system-riscv32 -M virt -icount shift=0.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { getTarget } from '../../src/targets';
import { getFamily } from '../../src/targets/family';
import { riscvFlags } from '../../src/targets/riscvFlags';
import { FirmwareRun, parseFirmwareOutput } from './firmware';
import { STRICT } from './cproject';

/** The .c files of a folder and its sub-folders, relative to it, sorted. */
export function cFilesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...cFilesUnder(dir, r));
    else if (d.name.endsWith('.c')) out.push(r);
  }
  return out.sort();
}

/**
 * Builds `<espDir>`'s model component (without its port/) and main/main.c with `<rvDir>`'s startup.c, port/*.c and
 * link.ld into `elf`. Both projects must come from the same model and prefix.
 * @returns the compiler's command line, for messages
 */
export function buildEspIdfOnRiscv(espDir: string, rvDir: string, elf: string): string {
  const component = path.join(espDir, getFamily('esp-idf').sourceDir);
  const modelSources = cFilesUnder(component).filter((f) => !f.startsWith('port/')).map((f) => path.join(component, f));
  const boardSources = [path.join(rvDir, 'startup.c'), ...cFilesUnder(path.join(rvDir, 'port')).map((f) => path.join(rvDir, 'port', f))];
  const args = [
    ...riscvFlags(getTarget('qemu-riscv32')).split(' '),
    '-O2',
    ...STRICT.split(' '),
    '-ffunction-sections',
    '-fdata-sections',
    '-nostartfiles',
    '--specs=picolibc.specs',
    '-T',
    path.join(rvDir, 'link.ld'),
    '-Wl,--gc-sections',
    // The ESP-IDF component's INCLUDE_DIRS ".": main.c finds model.h and port/port.h where ESP-IDF would.
    '-I',
    component,
    '-o',
    elf,
    path.join(espDir, 'main', 'main.c'),
    ...modelSources,
    ...boardSources,
    path.join(__dirname, 'app_main_entry.c'),
    '-lm',
    '-lc',
    '-lgcc',
  ];
  execFileSync('riscv64-unknown-elf-gcc', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return `riscv64-unknown-elf-gcc ${args.join(' ')}`;
}

/** Runs an RV32 ELF bare metal on QEMU's virt machine (-icount shift=0) and parses what it printed. */
export function runOnVirt(elf: string, timeoutMs = 60_000): FirmwareRun {
  const r = spawnSync('qemu-system-riscv32', ['-M', 'virt', '-bios', 'none', '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-icount', 'shift=0', '-kernel', elf], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  const text = r.stdout ?? '';
  if (r.status !== 0 || !text.includes('tinyfit: done')) throw new Error(`${path.basename(elf)} failed under qemu-system-riscv32 (status ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${text}\n${r.stderr}`);
  return parseFirmwareOutput(text);
}
