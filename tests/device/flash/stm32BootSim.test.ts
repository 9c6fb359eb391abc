/**
 * The AN3155 simulator's own wire format, byte for byte, for what stm32flash never sends: bad checksums and
 * complements must be NACKed (0x1F), commands answered with ACK (0x79) framing exactly as AN3155 lays them out.
 */
import { openSerial } from '../../../src/device/serialTransport';
import { Transport } from '../../../src/device/transport';
import { openPtyPair, PtyPair } from '../../helpers/ptyPair';
import { Stm32BootSim } from '../../helpers/stm32BootSim';

const ACK = 0x79;
const NACK = 0x1f;
const xor = (bytes: number[]): number => bytes.reduce((a, b) => a ^ b, 0);
const addr = (a: number): number[] => {
  const b = [(a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff];
  return [...b, xor(b)];
};

let pair: PtyPair;
let sim: Stm32BootSim;
let host: Transport;

beforeEach(async () => {
  pair = await openPtyPair();
  sim = await Stm32BootSim.start(pair.b, { version: 0x31 });
  host = await openSerial(pair.a);
});
afterEach(async () => {
  await host.close();
  await sim.stop();
  await pair.close();
});

/** Sends bytes and takes `n` back (1 s deadline). */
async function ask(bytes: number[], n: number): Promise<number[]> {
  await host.write(Buffer.from(bytes));
  return [...(await host.rx.take(n, 1000))];
}

it('speaks AN3155: autobaud, GET, GET_VERSION, GET_ID, WRITE, READ, EXTENDED_ERASE, GO; NACKs bad checksums', async () => {
  expect(await ask([0x7f], 1)).toEqual([ACK]);
  expect(await ask([0x00, 0xff], 15)).toEqual([ACK, 11, 0x31, 0x00, 0x01, 0x02, 0x11, 0x21, 0x31, 0x44, 0x63, 0x73, 0x82, 0x92, ACK]);
  expect(await ask([0x01, 0xfe], 5)).toEqual([ACK, 0x31, 0x00, 0x00, ACK]);
  expect(await ask([0x02, 0xfd], 5)).toEqual([ACK, 0x01, 0x04, 0x13, ACK]);
  expect(await ask([0x02, 0x00], 1)).toEqual([NACK]); // complement wrong
  expect(await ask([0x43, 0xbc], 1)).toEqual([NACK]); // ERASE not offered by a 3.1 boot loader

  // WRITE_MEMORY 4 bytes at 0x08000100: a wrong data checksum is NACKed and nothing stored.
  const data = [0x12, 0x34, 0x56, 0x78];
  expect(await ask([0x31, 0xce], 1)).toEqual([ACK]);
  expect(await ask(addr(0x08000100), 1)).toEqual([ACK]);
  expect(await ask([3, ...data, xor([3, ...data]) ^ 1], 1)).toEqual([NACK]);
  expect(sim.read(0x08000100, 4).every((b) => b === 0xff)).toBe(true);
  expect(await ask([0x31, 0xce], 1)).toEqual([ACK]);
  expect(await ask(addr(0x08000100), 1)).toEqual([ACK]);
  expect(await ask([3, ...data, xor([3, ...data])], 1)).toEqual([ACK]);

  // READ_MEMORY: a bad address checksum is NACKed; a good one returns the bytes after the length's ACK.
  expect(await ask([0x11, 0xee], 1)).toEqual([ACK]);
  const bad = addr(0x08000100);
  bad[4] ^= 0xff;
  expect(await ask(bad, 1)).toEqual([NACK]);
  expect(await ask([0x11, 0xee], 1)).toEqual([ACK]);
  expect(await ask(addr(0x08000100), 1)).toEqual([ACK]);
  expect(await ask([3, 0xfc], 5)).toEqual([ACK, ...data]);

  // EXTENDED_ERASE of page 0 (N-1 = 0 as u16, page 0 as u16, XOR of all), then the mass erase 0xFFFF.
  expect(await ask([0x44, 0xbb], 1)).toEqual([ACK]);
  expect(await ask([0x00, 0x00, 0x00, 0x00, 0x01], 1)).toEqual([NACK]);
  expect(await ask([0x44, 0xbb], 1)).toEqual([ACK]);
  expect(await ask([0x00, 0x00, 0x00, 0x00, 0x00], 1)).toEqual([ACK]);
  expect(sim.read(0x08000100, 4).every((b) => b === 0xff)).toBe(true);
  expect(await ask([0x44, 0xbb], 1)).toEqual([ACK]);
  expect(await ask([0xff, 0xff, 0x00], 1)).toEqual([ACK]);

  // GO: ACK, address, ACK; then the boot loader is gone (silent).
  expect(await ask([0x21, 0xde], 1)).toEqual([ACK]);
  expect(await ask(addr(0x08000000), 1)).toEqual([ACK]);
  expect(sim.started).toBe(0x08000000);
  expect(sim.log).toEqual(['INIT', 'GET', 'GET_VERSION', 'GET_ID', 'WRITE 0x8000100 4', 'READ 0x8000100 4', 'ERASE 0', 'MASS_ERASE', 'GO 0x8000000']);
});

it('a 2.x boot loader offers ERASE (0x43) with 8-bit page numbers', async () => {
  await sim.stop();
  sim = await Stm32BootSim.start(pair.b, { version: 0x22 });
  expect(await ask([0x7f], 1)).toEqual([ACK]);
  expect(await ask([0x43, 0xbc], 1)).toEqual([ACK]);
  expect(await ask([0x01, 0x00, 0x01, 0x00], 1)).toEqual([ACK]); // pages 0 and 1: N=1, XOR 1^0^1 = 0
  expect(await ask([0x44, 0xbb], 1)).toEqual([NACK]);
  expect(sim.log).toEqual(['INIT', 'ERASE 0,1']);
});
