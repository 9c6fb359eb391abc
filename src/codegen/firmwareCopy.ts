/**
 * How C sources from firmware/ (kernels, ports) enter a generated project: copied with a banner naming where
 * they came from, and the `tinyfit_` / `TINYFIT_` prefix of every symbol and include guard rewritten to the
 * model's, so several models link into one firmware.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cComment } from './format';
import { toolVersion } from './version';

/** Where a copied file comes from: `firmwareDir/<rel>`, shown as `firmware/<rel>` in the banner. */
export interface FirmwareSource {
  firmwareDir: string;
  /** Path inside the firmware folder, e.g. `kernels/dsp/dense_f32.c`. */
  rel: string;
  /** Said after the origin in the banner, e.g. `dsp variant`. */
  note?: string;
  /** Text put before the file's own (after the banner), e.g. a #define. */
  prelude?: string;
}

/**
 * The text of a firmware file as the project gets it: banner, prelude, then the file, prefix rewritten.
 * @param name the file's name in the project (kernels/dense_f32.c), for the banner
 */
export function copyFirmware(src: FirmwareSource, name: string, prefix: string, modelName: string): string {
  const text = (src.prelude ?? '') + fs.readFileSync(path.join(src.firmwareDir, src.rel), 'utf8');
  const from = `firmware/${src.rel}${src.note ? ` (${src.note})` : ''}`;
  const banner = `/* ${path.basename(name)}: copied by tinyfit ${toolVersion()} for model '${cComment(modelName)}' from ${from}, symbols prefixed '${prefix}_'. */\n`;
  return banner + text.replace(/\btinyfit_/g, `${prefix}_`).replace(/\bTINYFIT_/g, `${prefix.toUpperCase()}_`);
}
