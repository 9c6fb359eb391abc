/**
 * `tinyfit build <dir>`: builds a generated project with its family's toolchain and measures what the firmware
 * takes beside what the target has: flash (code, constants and the weights, .data's initial values), RAM (.data
 * and .bss: the arena, I/O, the port's state; the stack reserve apart) and the static worst-case stack from GCC's
 * call graph. A firmware that does not fit is a user error naming the limit and its biggest consumers.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { GenerateResult } from '../codegen';
import { MANIFEST_FILE } from '../codegen/writeProject';
import { targetFigures } from '../targets';
import { sectionSizes, Sections, symbolSizes } from './elfSizes';
import { stackBound, StackBound } from './stackBound';
import { FamilyBuild, getFamily, Tool } from '../targets/family';

/** Flash or RAM: what the firmware uses and what the target has. */
export interface Usage {
  used: number;
  /** The target's bytes (null when its descriptor does not say). */
  limit: number | null;
}

/** What `tinyfit build` measured. */
export interface BuildReport {
  dir: string;
  target: string;
  family: string;
  binary: string;
  /** Flash: code, read-only data and .data's initial values; of which the weights and the model's constant tables. */
  flash: Usage & { weights: number; constants: number; code: number };
  /** RAM without the stack: .data and .bss; of which the arena. Plus the stack reserve (the linker script's). */
  ram: Usage & { arena: number; stackReserve: number };
  /** The static worst-case stack (GCC's call graph). */
  stack: StackBound;
  sections: Sections;
}

const MANIFEST = (dir: string): GenerateResult => {
  const f = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(f)) throw new TinyfitError(`${dir}: no ${MANIFEST_FILE}; build a folder made by \`tinyfit generate\``);
  return JSON.parse(fs.readFileSync(f, 'utf8')) as GenerateResult;
};

/** Whether a command is on the PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** The first missing tool of a toolchain, as one line naming the package to install. */
function missingTool(tools: Tool[], family: string): string | undefined {
  const t = tools.find((x) => !hasCommand(x.command));
  return t && `${t.command} is not installed (family ${family}): install ${t.packages.join(' ')} (Debian/Ubuntu: sudo apt-get install ${t.packages.join(' ')}), or run \`tinyfit doctor --install\``;
}

/** The one-line reason a failed make gives: a region overflow, else the first error line. */
function buildFailure(out: string, m: GenerateResult): string {
  const overflow = /region `?(\w+)'? overflowed by (\d+) bytes/.exec(out);
  if (overflow) {
    const region = overflow[1];
    const figures = targetFigures(m.board);
    if (region === 'FLASH') {
      const biggest = m.weightArrays.slice(0, 3).map((w) => `${w.tensor} ${w.bytes} B`).join(', ');
      return `the firmware does not fit target '${m.target}': flash overflowed by ${overflow[2]} B (the board has ${figures.flashBytes ?? '?'} B; weights ${m.weightBytes} B; largest weight arrays: ${biggest})`;
    }
    return `the firmware does not fit target '${m.target}': RAM overflowed by ${overflow[2]} B (the board has ${figures.ramBytes ?? '?'} B; arena ${m.arenaBytes} B, peak at op '${m.arenaPeak.op}' with ${m.arenaPeak.live.slice(0, 3).join(', ')} live; plus the stack reserve)`;
  }
  const first = out.split('\n').find((l) => /error|Error|undefined reference/.test(l)) ?? out.trim().split('\n').pop() ?? '';
  return `the build failed: ${first.trim()}`;
}

/** Sum of the named sections, each with its sub-sections (`.text` counts `.text.<fn>`, as a linker script's `*(.text*)` gathers them). */
const sum = (s: Sections, names: string[]): number =>
  Object.entries(s).reduce((a, [name, bytes]) => a + (names.some((n) => name === n || name.startsWith(`${n}.`)) ? bytes : 0), 0);

/** A family's text with `{{prefix}}` (and `{{dir}}`) filled in. */
const fill = (text: string, prefix: string, dir = ''): string => text.replace(/\{\{prefix\}\}/g, prefix).replace(/\{\{dir\}\}/g, dir);

/** The bound with static functions named relative to the project (CMake compiles absolute paths: `/…/src/k.c:fn`). */
function projectRelative(b: StackBound, dir: string): StackBound {
  const abs = path.resolve(dir) + path.sep;
  return { ...b, path: b.path.map((f) => f.split(abs).join('')) };
}

/** Runs the family's build commands in the project folder, in order; the first failure is a one-line error. */
function runBuild(dir: string, chain: FamilyBuild, m: GenerateResult): void {
  for (const [program, ...args] of chain.commands) {
    const r = spawnSync(program, args, { cwd: dir, encoding: 'utf8' });
    if (r.error) throw new TinyfitError(`the build failed: cannot run ${program} (${r.error.message})`);
    if (r.status !== 0) throw new TinyfitError(buildFailure(`${r.stdout}\n${r.stderr}`, m));
  }
}

/**
 * Builds the project in `dir` and measures it.
 * @throws TinyfitError when the toolchain is missing, the build fails (a region overflow names its biggest
 *   consumers), or the firmware exceeds the target's flash or RAM
 */
export function buildProject(dir: string): BuildReport {
  const m = MANIFEST(dir);
  const family = m.board.family;
  const fam = getFamily(family);
  const chain: FamilyBuild | undefined = fam.build;
  if (!chain) {
    if (fam.buildHint) throw new TinyfitError(`${dir}: target '${m.target}' is ${fill(fam.buildHint, m.prefix, dir)}`);
    throw new TinyfitError(`${dir}: family '${family}' (target '${m.target}') is not built by tinyfit yet; build it with its own tools`);
  }
  if (!chain.size || !chain.nm) {
    throw new TinyfitError(`${dir}: target '${m.target}' is the host build for tests and reference runs (\`make -C ${dir}\`); \`tinyfit build\` measures firmware`);
  }
  const missing = missingTool(chain.tools, family);
  if (missing) throw new TinyfitError(missing);
  runBuild(dir, chain, m);
  const binary = fill(chain.binary, m.prefix);
  const elf = path.join(dir, binary);
  const sections = sectionSizes(chain.size, elf);
  const symbols = symbolSizes(chain.nm, elf);
  const weights = symbols.filter((s) => new RegExp(`^${m.prefix}_w\\d+_`).test(s.name)).reduce((a, s) => a + s.bytes, 0);
  const constants = symbols.filter((s) => new RegExp(`^${m.prefix}_op\\d+_`).test(s.name)).reduce((a, s) => a + s.bytes, 0);
  const arena = symbols.find((s) => s.name === `${m.prefix}_arena`)?.bytes ?? 0;
  const flashUsed = sum(sections, chain.flashSections);
  const figures = targetFigures(m.board);
  const report: BuildReport = {
    dir,
    target: m.target,
    family,
    binary,
    flash: { used: flashUsed, limit: figures.flashBytes, weights, constants, code: flashUsed - weights - constants },
    ram: { used: sum(sections, chain.ramSections), limit: figures.ramBytes, arena, stackReserve: chain.stackSection ? (sections[chain.stackSection] ?? 0) : 0 },
    stack: projectRelative(stackBound(dir, fill(chain.stackEntry, m.prefix)), dir),
    sections,
  };
  if (report.flash.limit !== null && report.flash.used > report.flash.limit) {
    const biggest = m.weightArrays.slice(0, 3).map((w) => `${w.tensor} ${w.bytes} B`).join(', ');
    throw new TinyfitError(`the firmware does not fit target '${m.target}': flash ${flashUsed} B over the board's ${report.flash.limit} B (weights ${weights} B; largest weight arrays: ${biggest})`);
  }
  const ramNeed = report.ram.used + report.ram.stackReserve;
  if (report.ram.limit !== null && ramNeed > report.ram.limit) {
    throw new TinyfitError(
      `the firmware does not fit target '${m.target}': RAM ${ramNeed} B (stack reserve ${report.ram.stackReserve} B included) over the board's ${report.ram.limit} B (arena ${arena} B, peak at op '${m.arenaPeak.op}' with ${m.arenaPeak.live.slice(0, 3).join(', ')} live)`,
    );
  }
  return report;
}
