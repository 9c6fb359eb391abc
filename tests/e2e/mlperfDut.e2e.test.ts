/**
 * MLPerf Tiny device-under-test mode end to end: `tinyfit generate … --protocol mlperf` of the KWS reference model
 * (int8 I/O) for qemu-cortex-m4, `tinyfit build`, the firmware started in QEMU with its UART on a pty, and driven
 * from TypeScript exactly as the mlcommons/tiny runner drives a DUT (name, profile, db load, 31-byte db lines,
 * infer N W, results). The printed int8 results must equal the host build's bytes and TFLite Micro's; the
 * timestamps must not go backwards; errors must be e-[...] lines followed by m-ready.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { MlperfClient } from '../../src/device/mlperf/client';
import { QemuSession, startQemu } from '../../src/device/qemu';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { getTarget } from '../../src/targets';
import { hostOutputs } from '../helpers/boardCompare';
import { runCli } from '../helpers/cli';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, kwsTestInput } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const KWS = path.join(MLPERF_DIR, 'kws_ref_model.tflite');
const BOARD = 'qemu-cortex-m4';
const hasQemu = fs.existsSync('/usr/bin/qemu-system-arm') && fs.existsSync('/usr/bin/arm-none-eabi-gcc');

(hasQemu ? describe : describe.skip)('MLPerf Tiny DUT mode on qemu-cortex-m4', () => {
  const root = tempDir('mlperf-dut');
  const x = kwsTestInput();
  const xBytes = Buffer.from(x.buffer, x.byteOffset, x.length);
  let host: number[];
  let session: QemuSession;
  let dut: MlperfClient;

  beforeAll(async () => {
    const out = path.join(root, 'kws');
    const gen = runCli(['generate', KWS, '--target', BOARD, '--io', 'int8', '--protocol', 'mlperf', '-o', out, '--json']);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    const r = JSON.parse(gen.stdout) as { mlperf: { model: string; name: string }; agent: unknown };
    expect(r.mlperf).toMatchObject({ model: 'kws01', name: `tinyfit-${BOARD}` });
    expect(r.agent).toBeNull(); // the UART speaks MLPerf, not the agent
    const built = buildProject(out);
    const g = optimize(importModel(KWS));
    setIo(g, 'int8');
    host = Array.from(new Int8Array(hostOutputs(g, path.join(root, 'host'), [x])[0]));
    session = await startQemu(getTarget(BOARD), path.join(out, built.binary));
    dut = new MlperfClient(session.transport);
    await dut.sync();
  }, 120_000);

  afterAll(async () => {
    await session?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers name byte for byte, and profile with the benchmark', async () => {
    await session.transport.write(Buffer.from('name%'));
    const reply = await session.transport.rx.takeUntil(0x0a, 5000);
    const ready = await session.transport.rx.takeUntil(0x0a, 5000);
    expect(Buffer.concat([reply, ready]).toString('latin1')).toBe(`m-name-dut-[tinyfit-${BOARD}]\r\nm-ready\r\n`);
    expect(await dut.name()).toBe(`tinyfit-${BOARD}`);
    expect(await dut.profile()).toEqual({ profile: 'ULPMark for tinyML Firmware V0.0.1', model: 'kws01' });
  });

  it('runs the KWS input as the runner sends it: results equal the host build and TFLite Micro', async () => {
    const before = await dut.timestamp();
    await dut.load(xBytes);
    expect((await dut.dbPrint()).equals(xBytes)).toBe(true);
    const run = await dut.infer(1, 0);
    const after = await dut.timestamp();
    expect(host).toEqual(KWS_TFLM_OUTPUT);
    expect(run.results).toEqual(host);
    expect(await dut.results()).toEqual(host);
    expect(before).toBeLessThanOrEqual(run.startUs);
    expect(run.startUs).toBeLessThan(run.endUs);
    expect(run.endUs).toBeLessThanOrEqual(after);
    expect(run.latencyUs).toBeGreaterThan(0);
  });

  it('infer N without W runs 10 warm-ups; the results are the same every time', async () => {
    const { lines } = await dut.send('infer 2');
    expect(lines.slice(0, 3)).toEqual(['m-warmup-start-10', 'm-warmup-done', 'm-infer-start-2']);
    expect(lines[lines.length - 1]).toBe(`m-results-[${host.join(',')}]`);
  });

  it('takes an 80-character command, refuses an 81-character one with e-[...] and m-ready, and goes on', async () => {
    expect((await dut.send('name'.padEnd(80, ' '))).lines).toEqual([`m-name-dut-[tinyfit-${BOARD}]`]);
    expect((await dut.send('name'.padEnd(81, ' '))).lines).toEqual(['e-[Command longer than 80 characters]']);
    await expect(dut.command('x'.repeat(81))).rejects.toThrow(/at most 80/);
    expect(await dut.name()).toBe(`tinyfit-${BOARD}`);
  });

  it('answers unknown commands and bad hex with e-[...] lines', async () => {
    expect((await dut.send('bogus')).lines).toEqual(['e-[Unknown command: bogus]']);
    await dut.command('db load 4');
    expect((await dut.send('db abc')).lines).toEqual(['e-[Insufficent number of hex digits]']);
    expect((await dut.send('db 12zz')).lines).toEqual(["e-[Invalid hex digit 'zz']"]);
    await expect(dut.command('bogus')).rejects.toThrow(/refused 'bogus': e-\[Unknown command: bogus\]/);
  });

  it('refuses a db load larger than the input, then an infer without a complete input', async () => {
    expect((await dut.send('db load 491')).lines).toEqual(['e-[Supplied buffer size 491 exceeds maximum of 490]']);
    const err = await dut.infer(1, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TinyfitError);
    expect((err as Error).message).toMatch(/e-\[Input db has 0 bytes, expected 490\]/);
    await dut.load(xBytes); // and a good load still works
    expect((await dut.infer(1, 1)).results).toEqual(host);
  });
});
