/**
 * The linux family's agent mode (`./runner --agent tty`): the MLPerf Tiny KWS runner built for rpi4 with
 * aarch64-linux-gnu-gcc runs in qemu-aarch64 with its agent on one end of a socat pty pair; tinyfit's AgentClient
 * on the other end (serialport) gets INFO with the model's hash, computes outputs byte-equal to the host build's,
 * a PROFILE whose per-op ticks sum to within 2 % of the whole inference, MEMORY figures, a RESET with a new boot
 * event, and the leave sequence ends the runner with status 0.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AgentClient } from '../../src/device/agent/client';
import { AGENT_LEAVE } from '../../src/device/flash/consoleShell';
import { openSerial } from '../../src/device/serialTransport';
import { Transport } from '../../src/device/transport';
import { buildRpiKws, int8Sample, RpiKws } from '../helpers/rpiKws';
import { Socat, startSocat } from '../helpers/socat';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('linux-agent');
let kws: RpiKws;
let socat: Socat;
let runner: ChildProcess;
let transport: Transport;
let client: AgentClient;

beforeAll(async () => {
  kws = buildRpiKws(root);
  const [host, dev] = [path.join(root, 'host.pty'), path.join(root, 'dev.pty')];
  socat = await startSocat(`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${dev}`, [host, dev]);
  const [program, ...args] = kws.emulator;
  runner = spawn(program, [...args, kws.runner, '--agent', dev, '115200'], { stdio: 'ignore' });
  transport = await openSerial(host);
  client = new AgentClient(transport, { timeoutMs: 5000 });
}, 60_000);

afterAll(async () => {
  await transport?.close();
  if (runner && runner.exitCode === null) runner.kill('SIGKILL');
  await socat?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

it('announces its boot and answers INFO with the model hash tinyfit generate reported', async () => {
  const boot = await client.waitBoot(10_000);
  expect(boot?.modelHash).toBe(kws.modelHash);
  const info = await client.info();
  expect(info).toMatchObject({ modelHash: kws.modelHash, target: 'rpi4', tickHz: 1e9, inputs: [{ dtype: 'int8', bytes: 490 }], outputs: [{ dtype: 'int8', bytes: 12 }] });
}, 20_000);

it('SET_INPUT, INVOKE and GET_OUTPUT give the host build\'s bytes for several inputs', async () => {
  const info = await client.info();
  for (const seed of [1, 2, 3]) {
    const x = int8Sample(kws.inputBytes, seed);
    await client.setInput(0, x, info.maxPayload);
    const t = await client.invoke(1, 0);
    expect(t.runs).toBe(1);
    const y = await client.getOutput(0, kws.outputBytes, info.maxPayload);
    expect(y.toString('hex')).toBe(kws.host(x).toString('hex'));
  }
}, 30_000);

it('PROFILE: one tick count per op, summing to within 2 % of the whole inference; MEMORY: arena and measured stack', async () => {
  const info = await client.info();
  const p = await client.profile();
  expect(p.ops.length).toBe(info.numOps);
  expect(info.numOps).toBeGreaterThan(5);
  const sum = p.ops.reduce((a, o) => a + Number(o.ticks), 0);
  expect(Math.abs(sum - Number(p.total)) / Number(p.total)).toBeLessThan(0.02);
  const m = await client.memory();
  expect(m.arenaBytes).toBe(info.arenaBytes);
  expect(m.stackUsed).toBeGreaterThan(0);
  expect(m.stackUsed).toBeLessThan(m.stackReserve);
  console.log(`KWS on rpi4 in qemu-aarch64, agent on a pty: ${info.numOps} ops, per-op sum ${sum} ns of ${p.total} ns; stack ${m.stackUsed} of ${m.stackReserve} B`);
}, 30_000);

it('RESET announces a new boot and the agent answers again; the leave sequence ends the runner with status 0', async () => {
  const boot = await client.reset(10_000);
  expect(boot.modelHash).toBe(kws.modelHash);
  expect((await client.info()).modelHash).toBe(kws.modelHash);
  const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
  await transport.write(AGENT_LEAVE);
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 10_000))]);
  expect(code).toBe(0);
}, 30_000);
