import type { Argv, CommandModule } from 'yargs';
import { listTargets, targetFigures } from '../targets';
import { runCommand } from './errors';
import { table } from './table';

interface Args {
  json: boolean;
  verbose: boolean;
}

/**
 * `tinyfit targets`: the shipped descriptors (targets/*.json), each validated against targets/schema.json;
 * a table (clock, ISA features, RAM, flash) or, with --json, the descriptors themselves.
 */
export const targetsCommand: CommandModule<object, Args> = {
  command: 'targets',
  describe: 'List (and validate) the targets code can be generated for; --target also takes a descriptor .json',
  builder: (y: Argv) => y.option('json', { type: 'boolean', default: false, describe: 'the descriptors as a JSON array on stdout' }) as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const all = listTargets();
      if (a.json) {
        process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const rows = all.map((t) => {
        const f = targetFigures(t);
        return [
          t.id,
          t.family,
          t.build.cpu ?? '-',
          f.clockMHz === null ? '-' : `${f.clockMHz} MHz`,
          t.isa.length ? t.isa.join(',') : '-',
          f.ramBytes ?? '-',
          f.flashBytes ?? '-',
          t.port ?? '-',
          t.name,
        ];
      });
      process.stdout.write(table(['id', 'family', 'cpu', 'clock', 'ISA', 'RAM B', 'flash B', 'port', 'name'], rows) + '\n');
    }),
};
