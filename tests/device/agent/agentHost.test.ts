/**
 * The device agent (firmware/agent/agent.c) built for the host under ASan with a stub model and a stdin/stdout port
 * (tests/device/agent/stub/), driven by the host's framing and parsers (src/device/agent/): every command's layout
 * in docs/agent-protocol.md against the C, the STALE rule, a repeated INVOKE answered again without a second run, the answers to corrupt, unknown and over-long frames, and
 * INFO's bound (a 300-character model name on a 256-byte payload board is cut, never written past the buffer).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crc32 } from '../../../src/device/agent/crc32';
import { encodeFrame, Frame, FrameDecoder } from '../../../src/device/agent/frame';
import { CMD, EVENT_BOOT, parseInfo, parseInvoke, parseMemory, parseProfile, STATUS } from '../../../src/device/agent/protocol';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LONG_NAME = 'm'.repeat(300);
let dir: string;
let exe: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-agenthost-'));
  const stub = path.join(__dirname, 'stub');
  fs.mkdirSync(path.join(dir, 'agent'));
  fs.mkdirSync(path.join(dir, 'port'));
  for (const f of fs.readdirSync(path.join(REPO, 'firmware', 'agent'))) fs.copyFileSync(path.join(REPO, 'firmware', 'agent', f), path.join(dir, 'agent', f));
  fs.writeFileSync(path.join(dir, 'agent', 'agent_config.h'), '#define TINYFIT_AGENT_MAX_PAYLOAD 256u\n');
  fs.copyFileSync(path.join(stub, 'model.h'), path.join(dir, 'model.h'));
  fs.copyFileSync(path.join(stub, 'port', 'port.h'), path.join(dir, 'port', 'port.h'));
  exe = path.join(dir, 'agent_host');
  const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
  const r = spawnSync('gcc', [...flags, `-I${dir}`, `-DTINYFIT_TEST_NAME="${LONG_NAME}"`, path.join(stub, 'main.c'), path.join(dir, 'agent', 'agent.c'), path.join(dir, 'agent', 'agent_frame.c'), '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed on the host agent:\n${r.stderr}`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const u16 = (v: number) => Buffer.from([v & 0xff, v >> 8]);
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const floats = (...v: number[]) => Buffer.from(new Float32Array(v).buffer);
const req = (kind: number, seq: number, payload: Buffer = Buffer.alloc(0)) => encodeFrame({ kind, seq, status: 0, payload });

test('every command answers with the documented layout; STALE, corrupt, unknown and over-long frames are answered as documented', () => {
  const corrupt = Buffer.from(req(CMD.INFO, 8, Buffer.alloc(20, 0x77)));
  corrupt[corrupt.indexOf(0x77)] ^= 0x10; // a payload bit: the CRC fails, kind and sequence survive
  const weights = Buffer.alloc(8, 0x5a);
  const input = [
    req(CMD.INFO, 1),
    req(CMD.GET_OUTPUT, 2, Buffer.concat([Buffer.from([0]), u32(0), u16(16)])),
    req(CMD.SET_INPUT, 3, Buffer.concat([Buffer.from([0]), u32(0), floats(1, 2, 3, 4)])),
    req(CMD.INVOKE, 4, Buffer.concat([u16(1), u16(0)])),
    req(CMD.INVOKE, 4, Buffer.concat([u16(1), u16(0)])), // sent again (its answer lost): answered again, not run
    req(CMD.GET_OUTPUT, 5, Buffer.concat([Buffer.from([0]), u32(0), u16(16)])),
    req(CMD.INVOKE, 6, Buffer.concat([u16(1), u16(0)])),
    req(CMD.GET_OUTPUT, 7, Buffer.concat([Buffer.from([0]), u32(0), u16(16)])),
    corrupt,
    req(0x42, 9),
    req(CMD.MEMORY, 10),
    req(CMD.LOAD_WEIGHTS, 11, Buffer.concat([u16(0), u32(8), weights])),
    req(CMD.PROFILE, 12, Buffer.concat([Buffer.from([1]), u16(0), u16(0xffff)])),
    req(CMD.SET_INPUT, 13, Buffer.alloc(300, 1)),
    req(CMD.SET_INPUT, 14, Buffer.concat([Buffer.from([0]), u32(12), floats(1, 2)])),
    req(CMD.RESET, 15),
  ];
  const r = spawnSync(exe, [], { input: Buffer.concat(input), timeout: 30_000 });
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  const frames = new FrameDecoder().push(r.stdout);
  const bySeq = (seq: number): Frame => frames.find((f) => f.seq === seq && f.kind !== EVENT_BOOT)!;

  expect(frames[0].kind).toBe(EVENT_BOOT);
  const info = parseInfo(bySeq(1).payload);
  expect(parseInfo(frames[0].payload)).toEqual(info);
  expect(bySeq(1).kind).toBe(CMD.INFO | 0x80);
  expect(info).toMatchObject({ protocol: 1, weightsWritable: true, maxPayload: 256, arenaBytes: 32, stackReserve: 4096, numOps: 1, numWeights: 1, modelHash: '00112233445566778899aabbccddeeff', target: 'host-test', buildId: 'tinyfit test' });
  expect(info.inputs).toEqual([{ dtype: 'float32', bytes: 16 }]);
  expect(info.outputs).toEqual([{ dtype: 'float32', bytes: 16 }]);
  expect(info.modelName).toBe('m'.repeat(Math.floor((256 - 45 - 10) / 3))); // cut to a third of what is left
  expect(bySeq(1).payload.length).toBeLessThanOrEqual(256);

  expect(bySeq(2).status).toBe(STATUS.STALE);
  expect(bySeq(2).payload.toString()).toMatch(/SET_INPUT, then INVOKE/);
  expect(bySeq(3)).toMatchObject({ kind: CMD.SET_INPUT | 0x80, status: STATUS.OK, payload: Buffer.alloc(0) });
  expect(parseInvoke(bySeq(4).payload).runs).toBe(1);
  expect(bySeq(4).payload.length).toBe(28);
  const fours = frames.filter((f) => f.seq === 4);
  expect(fours.length).toBe(2);
  expect(fours[1]).toEqual(fours[0]);
  expect(bySeq(5).payload).toEqual(floats(2, 3, 4, 5));
  expect(bySeq(6).status).toBe(STATUS.OK);
  expect(bySeq(7).status).toBe(STATUS.STALE); // a second run without new inputs
  expect(bySeq(8)).toMatchObject({ kind: CMD.INFO | 0x80, status: STATUS.CORRUPT });
  expect(bySeq(9)).toMatchObject({ kind: 0xc2, status: STATUS.UNKNOWN });
  expect(parseMemory(bySeq(10).payload)).toEqual({ arenaBytes: 32, stackUsed: 1234, stackReserve: 4096, heapUsed: 0 });
  const w = Buffer.concat([Buffer.alloc(8), weights, Buffer.alloc(16)]);
  expect(bySeq(11).payload.readUInt32LE(0)).toBe(crc32(w));
  const prof = parseProfile(bySeq(12).payload);
  expect(prof).toMatchObject({ numOps: 1, first: 0 });
  expect(prof.ops.map((o) => [o.arenaLo, o.arenaHi])).toEqual([[0, 32]]);
  const tooLong = frames.find((f) => f.status === STATUS.TOO_LONG)!;
  expect(tooLong).toMatchObject({ kind: 0x80, seq: 0 });
  expect(bySeq(13)).toBeUndefined(); // dropped whole: never parsed
  expect(bySeq(14).status).toBe(STATUS.RANGE); // 8 bytes at 12 of a 16-byte input
  expect(bySeq(15)).toMatchObject({ kind: CMD.RESET | 0x80, status: STATUS.OK });
});
