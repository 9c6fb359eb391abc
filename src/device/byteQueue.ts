/**
 * Bytes received from a device, waiting to be read: the transport pushes what arrives, readers take exact
 * counts or up to a delimiter, each with a deadline. A read never waits past its deadline: it rejects with a
 * DeviceTimeout naming what was awaited and showing what did arrive (so "no answer" and "garbage" differ).
 */
import { EXIT, TinyfitError } from '../errors';

/** A read that did not complete before its deadline. */
export class DeviceTimeout extends TinyfitError {
  constructor(
    message: string,
    /** The bytes that did arrive meanwhile (left in the queue). */
    readonly received: Buffer,
  ) {
    super(message, EXIT.connect);
    this.name = 'DeviceTimeout';
  }
}

/** Shows up to 32 bytes as hex, for messages. */
export function hexPreview(b: Buffer, max = 32): string {
  if (b.length === 0) return 'nothing';
  const hex = b.subarray(0, max).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `${b.length} B: ${hex}${b.length > max ? ' …' : ''}`;
}

interface Waiter {
  check(): boolean;
}

/** The receive queue of one transport. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiters = new Set<Waiter>();
  private closedWith: Error | undefined;

  /** Bytes waiting. */
  get length(): number {
    return this.size;
  }

  /** Appends received bytes and wakes the readers they complete. */
  push(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
    for (const w of [...this.waiters]) w.check();
  }

  /** Ends the queue: pending and later reads fail with `why` once the bytes already queued are used up. */
  close(why: Error): void {
    this.closedWith = why;
    for (const w of [...this.waiters]) w.check();
  }

  /** Removes and returns everything queued. */
  drain(): Buffer {
    const all = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return all;
  }

  private peekAll(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private takeFront(n: number): Buffer {
    const all = this.peekAll();
    const out = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    return out;
  }

  /** Waits until `ready` returns a result or the deadline passes. */
  private wait<T>(ready: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const w: Waiter = {
        check: () => {
          const r = ready();
          if (r !== undefined) {
            done();
            resolve(r);
            return true;
          }
          if (this.closedWith) {
            done();
            reject(this.closedWith);
            return true;
          }
          return false;
        },
      };
      const done = (): void => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(w);
      };
      if (w.check()) return;
      this.waiters.add(w);
      timer = setTimeout(() => {
        done();
        reject(new DeviceTimeout(`no ${what} within ${timeoutMs} ms (received ${hexPreview(this.peekAll())})`, Buffer.from(this.peekAll())));
      }, timeoutMs);
    });
  }

  /** Takes exactly `n` bytes. */
  take(n: number, timeoutMs: number, what = `${n} bytes`): Promise<Buffer> {
    return this.wait(() => (this.size >= n ? this.takeFront(n) : undefined), timeoutMs, what);
  }

  /** Takes the bytes up to and including the first `delimiter`. */
  takeUntil(delimiter: number, timeoutMs: number, what = `byte 0x${delimiter.toString(16).padStart(2, '0')}`): Promise<Buffer> {
    return this.wait(
      () => {
        const i = this.peekAll().indexOf(delimiter);
        return i >= 0 ? this.takeFront(i + 1) : undefined;
      },
      timeoutMs,
      what,
    );
  }

  /** Takes whatever is queued once at least one byte is there. */
  takeAny(timeoutMs: number, what = 'data'): Promise<Buffer> {
    return this.wait(() => (this.size > 0 ? this.takeFront(this.size) : undefined), timeoutMs, what);
  }
}
