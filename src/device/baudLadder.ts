/**
 * The baud ladder: a link that fails at a high speed (some USB-serial adapters, long cables, a CH340 at 921600)
 * is tried again one step lower, and the speed that worked is remembered per adapter (VID:PID and serial number,
 * else the port's path) in ~/.cache/tinyfit/baud.json, so the next run starts there instead of failing first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { writeFileAtomic } from '../io/atomicWrite';

/** Speeds tried, fastest first. */
export const BAUD_STEPS = [921600, 460800, 230400, 115200, 57600, 38400, 19200] as const;

function memoryFile(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tinyfit', 'baud.json');
}

function readMemory(file: string): Record<string, number> {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8'));
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** The speed that last worked for `adapter`, if any. */
export function rememberedBaud(adapter: string, file = memoryFile()): number | undefined {
  const v = readMemory(file)[adapter];
  return typeof v === 'number' && v > 0 ? v : undefined;
}

/** Records that `baud` worked for `adapter` (best effort: a read-only home only loses the memory). */
export function rememberBaud(adapter: string, baud: number, file = memoryFile()): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify({ ...readMemory(file), [adapter]: baud }, null, 2) + '\n');
  } catch {
    /* the memory is an optimisation */
  }
}

/** The speeds to try from `start` down (the remembered speed first when it is lower than `start`). */
export function ladderFrom(start: number, remembered?: number): number[] {
  const first = remembered !== undefined && remembered < start ? remembered : start;
  return [first, ...BAUD_STEPS.filter((b) => b < first)];
}

/**
 * Runs `attempt` at each speed of the ladder until one succeeds; remembers it.
 * @param retryable which failures are the link's (worth a lower speed); others are thrown at once
 * @param onStep told before each lower step (for a progress line)
 */
export async function withBaudLadder<T>(
  adapter: string,
  start: number,
  attempt: (baud: number) => Promise<T>,
  opts: { retryable: (e: unknown) => boolean; onStep?: (baud: number, why: string) => void; file?: string },
): Promise<{ value: T; baud: number }> {
  const steps = ladderFrom(start, rememberedBaud(adapter, opts.file));
  let last: unknown;
  for (const [i, baud] of steps.entries()) {
    if (i > 0) opts.onStep?.(baud, last instanceof Error ? last.message : String(last));
    try {
      const value = await attempt(baud);
      rememberBaud(adapter, baud, opts.file);
      return { value, baud };
    } catch (e) {
      if (!opts.retryable(e)) throw e;
      last = e;
    }
  }
  if (last instanceof TinyfitError) throw new TinyfitError(`${last.message} (also at ${steps.slice(1).join(', ')} baud)`, last.exitCode);
  throw last;
}
