/**
 * Issue 12 acceptance: faults injected between the host and a real KWS firmware in QEMU. Every case must end in
 * the host reference's exact output bytes (after retries) or in one line saying what happened and what to do,
 * with the right exit code, within its time budget; never a wrong result reported as good.
 */
import { DeviceReset } from '../../src/device/agent/client';
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

/** What a case ended in. */
interface Outcome {
  outputs?: Buffer[][];
  error?: unknown;
  ms: number;
  retransmits: number;
  log: string[];
}

async function underFaults(plan: FaultPlan, opts: { timeoutMs?: number; maxPayload?: number } = {}): Promise<Outcome> {
  let faulty: FaultyTransport | undefined;
  const b = await startBoard(p.m, (t) => (faulty = new FaultyTransport(t, plan)), { timeoutMs: opts.timeoutMs ?? 500 });
  const t0 = Date.now();
  try {
    const outputs = await runOn(b, p, opts.maxPayload);
    return { outputs, ms: Date.now() - t0, retransmits: b.client.retransmits, log: faulty!.log };
  } catch (error) {
    return { error, ms: Date.now() - t0, retransmits: b.client.retransmits, log: faulty!.log };
  } finally {
    await b.stop();
  }
}

/** The outcome is the reference's bytes exactly. */
function expectCorrect(o: Outcome): void {
  if (o.error) throw o.error;
  expect(o.outputs!.map((out) => out.map((b) => b.toString('hex')))).toEqual(p.reference.map((out) => out.map((b) => b.toString('hex'))));
}

/** The outcome is one line with the given exit code. */
function expectOneLine(o: Outcome, exit: number, says: RegExp): TinyfitError {
  expect(o.outputs).toBeUndefined();
  expect(o.error).toBeInstanceOf(TinyfitError);
  const e = o.error as TinyfitError;
  expect(e.message).not.toMatch(/\n/);
  expect(e.exitCode).toBe(exit);
  expect(e.message).toMatch(says);
  return e;
}

describe('faults on the agent link to a KWS firmware in QEMU', () => {
  test('no fault: the reference bytes, no retransmission', async () => {
    const o = await underFaults({});
    expectCorrect(o);
    expect(o.retransmits).toBe(0);
  });

  const frameCases: [string, FaultPlan['frames']][] = [
    ['a byte dropped from a SET_INPUT request', [{ dir: 'tx', kind: CMD.SET_INPUT, fault: 'drop-byte' }]],
    ['a bit flipped in an INVOKE request', [{ dir: 'tx', kind: CMD.INVOKE, fault: 'flip-bit' }]],
    ['a GET_OUTPUT request lost', [{ dir: 'tx', kind: CMD.GET_OUTPUT, fault: 'drop-frame' }]],
    ['a byte dropped from a SET_INPUT answer', [{ dir: 'rx', kind: CMD.SET_INPUT | 0x80, fault: 'drop-byte' }]],
    ['a bit flipped in an INVOKE answer', [{ dir: 'rx', kind: CMD.INVOKE | 0x80, nth: 1, fault: 'flip-bit' }]],
    ['a GET_OUTPUT answer lost', [{ dir: 'rx', kind: CMD.GET_OUTPUT | 0x80, fault: 'drop-frame' }]],
  ];
  test.each(frameCases)('%s: resent, the reference bytes', async (_, frames) => {
    const o = await underFaults({ frames });
    console.log(_, o.ms, o.retransmits, o.log);
    expectCorrect(o);
    expect(o.retransmits).toBeGreaterThan(0);
    expect(o.ms).toBeLessThan(5000);
  });

  test('random bit errors both ways: the reference bytes or one line, never a wrong result', async () => {
    const o = await underFaults({ noise: { perByte: 1 / 1500, seed: 3 } });
    console.log('noise', o.ms, o.retransmits, o.log.length, o.error);
    if (o.error) expectOneLine(o, EXIT.connect, /no answer/);
    else expectCorrect(o);
    expect(o.log.length).toBeGreaterThan(0);
  });

  test('a reset mid-transfer (RESET between SET_INPUT chunks): DeviceReset, never a result', async () => {
    const reset = encodeFrame({ kind: CMD.RESET, seq: 0x5a, status: 0, payload: Buffer.alloc(0) });
    const o = await underFaults({ inject: { kind: CMD.SET_INPUT, nth: 1, bytes: reset } }, { maxPayload: 128 });
    console.log('reset', o.ms, o.error);
    expect(o.error).toBeInstanceOf(DeviceReset);
    expectOneLine(o, EXIT.run, /reset during .*retry/);
  });

  test('wrong baud (host 921600, board 115200): one line asking about the baud rate', async () => {
    let faulty: FaultyTransport | undefined;
    const b = await startBoard(p.m, (t) => (faulty = new FaultyTransport(t, { boardBaud: 115200 })), { timeoutMs: 300, waitBoot: false });
    await b.link.setBaudRate(921600);
    const t0 = Date.now();
    try {
      const error = await b.client.info().then(() => undefined, (e) => e);
      const o = { error, ms: Date.now() - t0, retransmits: b.client.retransmits, log: faulty!.log };
      console.log('baud', o);
      expectOneLine(o, EXIT.connect, /baud rate/);
      expect(o.ms).toBeLessThan(5 * 300 + 1000);
    } finally {
      await b.stop();
    }
  });
});
