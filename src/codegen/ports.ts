/**
 * The port of a generated project: the contract header firmware/ports/port.h and every C file of
 * firmware/ports/<port>/, copied into `port/` with the prefix rewritten (firmwareCopy.ts). The family's
 * templates add port/port_config.h (what the port needs from the descriptor).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { copyFirmware } from './firmwareCopy';

/** The port's project files and the sources a Makefile compiles. */
export interface PortFiles {
  /** `port/<file>` → contents. */
  files: Map<string, string>;
  /** `port/<file>.c` names, sorted. */
  sources: string[];
  /** `port/<file>.h` names, sorted (port_config.h, rendered from templates, not included). */
  headers: string[];
}

const C_FILE = /\.(c|h)$/;

/**
 * Copies port `port` from `firmwareDir/ports/`.
 * @throws TinyfitError when the port has no folder (a descriptor checked against another firmware folder)
 */
export function portFiles(port: string, firmwareDir: string, prefix: string, modelName: string): PortFiles {
  const dir = path.join(firmwareDir, 'ports', port);
  if (!fs.existsSync(dir)) throw new TinyfitError(`port '${port}' has no folder firmware/ports/${port}/ in ${firmwareDir}`);
  const own = fs.readdirSync(dir).filter((f) => C_FILE.test(f)).sort();
  const clash = own.find((f) => f === 'port.h' || f === 'port_config.h');
  if (clash) throw new TinyfitError(`firmware/ports/${port}/${clash}: a port may not have a file of that name (the project's port/${clash} is the contract's)`);
  const rels = ['ports/port.h', ...own.map((f) => `ports/${port}/${f}`)];
  const files = new Map<string, string>();
  for (const rel of rels) {
    const name = `port/${path.basename(rel)}`;
    files.set(name, copyFirmware({ firmwareDir, rel, note: rel === 'ports/port.h' ? 'the port contract' : `port ${port}` }, name, prefix, modelName));
  }
  const names = [...files.keys()];
  return { files, sources: names.filter((n) => n.endsWith('.c')), headers: names.filter((n) => n.endsWith('.h')) };
}
