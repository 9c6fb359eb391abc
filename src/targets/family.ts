/**
 * Template families as data: templates/<family>/family.json says where the family's project keeps the model's
 * sources and how `tinyfit build` builds and measures it (the tools, the binary, the size tools and which
 * sections take flash and RAM). Validated with ajv against templates/family.schema.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { TinyfitError } from '../errors';
import { packageRoot } from '../paths';

/** A command a family's build needs and the packages that provide it. */
export interface Tool {
  command: string;
  /** Debian/Ubuntu packages that provide it (apt). */
  packages: string[];
}

/** How a family's project is built (its commands in the project folder, make by default) and measured. */
export interface FamilyBuild {
  tools: Tool[];
  /** The commands that build the project, each a program and its arguments, run in order in the project folder. */
  commands: string[][];
  /** The binary the build produces, relative to the project folder (`{{prefix}}` stands for the symbol prefix). */
  binary: string;
  /** GNU size and nm for that binary; without them the build is not measured (the host build). */
  size?: string;
  nm?: string;
  flashSections: string[];
  ramSections: string[];
  stackSection?: string;
  /** The function the static stack bound starts from (`{{prefix}}` stands for the symbol prefix). */
  stackEntry: string;
}

/** One template family. */
export interface Family {
  name: string;
  description: string;
  /** Project folder holding model.c/h, weights.c/h, kernels/ and port/ ('.' for the project's root). */
  sourceDir: string;
  build?: FamilyBuild;
  /** For a family tinyfit does not build: how to build its projects (`{{prefix}}`, `{{dir}}` stand for the prefix and folder). */
  buildHint?: string;
}

let validator: ValidateFunction | undefined;
const cache = new Map<string, Family>();

function validate(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'templates', 'family.schema.json'), 'utf8')) as object;
    validator = new Ajv2020({ strict: true }).compile(schema);
  }
  return validator;
}

/**
 * The family named `name` (templates/<name>/family.json).
 * @throws TinyfitError naming the file and the problem (missing, not JSON, not valid against the schema)
 */
export function getFamily(name: string): Family {
  const hit = cache.get(name);
  if (hit) return hit;
  const rel = `templates/${name}/family.json`;
  const file = path.join(packageRoot(), rel);
  if (!fs.existsSync(file)) throw new TinyfitError(`family '${name}' has no ${rel}: every template family describes its layout and build there`);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TinyfitError(`${rel}: not valid JSON (${(e as Error).message})`);
  }
  const check = validate();
  if (!check(data)) {
    const e = check.errors?.[0];
    throw new TinyfitError(`${rel}: ${e?.instancePath || 'the file'} ${e?.message ?? 'is not valid'}`);
  }
  const raw = data as Omit<Family, 'name' | 'sourceDir' | 'build'> & { sourceDir?: string; build?: Partial<FamilyBuild> & Pick<FamilyBuild, 'tools' | 'binary'> };
  const family: Family = {
    name,
    description: raw.description,
    sourceDir: raw.sourceDir ?? '.',
    ...(raw.build ? { build: { commands: [['make']], flashSections: [], ramSections: [], stackEntry: 'Reset_Handler', ...raw.build } } : {}),
    ...(raw.buildHint ? { buildHint: raw.buildHint } : {}),
  };
  cache.set(name, family);
  return family;
}
