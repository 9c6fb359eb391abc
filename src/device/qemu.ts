/**
 * Virtual boards: starts the target's emulator (QEMU) with a firmware and its UART on a pseudo-terminal, which the
 * host then opens like any USB serial port (`serialport`). QEMU prints the pty's name when it starts; the emulator
 * is stopped when the session ends, and an emulator that exits early is reported with what it printed.
 */
import { ChildProcess, spawn } from 'child_process';
import { EXIT, TinyfitError } from '../errors';
import { Target } from '../targets';
import { openSerial, SerialOptions } from './serialTransport';
import { Transport } from './transport';

/** A running emulator and the link to its UART. */
export interface QemuSession {
  transport: Transport;
  /** The pty QEMU serves the UART on. */
  pty: string;
  process: ChildProcess;
  /** Stops the emulator and closes the link. */
  stop(): Promise<void>;
}

/** The QEMU command line that runs `elf` on `target` with its UART on a pty (no semihosting argument: the agent runs). */
export function qemuArgs(target: Target, elf: string): string[] {
  const e = target.emulator;
  if (!e) throw new TinyfitError(`target '${target.id}' has no emulator: flash a real board with --port`, EXIT.user);
  const args = ['-M', e.machine ?? 'none'];
  if (e.cpu) args.push('-cpu', e.cpu);
  args.push('-display', 'none', '-monitor', 'none', '-serial', 'pty', '-icount', 'shift=0');
  if (/^qemu-system-arm$/.test(e.program)) args.push('-semihosting-config', 'enable=on,target=native');
  args.push('-kernel', elf);
  return args;
}

/**
 * Starts the emulator of `target` with `elf` and opens its UART.
 * @throws TinyfitError (EXIT.connect) when the emulator is missing, exits, or does not announce its pty in time
 */
export async function startQemu(target: Target, elf: string, opts: SerialOptions & { startTimeoutMs?: number } = {}): Promise<QemuSession> {
  const program = target.emulator!.program;
  const args = qemuArgs(target, elf);
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const pty = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new TinyfitError(`${program} did not announce its serial pty within ${opts.startTimeoutMs ?? 10_000} ms (it printed: ${log.trim().slice(0, 200) || 'nothing'})`, EXIT.connect));
    }, opts.startTimeoutMs ?? 10_000);
    const onData = (d: Buffer): void => {
      log += d.toString('utf8');
      const m = /char device redirected to (\/dev\/pts\/\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new TinyfitError(`cannot start ${program}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `not installed (run \`tinyfit doctor --target ${target.id} --install\`)` : e.message}`, EXIT.connect));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new TinyfitError(`${program} exited (status ${code}) before serving its UART: ${log.trim().split('\n').pop() ?? ''}`, EXIT.connect));
    });
  });
  let transport: Transport;
  try {
    transport = await openSerial(pty, opts);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    transport,
    pty,
    process: child,
    async stop() {
      await transport.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
