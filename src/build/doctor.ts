/**
 * `tinyfit doctor`: which tools each target needs (its family's toolchain, its emulator), which are installed and
 * at what version, and the one command that installs the missing ones (Debian/Ubuntu packages); with `install`,
 * runs it. A tool apt cannot install (ESP-IDF's idf.py) is reported with its own installer's commands.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { TinyfitError } from '../errors';
import { getTarget, listTargets, Target } from '../targets';
import { getFamily, Tool } from '../targets/family';
import { EMULATOR_PACKAGES } from './emulators';

/** One tool the chosen targets need. */
export interface ToolStatus {
  command: string;
  /** Debian/Ubuntu packages that provide it; empty when apt cannot install it (then `install` says how). */
  packages: string[];
  /** How to install a tool that is not an apt package (ESP-IDF's installer for idf.py). */
  install?: string;
  /** The targets that need it. */
  neededBy: string[];
  /** First line of `<command> --version`, or null when the command is missing. */
  version: string | null;
}

/** What doctor found. */
export interface DoctorReport {
  tools: ToolStatus[];
  /** The packages to install, and the command that does it (null when nothing is missing). */
  missingPackages: string[];
  installCommand: string | null;
  /** Missing tools apt cannot install, with the commands that install them. */
  manual: { command: string; install: string; neededBy: string[] }[];
}

/** Debian packages of the flashers tinyfit drives (the others are libraries: esptool-js, or need nothing). */
const FLASHER_PACKAGES: Record<string, string[]> = { stm32flash: ['stm32flash'], openocd: ['openocd'] };

/**
 * The tools a target needs: its family's toolchain (or the tool that builds its projects), its emulator, its
 * flasher, and — where firmware carries the device agent — the host's cc and make for `validate`'s reference build.
 */
export function toolsOf(t: Target): Tool[] {
  const family = getFamily(t.family);
  const tools = [...(family.build?.tools ?? [])];
  if (family.external) tools.push({ command: family.external.command, packages: [], install: family.external.install });
  if (t.emulator) tools.push({ command: t.emulator.program, packages: EMULATOR_PACKAGES[t.emulator.program] ?? [] });
  if (t.flasher && FLASHER_PACKAGES[t.flasher]) tools.push({ command: t.flasher, packages: FLASHER_PACKAGES[t.flasher] });
  if (family.agent) {
    for (const tool of getFamily('host').build?.tools ?? []) if (!tools.some((x) => x.command === tool.command)) tools.push(tool);
  }
  return tools;
}

function versionOf(command: string): string | null {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) return null;
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return ((r.stdout || r.stderr || '').split('\n').find((l) => l.trim()) ?? 'installed').trim();
}

/**
 * Checks the tools of one target (by id or descriptor path) or of every shipped target.
 * @throws TinyfitError for an unknown target or an invalid descriptor
 */
export function doctor(target?: string): DoctorReport {
  const targets = target ? [getTarget(target)] : listTargets();
  const byCommand = new Map<string, ToolStatus>();
  for (const t of targets) {
    for (const tool of toolsOf(t)) {
      const s = byCommand.get(tool.command) ?? { command: tool.command, packages: tool.packages, ...(tool.install ? { install: tool.install } : {}), neededBy: [], version: versionOf(tool.command) };
      s.neededBy.push(t.id);
      byCommand.set(tool.command, s);
    }
  }
  const tools = [...byCommand.values()];
  const missingPackages = [...new Set(tools.filter((t) => t.version === null).flatMap((t) => t.packages))].sort();
  const manual = tools.filter((t) => t.version === null && t.install).map((t) => ({ command: t.command, install: t.install as string, neededBy: t.neededBy }));
  return { tools, missingPackages, installCommand: missingPackages.length ? `sudo apt-get install -y ${missingPackages.join(' ')}` : null, manual };
}

/**
 * Installs the missing packages with apt-get (as root, or through sudo).
 * @throws TinyfitError when the system is not Debian/Ubuntu, there is no way to become root, or apt-get fails
 */
export function installMissing(r: DoctorReport): void {
  if (!r.missingPackages.length) return;
  if (!fs.existsSync('/etc/debian_version') || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    throw new TinyfitError(`--install uses apt-get (Debian/Ubuntu); install these yourself: ${r.missingPackages.join(' ')}`);
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && spawnSync('sh', ['-c', 'command -v sudo']).status === 0;
  if (!root && !sudo) throw new TinyfitError(`--install needs root or sudo to run: ${r.installCommand}`);
  const run = (args: string[]): void => {
    const res = spawnSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (res.status !== 0) throw new TinyfitError(`${args.join(' ')} failed (exit ${res.status}); run it yourself to see why`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...r.missingPackages]);
}
