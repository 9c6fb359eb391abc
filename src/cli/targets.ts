import type { Argv, CommandModule } from 'yargs';
import { listTargets } from '../targets';
import { runCommand } from './errors';
import { table } from './table';

interface Args {
  json: boolean;
  verbose: boolean;
}

/** `tinyfit targets`: the boards and virtual boards code can be generated for. */
export const targetsCommand: CommandModule<object, Args> = {
  command: 'targets',
  describe: 'List the targets code can be generated for',
  builder: (y: Argv) => y.option('json', { type: 'boolean', default: false, describe: 'machine-readable output on stdout' }) as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const all = listTargets();
      if (a.json) {
        process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const rows = all.map((t) => [
        t.id,
        t.family,
        t.build.cpu ?? '',
        t.upload.maximum_ram_size ? `${t.upload.maximum_ram_size}` : '-',
        t.upload.maximum_size ? `${t.upload.maximum_size}` : '-',
        t.name,
      ]);
      process.stdout.write(table(['id', 'family', 'cpu', 'RAM B', 'flash B', 'name'], rows) + '\n');
    }),
};
