#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildCommand } from './build';
import { doctorCommand } from './doctor';
import { generateCommand } from './generate';
import { inspectCommand } from './inspect';
import { planCommand } from './plan';
import { compressCommand } from './compress';
import { quantizeCommand } from './quantize';
import { targetsCommand } from './targets';
import { deployCommand } from './device/deploy';
import { devicesCommand } from './device/devices';
import { flashCommand } from './device/flash';
import { profileCommand } from './device/profile';
import { runCommandModule } from './device/run';
import { validateCommand } from './device/validate';

/** Builds the tinyfit command line (exported for tests). */
export function cli(argv: string[]) {
  return yargs(argv)
    .scriptName('tinyfit')
    .usage('$0 <command> [options]')
    .command(inspectCommand)
    .command(generateCommand)
    .command(buildCommand)
    .command(doctorCommand)
    .command(planCommand)
    .command(quantizeCommand)
    .command(compressCommand)
    .command(targetsCommand)
    .command(devicesCommand)
    .command(flashCommand)
    .command(runCommandModule)
    .command(profileCommand)
    .command(validateCommand)
    .command(deployCommand)
    .option('verbose', { type: 'boolean', default: false, describe: 'print stack traces for internal errors' })
    .demandCommand(1, 'name a command: inspect, plan, quantize, generate, build, targets, doctor, devices, flash, run, profile, validate or deploy (see --help)')
    .strict()
    .recommendCommands()
    .fail((msg, err) => {
      // Usage errors (unknown option, missing argument) are user errors: one line, exit 1.
      let text = msg ?? err?.message ?? 'invalid command line';
      const command = argv.find((a) => !a.startsWith('-'));
      if (/^Did you mean /.test(text)) text = `unknown command '${command}'; ${text.replace(/^D/, 'd')}`;
      else if (/^Not enough non-option arguments/.test(text)) text = `${command} needs a <model> argument (a model.json or its folder); see \`tinyfit ${command} --help\``;
      // yargs spreads some messages over lines ("Invalid values:\n  Argument: ..."): keep them on one.
      process.stderr.write(`tinyfit: error: ${text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')}\n`);
      process.exit(1);
    })
    .help()
    .version();
}

if (require.main === module) {
  void cli(hideBin(process.argv)).parseAsync();
}
