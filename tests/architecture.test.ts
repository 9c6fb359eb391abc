/**
 * The folders of src/ form layers: no import cycle between top-level folders (ir and arith at the bottom; then
 * reference; quantize, passes, plan, codegen, import; cli on top). Read with madge from the sources; type-only
 * imports are skipped (they vanish at run time and cannot form a cycle).
 */
import * as path from 'path';
import madge from 'madge';

const SRC = path.resolve(__dirname, '..', 'src');

/** Top-level folder (or file) of a path relative to src/. */
const top = (f: string): string => f.split('/')[0];

describe('architecture', () => {
  let graph: Record<string, string[]>;
  beforeAll(async () => {
    const m = await madge(SRC, {
      fileExtensions: ['ts'],
      tsConfig: path.resolve(__dirname, '..', 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: true } },
    });
    graph = m.obj();
  }, 60_000);

  it('reads the whole source tree', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(150);
    expect(graph['ir/graph.ts']).toContain('ir/ops/index.ts');
  });

  it('has no import cycle between the top-level folders of src/', () => {
    const edges = new Map<string, Set<string>>();
    const why = new Map<string, string>();
    for (const [file, deps] of Object.entries(graph)) {
      for (const d of deps) {
        const a = top(file);
        const b = top(d);
        if (a === b) continue;
        if (!edges.has(a)) edges.set(a, new Set());
        edges.get(a)!.add(b);
        if (!why.has(`${a}>${b}`)) why.set(`${a}>${b}`, `${file} imports ${d}`);
      }
    }
    const cycles: string[] = [];
    for (const [a, bs] of edges) {
      for (const b of bs) {
        // Is `a` reachable from `b`? Then a → b closes a cycle.
        const seen = new Set([b]);
        const stack = [b];
        while (stack.length) for (const n of edges.get(stack.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), stack.push(n));
        if (seen.has(a)) cycles.push(`${a} → ${b} (${why.get(`${a}>${b}`)}) and back`);
      }
    }
    expect(cycles).toEqual([]);
  });

  it('keeps the bottom layers at the bottom: ir and arith import no other folder of src/', () => {
    for (const [file, deps] of Object.entries(graph)) {
      if (!['ir', 'arith'].includes(top(file))) continue;
      const out = deps.filter((d) => !['ir', 'arith', 'errors.ts', 'util'].includes(top(d)));
      expect([file, out]).toEqual([file, []]);
    }
  });
});
