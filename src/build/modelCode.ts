/**
 * The flash bytes of the model's own code in a firmware: the functions of model.c and of the kernels (kernels/),
 * as linked (after --gc-sections), apart from the board's start-up, port, agent and C library. The translation
 * unit of each function comes from GCC's call-graph files (`-fcallgraph-info`, one `.ci` per source, which the
 * families' builds write for the stack bound); the sizes from `nm -S` of the linked image. This is the figure a
 * compression budget counts beside the weights ("decoder code").
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SizedSymbol } from './elfSizes';

/** True for the model's sources: model.c and everything under kernels/. */
function isModelSource(file: string): boolean {
  return file === 'model.c' || file.endsWith('/model.c') || /(^|\/)kernels\//.test(file);
}

/**
 * Bytes of the linked functions defined in model.c and kernels/ (static helpers included, each copy once).
 * @param dir the built project (holding the `.ci` files)
 * @param symbols the linked image's sized symbols
 * @returns the bytes, or undefined when the build wrote no call-graph files
 */
export function modelCodeBytes(dir: string, symbols: readonly SizedSymbol[]): number | undefined {
  const ciFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.ci'));
  if (ciFiles.length === 0) return undefined;
  const names = new Set<string>();
  for (const f of ciFiles) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const tu = /^graph: \{ title: "([^"]+)"/m.exec(text)?.[1];
    if (!tu || !isModelSource(tu)) continue;
    for (const m of text.matchAll(/node: \{ title: "([^"]+)" label: "[^"]*\\n\d+ bytes/g)) names.add(m[1].slice(m[1].lastIndexOf(':') + 1));
  }
  return symbols.filter((s) => names.has(s.name)).reduce((a, s) => a + s.bytes, 0);
}
