/**
 * A pair of connected pseudo-terminals made by socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`): what one
 * end writes the other reads, like two serial ports joined by a null-modem cable. A test puts a device simulator
 * on one end and a real client (stm32flash) on the other. socat names the two /dev/pts paths on stderr.
 */
import { ChildProcess, spawn } from 'child_process';

/** Two joined ptys and the socat process that joins them. */
export interface PtyPair {
  /** The end a client (the tool under test) opens. */
  a: string;
  /** The end the simulator opens. */
  b: string;
  /** Stops socat (both ends vanish). Never throws. */
  close(): Promise<void>;
}

/**
 * Starts socat and waits until it has named both ends.
 * @throws Error when socat is missing or names no ptys within `timeoutMs`
 */
export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise<PtyPair>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat named no ptys within ${timeoutMs} ms: ${err.trim()}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run socat (Debian: apt-get install socat): ${e.message}`));
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const ptys = [...err.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]);
      if (ptys.length >= 2 && /starting data transfer loop/.test(err)) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve({ a: ptys[0], b: ptys[1], close });
      }
    });
  });
}
