import type { Argv, CommandModule } from 'yargs';
import { readManifest } from '../../device/board/manifest';
import { runSamples } from '../../device/board/operations';
import { loadSamples, saveOutputs } from '../../device/board/samples';
import { TinyfitError } from '../../errors';
import { runCommand } from '../errors';
import { progress } from '../quantOptions';
import { DeviceArgs, say, withBoard, withDeviceOptions } from './options';

interface Args extends DeviceArgs {
  dir: string;
  input: string[];
  output: string[];
}

/** `tinyfit run <build-dir> --input x.npy --output y.npy`: runs samples on the board, writes its outputs. */
export const runCommandModule: CommandModule<object, Args> = {
  command: 'run <dir>',
  describe: 'Run samples (.npy, first axis) on the board through its agent and save the outputs (.npy)',
  builder: (y: Argv) =>
    withDeviceOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'a generated and built project' })
        .option('input', { alias: 'i', type: 'string', array: true, demandOption: true, describe: 'one .npy per model input, samples on the first axis' })
        .option('output', { alias: 'o', type: 'string', array: true, demandOption: true, describe: 'one .npy per model output (written)' }),
    ) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      const m = readManifest(a.dir);
      if (a.output.length !== m.outputs.length) {
        throw new TinyfitError(`--output takes one .npy per model output: the model has ${m.outputs.length} (${m.outputs.map((t) => `'${t.name}'`).join(', ')}), got ${a.output.length}`);
      }
      const samples = loadSamples(a.input, m.inputs);
      const r = await withBoard(m, a, async (s) => {
        say(a, `running ${samples.count} samples on ${m.target} (${s.where})`);
        const bar = progress('running', a.json);
        try {
          return await runSamples(s, m, samples, (d, t) => bar.update(d, t));
        } finally {
          bar.stop();
        }
      });
      m.outputs.forEach((t, k) => saveOutputs(a.output[k], t, r.outputs[k]));
      const us = r.ticks.map((t) => (t * 1e6) / r.tickHz);
      const mean = us.reduce((x, y) => x + y, 0) / Math.max(1, us.length);
      if (a.json) {
        process.stdout.write(JSON.stringify({ samples: samples.count, outputs: a.output, meanUs: mean, ticks: r.ticks, tickHz: r.tickHz }, null, 2) + '\n');
      } else {
        process.stdout.write(`ran ${samples.count} samples: outputs in ${a.output.join(', ')}; ${mean.toFixed(1)} µs per inference on the board\n`);
      }
    }),
};
