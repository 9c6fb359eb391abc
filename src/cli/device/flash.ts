import * as fs from 'fs';
import type { Argv, CommandModule } from 'yargs';
import { readManifest } from '../../device/board/manifest';
import { FlasherName, flashProject } from '../../device/flash';
import { hexTrace } from '../../device/trace';
import { TinyfitError } from '../../errors';
import { getTarget } from '../../targets';
import { runCommand } from '../errors';
import { progress } from '../quantOptions';
import { bytes } from '../table';
import { DeviceArgs, say, withDeviceOptions } from './options';

interface Args extends DeviceArgs {
  dir: string;
  target?: string;
  flasher?: FlasherName;
  user?: string;
  password?: string;
  'remote-path'?: string;
  'exec-prefix'?: string;
}

/** `tinyfit flash <build-dir>`: writes the built image to the board (or launches the virtual board) and verifies it. */
export const flashCommand: CommandModule<object, Args> = {
  command: 'flash <dir>',
  describe: "Write a built project's image to its board with the board's flasher, verify it, reset it (a virtual board: launch it and check its agent)",
  builder: (y: Argv) =>
    withDeviceOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'a generated and built project' })
        .option('target', { alias: 't', type: 'string', describe: "the board (default: the project's target; must agree with it)" })
        .option('user', { type: 'string', describe: 'Raspberry Pi console: the login name, when the console asks for one' })
        .option('password', { type: 'string', describe: 'Raspberry Pi console: the password (prefer TINYFIT_PASSWORD in the environment)' })
        .option('remote-path', { type: 'string', describe: 'Raspberry Pi console: where the runner goes (default ~/tinyfit/runner)' })
        .option('exec-prefix', { type: 'string', describe: 'Raspberry Pi console: a command the runner is started under (e.g. an emulator)' })
        .option('flasher', { type: 'string', choices: ['qemu', 'stm32flash', 'openocd', 'esptool', 'rpi-console', 'uf2'], describe: "override the target's flasher" }),
    ) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      if (fs.existsSync(a.dir) && fs.statSync(a.dir).isFile()) {
        throw new TinyfitError(`${a.dir} is a file: give the project folder written by \`tinyfit generate\` (its tinyfit.json names the target and the model hash the board is checked against)`);
      }
      const m = readManifest(a.dir, { needAgent: false });
      if (a.target !== undefined && getTarget(a.target).id !== m.target) {
        throw new TinyfitError(`${a.dir} was generated for ${m.target}, not ${a.target}: generate it for ${a.target} first`);
      }
      const t0 = Date.now();
      let phase = '';
      const bar = progress('writing', a.json, 'bytes');
      say(a, `flashing ${m.dir} (${m.model}) onto ${m.target}${a.port ? ` on ${a.port}` : ''}`);
      const r = await flashProject(m, {
        flasher: a.flasher,
        console: { user: a.user, password: a.password ?? process.env.TINYFIT_PASSWORD, remotePath: a['remote-path'], execPrefix: a['exec-prefix'] },
        port: a.port,
        baud: a.baud,
        trace: a.trace ? hexTrace((l) => process.stderr.write(l)) : undefined,
        progress: (p, done, total) => {
          if (p !== phase) say(a, `  ${(phase = p)}`);
          if (p === 'write') bar.update(done, total);
        },
      }).finally(() => bar.stop());
      const seconds = (Date.now() - t0) / 1000;
      if (a.json) process.stdout.write(JSON.stringify({ ...r, seconds }, null, 2) + '\n');
      else process.stdout.write(`flashed ${bytes(r.bytes)} with ${r.flasher}, verified by ${r.verified}${r.resumedBlocks ? `, ${r.resumedBlocks} blocks written again` : ''} (${seconds.toFixed(1)} s)\n`);
    }),
};
