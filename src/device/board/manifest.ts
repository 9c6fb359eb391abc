/**
 * The generated project a device command works on: its tinyfit.json (target, model hash, I/O, agent), the built
 * image, and the host reference build beside it. Every problem is one line naming the folder and the fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../../errors';
import { Target } from '../../targets';

/** One input or output as tinyfit.json records it. */
export interface ManifestTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int8';
  bytes: number;
  scale?: number;
  zeroPoint?: number;
}

/** What the device commands need from a generated project. */
export interface BuildManifest {
  dir: string;
  model: string;
  target: string;
  board: Target;
  prefix: string;
  arenaBytes: number;
  modelHash: string;
  inputs: ManifestTensor[];
  outputs: ManifestTensor[];
  agent: { maxPayload: number; weightsWritable: boolean; weights: { symbol: string; tensor: string; bytes: number }[] } | null;
  reference: string | null;
  calls: { op: string; kind: string }[];
}

/**
 * Reads `<dir>/tinyfit.json`.
 * @throws TinyfitError when the folder is not a generated project or was generated without the agent
 */
export function readManifest(dir: string, opts: { needAgent?: boolean } = {}): BuildManifest {
  const file = path.join(dir, 'tinyfit.json');
  if (!fs.existsSync(file)) {
    throw new TinyfitError(`${dir} is not a tinyfit project (no tinyfit.json): generate one with \`tinyfit generate <model> --target <id> --out ${dir}\``);
  }
  let m: BuildManifest;
  try {
    m = { ...JSON.parse(fs.readFileSync(file, 'utf8')), dir };
  } catch (e) {
    throw new TinyfitError(`${file} is not valid JSON (${(e as Error).message}): generate the project again`);
  }
  if (typeof m.modelHash !== 'string' || !m.board || !Array.isArray(m.inputs)) {
    throw new TinyfitError(`${file} was written by an older tinyfit (no model hash): generate the project again`);
  }
  if (opts.needAgent !== false && !m.agent) {
    throw new TinyfitError(`${dir} was generated without the device agent (--no-agent, or target '${m.target}' has none): generate it again without --no-agent`);
  }
  return m;
}

/**
 * The built firmware image of a project (the family's binary, e.g. firmware.elf).
 * @throws TinyfitError when it has not been built, or is older than the sources
 */
export function builtImage(m: BuildManifest, binary: string): string {
  const image = path.join(m.dir, binary);
  if (!fs.existsSync(image)) throw new TinyfitError(`${image} does not exist: build it first with \`tinyfit build ${m.dir}\``);
  const built = fs.statSync(image).mtimeMs;
  const manifest = fs.statSync(path.join(m.dir, 'tinyfit.json')).mtimeMs;
  if (manifest > built) throw new TinyfitError(`${image} is older than the generated sources in ${m.dir}: build it again with \`tinyfit build ${m.dir}\``);
  return image;
}
