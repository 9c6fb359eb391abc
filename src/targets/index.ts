import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { packageRoot } from '../paths';

/**
 * A target descriptor (targets/<id>.json). Fields follow PlatformIO's board JSON where one exists
 * (build.cpu, build.f_cpu, build.mcu, upload.*) plus tinyfit's own (family, isa, ...).
 */
export interface Target {
  id: string;
  name: string;
  /** Template family under templates/<family>/ (host, cortex-m, esp-idf, linux). */
  family: string;
  build: { cpu?: string | null; f_cpu?: string | number | null; mcu?: string | null };
  isa: string[];
  upload: { maximum_ram_size?: number | null; maximum_size?: number | null; protocol?: string | null; speed?: number | null };
  description?: string;
}

function validate(t: Record<string, unknown>, file: string): Target {
  for (const k of ['id', 'name', 'family']) {
    if (typeof t[k] !== 'string' || !t[k]) throw new Error(`internal: target descriptor ${file} lacks '${k}'`);
  }
  if (!fs.existsSync(path.join(packageRoot(), 'templates', String(t.family)))) {
    throw new Error(`internal: target ${file} names family '${t.family}' without templates/${t.family}`);
  }
  return { build: {}, isa: [], upload: {}, ...t } as unknown as Target;
}

/** Every target descriptor shipped in targets/, sorted by id. */
export function listTargets(): Target[] {
  const dir = path.join(packageRoot(), 'targets');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => validate(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The target with this id; a TinyfitError listing the known ids otherwise. */
export function getTarget(id: string): Target {
  const all = listTargets();
  const t = all.find((x) => x.id === id);
  if (!t) throw new TinyfitError(`unknown target '${id}'; known targets: ${all.map((x) => x.id).join(', ')} (see \`tinyfit targets\`)`);
  return t;
}
