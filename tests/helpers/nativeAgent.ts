/**
 * The device agent running natively: a project generated for the linux family (rpi4) built with the host's gcc,
 * its `./runner --agent <tty> <baud>` on one end of a socat pty pair and the host on the other — a peer that
 * takes bytes as fast as any baud rate delivers them (an emulated UART hands over one byte per main-loop turn),
 * for measuring the protocol's own throughput behind a paced line.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { openSerial } from '../../src/device/serialTransport';
import { Transport } from '../../src/device/transport';
import { startSocat } from './socat';

/** Builds the linux-family project in `dir` with the host's gcc (not the cross compiler, no -mcpu). */
export function buildNative(dir: string): void {
  const r = spawnSync('make', ['-s', '-C', dir, 'CC=gcc', 'BUILD_FLAGS=-pthread'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make CC=gcc in ${dir} failed: ${r.stderr}`);
}

/** The agent of the project in `dir` (built by {@link buildNative}) on a pty; `transport` is the host's end. */
export async function startNativeAgent(dir: string, baud: number): Promise<{ transport: Transport; stop(): Promise<void> }> {
  const [host, dev] = [path.join(dir, `host-${baud}.pty`), path.join(dir, `dev-${baud}.pty`)];
  const socat = await startSocat(`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${dev}`, [host, dev]);
  const runner: ChildProcess = spawn(path.join(dir, 'runner'), ['--agent', dev, String(baud)], { stdio: 'ignore' });
  const transport = await openSerial(host, { baudRate: baud });
  return {
    transport,
    async stop() {
      await transport.close();
      if (runner.exitCode === null) runner.kill('SIGKILL');
      await socat.stop();
    },
  };
}
