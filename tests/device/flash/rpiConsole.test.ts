/**
 * Flashing a Raspberry Pi over its serial console, against real peers: socat gives a pty whose other end is a
 * login prompt and then an interactive bash (a Pi's console in miniature: tests/device/flash/fakeConsole.sh), and
 * the uploaded aarch64 runner (MLPerf Tiny KWS, rpi4) is started on that console under qemu-aarch64 (no binfmt
 * here). Asserts: the upload is byte-identical (SHA-256), a chunk damaged on the line is sent again, an upload cut
 * off part-way resumes from the bytes already there, a file changed on the Pi fails verify (EXIT.verify), a wrong
 * password fails connect; the agent then answers on the same line with the model's hash and outputs equal to
 * the host build's, and a second flash gets the shell back from the running agent.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { EXIT, TinyfitError } from '../../../src/errors';
import { AgentClient } from '../../../src/device/agent/client';
import { flashRpiConsole, RpiConsoleOptions } from '../../../src/device/flash/rpiConsole';
import { openSerial } from '../../../src/device/serialTransport';
import { Transport } from '../../../src/device/transport';
import { buildRpiKws, int8Sample, RpiKws } from '../../helpers/rpiKws';
import { Socat, startSocat } from '../../helpers/socat';
import { tempDir } from '../../helpers/zooRun';

const root = tempDir('rpi-console');
const home = path.join(root, 'home');
const con = path.join(root, 'console.pty');
let kws: RpiKws;
let image: Buffer;
let socat: Socat;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  kws = buildRpiKws(root);
  image = fs.readFileSync(kws.runner);
  fs.mkdirSync(home);
  const script = path.join(__dirname, 'fakeConsole.sh');
  socat = await startSocat(`pty,raw,echo=0,link=${con}`, `EXEC:bash ${script},pty,stderr,setsid,sigint,sane,ctty`, [con], { ...process.env, HOME: home });
}, 60_000);

afterAll(async () => {
  await socat?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** The options of every flash here: the console, the login, and qemu-aarch64 in front of the runner. */
function options(extra: Partial<RpiConsoleOptions> = {}): RpiConsoleOptions {
  return { port: con, user: 'pi', password: 'raspberry', remotePath: '~/tinyfit/runner', execPrefix: kws.emulator.join(' '), ...extra };
}

/** The console link with a fault injected into what the host sends. */
async function faulty(fault: (data: Buffer, n: number) => Buffer | 'fail'): Promise<Transport> {
  const t = await openSerial(con);
  let n = 0;
  return {
    name: t.name,
    rx: t.rx,
    get baudRate() {
      return t.baudRate;
    },
    get isOpen() {
      return t.isOpen;
    },
    setSignals: (s, ms) => t.setSignals(s, ms),
    setBaudRate: (b, ms) => t.setBaudRate(b, ms),
    close: () => t.close(),
    async write(data, ms) {
      const out = fault(data, n++);
      if (out === 'fail') throw new TinyfitError(`serial port ${t.name} closed or vanished (board reset or unplugged?)`, EXIT.connect);
      return t.write(out, ms);
    },
  };
}

const isChunk = (d: Buffer): boolean => d.includes("printf %s '");

it('a wrong password fails connect with one line and its exit code', async () => {
  const err = await flashRpiConsole([{ address: 0, data: image }], options({ password: 'wrong', commandTimeoutMs: 3000 })).catch((e) => e);
  expect(err).toBeInstanceOf(TinyfitError);
  expect(err.exitCode).toBe(EXIT.connect);
  expect(err.message).toMatch(/^connect: the login on .* was refused \("Login incorrect"\): check the user and password$/);
}, 30_000);

it('an upload cut off part-way fails the write phase and the next flash resumes from the bytes already there', async () => {
  let chunks = 0;
  const t = await faulty((d) => (isChunk(d) && ++chunks === 4 ? 'fail' : d));
  const err = await flashRpiConsole([{ address: 0, data: image }], options({ transport: t }))
    .catch((e) => e)
    .finally(() => t.close());
  expect(err).toBeInstanceOf(TinyfitError);
  expect(err.exitCode).toBe(EXIT.write);
  expect(err.message).toMatch(/^write: .*flash again to continue where it stopped$/);
  expect(fs.statSync(path.join(home, 'tinyfit/runner.part')).size).toBe(3 * 2048);
  // The next one starts from there; a changed file on the Pi (appended to once the write is done) fails verify.
  const res = await flashRpiConsole(
    [{ address: 0, data: image }],
    options({ start: false, progress: (phase, done, total) => phase === 'write' && done === total && fs.appendFileSync(path.join(home, 'tinyfit/runner.part'), 'x') }),
  ).catch((e) => e);
  expect(res).toBeInstanceOf(TinyfitError);
  expect(res.exitCode).toBe(EXIT.verify);
  expect(res.message).toMatch(/^verify: the file on the Pi has SHA-256 [0-9a-f]{16}…, the runner [0-9a-f]{16}…; the partial file was removed: flash again$/);
  expect(fs.existsSync(path.join(home, 'tinyfit/runner.part'))).toBe(false);
  expect(fs.existsSync(path.join(home, 'tinyfit/runner'))).toBe(false);
}, 60_000);

it('resumes, resends a damaged chunk, verifies on the Pi and starts the agent, which computes the host build\'s outputs', async () => {
  // A first, interrupted flash leaves 2 chunks; the second resumes, and its 2nd chunk gets one byte flipped on the way.
  let chunks = 0;
  const cut = await faulty((d) => (isChunk(d) && ++chunks === 3 ? 'fail' : d));
  await expect(flashRpiConsole([{ address: 0, data: image }], options({ transport: cut })).finally(() => cut.close())).rejects.toThrow(/^write: /);
  let sent = 0;
  const t = await faulty((d) => {
    if (!isChunk(d) || ++sent !== 2) return d;
    const bad = Buffer.from(d);
    const at = bad.indexOf("printf %s '") + 40;
    bad[at] = bad[at] === 0x41 ? 0x42 : 0x41; // another base64 letter: decodes, to the wrong bytes
    return bad;
  });
  try {
    await flashAndRun(t);
  } finally {
    await t.close();
  }
}, 60_000);

/** The flash of the test above, and the agent on the same line. */
async function flashAndRun(t: Transport): Promise<void> {
  const t0 = Date.now();
  const r = await flashRpiConsole([{ address: 0, data: image }], options({ transport: t }));
  const ms = Date.now() - t0;
  expect(r.resumedFromByte).toBe(2 * 2048);
  expect(r.resumedBlocks).toBe(1);
  expect(r.bytes).toBe(image.length - 2 * 2048);
  expect(r.verified).toBe('sha256');
  expect(sha256(fs.readFileSync(path.join(home, 'tinyfit/runner')))).toBe(sha256(image));
  expect(fs.statSync(path.join(home, 'tinyfit/runner')).mode & 0o111).toBe(0o111);
  expect(r.info?.modelHash).toBe(kws.modelHash);
  console.log(`rpi console flash (pty): ${image.length} B runner, ${r.bytes} B sent after resuming at ${r.resumedFromByte}, ${r.resumedBlocks} chunk resent, ${ms} ms (${JSON.stringify(r.phaseMs)})`);

  // The same line now carries the agent's frames.
  const client = new AgentClient(t, { timeoutMs: 5000 });
  const info = await client.info();
  expect(info.modelHash).toBe(kws.modelHash);
  for (const seed of [7, 8]) {
    const x = int8Sample(kws.inputBytes, seed);
    await client.setInput(0, x, info.maxPayload);
    await client.invoke(1, 0);
    expect((await client.getOutput(0, kws.outputBytes, info.maxPayload)).toString('hex')).toBe(kws.host(x).toString('hex'));
  }
}

it('a second flash gets the shell back from the running agent and starts the new runner', async () => {
  const r = await flashRpiConsole([{ address: 0, data: image }], options());
  expect(r.resumedFromByte).toBe(0);
  expect(r.resumedBlocks).toBe(0);
  expect(r.info?.modelHash).toBe(kws.modelHash);
  const t = await openSerial(con);
  try {
    expect((await new AgentClient(t, { timeoutMs: 5000 }).info()).target).toBe('rpi4');
  } finally {
    await t.close();
  }
}, 60_000);
