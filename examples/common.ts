/**
 * Helpers shared by the example training scripts: locating the repository, a seeded PRNG, and saving /
 * loading TF.js Layers models as `model.json` + `weights.bin` without tfjs-node's `file://` handler.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The tinyfit repository root (the nearest ancestor of this file whose package.json is named "tinyfit"). */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tinyfit') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the tinyfit repository above ${__dirname}`);
  }
}

export { mulberry32, permutation } from '../src/util/rng';

/** A standard-normal sample (Box–Muller) from a uniform PRNG. */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export { saveLayersModel, loadLayersModelFromDir } from '../src/compress/tfModelIo';

/** Formats seconds as e.g. "4m 07s" / "12.3s". */
export function fmtSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}
