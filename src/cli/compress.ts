/**
 * `tinyfit compress <model> --train x.npy --labels y.npy --out <dir>`: the Deep Compression pipeline (structured
 * pruning, magnitude pruning, weight sharing, int4, int8, compressed storage, Huffman) driven by a recipe or
 * flags; writes a tinyfit model folder that inspect/plan/generate/deploy read, and prints the per-layer table.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { SingleBar } from 'cli-progress';
import { TinyfitError } from '../errors';
import { GRAPH_JSON, saveGraph } from '../io/graphFile';
import { writeFileAtomic } from '../io/atomicWrite';
import { CompressRecipe, PipelineProgress, compressModel } from '../compress/pipeline';
import { loadNpyDataset } from '../compress/dataset';
import { getTrainingTf } from '../compress/train';
import { saveLayersModel } from '../compress/tfModelIo';
import { readRecipe, recipeFromFlags } from '../compress/recipeFile';
import { compressionReport } from '../compress/report';
import { formatSensitivityTable } from '../compress/sensitivity';
import { sensitivitySvg } from '../compress/sensitivityPlot';
import { compressionJson, compressionText } from './compressTable';
import { runCommand } from './errors';

interface Args {
  model: string;
  train: string;
  labels: string;
  eval?: string;
  'eval-labels'?: string;
  recipe?: string;
  prune?: number;
  cluster?: number;
  bits?: number;
  huffman?: string | boolean;
  structured?: number;
  epochs?: number;
  lr?: number;
  seed?: number;
  out: string;
  json: boolean;
  verbose: boolean;
}

function huffmanFlag(v: string | boolean | undefined): boolean | 'startup' | 'stream' | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  if (v === '' || v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'startup' || v === 'stream') return v;
  throw new TinyfitError(`--huffman takes startup or stream (or nothing: startup), got '${v}'`);
}

/** The recipe from --recipe and the flags (flags win); --bits 4 makes every weight layer int4 unless clustered. */
function recipeOf(a: Args): CompressRecipe {
  const base = a.recipe ? readRecipe(a.recipe) : {};
  if (a.bits !== undefined && a.bits !== 4 && a.bits !== 8) throw new TinyfitError(`--bits takes 4 (int4 weights) or 8 (int8, the default), got ${a.bits}`);
  const r = recipeFromFlags({ prune: a.prune, cluster: a.cluster, huffman: huffmanFlag(a.huffman), structured: a.structured, epochs: a.epochs, lr: a.lr, seed: a.seed }, base);
  if (a.bits === 4) r.lowBit = 4;
  if (!r.prune && !r.cluster && !r.structured && !r.lowBit && !r.mixedPrecision) {
    throw new TinyfitError('nothing to do: give --recipe r.json or at least one of --prune S, --cluster K, --bits 4, --structured F');
  }
  return r;
}

/** A progress bar per training stage on a terminal; one line per epoch otherwise (stderr, never with --json). */
function progressReporter(json: boolean): { onProgress(e: PipelineProgress): void; stop(): void } {
  let bar: SingleBar | undefined;
  let lastEpoch = 0;
  const tty = process.stderr.isTTY;
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  const fmt = (s: number | undefined): string => (s === undefined ? '?' : s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);
  return {
    stop,
    onProgress(e) {
      if (json) return;
      if (e.event === 'start') {
        stop();
        lastEpoch = 0;
        process.stderr.write(`${e.stage}...\n`);
        return;
      }
      if (e.event === 'end') {
        stop();
        if (e.accuracy !== undefined) process.stderr.write(`${e.stage}: accuracy ${(100 * e.accuracy).toFixed(2)} %\n`);
        return;
      }
      if (e.batch === undefined || e.batches === undefined) return;
      const epochs = e.epochs ?? 1;
      const done = ((e.epoch ?? 1) - 1) * e.batches + e.batch;
      const payload = { stage: e.stage, epoch: `${e.epoch}/${epochs}`, loss: (e.loss ?? 0).toFixed(4), acc: (100 * (e.accuracy ?? 0)).toFixed(1), eta: fmt(e.etaSeconds) };
      if (tty) {
        if (!bar) {
          bar = new SingleBar({ format: '{stage} epoch {epoch} [{bar}] loss {loss} acc {acc} % ETA {eta}', stream: process.stderr, hideCursor: true });
          bar.start(epochs * e.batches, done, payload);
        }
        bar.update(done, payload);
      } else if (e.batch === e.batches && e.epoch !== lastEpoch) {
        lastEpoch = e.epoch ?? 0;
        process.stderr.write(`${e.stage} epoch ${payload.epoch}: loss ${payload.loss}, accuracy ${payload.acc} %, ETA ${payload.eta}\n`);
      }
    },
  };
}

/**
 * Checks that `out` can take the result: missing, empty, or an earlier tinyfit model folder (replaced);
 * anything else is refused so nothing of the user's is lost.
 */
function checkOut(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new TinyfitError(`--out ${out} is a file: give a folder`);
  const entries = fs.readdirSync(out);
  if (entries.length > 0 && !entries.includes(GRAPH_JSON)) {
    throw new TinyfitError(`--out ${out} exists and is not a tinyfit model folder (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): choose another folder`);
  }
}

/** Writes the result folder next to `out`, then swaps it in: a failure leaves the earlier folder (or none). */
function writeFolder(out: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const tmp = `${out.replace(/\/$/, '')}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  return fill(tmp).then(
    () => {
      const old = `${out.replace(/\/$/, '')}.old-${process.pid}`;
      if (fs.existsSync(out)) fs.renameSync(out, old);
      fs.renameSync(tmp, out);
      fs.rmSync(old, { recursive: true, force: true });
    },
    (e) => {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    },
  );
}

/** `tinyfit compress`. */
export const compressCommand: CommandModule<object, Args> = {
  command: 'compress <model>',
  describe: 'Compress a TF.js Layers model (prune, share weights, int4/int8, sparse/clustered storage, Huffman) with fine-tuning; print the Deep Compression table',
  builder: (y: Argv) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'TF.js Layers model.json or its folder (a classifier)' })
      .option('train', { type: 'string', demandOption: true, describe: 'training samples (.npy, first axis = sample)' })
      .option('labels', { type: 'string', demandOption: true, describe: 'class index per training sample (.npy, shape [N])' })
      .option('eval', { type: 'string', describe: 'held-out samples for the accuracy after each stage (default: the training samples)' })
      .option('eval-labels', { type: 'string', describe: 'class index per --eval sample' })
      .option('recipe', { type: 'string', describe: 'recipe JSON (stages and settings; see README "Compression"); flags override it' })
      .option('prune', { type: 'number', describe: 'sparsity of every weight layer, e.g. 0.9' })
      .option('cluster', { type: 'number', describe: 'K shared values per layer (indices of ⌈log2 K⌉ bits)' })
      .option('bits', { type: 'number', describe: '4: int4 weights for layers not clustered (8: int8, the default)' })
      .option('huffman', { type: 'string', describe: 'Huffman-code indices and gaps: startup (decode into RAM once, the default) or stream (decode per inference, no RAM)' })
      .option('structured', { type: 'number', describe: 'structured pruning: keep this fraction of the MACs (whole filters/neurons removed)' })
      .option('epochs', { type: 'number', describe: 'fine-tuning epochs of every stage (overrides the recipe)' })
      .option('lr', { type: 'number', describe: 'learning rate of every stage (overrides the recipe)' })
      .option('seed', { type: 'number', describe: 'seed of shuffling, augmentation and k-means++ (default 0)' })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'folder to write (tinyfit.json + tinyfit.bin, report.json, float/)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' })
      .option('verbose', { type: 'boolean', default: false, hidden: true }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, async () => {
      if (!!a.eval !== !!a['eval-labels']) throw new TinyfitError('--eval and --eval-labels go together (held-out samples and their labels)');
      const recipe = recipeOf(a);
      checkOut(a.out);
      const train = loadNpyDataset(a.train, a.labels);
      const test = a.eval ? loadNpyDataset(a.eval, a['eval-labels']!) : train;
      const progress = progressReporter(a.json);
      const t0 = Date.now();
      let result;
      try {
        result = await compressModel(a.model, { train, test }, recipe, { onProgress: (e) => progress.onProgress(e) });
      } finally {
        progress.stop();
      }
      const report = compressionReport(result.graph);
      const summary = compressionJson(a.model, recipe, result, report, { trainSamples: train.count, evalSamples: test.count, heldOut: !!a.eval, seconds: (Date.now() - t0) / 1000 });
      const tf = await getTrainingTf();
      await writeFolder(a.out, async (dir) => {
        saveGraph(dir, result.graph, { compression: summary });
        writeFileAtomic(path.join(dir, 'report.json'), JSON.stringify(summary, null, 2) + '\n');
        await saveLayersModel(tf, result.model, path.join(dir, 'float'));
        if (result.sensitivity) writeFileAtomic(path.join(dir, 'sensitivity.svg'), sensitivitySvg(result.sensitivity));
      });
      if (a.json) process.stdout.write(JSON.stringify({ out: a.out, ...summary }, null, 2) + '\n');
      else {
        if (result.sensitivity) {
          process.stdout.write(`pruning sensitivity (accuracy with one layer pruned alone; plot: ${path.join(a.out, 'sensitivity.svg')}):\n${formatSensitivityTable(result.sensitivity)}\n\n`);
        }
        process.stdout.write(compressionText(summary, a.out));
      }
    }),
};
