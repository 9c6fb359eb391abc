import type { Argv, CommandModule } from 'yargs';
import { readManifest } from '../../device/board/manifest';
import { profileBoard } from '../../device/board/operations';
import { writeFileAtomic } from '../../io/atomicWrite';
import { runCommand } from '../errors';
import { DeviceArgs, say, withBoard, withDeviceOptions } from './options';
import { profileHtml, profileText } from './profileReport';

interface Args extends DeviceArgs {
  dir: string;
  html?: string;
  runs: number;
  warmups: number;
}

/** `tinyfit profile <build-dir>`: per-op latency, arena windows, timed runs and memory, measured on the board. */
export const profileCommand: CommandModule<object, Args> = {
  command: 'profile <dir>',
  describe: 'Measure on the board: cycles per op, the arena live during each, inference time and stack high-water',
  builder: (y: Argv) =>
    withDeviceOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'a generated and built project' })
        .option('runs', { type: 'number', default: 10, describe: 'timed inferences' })
        .option('warmups', { type: 'number', default: 1, describe: 'inferences before timing' })
        .option('html', { type: 'string', describe: 'also write an HTML report (table and charts) here' }),
    ) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      const m = readManifest(a.dir);
      const p = await withBoard(m, a, (s) => {
        say(a, `profiling ${m.model} on ${m.target} (${s.where})`);
        return profileBoard(s, m, { runs: a.runs, warmups: a.warmups });
      });
      if (a.html) writeFileAtomic(a.html, profileHtml(p));
      process.stdout.write(a.json ? JSON.stringify(p, null, 2) + '\n' : profileText(p) + (a.html ? `HTML report: ${a.html}\n` : ''));
    }),
};
