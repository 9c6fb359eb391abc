/** The baud ladder steps down on link failures only, and remembers per adapter what worked. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ladderFrom, rememberedBaud, withBaudLadder } from '../../src/device/baudLadder';
import { EXIT, TinyfitError } from '../../src/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-baud-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('baud ladder', () => {
  it('steps 921600 → 460800 → … → 19200, starting at a lower remembered speed', () => {
    expect(ladderFrom(921600)).toEqual([921600, 460800, 230400, 115200, 57600, 38400, 19200]);
    expect(ladderFrom(921600, 230400)).toEqual([230400, 115200, 57600, 38400, 19200]);
    expect(ladderFrom(115200, 921600)).toEqual([115200, 57600, 38400, 19200]);
  });

  it('steps down on link errors, remembers the speed that worked, and starts there next time', async () => {
    const file = path.join(dir, 'baud.json');
    const tried: number[] = [];
    const link = (ok: number) => async (baud: number): Promise<string> => {
      tried.push(baud);
      if (baud > ok) throw new TinyfitError(`garbled answer at ${baud}`, EXIT.connect);
      return `ok at ${baud}`;
    };
    const steps: number[] = [];
    const r = await withBaudLadder('10C4:EA60:0001', 921600, link(230400), { retryable: (e) => e instanceof TinyfitError && e.exitCode === EXIT.connect, onStep: (b) => steps.push(b), file });
    expect(r).toEqual({ value: 'ok at 230400', baud: 230400 });
    expect(tried).toEqual([921600, 460800, 230400]);
    expect(steps).toEqual([460800, 230400]);
    expect(rememberedBaud('10C4:EA60:0001', file)).toBe(230400);
    expect(rememberedBaud('10C4:EA60:0002', file)).toBeUndefined();
    tried.length = 0;
    await withBaudLadder('10C4:EA60:0001', 921600, link(921600), { retryable: () => true, file });
    expect(tried).toEqual([230400]);
  });

  it('throws other failures at once, and the last link error after the bottom step', async () => {
    const file = path.join(dir, 'b2.json');
    let calls = 0;
    await expect(
      withBaudLadder('x', 921600, async () => {
        calls++;
        throw new TinyfitError('verify failed', EXIT.verify);
      }, { retryable: (e) => (e as TinyfitError).exitCode === EXIT.connect, file }),
    ).rejects.toMatchObject({ exitCode: EXIT.verify });
    expect(calls).toBe(1);
    await expect(
      withBaudLadder('y', 460800, async (b) => {
        throw new TinyfitError(`no sync at ${b}`, EXIT.connect);
      }, { retryable: () => true, file }),
    ).rejects.toThrow('no sync at 19200 (also at 230400, 115200, 57600, 38400, 19200 baud)');
  });
});
