/**
 * The host side of the device agent: requests with sequence numbers and deadlines over a Transport, one at a time
 * (the agent is stop-and-wait). A lost or corrupt request or answer is sent again (bounded); a boot event in the
 * middle of a request means the board reset — reported as such, never retried into a wrong result; answers that
 * do not match the outstanding request (a late answer to an earlier try) are ignored.
 */
import { EXIT, TinyfitError } from '../../errors';
import { DeviceTimeout, hexPreview } from '../byteQueue';
import { Transport } from '../transport';
import { encodeFrame, Frame, FrameDecoder } from './frame';
import { AgentInfo, CMD, EVENT_BOOT, InvokeTicks, MemoryFigures, parseInfo, parseInvoke, parseMemory, parseProfile, ProfilePage, STATUS } from './protocol';

/** Options of {@link AgentClient}. */
export interface AgentClientOptions {
  /** Deadline of one answer, ms (default 2000); INVOKE and PROFILE add their own estimate. */
  timeoutMs?: number;
  /** Times a request is sent again after a timeout or a corrupt frame (default 4). */
  retries?: number;
}

/** The board reset while a request was outstanding. */
export class DeviceReset extends TinyfitError {
  constructor(
    message: string,
    readonly info: AgentInfo | undefined,
  ) {
    super(message, EXIT.run);
    this.name = 'DeviceReset';
  }
}

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k]));

/** A connection to one device agent. */
export class AgentClient {
  private readonly decoder = new FrameDecoder();
  private readonly frames: Frame[] = [];
  /** Random start: a new session's first numbers must not repeat the previous session's last one. */
  private seq = Math.floor(Math.random() * 256);
  /** Requests sent again after a timeout or a corrupt frame, since the client was made. */
  retransmits = 0;
  /** Long commands (INVOKE, PROFILE) asked again while they may still run, since the client was made. */
  probes = 0;
  /** Boot events seen (announced resets), including ones while waiting for the first. */
  boots: AgentInfo[] = [];
  /** Whether any request has been answered: a boot event before that is the board starting, after it a reset. */
  private answered = false;
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(
    readonly transport: Transport,
    opts: AgentClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.retries = opts.retries ?? 4;
  }

  /** Bytes seen that were not frames (boot text, noise). */
  get skippedBytes(): number {
    return this.decoder.skippedBytes;
  }

  /** The next frame, or undefined at the deadline. */
  private async nextFrame(deadline: number): Promise<Frame | undefined> {
    for (;;) {
      const f = this.frames.shift();
      if (f) return f;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      let data: Buffer;
      try {
        data = await this.transport.rx.takeAny(left);
      } catch (e) {
        if (e instanceof DeviceTimeout) return undefined;
        throw e;
      }
      this.frames.push(...this.decoder.push(data));
    }
  }

  /** Waits for the boot event (a board that just reset or was just flashed), or undefined at the deadline. */
  async waitBoot(timeoutMs: number): Promise<AgentInfo | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = await this.nextFrame(deadline);
      if (!f) return undefined;
      if (f.kind === EVENT_BOOT) {
        const info = parseInfo(f.payload);
        this.boots.push(info);
        return info;
      }
    }
  }

  /**
   * Sends one request and returns the payload of its OK answer.
   * @throws TinyfitError for an error status (its text), DeviceReset when the board booted meanwhile, and a
   *   TinyfitError (EXIT.connect) when no answer came after the retries
   */
  async request(cmd: number, payload: Buffer = Buffer.alloc(0), extraMs = 0): Promise<Buffer> {
    const seq = (this.seq = (this.seq + 1) & 0xff);
    const bytes = encodeFrame({ kind: cmd, seq, status: 0, payload });
    const name = NAMES[cmd] ?? `command 0x${cmd.toString(16)}`;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) this.retransmits++;
      await this.transport.write(bytes);
      const wireMs = Math.ceil((bytes.length * 10_000) / Math.max(this.transport.baudRate, 9600));
      const deadline = Date.now() + this.timeoutMs + extraMs + wireMs;
      // A long command (INVOKE, PROFILE) is asked again every timeout while it may still run: an answer lost on
      // the way is then repeated from the agent's cache (it never runs a repeated request twice) within one
      // timeout, instead of being waited for until the end of the command's own long deadline.
      let probeAt = extraMs > 0 ? Date.now() + this.timeoutMs + wireMs : Infinity;
      let resend = false;
      while (!resend) {
        const f = await this.nextFrame(Math.min(deadline, probeAt));
        if (!f && Date.now() < deadline) {
          this.probes++;
          await this.transport.write(bytes);
          probeAt = Date.now() + this.timeoutMs + wireMs;
          continue;
        }
        if (!f) break; // timeout: send again
        if (f.kind === EVENT_BOOT) {
          const info = parseInfo(f.payload);
          this.boots.push(info);
          // Before the first answer the board may still be starting (just flashed, or the emulator just started).
          if (!this.answered) continue;
          throw new DeviceReset(`the board reset during ${name} on ${this.transport.name} (a crash, a watchdog or its power?); it is running again: retry`, info);
        }
        if (f.status === STATUS.CORRUPT) {
          resend = true; // our frame arrived damaged
          continue;
        }
        if (f.kind !== (cmd | 0x80) || f.seq !== seq) continue; // an answer to an earlier try
        if (f.status !== STATUS.OK) {
          throw new TinyfitError(`the agent refused ${name}: ${f.payload.toString('utf8').replace(/[^\x20-\x7e]/g, '?')} (status ${f.status})`, EXIT.run);
        }
        this.answered = true;
        return f.payload;
      }
    }
    const rx = this.transport.rx.length ? this.transport.rx.drain() : Buffer.alloc(0);
    throw new TinyfitError(
      `no answer from the agent on ${this.transport.name} to ${name} after ${this.retries + 1} tries (${this.decoder.skippedBytes} B of non-frame data seen${rx.length ? `; last received ${hexPreview(rx)}` : ''}): is the firmware flashed and running, the baud rate right?`,
      EXIT.connect,
    );
  }

  /** INFO. */
  async info(): Promise<AgentInfo> {
    return parseInfo(await this.request(CMD.INFO));
  }

  /** Writes a tensor's bytes into input `index`, in chunks of the agent's payload size. */
  async setInput(index: number, data: Buffer, maxPayload: number): Promise<void> {
    const chunk = maxPayload - 5;
    for (let off = 0; off < data.length || off === 0; off += chunk) {
      const piece = data.subarray(off, off + chunk);
      const head = Buffer.alloc(5);
      head[0] = index;
      head.writeUInt32LE(off, 1);
      await this.request(CMD.SET_INPUT, Buffer.concat([head, piece]));
      if (data.length === 0) break;
    }
  }

  /** Reads output `index` (`bytes` long), in chunks. */
  async getOutput(index: number, bytes: number, maxPayload: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let off = 0; off < bytes; off += maxPayload) {
      const n = Math.min(maxPayload, bytes - off);
      const a = Buffer.alloc(7);
      a[0] = index;
      a.writeUInt32LE(off, 1);
      a.writeUInt16LE(n, 5);
      const got = await this.request(CMD.GET_OUTPUT, a);
      if (got.length !== n) throw new TinyfitError(`the agent sent ${got.length} B of output ${index} at ${off}, asked ${n}`, EXIT.run);
      parts.push(got);
    }
    return Buffer.concat(parts);
  }

  /** INVOKE: `runs` timed inferences after `warmups`; `expectMs` bounds how long they may take. */
  async invoke(runs: number, warmups: number, expectMs = 60_000): Promise<InvokeTicks> {
    const a = Buffer.alloc(4);
    a.writeUInt16LE(runs, 0);
    a.writeUInt16LE(warmups, 2);
    return parseInvoke(await this.request(CMD.INVOKE, a, expectMs));
  }

  /** PROFILE: one profiled inference, then every op's ticks and arena window, page by page. */
  async profile(expectMs = 60_000): Promise<ProfilePage> {
    const ask = (rerun: boolean, first: number): Promise<ProfilePage> => {
      const a = Buffer.alloc(5);
      a[0] = rerun ? 1 : 0;
      a.writeUInt16LE(first, 1);
      a.writeUInt16LE(0xffff, 3);
      return this.request(CMD.PROFILE, a, rerun ? expectMs : 0).then(parseProfile);
    };
    const page = await ask(true, 0);
    const ops = [...page.ops];
    while (ops.length < page.numOps) {
      const next = await ask(false, ops.length);
      if (next.ops.length === 0) throw new TinyfitError('the agent returned an empty PROFILE page', EXIT.run);
      ops.push(...next.ops);
    }
    return { ...page, ops };
  }

  /** MEMORY. */
  async memory(): Promise<MemoryFigures> {
    return parseMemory(await this.request(CMD.MEMORY));
  }

  /** Writes weight array `index` in chunks; returns the CRC-32 the agent computed over the whole array. */
  async loadWeights(index: number, data: Buffer, maxPayload: number): Promise<number> {
    const chunk = maxPayload - 6;
    let crc = 0;
    for (let off = 0; off < data.length; off += chunk) {
      const head = Buffer.alloc(6);
      head.writeUInt16LE(index, 0);
      head.writeUInt32LE(off, 2);
      crc = (await this.request(CMD.LOAD_WEIGHTS, Buffer.concat([head, data.subarray(off, off + chunk)]))).readUInt32LE(0);
    }
    return crc;
  }

  /** RESET: asks the board to reset and waits for its boot event. */
  async reset(bootTimeoutMs = 10_000): Promise<AgentInfo> {
    await this.request(CMD.RESET);
    this.answered = false;
    const info = await this.waitBoot(bootTimeoutMs);
    if (!info) throw new TinyfitError(`the board on ${this.transport.name} did not announce a boot within ${bootTimeoutMs} ms after RESET`, EXIT.reset);
    return info;
  }
}
