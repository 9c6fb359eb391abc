/**
 * `tinyfit flash`: picks the flasher of a build's target (its descriptor's `flasher`, else the family's way) and
 * runs it. One flasher a file; this file only chooses.
 */
import { EXIT, TinyfitError } from '../../errors';
import { Target } from '../../targets';
import { BuildManifest } from '../board/manifest';
import { flashQemu } from './qemuLaunch';
import { FlashOptions, FlashResult } from './types';

export type FlasherName = NonNullable<Target['flasher']>;

/** The flasher a target uses when its descriptor does not say. */
export function defaultFlasher(t: Target, hasPort: boolean): FlasherName {
  if (t.flasher && !(t.flasher === 'qemu' && hasPort)) return t.flasher;
  if (!hasPort && t.emulator && /^qemu-system-/.test(t.emulator.program)) return 'qemu';
  if (t.family === 'esp-idf') return 'esptool';
  if (t.family === 'linux') return 'rpi-console';
  if (t.uf2) return 'uf2';
  return 'none';
}

/** Options of {@link flashProject}. */
export type ProjectFlashOptions = Partial<FlashOptions> & { flasher?: FlasherName };

/**
 * Flashes a built project onto its board.
 * @throws TinyfitError with the phase's exit code
 */
export async function flashProject(m: BuildManifest, opts: ProjectFlashOptions): Promise<FlashResult & { flasher: FlasherName }> {
  const flasher = opts.flasher ?? defaultFlasher(m.board, opts.port !== undefined);
  switch (flasher) {
    case 'qemu':
      return { ...(await flashQemu(m, { trace: opts.trace })), flasher };
    case 'none':
      throw new TinyfitError(`tinyfit cannot flash ${m.target} boards itself: flash ${m.dir}'s image with the vendor's tool, then use --port with run, profile or validate`, EXIT.user);
    default:
      throw new TinyfitError(`the ${flasher} flasher is not available in this build of tinyfit`, EXIT.user);
  }
}
