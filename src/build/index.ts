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
import { modelCodeBytes } from './modelCode';
import { stackBound, StackBound } from './stackBound';
import { toUf2 } from './uf2';
import { lowestLoadAddress } from './elfSizes';
import { ExternalBuild, FamilyBuild, getFamily, Tool } from '../targets/family';

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
  /** Flash: code, read-only data and .data's initial values (0 for a RAM image); of which the weights and the model's constant tables, and `code`: the rest of the image, of which `modelCode` is model.c's and the kernels' functions. */
  flash: Usage & { weights: number; constants: number; code: number; modelCode?: number };
  /** RAM without the stack: .data and .bss (a RAM image: the whole image and .bss); of which the arena. Plus the stack reserve (the linker script's, or the family's stack array). */
  ram: Usage & { arena: number; stackReserve: number };
  /** The static worst-case stack (GCC's call graph). */
  stack: StackBound;
  sections: Sections;
  /** The image runs from RAM (memory.boot "ram"): its code and constants count in `ram.used`, none in flash. */
  ramImage: boolean;
  /** The UF2 image written for targets whose boot loader takes one. */
  uf2?: string;
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
      return `the firmware does not fit target '${m.target}': flash overflowed by ${overflow[2]} B (the board has ${figures.flashBytes ?? '?'} B; weights ${m.weightBytes} B; largest weight arrays: ${largestWeights(m)})`;
    }
    return `the firmware does not fit target '${m.target}': RAM overflowed by ${overflow[2]} B (the board has ${figures.ramBytes ?? '?'} B; arena ${m.arenaBytes} B, peak at op '${m.arenaPeak.op}' with ${m.arenaPeak.live.slice(0, 3).join(', ')} live; plus the stack reserve)`;
  }
  const first = out.split('\n').find((l) => /error|Error|undefined reference/.test(l)) ?? out.trim().split('\n').pop() ?? '';
  return `the build failed: ${first.trim()}`;
}

/** Largest weight arrays as `tensor bytes B, ...`. */
const largestWeights = (m: GenerateResult): string => m.weightArrays.slice(0, 3).map((w) => `${w.tensor} ${w.bytes} B`).join(', ');

/**
 * A model whose weights alone exceed the board's flash, or whose arena alone exceeds its RAM, cannot fit: said
 * before compiling (a multi-megabyte weights.c takes the compiler a while to refuse).
 */
function obviousOverflow(m: GenerateResult): string | undefined {
  const figures = targetFigures(m.board);
  if (figures.flashBytes !== null && m.weightBytes > figures.flashBytes) {
    return `the firmware does not fit target '${m.target}': the weights alone take ${m.weightBytes} B of the board's ${figures.flashBytes} B of flash (largest weight arrays: ${largestWeights(m)})`;
  }
  if (figures.ramBytes !== null && m.arenaBytes > figures.ramBytes) {
    return `the firmware does not fit target '${m.target}': the arena alone takes ${m.arenaBytes} B of the board's ${figures.ramBytes} B of RAM (peak at op '${m.arenaPeak.op}' with ${m.arenaPeak.live.slice(0, 3).join(', ')} live)`;
  }
  return undefined;
}

/** What to run instead of `tinyfit build` for a family built by its own tool, and how to install that tool when missing. */
function externalBuildMessage(dir: string, m: GenerateResult, ext: ExternalBuild): string {
  const run = `cd ${dir} && ${ext.build.replace(/\{mcu\}/g, m.board.build.mcu ?? m.target).replace(/\{prefix\}/g, m.prefix)}`;
  const install = hasCommand(ext.command) ? '' : `; ${ext.command} is not installed; install it with: ${ext.install}`;
  return `${dir}: target '${m.target}' (family ${m.board.family}) is built with ${ext.command}, not \`tinyfit build\`: ${run}${install}`;
}

/** Whether a section is one of `names`: a name, or a prefix ending in `*` as in a linker script (`.text*`: `.text.<fn>` too). */
const named = (section: string, names: string[]): boolean => names.some((n) => (n.endsWith('*') ? section.startsWith(n.slice(0, -1)) : section === n));

/** Sum of the named sections, each counted once. */
const sum = (s: Sections, names: string[]): number => Object.entries(s).reduce((a, [name, bytes]) => a + (named(name, names) ? bytes : 0), 0);

/** A family's text with `{{prefix}}` filled in. */
const fill = (text: string, prefix: string): string => text.replace(/\{\{prefix\}\}/g, prefix);

/** The bound with static functions named relative to the project (CMake compiles absolute paths: `/…/src/k.c:fn`). */
function projectRelative(b: StackBound, dir: string): StackBound {
  const abs = path.resolve(dir) + path.sep;
  return { ...b, path: b.path.map((f) => f.split(abs).join('')) };
}

/** Runs the family's build commands in the project folder, in order; the first failure is a one-line error. */
function runBuild(dir: string, chain: FamilyBuild, m: GenerateResult, opts: BuildOptions): void {
  for (const [program, ...args] of withOptimization(chain.commands, opts.optimize, m.target)) {
    const r = spawnSync(program, args, { cwd: dir, encoding: 'utf8' });
    if (r.error) throw new TinyfitError(`the build failed: cannot run ${program} (${r.error.message})`);
    if (r.status !== 0) throw new TinyfitError(buildFailure(`${r.stdout}\n${r.stderr}`, m));
  }
}

/** GCC optimization levels {@link buildProject} can build at. */
export const OPT_LEVELS = ['O0', 'O1', 'O2', 'O3', 'Os', 'Oz'] as const;
/** One of {@link OPT_LEVELS}. */
export type OptLevel = (typeof OPT_LEVELS)[number];

/** Options of {@link buildProject}. */
export interface BuildOptions {
  /**
   * Build at this optimization level instead of the Makefile's default (-O2): make runs with `OPT=-<level>` and
   * `-B`, so the binary is rebuilt even when a build at another level is up to date.
   */
  optimize?: OptLevel;
}

/**
 * The build commands with an optimization level: every `make` gets `-B OPT=-<level>` (the generated Makefiles
 * take the level from OPT); unchanged without a level.
 * @throws TinyfitError on an unknown level, or when the family does not build with make
 */
export function withOptimization(commands: string[][], level: OptLevel | undefined, target: string): string[][] {
  if (level === undefined) return commands;
  if (!OPT_LEVELS.includes(level)) throw new TinyfitError(`unknown optimization level '${level as string}' (one of ${OPT_LEVELS.join(', ')})`);
  if (!commands.some(([program]) => program === 'make')) throw new TinyfitError(`target '${target}' is not built with make: its optimization level is set in its own build files`);
  return commands.map(([program, ...args]) => (program === 'make' ? [program, '-B', `OPT=-${level}`, ...args] : [program, ...args]));
}

/**
 * Builds the project in `dir` and measures it (at `opts.optimize`, or the Makefile's -O2).
 * @throws TinyfitError when the family is built by its own tool (naming the command to run), the toolchain is missing, the build fails (a region overflow names its biggest
 *   consumers), or the firmware exceeds the target's flash or RAM
 */
export function buildProject(dir: string, opts: BuildOptions = {}): BuildReport {
  const m = MANIFEST(dir);
  const family = m.board.family;
  const fam = getFamily(family);
  if (fam.external) throw new TinyfitError(externalBuildMessage(dir, m, fam.external));
  const chain: FamilyBuild | undefined = fam.build;
  if (!chain) throw new TinyfitError(`${dir}: family '${family}' (target '${m.target}') is not built by tinyfit yet; build it with its own tools`);
  if (!chain.size || !chain.nm) {
    throw new TinyfitError(`${dir}: target '${m.target}' is the host build for tests and reference runs (\`make -C ${dir}\`); \`tinyfit build\` measures firmware`);
  }
  const missing = missingTool(chain.tools, family);
  if (missing) throw new TinyfitError(missing);
  const early = obviousOverflow(m);
  if (early) throw new TinyfitError(early);
  runBuild(dir, chain, m, opts);
  const binary = fill(chain.binary, m.prefix);
  const elf = path.join(dir, binary);
  const sections = sectionSizes(chain.size, elf);
  const symbols = symbolSizes(chain.nm, elf);
  const weights = symbols.filter((s) => new RegExp(`^${m.prefix}_w\\d+_`).test(s.name)).reduce((a, s) => a + s.bytes, 0);
  const constants = symbols.filter((s) => new RegExp(`^${m.prefix}_op\\d+_`).test(s.name)).reduce((a, s) => a + s.bytes, 0);
  const arena = symbols.find((s) => s.name === `${m.prefix}_arena`)?.bytes ?? 0;
  const stackReserve = chain.stackSection ? (sections[chain.stackSection] ?? 0) : chain.stackSymbol ? (symbols.find((s) => s.name === chain.stackSymbol)?.bytes ?? 0) : 0;
  // A RAM image (memory.boot "ram") keeps its code and constants in RAM too: nothing is in flash.
  const ramBoot = m.board.memory?.boot === 'ram';
  const imageBytes = sum(sections, chain.flashSections);
  const flashUsed = ramBoot ? 0 : imageBytes;
  // A stack that is a static array lies in the RAM sections: count it once, as the reserve.
  const ramSections = sum(sections, chain.ramSections) - (chain.stackSymbol ? stackReserve : 0);
  const ramUsed = ramBoot ? imageBytes + sum(sections, chain.ramSections.filter((x) => !chain.flashSections.includes(x))) : ramSections;
  const figures = targetFigures(m.board);
  const report: BuildReport = {
    dir,
    target: m.target,
    family,
    binary,
    ramImage: ramBoot,
    flash: { used: flashUsed, limit: figures.flashBytes, weights, constants, code: imageBytes - weights - constants, modelCode: modelCodeBytes(dir, symbols) },
    ram: { used: ramUsed, limit: figures.ramBytes, arena, stackReserve },
    stack: projectRelative(stackBound(dir, chain.stackEntry === undefined ? undefined : fill(chain.stackEntry, m.prefix), undefined, chain.libraryCallBytes), dir),
    sections,
  };
  if (report.flash.limit !== null && report.flash.used > report.flash.limit) {
    throw new TinyfitError(`the firmware does not fit target '${m.target}': flash ${flashUsed} B over the board's ${report.flash.limit} B (weights ${weights} B; largest weight arrays: ${largestWeights(m)})`);
  }
  const ramNeed = report.ram.used + report.ram.stackReserve;
  if (report.ram.limit !== null && ramNeed > report.ram.limit) {
    throw new TinyfitError(
      `the firmware does not fit target '${m.target}': RAM ${ramNeed} B (stack reserve ${report.ram.stackReserve} B included) over the board's ${report.ram.limit} B (arena ${arena} B, peak at op '${m.arenaPeak.op}' with ${m.arenaPeak.live.slice(0, 3).join(', ')} live)`,
    );
  }
  if (m.board.uf2) report.uf2 = writeUf2(dir, elf, chain, m.board.uf2.familyId);
  return report;
}

/** Writes `firmware.uf2` next to the ELF: its flat image from the lowest loaded address, in UF2 blocks. */
function writeUf2(dir: string, elf: string, chain: FamilyBuild, familyId: string): string {
  if (!chain.objcopy) throw new TinyfitError(`${dir}: the target takes UF2 images but its family names no objcopy`);
  const { data, base } = flatImage(dir, elf, chain);
  const out = path.join(dir, 'firmware.uf2');
  fs.writeFileSync(out, toUf2(data, base, parseInt(familyId, 16)));
  return out;
}

/**
 * An ELF's flat image (`objcopy -O binary`, written as firmware.bin next to it) and the address it starts at.
 * @throws TinyfitError when the family names no objcopy or objcopy fails
 */
export function flatImage(dir: string, elf: string, chain: FamilyBuild): { data: Buffer; base: number } {
  if (!chain.objcopy) throw new TinyfitError(`${dir}: its family names no objcopy: cannot make a flat image`);
  const bin = path.join(dir, 'firmware.bin');
  const r = spawnSync(chain.objcopy, ['-O', 'binary', elf, bin], { encoding: 'utf8' });
  if (r.status !== 0) throw new TinyfitError(`${chain.objcopy} failed on ${elf}: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
  return { data: fs.readFileSync(bin), base: lowestLoadAddress(chain.objcopy.replace(/objcopy$/, 'objdump'), elf) };
}
