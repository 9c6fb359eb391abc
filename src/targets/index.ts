/**
 * Targets as data: every board is a JSON descriptor (targets/<id>.json, or any .json file a user passes to
 * `--target`) validated against targets/schema.json. See docs/adding-a-target.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { firmwareRoot, packageRoot } from '../paths';
import { loadTargetFile } from './load';
import { Target } from './types';

export type { Target, MemoryRegion, RegisterStep, UsbId } from './types';
export { targetFigures, clockHz } from './derived';
export type { TargetFigures } from './derived';
export { isaFeatures, schemaFamilies, targetSchemaPath } from './validate';

/** Options of {@link getTarget} and {@link listTargets}. */
export interface TargetOptions {
  /** Firmware folder the descriptor's port must exist in (default: the package's firmware/). */
  firmwareDir?: string;
}

const SCHEMA_FILE = 'schema.json';

function targetsDir(): string {
  return path.join(packageRoot(), 'targets');
}

/** Ids of the descriptors shipped in targets/ (their file names), sorted; nothing is validated. */
export function targetIds(): string[] {
  return fs
    .readdirSync(targetsDir())
    .filter((f) => f.endsWith('.json') && f !== SCHEMA_FILE)
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** True when `--target` names a file rather than a shipped id: it ends in .json or has a path separator. */
export function isTargetPath(idOrPath: string): boolean {
  return /\.json$/i.test(idOrPath) || /[\\/]/.test(idOrPath);
}

/**
 * Every descriptor shipped in targets/, validated, sorted by id.
 * @throws TinyfitError naming the first invalid file and field
 */
export function listTargets(opts: TargetOptions = {}): Target[] {
  const firmwareDir = opts.firmwareDir ?? firmwareRoot();
  return targetIds().map((id) => loadTargetFile(path.join(targetsDir(), `${id}.json`), `targets/${id}.json`, { firmwareDir, idIsFileName: true }));
}

/**
 * The target named by `idOrPath`: a shipped id (targets/<id>.json), or the path of a descriptor file (a
 * user's own board, validated the same way).
 * @throws TinyfitError listing the known ids for an unknown id; naming the file and field for a bad descriptor
 */
export function getTarget(idOrPath: string, opts: TargetOptions = {}): Target {
  const firmwareDir = opts.firmwareDir ?? firmwareRoot();
  if (isTargetPath(idOrPath)) return loadTargetFile(path.resolve(idOrPath), idOrPath, { firmwareDir });
  const known = targetIds();
  if (!known.includes(idOrPath)) {
    throw new TinyfitError(`unknown target '${idOrPath}'; known targets: ${known.join(', ')} (see \`tinyfit targets\`), or pass a descriptor file (board.json)`);
  }
  return loadTargetFile(path.join(targetsDir(), `${idOrPath}.json`), `targets/${idOrPath}.json`, { firmwareDir, idIsFileName: true });
}
