import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { buildProject } from '../../build';
import { readManifest } from '../../device/board/manifest';
import { profileBoard } from '../../device/board/operations';
import { loadSamples, randomSamples } from '../../device/board/samples';
import { validateOnBoard } from '../../device/board/validate';
import { flashProject } from '../../device/flash';
import { hexTrace } from '../../device/trace';
import { writeFileAtomic } from '../../io/atomicWrite';
import { runCommand } from '../errors';
import { GenerateArgs, generateFromArgs, withGenerateOptions } from '../generate';
import { progress } from '../quantOptions';
import { bytes } from '../table';
import { DeviceArgs, say, withBoard, withDeviceOptions } from './options';
import { profileHtml, profileText } from './profileReport';
import { failUnlessPass, validationText } from './validate';

interface Args extends GenerateArgs, DeviceArgs {
  data?: string[];
  samples: number;
  html?: string;
  runs: number;
}

/** `tinyfit deploy <model> --target T`: generate, build, flash, validate against the host, profile — one go. */
export const deployCommand: CommandModule<object, Args> = {
  command: 'deploy <model>',
  describe: 'Generate, build, flash, validate against the host build and profile on the board, in one go',
  builder: (y: Argv) =>
    withDeviceOptions(withGenerateOptions(y, { required: false, describe: 'project folder (default build/<model>-<target>)' }))
      .option('data', { alias: 'd', type: 'string', array: true, describe: 'validation samples: one .npy per model input (default: --samples random ones)' })
      .option('samples', { type: 'number', default: 4, describe: 'random validation samples when no --data is given' })
      .option('runs', { type: 'number', default: 10, describe: 'timed inferences of the profile' })
      .option('html', { type: 'string', describe: 'also write the HTML profile report here' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      const t0 = Date.now();
      const base = path.basename(a.model).replace(/\.(tflite|json)$/, '');
      a.out ??= path.join('build', `${base}-${path.basename(a.target).replace(/\.json$/, '')}`);
      say(a, `1/5 generate ${a.model} for ${a.target} into ${a.out}`);
      const { r } = generateFromArgs(a);
      say(a, `2/5 build ${a.out}`);
      const built = buildProject(a.out);
      say(a, `    flash ${bytes(built.flash.used)}, RAM ${bytes(built.ram.used + built.ram.stackReserve)} (arena ${bytes(built.ram.arena)})`);
      const m = readManifest(a.out);
      say(a, `3/5 flash ${m.target}${a.port ? ` on ${a.port}` : ''}`);
      const trace = a.trace ? hexTrace((l) => process.stderr.write(l)) : undefined;
      const flashed = await flashProject(m, { port: a.port, baud: a.baud, trace });
      const samples = a.data?.length ? loadSamples(a.data, m.inputs) : randomSamples(m.inputs, a.samples);
      const { validation, profile } = await withBoard(m, a, async (s) => {
        say(a, `4/5 validate ${samples.count} samples against the host build (${s.where})`);
        const bar = progress('validating', a.json);
        let validation;
        try {
          validation = await validateOnBoard(s, m, samples, (d, t) => bar.update(d, t));
        } finally {
          bar.stop();
        }
        say(a, '5/5 profile');
        return { validation, profile: await profileBoard(s, m, { runs: a.runs }) };
      });
      if (a.html) writeFileAtomic(a.html, profileHtml(profile));
      const seconds = (Date.now() - t0) / 1000;
      if (a.json) {
        process.stdout.write(JSON.stringify({ generate: r, build: built, flash: flashed, validation, profile, seconds }, null, 2) + '\n');
      } else {
        process.stdout.write(validationText(validation) + '\n' + profileText(profile) + (a.html ? `HTML report: ${a.html}\n` : '') + `deployed in ${seconds.toFixed(1)} s\n`);
      }
      failUnlessPass(validation);
    }),
};
