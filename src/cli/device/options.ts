/**
 * Options and plumbing every device command shares: where the board is (--port, --serial, --baud), --trace,
 * --timeout, and a session that is always closed — also on Ctrl-C, so no emulator or locked port is left behind.
 */
import type { Argv } from 'yargs';
import { BoardOptions, BoardSession, openBoard } from '../../device/board/session';
import { BuildManifest } from '../../device/board/manifest';
import { hexTrace } from '../../device/trace';

/** The device options' values. */
export interface DeviceArgs {
  port?: string;
  serial?: string;
  baud?: number;
  trace: boolean;
  timeout: number;
  json: boolean;
  verbose: boolean;
}

/** Adds the device options to a command. */
export function withDeviceOptions<T>(y: Argv<T>): Argv<T & DeviceArgs> {
  return y
    .option('port', { alias: 'p', type: 'string', describe: 'serial port of the board (default: start the virtual board, or find the board by its USB ids)' })
    .option('serial', { type: 'string', describe: 'USB serial number: which of several identical boards (see `tinyfit devices`)' })
    .option('baud', { type: 'number', describe: "line speed of the agent's UART (default: the target's)" })
    .option('trace', { type: 'boolean', default: false, describe: 'hex dump of every byte on the link, on stderr' })
    .option('timeout', { type: 'number', default: 3000, describe: 'ms to wait for one answer of the board before resending' })
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<T & DeviceArgs>;
}

/** The session options from the command line. */
export function boardOptions(a: DeviceArgs): BoardOptions {
  return { port: a.port, serial: a.serial, baud: a.baud, timeoutMs: a.timeout, trace: a.trace ? hexTrace((l) => process.stderr.write(l)) : undefined };
}

/** Progress lines on stderr (not with --json, where stdout carries only the result and stderr stays quiet). */
export function say(a: { json: boolean }, line: string): void {
  if (!a.json) process.stderr.write(`${line}\n`);
}

/** Runs `body` with a session on the board of `m`, closing it afterwards and on SIGINT/SIGTERM. */
export async function withBoard<T>(m: BuildManifest, a: DeviceArgs, body: (s: BoardSession) => Promise<T>): Promise<T> {
  const s = await openBoard(m, boardOptions(a));
  const onSignal = (sig: NodeJS.Signals): void => {
    void s.close().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(s);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await s.close();
  }
}
