/**
 * The static worst-case stack of a firmware from GCC's call-graph files (`-fcallgraph-info=su`, one `.ci` per
 * translation unit, VCG format: a node per function with its frame size, an edge per call): the deepest path from
 * Reset_Handler (or the family's entry, e.g. the Linux self-test thread), plus the deepest interrupt handler on top
 * of it with the exception frame the core pushes. Functions without a node of their own (the C library's
 * memcpy/fwrite, libm, compiler helpers) are charged a fixed allowance and listed, so the bound says what it assumed.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Bytes charged by default for a called function the call graph has no frame for (library code: newlib-nano). */
export const UNKNOWN_CALLEE_BYTES = 128;
/** Bytes the core pushes on an exception: the basic frame (8 words) with the FPU's extended frame (26 words). */
export const EXCEPTION_FRAME_BYTES = 104;

/** The static stack bound and how it was reached. */
export interface StackBound {
  bytes: number;
  /** The deepest call path from Reset_Handler. */
  path: string[];
  /** The interrupt handler whose path is added on top, if any. */
  handler?: string;
  /** Called functions without a frame in the graph, charged `libraryCallBytes` each on a path. */
  assumed: string[];
  /** What each of `assumed` is charged (UNKNOWN_CALLEE_BYTES unless the family says otherwise). */
  libraryCallBytes: number;
  /** Functions that call themselves through a cycle (the bound is then not a bound); empty when none. */
  recursive: string[];
  /** Functions with an unbounded dynamic frame (alloca, VLAs); empty when none. */
  dynamic: string[];
}

interface Graph {
  frame: Map<string, number>;
  dynamic: Set<string>;
  calls: Map<string, Set<string>>;
}

function parseCallGraphs(dir: string): Graph {
  const g: Graph = { frame: new Map(), dynamic: new Set(), calls: new Map() };
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ci')) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/node: \{ title: "([^"]+)" label: "([^"]*)"/g)) {
      const frame = /\\n(\d+) bytes \((static|dynamic[^)]*)\)/.exec(m[2]);
      if (!frame) continue;
      g.frame.set(m[1], Number(frame[1]));
      // "dynamic,bounded": the figure is the frame's upper bound (e.g. x86 pushing call arguments), so still a bound.
      if (frame[2] !== 'static' && frame[2] !== 'dynamic,bounded') g.dynamic.add(m[1]);
    }
    for (const m of text.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
      if (!g.calls.has(m[1])) g.calls.set(m[1], new Set());
      g.calls.get(m[1])!.add(m[2]);
    }
  }
  return g;
}

/**
 * The static stack bound of the firmware built in `dir` (its `.ci` files), from `entry` and over the interrupt
 * `handlers` that have frames; a called function without a frame is charged `libraryCallBytes`.
 */
export function stackBound(
  dir: string,
  entry = 'Reset_Handler',
  handlers = ['SysTick_Handler', 'HardFault_Handler', 'NMI_Handler'],
  libraryCallBytes = UNKNOWN_CALLEE_BYTES,
): StackBound {
  const g = parseCallGraphs(dir);
  const assumed = new Set<string>();
  const recursive = new Set<string>();
  const memo = new Map<string, { bytes: number; path: string[] }>();
  const onPath = new Set<string>();
  const deepest = (fn: string): { bytes: number; path: string[] } => {
    const hit = memo.get(fn);
    if (hit) return hit;
    if (onPath.has(fn)) {
      recursive.add(fn);
      return { bytes: 0, path: [fn] };
    }
    const own = g.frame.get(fn);
    if (own === undefined) {
      assumed.add(fn);
      return { bytes: libraryCallBytes, path: [fn] };
    }
    onPath.add(fn);
    let best = { bytes: 0, path: [] as string[] };
    for (const callee of g.calls.get(fn) ?? []) {
      const d = deepest(callee);
      if (d.bytes > best.bytes) best = d;
    }
    onPath.delete(fn);
    const r = { bytes: own + best.bytes, path: [fn, ...best.path] };
    memo.set(fn, r);
    return r;
  };
  const main = deepest(entry);
  let top: { name: string; bytes: number } | undefined;
  for (const h of handlers) {
    if (!g.frame.has(h)) continue;
    const d = deepest(h).bytes + EXCEPTION_FRAME_BYTES;
    if (!top || d > top.bytes) top = { name: h, bytes: d };
  }
  return {
    bytes: main.bytes + (top?.bytes ?? 0),
    path: main.path,
    ...(top ? { handler: top.name } : {}),
    assumed: [...assumed].sort(),
    libraryCallBytes,
    recursive: [...recursive].sort(),
    dynamic: [...g.dynamic].sort(),
  };
}
