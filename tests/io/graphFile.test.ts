/**
 * The tinyfit model folder (src/io/graphFile.ts): a compressed int8 graph saved and loaded through importModel
 * runs to the same bytes in the int8 reference; a float graph keeps its ReLU's infinite clamp; corrupt,
 * truncated and inconsistent folders are refused with one line naming the file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { GRAPH_BIN, GRAPH_JSON, loadGraph, saveGraph } from '../../src/io/graphFile';
import { compressWeights } from '../../src/ir/storage';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, graphInputs } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { int8Mlp, prune, reshapeWeights, snap } from '../compress/mlp';

const compressed = () =>
  compressWeights(
    reshapeWeights(int8Mlp([64, 32, 10], 5), 5, (w, l, r) => (l === 0 ? prune(0.9)(w, l, r) : snap(3)(w))),
    (name) => (name.endsWith('1') ? { kind: 'sparse', gapBits: 4, huffman: true } : { kind: 'clustered', bits: 3 }),
  );

describe('tinyfit model folder', () => {
  it('round-trips a compressed int8 graph: same storages, same reference bytes, read by importModel', () => {
    const g = compressed();
    const dir = tempDir('graphfile-rt');
    saveGraph(dir, g, { note: 'test' });
    const back = importModel(dir);
    expect(loadGraph(path.join(dir, GRAPH_JSON)).meta).toEqual({ note: 'test' });
    expect([...back.tensors.values()].map((t) => t.storage?.kind)).toEqual([...g.tensors.values()].map((t) => t.storage?.kind));
    expect(back.quantization).toEqual(g.quantization);
    for (const [id, t] of g.tensors) expect(back.tensors.get(id)!.data).toEqual(t.data);
    // only the storage of a compressed weight is saved
    const dense = [...g.tensors.values()].filter((t) => t.data).reduce((a, t) => a + (t.storage ? 0 : t.data!.byteLength), 0);
    expect(fs.statSync(path.join(dir, GRAPH_BIN)).size).toBeLessThan(dense + 64 * 8 + 2 * 64 * 32);
    for (let i = 0; i < 4; i++) {
      const x = graphInputs(g, [uniformArray(64, 40 + i, -1, 1)]);
      expect(bytesOf(runInt8(back, x)[0])).toEqual(bytesOf(runInt8(g, x)[0]));
    }
  });

  it('keeps non-finite attributes (a ReLU clamp is [0, +Infinity])', () => {
    const g = int8Mlp([8, 4], 2);
    const op = g.ops[0] as { attrs: Record<string, unknown> };
    op.attrs.testClamp = { min: 0, max: Infinity };
    const dir = tempDir('graphfile-inf');
    saveGraph(dir, g);
    expect((importModel(dir).ops[0] as { attrs: Record<string, unknown> }).attrs.testClamp).toEqual({ min: 0, max: Infinity });
  });

  it('refuses a truncated binary, a missing binary, bad JSON, another format and a corrupt compressed storage', () => {
    const make = (tag: string): string => {
      const d = tempDir(`graphfile-${tag}`);
      saveGraph(d, compressed());
      return d;
    };
    const fails = (dir: string, re: RegExp): void => {
      expect(() => importModel(dir)).toThrow(TinyfitError);
      expect(() => importModel(dir)).toThrow(re);
    };
    let d = make('trunc');
    fs.truncateSync(path.join(d, GRAPH_BIN), 100);
    fails(d, /truncated/);
    d = make('nobin');
    fs.rmSync(path.join(d, GRAPH_BIN));
    fails(d, /tinyfit\.bin is missing/);
    d = make('badjson');
    fs.writeFileSync(path.join(d, GRAPH_JSON), '{"format": "tinyfit-graph", ');
    fails(d, /not valid JSON/);
    d = make('format');
    fs.writeFileSync(path.join(d, GRAPH_JSON), '{"format": "other"}');
    fails(d, /not a tinyfit model/);
    d = make('tamper');
    const doc = JSON.parse(fs.readFileSync(path.join(d, GRAPH_JSON), 'utf8'));
    const bin = fs.readFileSync(path.join(d, GRAPH_BIN));
    // one more entry claimed by the sparse layer's first row than its storage holds
    const st = doc.graph.tensors.$map.map((e: unknown[]) => e[1] as { storage?: { kind: string; rowCounts: { offset: number } } }).find((t: { storage?: { kind: string } }) => t.storage?.kind === 'sparse');
    bin[st.storage.rowCounts.offset] += 1;
    fs.writeFileSync(path.join(d, GRAPH_BIN), bin);
    fails(d, /compressed storage of weight '.*' is corrupt/);
  });
});
