/**
 * Issue 12 acceptance: faults injected between the host and a real KWS firmware in QEMU. Every case must end in
 * the host reference's exact output bytes (after retries) or in one line saying what happened and what to do,
 * with the right exit code, within its time budget; never a wrong result reported as good.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AgentClient, DeviceReset } from '../../src/device/agent/client';
import { withBaudLadder } from '../../src/device/baudLadder';
import { openBoard } from '../../src/device/board/session';
import { runSamples } from '../../src/device/board/operations';
import { listPorts, pickPort } from '../../src/device/discover';
import { openFailure, openSerial } from '../../src/device/serialTransport';
import { listTargets } from '../../src/targets';
import { spawnSync } from 'child_process';
import { CLI } from '../helpers/cli';
import { MLPERF_DIR } from '../helpers/mlperf';
import { startQemuPty, startRelay } from '../helpers/socatRelay';
import { addBoard, renameTty } from '../helpers/sysfsFixture';
import { encodeFrame } from '../../src/device/agent/frame';
import { CMD } from '../../src/device/agent/protocol';
import { EXIT, TinyfitError } from '../../src/errors';
import { FaultPlan, FaultyTransport } from '../helpers/faultyTransport';
import { KWS_MODEL, prepareBuild, PreparedBuild, runOn, startBoard } from '../helpers/kwsBoard';

jest.setTimeout(60_000);

let p: PreparedBuild;
beforeAll(() => {
  p = prepareBuild(KWS_MODEL);
}, 120_000);

/** The table of cases (docs/fault-injection.md): case, fault, outcome, time. */
const rows: string[] = [];
function row(name: string, fault: string, o: { error?: unknown; ms: number; retransmits?: number; probes?: number }): void {
  const again = o.retransmits !== undefined ? ` (${o.retransmits} resent${o.probes ? `, ${o.probes} INVOKE asked again` : ''})` : '';
  const outcome = o.error ? `${(o.error as TinyfitError).name} (exit ${(o.error as TinyfitError).exitCode}): ${(o.error as Error).message}` : `reference bytes${again}`;
  rows.push(`| ${name} | ${fault} | ${outcome} | ${(o.ms / 1000).toFixed(2)} s |`);
}
afterAll(() => {
  if (process.env.FAULT_TABLE) fs.writeFileSync(process.env.FAULT_TABLE, rows.join('\n') + '\n');
});

/** What a case ended in. */
interface Outcome {
  outputs?: Buffer[][];
  error?: unknown;
  ms: number;
  /** Requests sent again after a timeout or a corrupt frame. */
  retransmits: number;
  /** Long commands (INVOKE) asked again while they may still run. */
  probes?: number;
  log: string[];
}

async function underFaults(plan: FaultPlan, opts: { timeoutMs?: number; maxPayload?: number } = {}): Promise<Outcome> {
  let faulty: FaultyTransport | undefined;
  const b = await startBoard(p.m, (t) => (faulty = new FaultyTransport(t, plan)), { timeoutMs: opts.timeoutMs ?? 500 });
  const t0 = Date.now();
  try {
    const outputs = await runOn(b, p, opts.maxPayload);
    return { outputs, ms: Date.now() - t0, retransmits: b.client.retransmits, probes: b.client.probes, log: faulty!.log };
  } catch (error) {
    return { error, ms: Date.now() - t0, retransmits: b.client.retransmits, probes: b.client.probes, log: faulty!.log };
  } finally {
    await b.stop();
  }
}

/** The outcome is the reference's bytes exactly. */
function expectCorrect(o: Pick<Outcome, 'outputs' | 'error'>): void {
  if (o.error) throw o.error;
  expect(o.outputs!.map((out) => out.map((b) => b.toString('hex')))).toEqual(p.reference.map((out) => out.map((b) => b.toString('hex'))));
}

/** The outcome is one line with the given exit code. */
function expectOneLine(o: Pick<Outcome, 'outputs' | 'error'>, exit: number, says: RegExp): TinyfitError {
  expect(o.outputs).toBeUndefined();
  expect(o.error).toBeInstanceOf(TinyfitError);
  const e = o.error as TinyfitError;
  expect(e.message).not.toMatch(/\n/);
  expect(e.exitCode).toBe(exit);
  expect(e.message).toMatch(says);
  return e;
}

const BUDGET_MS = 5000;

describe('faults on the agent link to a KWS firmware in QEMU', () => {
  test('no fault: the reference bytes, no retransmission', async () => {
    // A generous answer timeout: on a loaded machine QEMU may take longer than the fault cases' 0.5 s to answer.
    const o = await underFaults({}, { timeoutMs: 5000 });
    row('baseline', 'none', o);
    expectCorrect(o);
    expect(o.retransmits).toBe(0);
  });

  const frameCases: [string, string, FaultPlan['frames']][] = [
    ['dropped byte, host→board', 'one byte removed from the first SET_INPUT request', [{ dir: 'tx', kind: CMD.SET_INPUT, fault: 'drop-byte' }]],
    ['flipped bit, host→board', 'one bit flipped in the first INVOKE request', [{ dir: 'tx', kind: CMD.INVOKE, fault: 'flip-bit' }]],
    ['lost frame, host→board', 'the first GET_OUTPUT request lost', [{ dir: 'tx', kind: CMD.GET_OUTPUT, fault: 'drop-frame' }]],
    ['dropped byte, board→host', 'one byte removed from the first SET_INPUT answer', [{ dir: 'rx', kind: CMD.SET_INPUT | 0x80, fault: 'drop-byte' }]],
    ['flipped bit, board→host', 'one bit flipped in the first INVOKE answer (the inference ran)', [{ dir: 'rx', kind: CMD.INVOKE | 0x80, fault: 'flip-bit' }]],
    ['lost frame, board→host', 'the second GET_OUTPUT answer lost', [{ dir: 'rx', kind: CMD.GET_OUTPUT | 0x80, nth: 1, fault: 'drop-frame' }]],
  ];
  test.each(frameCases)('%s (%s): resent, the reference bytes', async (name, fault, frames) => {
    const o = await underFaults({ frames });
    row(name, fault, o);
    expectCorrect(o);
    expect(o.log).toHaveLength(1);
    expect(o.retransmits + (o.probes ?? 0)).toBeGreaterThan(0);
    expect(o.ms).toBeLessThan(BUDGET_MS);
  });

  test('random bit errors both ways: the reference bytes or one line, never a wrong result', async () => {
    const o = await underFaults({ noise: { perByte: 1 / 800, seed: 3 } });
    row('random bit errors', `1 bit in 800 bytes flipped, both ways (${o.log.length} flips)`, o);
    if (o.error) expectOneLine(o, EXIT.connect, /no answer/);
    else expectCorrect(o);
    expect(o.log.length).toBeGreaterThan(0);
    expect(o.ms).toBeLessThan(BUDGET_MS * 2);
  });

  test('a reset mid-transfer (RESET between SET_INPUT chunks): DeviceReset, never a result', async () => {
    const reset = encodeFrame({ kind: CMD.RESET, seq: 0x5a, status: 0, payload: Buffer.alloc(0) });
    const o = await underFaults({ inject: { kind: CMD.SET_INPUT, nth: 1, bytes: reset } }, { maxPayload: 128 });
    row('reset mid-transfer', 'an agent RESET frame sent between the 2nd and 3rd of 4 SET_INPUT chunks', o);
    expect(o.error).toBeInstanceOf(DeviceReset);
    expectOneLine(o, EXIT.run, /reset during .*retry/);
    expect(o.ms).toBeLessThan(BUDGET_MS);
  });

  test('wrong baud (host 921600, board 115200): one line asking about the baud rate', async () => {
    let faulty: FaultyTransport | undefined;
    const b = await startBoard(p.m, (t) => (faulty = new FaultyTransport(t, { boardBaud: 115200 })), { timeoutMs: 300, waitBoot: false });
    try {
      await b.link.setBaudRate(921600);
      const t0 = Date.now();
      const error = await b.client.info().then(() => undefined, (e) => e);
      const o = { error, ms: Date.now() - t0, log: faulty!.log };
      row('wrong baud', 'host at 921600, board at 115200: every byte garbled, 10 % lost', o);
      expectOneLine(o, EXIT.connect, /baud rate right/);
      expect(o.ms).toBeLessThan(5 * 300 + 1000);
    } finally {
      await b.stop();
    }
  });

  test('wrong baud with the baud ladder: steps down to 115200, then the reference bytes', async () => {
    const b = await startBoard(p.m, (t) => new FaultyTransport(t, { boardBaud: 115200 }), { timeoutMs: 300, retries: 1, waitBoot: false });
    const memory = path.join(p.root, 'baud.json');
    try {
      const t0 = Date.now();
      const steps: number[] = [];
      const { value: info, baud } = await withBaudLadder(
        'fault-test-adapter',
        921600,
        async (rate) => {
          await b.link.setBaudRate(rate);
          return b.client.info();
        },
        { retryable: (e) => e instanceof TinyfitError && e.exitCode === EXIT.connect, onStep: (r) => steps.push(r), file: memory },
      );
      const outputs = await runOn({ ...b, info }, p);
      const o = { outputs, ms: Date.now() - t0, retransmits: b.client.retransmits, log: [] };
      row('wrong baud, ladder', 'host starts at 921600, board at 115200', o);
      expect(steps).toEqual([460800, 230400, 115200]);
      expect(baud).toBe(115200);
      expectCorrect(o);
      expect(JSON.parse(fs.readFileSync(memory, 'utf8'))['fault-test-adapter']).toBe(115200);
    } finally {
      await b.stop();
    }
  });

  test('busy port: a second open names the process holding the lock', async () => {
    const b = await startBoard(p.m);
    try {
      const t0 = Date.now();
      const error = await openSerial(b.qemu.pty).then((t) => t.close().then(() => undefined), (e) => e);
      const o = { error, ms: Date.now() - t0 };
      row('busy port', 'the pty opened (and locked) a second time', o);
      expectOneLine(o, EXIT.connect, new RegExp(`is busy: held by \\S+ \\(pid ${process.pid}, this process, locked\\).*close it`));
      expect(o.ms).toBeLessThan(3500);
      // The session that holds it still works.
      expectCorrect({ outputs: await runOn(b, p) });
    } finally {
      await b.stop();
    }
  });
});

describe('ports that are not ours, vanish or come back renamed', () => {
  let qemu: { pty: string; stop(): Promise<void> };
  let dev: string;
  let sys: string;
  beforeEach(async () => {
    qemu = await startQemuPty(p.m);
    const base = fs.mkdtempSync(path.join(p.root, 'ports-'));
    dev = path.join(base, 'dev');
    sys = path.join(base, 'sys');
    fs.mkdirSync(dev);
  });
  afterEach(() => qemu.stop());

  /** The KWS build as if its board were a USB one (an ST-Link's VID:PID), found through the fixture sysfs. */
  const usbBuild = () => ({ ...p.m, board: { ...p.m.board, emulator: undefined, usb: [{ vid: '0483', pid: '374B' }] } });

  test('EACCES: a port without permission (opened as an unprivileged user): one line naming the dialout group', async () => {
    // We run as root, for whom chmod changes nothing: the CLI runs as `nobody` (setpriv) on a 0600 root-owned pty.
    const relay = await startRelay(qemu.pty, path.join(dev, 'ttyACM0'), '0600');
    try {
      for (const d of [p.root, path.dirname(dev)]) fs.chmodSync(d, 0o755);
      const t0 = Date.now();
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'run', p.m.dir, '--input', path.join(MLPERF_DIR, 'kws_input.npy'), '--output', '/tmp/never.npy', '--port', relay.link], { encoding: 'utf8', timeout: 20_000 });
      const o = { error: new TinyfitError(r.stderr.trim(), r.status ?? -1), ms: Date.now() - t0 };
      row('EACCES', '`tinyfit run --port` as user nobody on a root-owned 0600 pty (real EACCES)', o);
      expect(r.status).toBe(EXIT.connect);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`permission denied opening ${relay.link}: .*dialout`));
      // The mapping itself, for the message serialport gives on every platform.
      expect(openFailure('/dev/ttyUSB0', new Error('Error: EACCES: permission denied, cannot open /dev/ttyUSB0')).message).toMatch(/^permission denied opening \/dev\/ttyUSB0: .*usermod -aG dialout/);
    } finally {
      await relay.kill();
    }
  });

  test('the port vanishing mid-session (no serial number to find it by): one line, no hang', async () => {
    const relay = await startRelay(qemu.pty, path.join(dev, 'ttyACM0'));
    const t = await openSerial(relay.link);
    const client = new AgentClient(t, { timeoutMs: 500 });
    try {
      const info = await client.info();
      const t0 = Date.now();
      const run = runSamples({ client, info, transport: t, where: relay.link, virtual: false, close: () => t.close() }, p.m, p.samples).then(
        () => undefined,
        (e) => e,
      );
      await relay.kill();
      const o = { error: await run, ms: Date.now() - t0 };
      row('port vanishes', 'the relay (socat) of the port killed during a run', o);
      expectOneLine(o, EXIT.connect, new RegExp(`${relay.link} (closed or )?vanished.*reconnect it and retry`));
      expect(o.ms).toBeLessThan(3500);
    } finally {
      await t.close();
    }
  });

  test('the port vanishing and coming back under another name: found by serial number, the run resumes', async () => {
    addBoard(sys, { tty: 'ttyACM0', vid: '0483', pid: '374B', serial: 'TF-0001', product: 'STLINK-V3' });
    const first = await startRelay(qemu.pty, path.join(dev, 'ttyACM0'));
    const s = await openBoard(usbBuild(), { port: first.link, sysRoot: sys, devRoot: dev, timeoutMs: 1000, reconnectMs: 8000 });
    try {
      const t0 = Date.now();
      const run = runSamples(s, p.m, p.samples);
      await new Promise((r) => setTimeout(r, 30));
      await first.kill();
      renameTty(sys, 'ttyACM0', 'ttyACM1');
      await startRelay(qemu.pty, path.join(dev, 'ttyACM1'));
      const outputs = (await run).outputs;
      const o = { outputs, ms: Date.now() - t0, retransmits: s.client.retransmits, log: [] };
      row('port renamed', 'the port killed mid-run; the board back as ttyACM1 with the same serial number', o);
      expectCorrect(o);
      expect(s.transport.name).toBe(path.join(dev, 'ttyACM1'));
      expect(o.ms).toBeLessThan(BUDGET_MS * 2);
    } finally {
      await s.close();
    }
  });

  test('the port vanishing for good (board with a serial number): one line naming it, after the re-find deadline', async () => {
    addBoard(sys, { tty: 'ttyACM0', vid: '0483', pid: '374B', serial: 'TF-0001' });
    const relay = await startRelay(qemu.pty, path.join(dev, 'ttyACM0'));
    const s = await openBoard(usbBuild(), { port: relay.link, sysRoot: sys, devRoot: dev, timeoutMs: 500, reconnectMs: 1500 });
    try {
      const t0 = Date.now();
      await relay.kill();
      const error = await runSamples(s, p.m, p.samples).then(() => undefined, (e) => e);
      const o = { error, ms: Date.now() - t0 };
      row('port gone', 'the port killed, nothing comes back (re-find deadline 1.5 s)', o);
      expectOneLine(o, EXIT.connect, /vanished and the board with serial number TF-0001 did not come back within 1500 ms: reconnect it/);
      expect(o.ms).toBeLessThan(1500 + 3000);
    } finally {
      await s.close();
    }
  });

  test('two boards with the same VID:PID: refuses to guess naming both; --serial picks one', async () => {
    addBoard(sys, { tty: 'ttyACM0', vid: '0483', pid: '374B', serial: 'TF-0001', product: 'STLINK-V3' });
    addBoard(sys, { tty: 'ttyACM1', vid: '0483', pid: '374B', serial: 'TF-0002', product: 'STLINK-V3' });
    const relay = await startRelay(qemu.pty, path.join(dev, 'ttyACM1'));
    fs.writeFileSync(path.join(dev, 'ttyACM0'), ''); // the other board's port
    const t0 = Date.now();
    const error = await openBoard(usbBuild(), { sysRoot: sys, devRoot: dev }).then((s) => s.close(), (e) => e);
    const o = { error, ms: Date.now() - t0 };
    row('two identical boards', 'two boards 0483:374B (serial numbers TF-0001, TF-0002), no --serial', o);
    expectOneLine(o, EXIT.connect, /2 boards match .*ttyACM0 \(0483:374B serial TF-0001.*ttyACM1 \(0483:374B serial TF-0002.*refusing to guess: give --serial/);
    // With --serial, that board (the one whose port leads to the virtual board).
    expect(pickPort(usbBuild().board, listPorts(listTargets(), { sysRoot: sys, devRoot: dev }), 'TF-0002').path).toBe(relay.link);
    const s = await openBoard(usbBuild(), { serial: 'TF-0002', sysRoot: sys, devRoot: dev, timeoutMs: 1000 });
    try {
      const outputs = (await runSamples(s, p.m, p.samples)).outputs;
      row('two identical boards, --serial TF-0002', 'as above, with the serial number given', { ms: Date.now() - t0, retransmits: s.client.retransmits });
      expectCorrect({ outputs });
    } finally {
      await s.close();
      await relay.kill();
    }
  });
});
