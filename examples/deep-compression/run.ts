/**
 * Runs one compression recipe with the library's compressModel and prints the stages and per-layer sizes (the
 * `tinyfit compress` command does the same with a table; this script exists to develop and record recipes).
 *
 * Usage, from the repository root:
 *   npx tsc -p examples/tsconfig.json
 *   node build/examples/examples/deep-compression/run.js <model dir> <recipe.json> <data dir> [--validate=N] [--json=out.json] [--save=DIR]
 *
 * `<data dir>` holds the files data.js writes. `--validate=N` holds out the last N training digits as the
 * evaluation set (and trains on the rest) instead of using the test digits: for tuning a recipe without
 * looking at the test set. `--save=DIR` writes the fine-tuned float model and its pruning masks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadNpyDataset, sliceDataset } from '../../src/compress/dataset';
import { compressModel, type CompressRecipe, type PipelineProgress } from '../../src/compress/pipeline';
import { compressedBytes, encodeStorage, isCompressedInt8, storageReport } from '../../src/ir/storage';
import { writeMasks } from '../../src/compress/masks';
import { saveLayersModel } from '../../src/compress/tfModelIo';
import { getTrainingTf } from '../../src/compress/train';

async function main(): Promise<void> {
  const [modelDir, recipePath, dataDir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const flag = (n: string): string | undefined => process.argv.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3);
  const recipe = JSON.parse(fs.readFileSync(recipePath, 'utf8')) as CompressRecipe;
  const all = loadNpyDataset(path.join(dataDir, 'train_x.npy'), path.join(dataDir, 'train_y.npy'));
  const hold = Number(flag('validate') ?? 0);
  const train = hold > 0 ? sliceDataset(all, 0, all.count - hold) : all;
  const test = hold > 0 ? sliceDataset(all, all.count - hold, hold) : loadNpyDataset(path.join(dataDir, 'test_x.npy'), path.join(dataDir, 'test_y.npy'));
  let last = 0;
  const onProgress = (e: PipelineProgress): void => {
    if (e.event === 'step') {
      if (e.batch === e.batches || Date.now() - last > 20000) {
        last = Date.now();
        console.log(`  ${e.stage} epoch ${e.epoch}/${e.epochs} batch ${e.batch}/${e.batches} loss ${e.loss!.toFixed(4)} acc ${(100 * e.accuracy!).toFixed(2)} % (${e.elapsedSeconds!.toFixed(0)} s)`);
      }
    } else console.log(`${e.stage} ${e.event}${e.accuracy !== undefined ? ` ${(100 * e.accuracy).toFixed(2)} %` : ''}`);
  };
  const t0 = Date.now();
  const r = await compressModel(modelDir, { train, test }, recipe, { onProgress });
  console.log(`\n${hold > 0 ? `validation (last ${hold} training digits)` : 'test set'}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const s of r.stages) console.log(`${s.name.padEnd(11)} ${(100 * s.accuracy).toFixed(2).padStart(6)} %  ${s.seconds.toFixed(0).padStart(5)} s  ${s.detail}`);
  // Conv layers the storage cannot hold yet on this branch: what the same format would take, marked 'est.'.
  let estimated = 0;
  const report = storageReport(r.graph);
  for (const l of r.layers) {
    const op = r.graph.ops.find((o) => o.name.split('+')[0] === l.name)!;
    const t = r.graph.tensors.get(op.inputs[1])!;
    const row = report.rows.find((x) => x.op === op.name);
    let flash = row?.flashBytes ?? l.weights;
    let format = row?.format ?? l.storage;
    if (!isCompressedInt8(t.storage) && l.sparsity > 0 && l.bits !== undefined) {
      const huffman = recipe.huffman === undefined ? undefined : recipe.huffman;
      const est = compressedBytes(encodeStorage(t.data as Int8Array, t.shape, { kind: 'sparseClustered', indexBits: l.bits, huffman }));
      estimated += est - flash;
      flash = est;
      format = 'sparseClustered (est.)';
    }
    console.log(`${l.name.padEnd(6)} ${l.kind.padEnd(7)} ${String(l.kept).padStart(7)} / ${String(l.weights).padStart(7)} kept (${((100 * l.kept) / l.weights).toFixed(2)} %)  ${l.bits ?? 8}-bit  ${l.distinctInt8} int8 values  ${format} ${flash} B + bias ${row?.biasBytes ?? 0} B`);
  }
  const tt = report.total;
  const bytes = tt.flashBytes + estimated;
  console.log(`total ${tt.kept} / ${tt.weights} kept (${((100 * tt.kept) / tt.weights).toFixed(2)} %), weights + biases ${bytes} B (${(tt.float32Bytes / bytes).toFixed(1)}× of ${tt.float32Bytes} float32 B; decoder code not counted)`);
  const save = flag('save');
  if (save) {
    await saveLayersModel(await getTrainingTf(), r.model, save);
    writeMasks(path.join(save, 'masks'), r.masks);
  }
  const json = flag('json');
  if (json) fs.writeFileSync(json, JSON.stringify({ recipe, stages: r.stages, layers: r.layers, flashBytes: bytes, float32Bytes: tt.float32Bytes, validate: hold }, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
