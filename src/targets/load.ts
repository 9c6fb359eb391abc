/**
 * Reading one descriptor file: JSON, the schema (validate.ts), then what a schema cannot check: the family's
 * templates and the port's folder exist, memory regions have distinct names and do not overlap, and a shipped
 * descriptor's id is its file name. Every failure is a TinyfitError of one line starting with the file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { packageRoot } from '../paths';
import { Target } from './types';
import { schemaError } from './validate';
import { getFamily } from './family';

/** Where to look for what a descriptor names. */
export interface LoadContext {
  /** Firmware folder holding ports/<port>/ (default: the package's firmware/). */
  firmwareDir: string;
  /** The file name must be <id>.json (shipped descriptors). */
  idIsFileName?: boolean;
}

/** Sub-folders of a folder, sorted ('' when it does not exist). */
function folders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

function readJson(file: string, label: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new TinyfitError(`cannot read target descriptor ${label}: ${why}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // Keep the line printable: the parser's message may quote raw bytes of the file.
    const msg = String((e as Error).message).replace(/[^\x20-\x7e]/g, '?');
    throw new TinyfitError(`${label}: not valid JSON (${msg})`);
  }
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Distinct region names, no two regions overlapping; the problem as one sentence, or undefined. */
function memoryError(t: Target): string | undefined {
  const regions = t.memory?.regions ?? [];
  for (let j = 0; j < regions.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = regions[i];
      const b = regions[j];
      if (a.name === b.name) return `memory.regions[${j}] repeats the name '${b.name}' of memory.regions[${i}]`;
      if (a.origin < b.origin + b.length && b.origin < a.origin + a.length) {
        return `memory.regions[${j}] ('${b.name}', ${hex(b.origin)}+${b.length}) overlaps memory.regions[${i}] ('${a.name}', ${hex(a.origin)}+${a.length})`;
      }
    }
  }
  return undefined;
}

/** What the schema cannot check about a schema-valid descriptor; one sentence, or undefined. */
function contentError(t: Target, file: string, ctx: LoadContext): string | undefined {
  const templates = path.join(packageRoot(), 'templates');
  if (!fs.existsSync(path.join(templates, t.family))) {
    return `family '${t.family}' has no templates (templates/${t.family}/ is missing); families with templates: ${folders(templates).filter((f) => f !== 'common').join(', ')}`;
  }
  try {
    getFamily(t.family);
  } catch (e) {
    return (e as Error).message;
  }
  if (t.port !== undefined && !fs.existsSync(path.join(ctx.firmwareDir, 'ports', t.port))) {
    return `port '${t.port}' has no folder firmware/ports/${t.port}/; ports: ${folders(path.join(ctx.firmwareDir, 'ports')).join(', ') || 'none'}`;
  }
  if (ctx.idIsFileName && path.basename(file) !== `${t.id}.json`) return `id '${t.id}' must match the file name (${t.id}.json)`;
  return memoryError(t);
}

/**
 * Reads and validates one descriptor file.
 * @param file path of the .json
 * @param label how messages name the file (targets/host.json, or the path the user gave)
 * @throws TinyfitError of one line, `<label>: <field> ...`, on any problem
 */
export function loadTargetFile(file: string, label: string, ctx: LoadContext): Target {
  const json = readJson(file, label);
  const bad = schemaError(json);
  if (bad) throw new TinyfitError(`${label}: ${bad}`);
  const { $schema: _ignored, ...fields } = json as Record<string, unknown>;
  const t = { ...fields, build: fields.build ?? {}, isa: fields.isa ?? [], upload: fields.upload ?? {} } as Target;
  const wrong = contentError(t, file, ctx);
  if (wrong) throw new TinyfitError(`${label}: ${wrong}`);
  return t;
}
