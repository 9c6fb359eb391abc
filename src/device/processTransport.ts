/**
 * A child process's stdin/stdout as a Transport: a user-mode emulator (qemu-aarch64 running a Raspberry Pi runner
 * with `--agent`) talks the agent protocol on its standard streams. No modem lines and no baud rate. The process
 * is stopped when the link closes; one that exits early closes the link with what it printed on stderr.
 */
import { ChildProcess, spawn } from 'child_process';
import { EXIT, TinyfitError } from '../errors';
import { ByteQueue } from './byteQueue';
import { IO_TIMEOUT_MS, Transport } from './transport';
import { withTimeout } from './withTimeout';

class ProcessTransport implements Transport {
  readonly rx = new ByteQueue();
  readonly baudRate = 0;
  private open = true;
  private stderr = '';

  constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    private readonly trace?: (direction: 'tx' | 'rx', data: Buffer) => void,
  ) {
    child.stdout!.on('data', (d: Buffer) => {
      this.trace?.('rx', d);
      this.rx.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString('utf8')).slice(-500)));
    child.stdin!.on('error', () => undefined); // a write after exit: reported through rx below
    child.once('exit', (code, signal) => {
      this.open = false;
      const last = this.stderr.trim().split('\n').pop() ?? '';
      this.rx.close(new TinyfitError(`${name} exited (${signal ?? `status ${code}`})${last ? `: ${last}` : ''}`, EXIT.run));
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  write(data: Buffer, timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    this.trace?.('tx', data);
    const p = new Promise<void>((resolve, reject) => this.child.stdin!.write(data, (err) => (err ? reject(new TinyfitError(`writing to ${this.name} failed: ${err.message}`, EXIT.run)) : resolve())));
    return withTimeout(p, timeoutMs, `writing ${data.length} B to ${this.name}`);
  }

  async setSignals(): Promise<void> {}

  async setBaudRate(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.open) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(t);
  }
}

/**
 * Starts `program args…` with its standard streams as the link.
 * @throws TinyfitError (EXIT.connect) when it cannot start (not installed)
 */
export async function spawnTransport(program: string, args: string[], opts: { name?: string; trace?: (direction: 'tx' | 'rx', data: Buffer) => void } = {}): Promise<Transport> {
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (e) => reject(new TinyfitError(`cannot start ${program}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed (see `tinyfit doctor`)' : e.message}`, EXIT.connect)));
  });
  return new ProcessTransport(child, opts.name ?? program, opts.trace);
}
