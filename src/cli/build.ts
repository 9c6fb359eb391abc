import type { Argv, CommandModule } from 'yargs';
import { buildProject, BuildReport, OPT_LEVELS, OptLevel } from '../build';
import { runCommand } from './errors';
import { bytes, table } from './table';

interface Args {
  dir: string;
  opt?: OptLevel;
  json: boolean;
  verbose: boolean;
}

const pct = (used: number, limit: number | null): string => (limit ? `${((100 * used) / limit).toFixed(1)} %` : '-');

/** The usage table of a build report. */
function reportText(r: BuildReport): string {
  const image = `weights ${bytes(r.flash.weights)}, model constants ${bytes(r.flash.constants)}, code and the rest ${bytes(r.flash.code)}${r.flash.modelCode !== undefined ? ` (the model's code: ${bytes(r.flash.modelCode)})` : ''}`;
  const imageBytes = r.flash.weights + r.flash.constants + r.flash.code;
  const reserve = r.ram.stackReserve ? `, stack reserve ${bytes(r.ram.stackReserve)}` : '';
  const rows: (string | number)[][] = r.ramImage
    ? [
        ['flash', 0, r.flash.limit ?? '-', '-', 'nothing: a RAM image'],
        ['RAM', r.ram.used + r.ram.stackReserve, r.ram.limit ?? '-', pct(r.ram.used + r.ram.stackReserve, r.ram.limit), `image ${bytes(imageBytes)} (${image}), arena ${bytes(r.ram.arena)}, other data ${bytes(r.ram.used - imageBytes - r.ram.arena)}${reserve}`],
      ]
    : [
        ['flash', r.flash.used, r.flash.limit ?? '-', pct(r.flash.used, r.flash.limit), image],
        ['RAM', r.ram.used + r.ram.stackReserve, r.ram.limit ?? '-', pct(r.ram.used + r.ram.stackReserve, r.ram.limit), `arena ${bytes(r.ram.arena)}, other data ${bytes(r.ram.used - r.ram.arena)}${reserve}`],
      ];
  const s = r.stack;
  const notes = [
    s.handler ? `+ ${s.handler} on top` : '',
    s.assumed.length ? `library calls assumed ${s.libraryCallBytes} B: ${s.assumed.join(', ')}` : '',
    s.recursive.length ? `RECURSION (not a bound): ${s.recursive.join(', ')}` : '',
    s.dynamic.length ? `dynamic frames: ${s.dynamic.join(', ')}` : '',
  ].filter(Boolean);
  return (
    `built ${r.binary} for ${r.target} (${r.family})\n` +
    table(['', 'used B', 'limit B', 'used', 'of which'], rows) +
    `\nstack: static worst case ${bytes(s.bytes)}${r.ram.stackReserve ? ` of the ${bytes(r.ram.stackReserve)} reserve` : ''} (deepest path ${s.path.join(' > ')}${notes.length ? `; ${notes.join('; ')}` : ''})\n` +
    (r.uf2 ? `UF2 image: ${r.uf2}\n` : '')
  );
}

/** `tinyfit build <dir>`: builds a generated project and reports flash, RAM and stack against the target. */
export const buildCommand: CommandModule<object, Args> = {
  command: 'build <dir>',
  describe: "Build a generated project with its family's toolchain and report flash, RAM and the static stack bound beside the target's limits",
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a folder written by `tinyfit generate`' })
      .option('opt', { type: 'string', choices: OPT_LEVELS as unknown as string[], describe: "optimization level instead of the Makefile's -O2 (e.g. Os for size)" })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const r = buildProject(a.dir, a.opt ? { optimize: a.opt } : {});
      process.stdout.write(a.json ? JSON.stringify(r, null, 2) + '\n' : reportText(r));
    }),
};
