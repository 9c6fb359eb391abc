/**
 * The ST-Link flasher. No ST-Link (nor an SWD target simulator) runs here, so the real `openocd` binary is run only
 * up to where it looks for the adapter; the later phases are checked by reading transcripts made of the markers
 * OpenOCD's own `program` procedure prints (src/flash/startup.tcl), not against a live peer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, TinyfitError } from '../../../src/errors';
import { flashOpenocd, openocdArgs, OpenocdOptions, openocdTarget } from '../../../src/device/flash/openocd';
import { openocdFailure, OpenocdWatcher } from '../../../src/device/flash/openocdOutput';

const BASE = 0x08000000;
const seg = [{ address: BASE, data: Buffer.alloc(1024, 0x5a) }];

async function failure(opts: OpenocdOptions): Promise<TinyfitError> {
  try {
    await flashOpenocd(seg, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(TinyfitError);
    expect((e as Error).message).not.toMatch(/\n/);
    return e as TinyfitError;
  }
  throw new Error('flash succeeded without an ST-Link');
}

/** The failure a transcript ends in (undefined: success). */
function judge(transcript: string, exitCode: number, reset = true): TinyfitError | undefined {
  const w = new OpenocdWatcher();
  for (const l of transcript.split('\n')) if (l.trim()) w.line(l.trim(), 0);
  return openocdFailure(w.report, exitCode, { adapter: 'interface/stlink.cfg', target: 'target/stm32f4x.cfg', reset });
}

describe('flashOpenocd', () => {
  it('builds the program command line: adapter, serial, speed, target, file at its address, verify, reset, exit', () => {
    expect(openocdArgs('/tmp/a b.bin', BASE, { target: 'target/stm32f4x.cfg', adapterSerial: '066DFF49', speedKhz: 1800 })).toEqual([
      '-f', 'interface/stlink.cfg',
      '-c', 'adapter serial 066DFF49',
      '-c', 'adapter speed 1800',
      '-f', 'target/stm32f4x.cfg',
      '-c', 'program {/tmp/a b.bin} 0x08000000 verify reset exit',
    ]);
    expect(openocdArgs('fw.elf', undefined, { target: 'target/stm32l4x.cfg', reset: false })).toEqual([
      '-f', 'interface/stlink.cfg', '-f', 'target/stm32l4x.cfg', '-c', 'program {fw.elf} verify exit',
    ]);
  });

  it('names the target config of a part number', () => {
    expect(openocdTarget('STM32F407VG')).toBe('target/stm32f4x.cfg');
    expect(openocdTarget('stm32h743zi')).toBe('target/stm32h7x.cfg');
    expect(openocdTarget('stm32l476rg')).toBe('target/stm32l4x.cfg');
    expect(openocdTarget('stm32l053r8')).toBe('target/stm32l0.cfg');
    expect(openocdTarget('esp32')).toBeUndefined();
  });

  it('openocd missing is one line naming the package', async () => {
    const e = await failure({ target: 'target/stm32f4x.cfg', command: '/nonexistent/openocd' });
    expect(e.exitCode).toBe(EXIT.user);
    expect(e.message).toMatch(/^openocd is not installed: .*apt install openocd/);
  });

  it('the real openocd with no ST-Link attached: EXIT.connect, one line, quickly', async () => {
    const t0 = Date.now();
    const e = await failure({ target: 'target/stm32f4x.cfg', timeoutMs: 20_000 });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(e.exitCode).toBe(EXIT.connect);
    expect(e.message).toMatch(/^no ST-Link found \(openocd: open failed/);
  });

  it('a missing ELF is refused before openocd runs', async () => {
    const e = await failure({ target: 'target/stm32f4x.cfg', elf: path.join(os.tmpdir(), 'no-such-firmware.elf') });
    expect(e.exitCode).toBe(EXIT.user);
    expect(fs.existsSync(path.join(os.tmpdir(), 'no-such-firmware.elf'))).toBe(false);
  });

  it('reads each phase of a program run from its markers; never a success without "Verified OK"', () => {
    const ok = '** Programming Started **\n** Programming Finished **\n** Verify Started **\n** Verified OK **\n** Resetting Target **\nshutdown command invoked';
    expect(judge(ok, 0)).toBeUndefined();
    expect(judge(ok.replace('** Resetting Target **\n', ''), 0, false)).toBeUndefined();
    expect(judge('Error: init mode failed (unable to connect to the target)\n** OpenOCD init failed **', 1)?.exitCode).toBe(EXIT.connect);
    const erase = judge('** Programming Started **\nError: failed erasing sectors 0 to 2\n** Programming Failed **', 1);
    expect([erase?.exitCode, erase?.message]).toEqual([EXIT.erase, expect.stringMatching(/^erasing flash over interface\/stlink.cfg failed/)]);
    expect(judge('** Programming Started **\nError: error writing to flash at address 0x08000000\n** Programming Failed **', 1)?.exitCode).toBe(EXIT.write);
    const verify = judge('** Programming Started **\n** Programming Finished **\n** Verify Started **\nError: checksum mismatch - attempting binary compare\n** Verify Failed **', 1);
    expect(verify?.exitCode).toBe(EXIT.verify);
    const reset = judge('** Programming Started **\n** Programming Finished **\n** Verify Started **\n** Verified OK **\nError: timed out while waiting for target halted', 1);
    expect([reset?.exitCode, reset?.message]).toEqual([EXIT.reset, expect.stringMatching(/^the image IS written and verified, but resetting the target failed/)]);
    expect(judge('** Programming Started **\n** Programming Finished **\nshutdown command invoked', 0)?.exitCode).toBe(EXIT.verify);
  });
});
