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

/** `tinyfit doctor [--target T] [--install]`: the tools targets need, their versions, and how to install the missing ones (apt, or a tool's own installer). */
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
      const who = (ids: string[]): string => (ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', '));
      const rows = r.tools.map((t) => [t.command, t.version ?? 'MISSING', t.packages.join(' ') || 'not in apt (below)', who(t.neededBy)]);
      const apt = r.installCommand
        ? `missing: install with \`${r.installCommand}\` (or \`tinyfit doctor --install\`)\n`
        : r.manual.length
          ? 'every apt package the targets need is installed\n'
          : 'everything the targets need is installed\n';
      const manual = r.manual.map((m) => `missing, not in apt: ${m.command} (${who(m.neededBy)}); install it with \`${m.install}\`\n`).join('');
      process.stdout.write(table(['tool', 'version', 'package', 'needed by'], rows) + '\n' + apt + manual);
      if (r.installCommand && a.install) process.exitCode = 1;
    }),
};
