/**
 * Building and running generated firmware: `make` in the project, then `make run` (the descriptor's emulator,
 * -icount shift=0) with a time limit, and the lines the firmware's main prints parsed back into bytes.
 */
import { execFileSync, spawnSync } from 'child_process';

/** What a firmware run printed. */
export interface FirmwareRun {
  /** Each output's raw bytes (int8 values, or float32 bits), little-endian. */
  outputs: Buffer[];
  ticks: number;
  tickHz: number;
  stackUsed: number;
  stackReserved: number;
  /** Instructions the inference took (virtual boards: QEMU's -icount shift=0 counts one per virtual nanosecond). */
  instructions?: number;
  text: string;
}

/** Builds the project's firmware (the family's Makefile) and returns make's output. */
export function buildFirmware(outDir: string): string {
  return execFileSync('make', ['-s', '-C', outDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What the shared self-test (templates/common/partials/self_test.hbs) printed: every output's bytes and the ticks. */
export interface SelfTest {
  /** Each output's raw bytes (int8 values, or float32 bits), little-endian. */
  outputs: Buffer[];
  ticks: number;
  tickHz: number;
}

/** Runs `make run` (the emulator) and parses what the firmware printed. */
export function runFirmware(outDir: string, timeoutMs = 120_000): FirmwareRun {
  const r = spawnSync('make', ['-s', '-C', outDir, 'run'], { encoding: 'utf8', timeout: timeoutMs });
  const text = r.stdout ?? '';
  if (r.status !== 0 || !text.includes('tinyfit: done')) throw new Error(`firmware run failed (status ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${text}\n${r.stderr}`);
  return parseFirmwareOutput(text);
}

/** Parses what a firmware main printed (the self-test's lines, stack and instructions) back into bytes and counts. */
export function parseFirmwareOutput(text: string): FirmwareRun {
  const stack = /^tinyfit: stack (\d+) of (\d+)$/m.exec(text);
  if (!stack) throw new Error(`firmware output lacks the stack line:\n${text}`);
  const instr = /^tinyfit: instructions (\d+)$/m.exec(text);
  return { ...parseSelfTest(text), stackUsed: Number(stack[1]), stackReserved: Number(stack[2]), ...(instr ? { instructions: Number(instr[1]) } : {}), text };
}

/** Parses the self-test's lines (`tinyfit: output <i> int8|float32 ...`, `tinyfit: ticks <n> hz <hz>`). */
export function parseSelfTest(text: string): SelfTest {
  const outputs: Buffer[] = [];
  for (const m of text.matchAll(/^tinyfit: output (\d+) (int8|float32)((?: \S+)*)$/gm)) {
    const vals = m[3].trim().split(/\s+/).filter(Boolean);
    if (m[2] === 'int8') outputs[Number(m[1])] = Buffer.from(Int8Array.from(vals.map(Number)).buffer);
    else outputs[Number(m[1])] = Buffer.from(Uint32Array.from(vals.map((v) => parseInt(v, 16))).buffer);
  }
  const ticks = /^tinyfit: ticks (\d+) hz (\d+)$/m.exec(text);
  if (!ticks) throw new Error(`self-test output lacks the ticks line:\n${text}`);
  return { outputs, ticks: Number(ticks[1]), tickHz: Number(ticks[2]) };
}
