/**
 * `tinyfit flash`: picks the flasher of a build's target (its descriptor's `flasher`, else the family's way) and
 * runs it. One flasher a file; this file only chooses.
 */
import { EXIT, TinyfitError } from '../../errors';
import { Target } from '../../targets';
import { BuildManifest } from '../board/manifest';
import * as fs from 'fs';
import * as path from 'path';
import { flatImage as flatBinary } from '../../build';
import { getFamily } from '../../targets/family';
import { familyBinary } from '../board/session';
import { flashOpenocd, openocdTarget } from './openocd';
import { withBaudLadder } from '../baudLadder';
import { listPorts, samePort } from '../discover';
import { flashEsp32 } from './esp32';
import { flashQemu } from './qemuLaunch';
import { flashUf2 } from './uf2Drive';
import { flashRpiConsole, RpiConsoleOptions } from './rpiConsole';
import { stm32ProductId } from './stm32Devices';
import { flashStm32 } from './stm32flash';
import { FlashOptions, FlashResult, ImageSegment } from './types';

export type FlasherName = NonNullable<Target['flasher']>;

/** The flasher a target uses when its descriptor does not say. */
export function defaultFlasher(t: Target, hasPort: boolean): FlasherName {
  if (t.flasher && !(t.flasher === 'qemu' && hasPort)) return t.flasher;
  if (!hasPort && t.emulator) return 'qemu';
  if (t.family === 'esp-idf') return 'esptool';
  if (t.family === 'linux') return 'rpi-console';
  if (t.uf2) return 'uf2';
  return 'none';
}

/** Options of {@link flashProject}. */
export type ProjectFlashOptions = Partial<FlashOptions> & { flasher?: FlasherName; onBaudStep?: (baud: number, why: string) => void; console?: Pick<RpiConsoleOptions, 'user' | 'password' | 'remotePath' | 'execPrefix'> };

/**
 * Flashes a built project onto its board.
 * @throws TinyfitError with the phase's exit code
 */
export async function flashProject(m: BuildManifest, opts: ProjectFlashOptions): Promise<FlashResult & { flasher: FlasherName }> {
  const flasher = opts.flasher ?? defaultFlasher(m.board, opts.port !== undefined);
  switch (flasher) {
    case 'qemu':
      return { ...(await flashQemu(m, { trace: opts.trace })), flasher };
    case 'stm32flash': {
      if (!opts.port) throw new TinyfitError(`stm32flash needs the board's serial port: give --port (its USART boot loader, BOOT0 high)`, EXIT.user);
      const mcu = m.board.build?.mcu ?? '';
      const port = opts.port;
      const image = flatImage(m);
      // A boot loader that does not sync at this speed through this adapter is tried one step lower.
      const { value } = await withBaudLadder(adapterKey(port), opts.baud ?? 115200, (baud) => flashStm32(image, { ...opts, port, baud, productId: stm32ProductId(mcu) }), {
        retryable: (e) => e instanceof TinyfitError && e.exitCode === EXIT.connect && !/not installed|apt install|No such file|busy|permission/i.test(e.message),
        onStep: opts.onBaudStep,
      });
      return { ...value, flasher };
    }
    case 'openocd': {
      const target = openocdTarget(m.board.build?.mcu ?? '');
      if (!target) throw new TinyfitError(`no OpenOCD target config known for ${m.target} (mcu '${m.board.build?.mcu ?? '?'}'): flash with the vendor's tool`, EXIT.user);
      return { ...(await flashOpenocd([], { target, elf: path.join(m.dir, familyBinary(m)), progress: opts.progress, trace: opts.trace })), flasher };
    }
    case 'rpi-console': {
      if (!opts.port) throw new TinyfitError(`a Raspberry Pi is flashed over its serial console: give --port (the USB-serial adapter on its GPIO 14/15 UART)`, EXIT.user);
      const runner = fs.readFileSync(path.join(m.dir, familyBinary(m)));
      const r = await flashRpiConsole([{ address: 0, data: runner }], { ...opts, ...opts.console, port: opts.port });
      return { ...r, flasher };
    }
    case 'esptool': {
      if (!opts.port) throw new TinyfitError(`an ESP32 is flashed through its serial port: give --port (\`tinyfit devices\` lists them)`, EXIT.user);
      return { ...(await flashEsp32(espIdfSegments(m), { ...opts, port: opts.port })), flasher };
    }
    case 'uf2': {
      const uf2 = path.join(m.dir, 'firmware.uf2');
      if (!fs.existsSync(uf2)) throw new TinyfitError(`${uf2} does not exist: build the project with \`tinyfit build ${m.dir}\``, EXIT.user);
      // --port names the boot drive's folder here; the firmware's serial port is for run, profile, validate.
      return { ...(await flashUf2(uf2, { ...opts, boardId: 'RPI-RP2' })), flasher };
    }
    case 'none':
      throw new TinyfitError(`tinyfit cannot flash ${m.target} boards itself: flash ${m.dir}'s image with the vendor's tool, then use --port with run, profile or validate`, EXIT.user);
    default:
      throw new TinyfitError(`the ${flasher} flasher is not available in this build of tinyfit`, EXIT.user);
  }
}

/** The built image as one flat segment at its lowest load address (objcopy -O binary of the ELF). */
export function flatImage(m: BuildManifest): ImageSegment[] {
  const chain = getFamily(m.board.family).build;
  if (!chain) throw new TinyfitError(`the ${m.board.family} family is built by its own tools: cannot make a flat image`);
  const { data, base } = flatBinary(m.dir, path.join(m.dir, familyBinary(m)), chain);
  return [{ address: base, data }];
}

/** What the baud memory is keyed by: the adapter's VID:PID and serial number when sysfs knows the port, else its path. */
function adapterKey(port: string): string {
  const p = listPorts([], { all: true }).find((x) => samePort(x.path, port));
  return p?.vid ? `${p.vid}:${p.pid}:${p.serialNumber ?? ''}` : port;
}

/**
 * The images of an ESP-IDF build and their flash offsets (boot loader, partition table, app), from the
 * `build/flasher_args.json` that `idf.py build` writes for its own flasher.
 */
export function espIdfSegments(m: BuildManifest): ImageSegment[] {
  const file = path.join(m.dir, 'build', 'flasher_args.json');
  if (!fs.existsSync(file)) throw new TinyfitError(`${file} does not exist: build the project with ESP-IDF first (\`idf.py set-target ${m.board.build?.mcu ?? 'esp32'} && idf.py build\` in ${m.dir})`);
  let files: Record<string, string>;
  try {
    files = JSON.parse(fs.readFileSync(file, 'utf8')).flash_files;
  } catch (e) {
    throw new TinyfitError(`${file}: not valid JSON (${(e as Error).message}): build the project again`);
  }
  if (!files || typeof files !== 'object' || Object.keys(files).length === 0) throw new TinyfitError(`${file} lists no flash_files: build the project again with idf.py`);
  return Object.entries(files)
    .map(([offset, rel]) => {
      const bin = path.join(m.dir, 'build', rel);
      if (!fs.existsSync(bin)) throw new TinyfitError(`${bin} (named in ${file}) does not exist: build the project again with idf.py`);
      return { address: parseInt(offset, 16), data: fs.readFileSync(bin) };
    })
    .sort((a, b) => a.address - b.address);
}
