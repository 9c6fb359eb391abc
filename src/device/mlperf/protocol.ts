/**
 * The EEMBC / MLPerf Tiny device-under-test text protocol as the mlcommons/tiny runner speaks it (docs/mlperf-dut.md):
 * commands end with '%' and are at most 80 characters; replies are lines ending in "\r\n", the last one containing
 * "m-ready"; errors are "e-[...]" lines. Pure functions: command texts and the parsers of reply lines.
 */

/** The command terminator. */
export const TERMINATOR = '%';
/** Longest command the device keeps, in characters (the reference firmware's EE_CMD_SIZE). */
export const MAX_COMMAND_CHARS = 80;
/** The text a reply ends with. */
export const READY = 'm-ready';
/** Bytes per `db` line the runner sends (26 when a power manager sits between host and device). */
export const RUNNER_DB_CHUNK = 31;

/** A line as the runner reads it: CR, LF and NUL removed. */
export function cleanLine(raw: string): string {
  return raw.replace(/[\r\n\0]/g, '');
}

/** Whether a line is an error ("e-[...]"). */
export function isError(line: string): boolean {
  return line.startsWith('e-');
}

/** The `[...]` value of a line "<prefix>[value]", or undefined when the line is not one. */
export function bracketValue(line: string, prefix: string): string | undefined {
  if (!line.startsWith(prefix + '[') || !line.endsWith(']')) return undefined;
  return line.slice(prefix.length + 1, -1);
}

/** The microseconds of an "m-lap-us-N" line, or undefined. */
export function parseLap(line: string): number | undefined {
  const m = /^m-lap-us-(\d+)$/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** The values of an "m-results-[a,b,...]" line (read as floats, as the runner does), or undefined. */
export function parseResults(line: string): number[] | undefined {
  const m = /^m-results-\[([^\]]+)\]$/.exec(line);
  if (!m) return undefined;
  const values = m[1].split(',').map(parseFloatText);
  return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
}

/** A number as Python's float() reads the firmware's text: decimals, exponents, "nan", "inf" with a sign. */
function parseFloatText(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const special = /^([+-]?)(nan|inf|infinity)$/.exec(t);
  if (special) return special[2] === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

/** The bytes of "m-buffer-xx-xx-..." lines (what `db print` answers), in order. */
export function parseBuffer(lines: string[]): Buffer {
  const bytes: number[] = [];
  for (const line of lines) {
    const m = /^m-buffer-([0-9a-f]{2}(?:-[0-9a-f]{2})*)$/i.exec(line);
    if (m) for (const h of m[1].split('-')) bytes.push(parseInt(h, 16));
  }
  return Buffer.from(bytes);
}

/** The `db` commands that load `data` as the runner sends them: `db load N`, then `chunk` bytes a line in hex. */
export function loadCommands(data: Uint8Array, chunk = RUNNER_DB_CHUNK): string[] {
  const cmds = [`db load ${data.length}`];
  for (let i = 0; i < data.length; i += chunk) cmds.push(`db ${Buffer.from(data.subarray(i, i + chunk)).toString('hex')}`);
  return cmds;
}

/** Microseconds between two m-lap-us stamps (unsigned 32-bit counters: the difference modulo 2^32). */
export function lapDifference(t0: number, t1: number): number {
  return (t1 - t0 + 2 ** 32) % 2 ** 32;
}
