import { storedBytes } from '../codegen/size';
import type { Argv, CommandModule } from 'yargs';
import { importModel } from '../import';
import { tensor } from '../ir/graph';
import { graphStats } from '../ir/stats';
import { optimize } from '../passes';
import { planMemory } from '../plan';
import { runCommand } from './errors';
import { bytes, table } from './table';

interface Args {
  model: string;
  json: boolean;
  raw: boolean;
  verbose: boolean;
}

/** `tinyfit inspect <model>`: per-op shapes, parameters, MACs and activation bytes, with totals. */
export const inspectCommand: CommandModule<object, Args> = {
  command: 'inspect <model>',
  describe: 'Show a model layer by layer: op, output shape, params, MACs, activation bytes',
  builder: (y: Argv) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder, or a .tflite (float32 or int8)' })
      .option('raw', { type: 'boolean', default: false, describe: 'show the graph as imported, before fusion passes' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable output on stdout' }) as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const imported = importModel(a.model);
      const g = a.raw ? imported : optimize(imported);
      const ops = graphStats(g);
      const plan = planMemory(g);
      const io = (ids: number[]) => ids.map((id) => ({ name: tensor(g, id).name, shape: tensor(g, id).shape, dtype: tensor(g, id).dtype }));
      const totals = {
        ops: ops.length,
        params: ops.reduce((s, o) => s + o.params, 0),
        macs: ops.reduce((s, o) => s + o.macs, 0),
        weightBytes: [...g.tensors.values()].filter((t) => t.data).reduce((s, t) => s + storedBytes(t), 0),
        activationBytes: ops.reduce((s, o) => s + o.activationBytes, 0),
        arenaBytes: plan.arenaBytes,
        lowerBoundBytes: plan.lowerBound,
      };
      if (a.json) {
        process.stdout.write(JSON.stringify({ model: g.name, inputs: io(g.inputs), outputs: io(g.outputs), ops, totals }, null, 2) + '\n');
        return;
      }
      const rows = ops.map((o, i) => [i, o.name, o.kind, `[${o.outputShape.join(',')}]`, o.params, o.macs, o.activationBytes]);
      process.stdout.write(`${g.name}: ${io(g.inputs).map((t) => `${t.name} [${t.shape}]${t.dtype === 'float32' ? '' : ` ${t.dtype}`}`).join(', ')} -> ${io(g.outputs).map((t) => `${t.name} [${t.shape}]${t.dtype === 'float32' ? '' : ` ${t.dtype}`}`).join(', ')}\n\n`);
      process.stdout.write(table(['#', 'op', 'kind', 'output', 'params', 'MACs', 'act bytes'], rows) + '\n\n');
      process.stdout.write(
        `total: ${totals.ops} ops, ${totals.params.toLocaleString('en-US')} params (${bytes(totals.weightBytes)} of weights), ` +
          `${totals.macs.toLocaleString('en-US')} MACs, arena ${bytes(totals.arenaBytes)} (lower bound ${bytes(totals.lowerBoundBytes)})\n`,
      );
    }),
};
