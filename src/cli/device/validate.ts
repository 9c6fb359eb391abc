import type { Argv, CommandModule } from 'yargs';
import { readManifest } from '../../device/board/manifest';
import { loadSamples } from '../../device/board/samples';
import { Validation, validateOnBoard } from '../../device/board/validate';
import { EXIT, TinyfitError } from '../../errors';
import { runCommand } from '../errors';
import { progress } from '../quantOptions';
import { table } from '../table';
import { DeviceArgs, say, withBoard, withDeviceOptions } from './options';

interface Args extends DeviceArgs {
  dir: string;
  data: string[];
}

/** The terminal text of a validation. */
export function validationText(v: Validation): string {
  const rows = v.outputs.map((o) => [
    o.name,
    o.dtype,
    o.maxAbsError.toPrecision(3),
    o.meanAbsError.toPrecision(3),
    o.cosine.toFixed(6),
    `${o.top1Agree}/${o.samples}`,
    o.dtype === 'int8' ? `${o.bitExact}/${o.samples}` : '-',
    o.pass ? 'ok' : `MISMATCH (sample ${o.firstMismatch![0]} element ${o.firstMismatch![1]}: board ${o.firstMismatch![2]}, host ${o.firstMismatch![3]})`,
  ]);
  return (
    `validated ${v.model} on ${v.target} (${v.where}) against the host build: ${v.samples} samples, ${v.meanUs.toFixed(1)} µs per inference on the board\n` +
    table(['output', 'dtype', 'max |err|', 'mean |err|', 'cosine', 'top-1 agree', 'bit-exact', ''], rows) +
    '\n' +
    (v.pass ? 'PASS\n' : 'FAIL: the board does not compute what the host build computes\n')
  );
}

/** Fails the command (EXIT.mismatch) when a validation did not pass, after it was printed. */
export function failUnlessPass(v: Validation): void {
  if (!v.pass) {
    const o = v.outputs.find((x) => !x.pass)!;
    throw new TinyfitError(`validation failed: output '${o.name}' differs from the host build in ${o.mismatches} elements (${o.dtype === 'int8' ? 'int8 must be bit-exact' : 'float tolerance 1e-4 + 1e-3·|host|'})`, EXIT.mismatch);
  }
}

/** `tinyfit validate <build-dir> --data x.npy`: board against the host reference on the same samples. */
export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <dir>',
  describe: "Run samples on the board and on the host build of the same model; compare (max/mean error, cosine, top-1, bit-exact)",
  builder: (y: Argv) =>
    withDeviceOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'a generated and built project' })
        .option('data', { alias: 'd', type: 'string', array: true, demandOption: true, describe: 'one .npy per model input, samples on the first axis' }),
    ) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      const m = readManifest(a.dir);
      const samples = loadSamples(a.data, m.inputs);
      const v = await withBoard(m, a, async (s) => {
        say(a, `validating ${samples.count} samples on ${m.target} (${s.where})`);
        const bar = progress('validating', a.json);
        try {
          return await validateOnBoard(s, m, samples, (d, t) => bar.update(d, t));
        } finally {
          bar.stop();
        }
      });
      process.stdout.write(a.json ? JSON.stringify(v, null, 2) + '\n' : validationText(v));
      failUnlessPass(v);
    }),
};
