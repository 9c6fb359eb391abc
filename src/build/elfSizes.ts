/**
 * What a built ELF holds, read with binutils: section sizes (`size -A`) and symbol sizes (`nm -S`).
 */
import { execFileSync } from 'child_process';

/** Section name → bytes. */
export type Sections = Record<string, number>;

/** A defined symbol and its size. */
export interface SizedSymbol {
  name: string;
  bytes: number;
}

/**
 * Section sizes of an ELF (`size -A`: one line per section, name, size, address); of a static library, summed over
 * its members (each listed the same way).
 */
export function sectionSizes(sizeTool: string, elf: string): Sections {
  const out = execFileSync(sizeTool, ['-A', elf], { encoding: 'utf8' });
  const sections: Sections = {};
  for (const line of out.split('\n')) {
    const m = /^(\.\S+)\s+(\d+)\s+(\d+)\s*$/.exec(line.trim());
    if (m) sections[m[1]] = (sections[m[1]] ?? 0) + Number(m[2]);
  }
  return sections;
}

/** Every symbol with a size (`nm -S`), largest first. */
export function symbolSizes(nmTool: string, elf: string): SizedSymbol[] {
  const out = execFileSync(nmTool, ['-S', '--size-sort', elf], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const syms: SizedSymbol[] = [];
  for (const line of out.split('\n')) {
    const m = /^[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+\S\s+(\S+)$/.exec(line.trim());
    if (m) syms.push({ name: m[2], bytes: parseInt(m[1], 16) });
  }
  return syms.sort((a, b) => b.bytes - a.bytes);
}

/** The lowest address a loadable section of the ELF is loaded at (`objdump -h`: ALLOC + LOAD sections' LMA). */
export function lowestLoadAddress(objdump: string, elf: string): number {
  const out = execFileSync(objdump, ['-h', elf], { encoding: 'utf8' });
  const lines = out.split('\n');
  let lowest = Infinity;
  for (let i = 0; i < lines.length - 1; i++) {
    const m = /^\s*\d+\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s/.exec(lines[i]);
    if (m && parseInt(m[1], 16) > 0 && /\bLOAD\b/.test(lines[i + 1])) lowest = Math.min(lowest, parseInt(m[2], 16));
  }
  if (!Number.isFinite(lowest)) throw new Error(`internal: ${elf} has no loadable section`);
  return lowest;
}
