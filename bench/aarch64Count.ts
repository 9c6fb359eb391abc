/**
 * Deterministic instruction counts of a generated project on a 64-bit Arm core (docs/neon-kernels.md): the
 * project's model.c, weights.c and kernels are linked bare metal with bench/aarch64 (start-up, UART, counters,
 * semihosting exit) by aarch64-linux-gnu-gcc -ffreestanding and run on QEMU's `virt` board with `-icount
 * shift=0`, which makes QEMU's PMU count retired instructions exactly (event 0x08 INST_RETIRED) and its virtual
 * counter advance one nanosecond per instruction.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../src/paths';

/** What one run of the harness measured. */
export interface Aarch64Count {
  /** Instructions retired by one model_invoke() (PMU INST_RETIRED), or by the calibration loop. */
  instructions: number;
  /** CNTVCT_EL0 ticks over the same span. */
  ticks: number;
  /** CNTFRQ_EL0 (Hz): with -icount shift=0, instructions ≈ ticks × 1e9 / freq (to one tick). */
  freq: number;
  /** Output 0's bytes after the last invoke (empty for the calibration loop). */
  output: Buffer;
}

/** Options of {@link countAarch64Instructions}. */
export interface Aarch64CountOptions {
  /** Input 0's bytes, copied in before every invoke. */
  input: Uint8Array | Int8Array;
  /** QEMU CPU model and the matching -mcpu (default cortex-a72, the Raspberry Pi 4's core). */
  cpu?: string;
  /** Optimization flags (default -O2). */
  opt?: string[];
  /** Invokes before the measured (last) one's figures are printed (default 1). */
  runs?: number;
  /** Scratch folder for the ELF (default: a temporary one, removed afterwards). */
  workDir?: string;
}

const HARNESS = (): string => path.join(packageRoot(), 'bench', 'aarch64');
const CC = 'aarch64-linux-gnu-gcc';

function run(cmd: string, args: string[], timeout = 120_000): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${r.stderr}${r.error ? String(r.error) : ''}`);
  return r.stdout;
}

/** Links the harness (plus `sources`) into an ELF, runs it under QEMU and parses what it printed. */
function buildAndRun(dir: string, cpu: string, opt: string[], defines: string[], includes: string[], sources: string[]): Aarch64Count {
  const h = HARNESS();
  const common = [`-mcpu=${cpu}`, '-std=c99', ...defines, ...includes.flatMap((i) => ['-I', i])];
  /* The model is built as for the board (hosted: GCC expands small memcpy itself; no libc is linked, the harness
   brings memcpy/memset/memmove); the harness's own loops must not be turned back into calls to themselves. */
  const harnessObj = path.join(dir, 'harness.o');
  run(CC, [...common, '-O2', '-ffreestanding', '-fno-tree-loop-distribute-patterns', '-c', path.join(h, 'harness.c'), '-o', harnessObj]);
  const elf = path.join(dir, 'count.elf');
  run(CC, [...common, ...opt, '-nostdlib', '-static', '-Wl,--no-warn-rwx-segments', '-T', path.join(h, 'link.ld'), '-o', elf, path.join(h, 'start.S'), harnessObj, ...sources, '-lgcc']);
  const out = run('qemu-system-aarch64', ['-M', 'virt', '-cpu', cpu, '-icount', 'shift=0', '-nographic', '-nodefaults', '-serial', 'stdio', '-monitor', 'none', '-semihosting-config', 'enable=on,target=native', '-kernel', elf]);
  const m = /instructions (\d+) ticks (\d+) freq (\d+)/.exec(out);
  if (!m) throw new Error(`harness printed no counts: ${out}`);
  const o = /^output ([0-9a-f]*)$/m.exec(out);
  return { instructions: Number(m[1]), ticks: Number(m[2]), freq: Number(m[3]), output: Buffer.from(o ? o[1] : '', 'hex') };
}

function withDir<T>(workDir: string | undefined, f: (dir: string) => T): T {
  const dir = workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-a64count-'));
  fs.mkdirSync(dir, { recursive: true });
  try {
    return f(dir);
  } finally {
    if (!workDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Instructions of one inference of a generated project (`tinyfit generate … --target rpi4 --io int8`), counted
 * bare metal on QEMU virt with -icount shift=0, and the output bytes.
 * @param projectDir the generated project (model.c, weights.c, kernels/, port/port.h)
 * @param opts the input bytes and build options
 */
export function countAarch64Instructions(projectDir: string, opts: Aarch64CountOptions): Aarch64Count {
  const cpu = opts.cpu ?? 'cortex-a72';
  return withDir(opts.workDir, (dir) => {
    const bytes = Buffer.from(opts.input.buffer, opts.input.byteOffset, opts.input.byteLength);
    const inputC = path.join(dir, 'harness_input.c');
    fs.writeFileSync(
      inputC,
      `#include <stddef.h>\nconst unsigned char harness_input[${Math.max(bytes.length, 1)}] = {${Array.from(bytes).join(',')}};\nconst size_t harness_input_bytes = ${bytes.length};\n`,
    );
    const kernels = path.join(projectDir, 'kernels');
    const sources = [path.join(projectDir, 'model.c'), path.join(projectDir, 'weights.c'), inputC, ...fs.readdirSync(kernels).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(kernels, f))];
    return buildAndRun(dir, cpu, opts.opt ?? ['-O2'], [`-DHARNESS_RUNS=${opts.runs ?? 1}`], [projectDir], sources);
  });
}

/**
 * The harness's figures for a loop of exactly 2 × `iterations` instructions (subs / b.ne), to check the count.
 * @param iterations loop trips (>= 1)
 */
export function calibrateAarch64Counter(iterations: number, cpu = 'cortex-a72'): Aarch64Count {
  return withDir(undefined, (dir) => buildAndRun(dir, cpu, ['-O2'], [`-DHARNESS_CALIBRATE=${iterations}`], [], []));
}
