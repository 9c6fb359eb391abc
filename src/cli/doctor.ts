import type { Argv, CommandModule } from 'yargs';
import { doctor, installMissing } from '../build/doctor';
import { runCommand } from './errors';
import { table } from './table';

interface Args {
  target?: string;
  install: boolean;
  json: boolean;
  verbose: boolean;
}

/** `tinyfit doctor [--target T] [--install]`: the tools targets need, their versions, and how to install the missing ones. */
export const doctorCommand: CommandModule<object, Args> = {
  command: 'doctor',
  describe: 'Check the toolchains and emulators the targets need (versions), and install the missing ones with --install (apt)',
  builder: (y: Argv) =>
    y
      .option('target', { alias: 't', type: 'string', describe: 'check one target (default: every shipped target)' })
      .option('install', { type: 'boolean', default: false, describe: 'install the missing packages with apt-get (Debian/Ubuntu, as root or through sudo)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      let r = doctor(a.target);
      if (a.install && r.missingPackages.length) {
        if (!a.json) process.stderr.write(`installing ${r.missingPackages.join(' ')} ...\n`);
        installMissing(r);
        r = doctor(a.target);
      }
      if (a.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const rows = r.tools.map((t) => [t.command, t.version ?? 'MISSING', t.packages.join(' '), t.neededBy.length > 3 ? `${t.neededBy.slice(0, 3).join(', ')} and ${t.neededBy.length - 3} more` : t.neededBy.join(', ')]);
      process.stdout.write(
        table(['tool', 'version', 'package', 'needed by'], rows) +
          '\n' +
          (r.installCommand ? `missing: install with \`${r.installCommand}\` (or \`tinyfit doctor --install\`)\n` : 'everything the targets need is installed\n'),
      );
      if (r.installCommand && a.install) process.exitCode = 1;
    }),
};
