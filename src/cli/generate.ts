import type { Argv, CommandModule } from 'yargs';
import { generate } from '../codegen';
import { importModel } from '../import';
import { TinyfitError } from '../errors';
import { optimize } from '../passes';
import { runCommand } from './errors';
import { bytes } from './table';

interface Args {
  model: string;
  target: string;
  out: string;
  name: string;
  'ram-budget'?: number;
  reorder: boolean;
  'in-place': boolean;
  json: boolean;
  verbose: boolean;
}

/** `tinyfit generate <model> --target <id> --out <dir>`: writes a C project for the target. */
export const generateCommand: CommandModule<object, Args> = {
  command: 'generate <model>',
  describe: 'Generate C sources (weights, AOT inference, static arena) and project files for a target',
  builder: (y: Argv) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder' })
      .option('target', { alias: 't', type: 'string', demandOption: true, describe: 'target id (see `tinyfit targets`)' })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'output folder (replaced atomically)' })
      .option('name', { type: 'string', default: 'model', describe: 'prefix of every generated C symbol' })
      .option('ram-budget', { type: 'number', describe: 'fail if the arena needs more bytes than this' })
      .option('reorder', { type: 'boolean', default: true, describe: 'reorder branches to lower the arena (--no-reorder keeps the model order)' })
      .option('in-place', { type: 'boolean', default: true, describe: 'in-place ops, zero-copy concat, streaming overlaps (--no-in-place for plain buffers)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const t0 = Date.now();
      const budget = a['ram-budget'];
      if (budget !== undefined && !(Number.isFinite(budget) && budget >= 0)) {
        throw new TinyfitError(`--ram-budget must be a number of bytes (>= 0), got ${budget}`);
      }
      const g = optimize(importModel(a.model));
      const r = generate(g, { target: a.target, outDir: a.out, name: a.name, ramBudget: a['ram-budget'], plan: { reorder: a.reorder, inPlace: a['in-place'] } });
      const seconds = (Date.now() - t0) / 1000;
      if (a.json) {
        process.stdout.write(JSON.stringify({ ...r, seconds }, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        `generated ${r.files.length} files in ${a.out} for ${r.target} (${seconds.toFixed(1)} s)\n` +
          `  ops ${r.ops}, weights ${bytes(r.weightBytes)}, arena ${bytes(r.arenaBytes)} (lower bound ${bytes(r.lowerBoundBytes)})\n` +
          `  inputs:  ${r.inputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n` +
          `  outputs: ${r.outputs.map((i) => `${i.name} [${i.shape}] ${i.dtype}`).join(', ')}\n`,
      );
    }),
};
