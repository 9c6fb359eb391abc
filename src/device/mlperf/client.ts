/**
 * The host side of the MLPerf Tiny device-under-test protocol (firmware generated with `--protocol mlperf`, or any
 * DUT the mlcommons/tiny runner drives): sends a command as the runner does (the text and '%'), reads reply lines
 * until "m-ready" before a deadline, and parses what the commands answer. An "e-[...]" line fails the command
 * with that text; a reboot in the middle of a command ("m-init-done") is reported as a reset.
 */
import { EXIT, TinyfitError } from '../../errors';
import { DeviceTimeout, hexPreview } from '../byteQueue';
import { Transport } from '../transport';
import { bracketValue, cleanLine, isError, lapDifference, loadCommands, MAX_COMMAND_CHARS, parseBuffer, parseLap, parseResults, READY, RUNNER_DB_CHUNK, TERMINATOR } from './protocol';

/** Options of {@link MlperfClient}. */
export interface MlperfClientOptions {
  /** Deadline of a whole reply, ms (default 5000: the runner waits 5 s for a line). */
  timeoutMs?: number;
  /** Deadline of an `infer` reply, ms (default 30000, the runner's). */
  inferTimeoutMs?: number;
  /** Bytes per `db` line (default 31, the runner's; 26 through a power manager). */
  chunkBytes?: number;
}

/** The reply to one command: its lines without the final m-ready line (empty lines dropped). */
export interface MlperfReply {
  command: string;
  lines: string[];
}

/** What `infer N W` reports. */
export interface MlperfInference {
  count: number;
  warmups: number;
  /** The m-lap-us stamps at the edges of the timed loop. */
  startUs: number;
  endUs: number;
  /** Microseconds per inference: (end − start) mod 2^32 / count, as the runner computes it. */
  latencyUs: number;
  results: number[];
}

/** A connection to one device under test. */
export class MlperfClient {
  private readonly timeoutMs: number;
  private readonly inferTimeoutMs: number;
  private readonly chunkBytes: number;

  constructor(
    readonly transport: Transport,
    opts: MlperfClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.inferTimeoutMs = opts.inferTimeoutMs ?? 30_000;
    this.chunkBytes = opts.chunkBytes ?? RUNNER_DB_CHUNK;
  }

  /**
   * Sends `command` + '%' as it is (no length check: a device's answer to a long command can be tested) and
   * returns the reply's lines, error lines included.
   * @throws TinyfitError (user) for a command with '%'; (run) when no m-ready arrives in time or the device
   *   rebooted meanwhile
   */
  async send(text: string, timeoutMs = this.timeoutMs): Promise<MlperfReply> {
    if (text.includes(TERMINATOR)) throw new TinyfitError(`MLPerf command '${short(text)}' contains '%', which ends a command; remove it`, EXIT.user);
    const deadline = Date.now() + timeoutMs;
    await this.transport.write(Buffer.from(text + TERMINATOR, 'latin1'), Math.max(1, deadline - Date.now()));
    const lines: string[] = [];
    for (;;) {
      const line = await this.readLine(deadline, text, timeoutMs, lines);
      if (line === '') continue;
      if (line.includes(READY)) return { command: text, lines };
      if (line === 'm-init-done') {
        throw new TinyfitError(`the device on ${this.transport.name} rebooted during '${short(text)}' (it printed m-init-done): check its power and reset line, then run again`, EXIT.run);
      }
      lines.push(line);
    }
  }

  /**
   * Sends `command` (at most 80 characters) and returns its reply's lines.
   * @throws TinyfitError (run) naming the device's e-[...] text when it answers with an error
   */
  async command(command: string, timeoutMs = this.timeoutMs): Promise<string[]> {
    if (command.length > MAX_COMMAND_CHARS) {
      throw new TinyfitError(`MLPerf command '${short(command)}' has ${command.length} characters; the device takes at most ${MAX_COMMAND_CHARS}`, EXIT.user);
    }
    const { lines } = await this.send(command, timeoutMs);
    const error = lines.find(isError);
    if (error) throw new TinyfitError(`the device on ${this.transport.name} refused '${short(command)}': ${error}`, EXIT.run);
    return lines;
  }

  /**
   * Aligns with the device: drops what is queued, asks its name and skips everything before that answer (boot
   * lines, the end of an earlier exchange). Call once after opening the link.
   * @returns the device's name
   */
  async sync(timeoutMs = this.timeoutMs): Promise<string> {
    this.transport.rx.drain();
    const deadline = Date.now() + timeoutMs;
    await this.transport.write(Buffer.from('name' + TERMINATOR, 'latin1'), timeoutMs);
    let name: string | undefined;
    for (;;) {
      const line = await this.readLine(deadline, 'name', timeoutMs, []);
      const value = bracketValue(line, 'm-name-dut-');
      if (value !== undefined) name = value;
      else if (name !== undefined && line.includes(READY)) return name;
    }
  }

  /** `name`: the device's name (m-name-dut-[...]). */
  async name(): Promise<string> {
    return this.expect('name', (l) => bracketValue(l, 'm-name-dut-'), 'm-name-dut-[...]');
  }

  /** `profile`: the firmware's profile string and the benchmark it serves (kws01, vww01, ic01, ad01). */
  async profile(): Promise<{ profile: string; model: string }> {
    const lines = await this.command('profile');
    const profile = lines.map((l) => bracketValue(l, 'm-profile-')).find((v) => v !== undefined);
    const model = lines.map((l) => bracketValue(l, 'm-model-')).find((v) => v !== undefined);
    if (profile === undefined || model === undefined) throw this.unexpected('profile', 'm-profile-[...] and m-model-[...]', lines);
    return { profile, model };
  }

  /** `timestamp`: the device's clock in microseconds (unsigned 32-bit, wraps). */
  async timestamp(): Promise<number> {
    return this.expect('timestamp', parseLap, 'm-lap-us-N');
  }

  /**
   * Loads `data` into the device's db buffer as the runner does: `db load N`, then hex lines of `chunkBytes`.
   * @throws TinyfitError (run) when the device refuses the size or does not confirm the load
   */
  async load(data: Uint8Array): Promise<void> {
    const [announce, ...chunks] = loadCommands(data, this.chunkBytes);
    const first = await this.command(announce);
    if (!first.includes(`m-[Expecting ${data.length} bytes]`)) throw this.unexpected(announce, `m-[Expecting ${data.length} bytes]`, first);
    let last: string[] = [];
    for (const c of chunks) last = await this.command(c);
    if (!last.includes('m-load-done')) throw this.unexpected('db <hex>', 'm-load-done after the last bytes', last);
  }

  /** `db print`: the bytes of the db buffer. */
  async dbPrint(): Promise<Buffer> {
    return parseBuffer(await this.command('db print'));
  }

  /**
   * `infer N W`: W warm-ups and N timed inferences on the loaded input; the stamps, latency and results.
   * @param timeoutMs deadline of the whole reply (default: the client's inferTimeoutMs)
   */
  async infer(count: number, warmups: number, timeoutMs = this.inferTimeoutMs): Promise<MlperfInference> {
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(warmups) || warmups < 0) {
      throw new TinyfitError(`infer needs a whole count ≥ 1 and warm-ups ≥ 0 (got ${count}, ${warmups})`, EXIT.user);
    }
    const command = `infer ${count} ${warmups}`;
    const lines = await this.command(command, timeoutMs);
    const laps = lines.map(parseLap).filter((v): v is number => v !== undefined);
    const results = lines.map(parseResults).find((v) => v !== undefined);
    if (laps.length !== 2 || !results || !lines.includes('m-infer-done')) {
      throw this.unexpected(command, 'two m-lap-us-N lines, m-infer-done and m-results-[...]', lines);
    }
    return { count, warmups, startUs: laps[0], endUs: laps[1], latencyUs: lapDifference(laps[0], laps[1]) / count, results };
  }

  /** `results`: the values of the last inference. */
  async results(): Promise<number[]> {
    return this.expect('results', parseResults, 'm-results-[...]');
  }

  /** Sends a command and returns the first reply line `parse` accepts. */
  private async expect<T>(command: string, parse: (line: string) => T | undefined, what: string): Promise<T> {
    const lines = await this.command(command);
    for (const l of lines) {
      const v = parse(l);
      if (v !== undefined) return v;
    }
    throw this.unexpected(command, what, lines);
  }

  /** Reads one line (cleaned) before the deadline; a timeout names the command and what arrived. */
  private async readLine(deadline: number, command: string, timeoutMs: number, got: string[]): Promise<string> {
    try {
      const raw = await this.transport.rx.takeUntil(0x0a, Math.max(1, deadline - Date.now()), 'a line');
      return cleanLine(raw.toString('latin1'));
    } catch (e) {
      if (!(e instanceof DeviceTimeout)) throw e;
      const seen = got.length ? `lines ${JSON.stringify(got.slice(-3))}` : 'no line';
      throw new TinyfitError(
        `no m-ready from ${this.transport.name} within ${timeoutMs} ms after '${short(command)}' (${seen}, then ${hexPreview(e.received)}): check the firmware was generated with --protocol mlperf and the baud rate`,
        EXIT.run,
      );
    }
  }

  private unexpected(command: string, what: string, lines: string[]): TinyfitError {
    return new TinyfitError(`the device on ${this.transport.name} answered '${short(command)}' without ${what} (it sent ${JSON.stringify(lines.slice(0, 4))})`, EXIT.run);
  }
}

/** A command shortened for messages. */
function short(command: string): string {
  return command.length > 40 ? `${command.slice(0, 37)}...` : command;
}
