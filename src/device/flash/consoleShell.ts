/**
 * A POSIX shell on a serial console (a Raspberry Pi's, or any Linux board's), driven by a program: get a prompt
 * (ending a tinyfit agent that holds the console, logging in when a login prompt shows), then run commands one at
 * a time and read their output and exit status between markers the shell prints — markers that the command's own
 * text (echoed or not) never contains, so echo, prompts and boot messages around them do no harm. Every wait has a
 * deadline.
 */
import { EXIT, TinyfitError } from '../../errors';
import { DeviceTimeout } from '../byteQueue';
import { Transport } from '../transport';

/** What the linux port takes as "the line ended" (firmware/ports/linux/port_linux.h): the agent returns the shell. */
export const AGENT_LEAVE = Buffer.concat([Buffer.from([0]), Buffer.from('tinyfit:leave', 'latin1'), Buffer.from([0])]);

/** Options of {@link ConsoleShell.connect}. */
export interface ShellLogin {
  /** User name for a login prompt (`login:`). */
  user?: string;
  /** Password for a `Password:` prompt. */
  password?: string;
  /** Deadline for reaching a shell, ms (default 20000). */
  timeoutMs?: number;
}

/** A command's output (CR removed) and exit status. */
export interface ShellResult {
  out: string;
  status: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Quotes `s` for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A shell on a console line. */
export class ConsoleShell {
  /** What arrived and was not consumed by a match, as text (latin1: one char per byte). */
  private text = '';
  private counter = 1000 + Math.floor(Math.random() * 9000);

  constructor(readonly transport: Transport) {}

  /** Reads until `re` matches the text received (consuming up to the match's end), or undefined at the deadline. */
  private async until(re: RegExp, deadline: number): Promise<RegExpExecArray | undefined> {
    for (;;) {
      const m = re.exec(this.text);
      if (m) {
        this.text = this.text.slice(m.index + m[0].length);
        return m;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      try {
        this.text += (await this.transport.rx.takeAny(left)).toString('latin1');
      } catch (e) {
        if (e instanceof DeviceTimeout) return undefined;
        throw e;
      }
      if (this.text.length > 1 << 20) this.text = this.text.slice(-4096); // a chatty console: keep the tail
    }
  }

  /** Collects what arrives until the line has been quiet for `quietMs` (at most `maxMs`). */
  private async settle(quietMs: number, maxMs: number): Promise<string> {
    const end = Date.now() + maxMs;
    for (;;) {
      const left = Math.min(quietMs, end - Date.now());
      if (left <= 0) return this.text;
      try {
        this.text += (await this.transport.rx.takeAny(left)).toString('latin1');
      } catch (e) {
        if (e instanceof DeviceTimeout) return this.text;
        throw e;
      }
    }
  }

  private send(s: string | Buffer): Promise<void> {
    return this.transport.write(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  }

  /**
   * Gets a shell prompt: ends a tinyfit agent holding the console, clears a half-typed line, logs in when asked,
   * then turns the terminal's echo and the shell's history off (every later command is a marker-delimited run).
   * @throws TinyfitError (EXIT.connect): no shell within the deadline, a login prompt without user/password, or the
   *   login refused
   */
  async connect(login: ShellLogin = {}): Promise<void> {
    const timeoutMs = login.timeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    const where = this.transport.name;
    await this.send(AGENT_LEAVE);
    await sleep(200);
    let poke = '\x15\r'; // ^U: the line-kill character of tty line editing, readline and getty alike
    let loggingIn = false; // the user name went to this login prompt, the password not yet refused
    while (Date.now() < deadline) {
      if (poke) await this.send(poke);
      poke = '';
      const seen = (await this.settle(300, Math.min(2000, Math.max(0, deadline - Date.now())))).replace(/\r/g, '');
      const tail = seen.slice(-200);
      if (loggingIn && /(login incorrect|authentication failure|permission denied)/i.test(tail)) {
        const why = tail.split('\n').find((l) => /(login incorrect|authentication failure|permission denied)/i.test(l)) ?? '';
        throw new TinyfitError(`connect: the login on ${where} was refused ("${lastLine(why)}"): check the user and password`, EXIT.connect);
      }
      if (/login:\s*$/i.test(tail)) {
        if (login.user === undefined) throw new TinyfitError(`connect: ${where} shows a login prompt ("${lastLine(tail)}"): give the user and password`, EXIT.connect);
        this.text = '';
        loggingIn = true;
        await this.send(`${login.user}\r`);
        continue;
      }
      if (/password:\s*$/i.test(tail)) {
        this.text = '';
        if (!loggingIn) {
          await this.send('\r'); // our poke went in as a user name: let that login fail and start again
          continue;
        }
        if (login.password === undefined) throw new TinyfitError(`connect: ${where} asks for a password: give it`, EXIT.connect);
        await this.send(`${login.password}\r`);
        continue;
      }
      loggingIn = false;
      // Anything else may be a prompt: ask the shell to prove itself.
      const n = this.counter++;
      this.text = '';
      await this.send(`stty -echo; set +o history 2>/dev/null; echo "@tf:r$((${n}))"\r`);
      if (await this.until(new RegExp(`@tf:r${n}\\r?\\n`), Math.min(deadline, Date.now() + 3000))) {
        await this.settle(200, 1000); // the prompt after it
        this.text = '';
        return;
      }
      poke = '\x03\x15\r'; // ^C: out of a continuation line or a running command
    }
    const seen = this.text.replace(/[^\x20-\x7e\n]/g, '?').trim().split('\n').pop() ?? '';
    throw new TinyfitError(
      `connect: no shell prompt on ${where} within ${timeoutMs} ms (last received: ${seen ? `"${seen.slice(-80)}"` : 'nothing'}): is the Pi's serial console enabled (enable_uart=1, console=serial0,115200 in cmdline.txt) and the baud rate right?`,
      EXIT.connect,
    );
  }

  /**
   * Runs one command line and returns its output and exit status; undefined when its end marker did not arrive by
   * the deadline (a lost byte: the caller decides how to recover, e.g. with {@link interrupt}).
   */
  async run(command: string, timeoutMs: number): Promise<ShellResult | undefined> {
    const n = this.counter++;
    await this.send(`echo "@tf:b$((${n}))"; ${command}; echo "@tf:e$((${n})):$?"\r`);
    const m = await this.until(new RegExp(`@tf:b${n}\\r?\\n([\\s\\S]*?)@tf:e${n}:(\\d+)\\r?\\n`), Date.now() + timeoutMs);
    if (!m) return undefined;
    return { out: m[1].replace(/\r/g, ''), status: Number(m[2]) };
  }

  /** Like {@link run}, but a missing answer or a non-zero status is a TinyfitError saying `what` failed. */
  async check(command: string, timeoutMs: number, what: string, exitCode: number): Promise<string> {
    const r = await this.run(command, timeoutMs);
    if (!r) throw new TinyfitError(`${what}: no answer from the shell on ${this.transport.name} within ${timeoutMs} ms`, exitCode);
    if (r.status !== 0) throw new TinyfitError(`${what}: the command failed (status ${r.status}${r.out.trim() ? `: ${lastLine(r.out)}` : ''})`, exitCode);
    return r.out;
  }

  /** ^C and a fresh line (after a lost marker: out of a continuation line), then forgets what arrived. */
  async interrupt(): Promise<void> {
    await this.send('\x03\x15\r');
    await this.settle(300, 2000);
    this.text = '';
  }

  /** Sends a command line that does not return to the shell (a program taking over the console). */
  async start(command: string): Promise<void> {
    this.text = '';
    await this.send(`${command}\r`);
  }
}

function lastLine(s: string): string {
  return (
    s
      .trim()
      .split('\n')
      .pop()
      ?.replace(/[^\x20-\x7e]/g, '?')
      .slice(-80) ?? ''
  );
}
