/**
 * Template families as data: templates/<family>/family.json says where the family's project keeps the model's
 * sources and how `tinyfit build` builds and measures it (the tools, the binary, the size tools and which
 * sections take flash and RAM), or, for a family built by its own tool (ESP-IDF's idf.py), that tool, the
 * command that builds a project and how to install it. Validated with ajv against templates/family.schema.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { TinyfitError } from '../errors';
import { packageRoot } from '../paths';

/** A command a family's build needs and the packages that provide it. */
export interface Tool {
  command: string;
  /** Debian/Ubuntu packages that provide it (apt); empty for a tool apt cannot install (see `install`). */
  packages: string[];
  /** How to install a tool that is not a Debian/Ubuntu package (shell commands). */
  install?: string;
}

/** The tool that builds a family's projects when `tinyfit build` does not (ESP-IDF's idf.py). */
export interface ExternalBuild {
  /** The tool's command, looked for on the PATH. */
  command: string;
  /** The commands that build (and flash) a project in its folder; `{mcu}` is the descriptor's build.mcu. */
  build: string;
  /** The commands that install the tool (not an apt package). */
  install: string;
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
  /** The section reserving the stack (bare-metal linker scripts). */
  stackSection?: string;
  /** GNU objcopy for the binary (the flat image of a UF2 file). */
  objcopy?: string;
  /** Or the static array the firmware runs on as its stack (in the RAM sections): reported as the stack reserve. */
  stackSymbol?: string;
  /** Where the static stack bound starts, as GCC's call graph names it (default Reset_Handler; `{{prefix}}` stands for the symbol prefix). */
  stackEntry?: string;
  /** Stack bytes charged per called library function without a frame in the call graph (default 128). */
  libraryCallBytes?: number;
}

/** One template family. */
export interface Family {
  name: string;
  description: string;
  /** The firmware links the device agent unless `--no-agent` (firmware/agent/, docs/agent-protocol.md). */
  agent: boolean;
  /** Project folder holding model.c/h, weights.c/h, kernels/ and port/ ('.' for the project's root). */
  sourceDir: string;
  build?: FamilyBuild;
  /** Set when the family's projects are built by their own tool (then `build` is absent). */
  external?: ExternalBuild;
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
  if ((data as { build?: unknown }).build && (data as { external?: unknown }).external) {
    throw new TinyfitError(`${rel}: has both build and external; a family is built either by \`tinyfit build\` or by its own tool`);
  }
  const raw = data as Omit<Family, 'name' | 'sourceDir' | 'build' | 'agent'> & { agent?: boolean; sourceDir?: string; build?: Partial<FamilyBuild> & Pick<FamilyBuild, 'tools' | 'binary'>; external?: ExternalBuild };
  const family: Family = {
    name,
    description: raw.description,
    agent: raw.agent ?? false,
    sourceDir: raw.sourceDir ?? '.',
    ...(raw.build ? { build: { commands: [['make']], flashSections: [], ramSections: [], ...raw.build } } : {}),
    ...(raw.external ? { external: raw.external } : {}),
  };
  cache.set(name, family);
  return family;
}
