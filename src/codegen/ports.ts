/**
 * The port of a generated project: the contract header firmware/ports/port.h, every C (or, where the platform's
 * API is C++, as Arduino's is, C++) file of firmware/ports/<port>/ and the shared headers of firmware/ports/ those files include, copied into `port/` with
 * the prefix rewritten (firmwareCopy.ts). The family's
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
  /** `port/<file>.c` (and `.cpp`) names, sorted. */
  sources: string[];
  /** `port/<file>.h` names, sorted (port_config.h, rendered from templates, not included). */
  headers: string[];
}

const C_FILE = /\.(c|cpp|h)$/;

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
  // Headers shared by several ports (firmware/ports/*.h, e.g. the Cortex-M SysTick counter) that the port includes.
  const shared = new Set<string>();
  for (const f of own) {
    for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^#include "([^"/]+\.h)"/gm)) {
      const h = m[1];
      if (h !== 'port.h' && h !== 'port_config.h' && !own.includes(h) && fs.existsSync(path.join(firmwareDir, 'ports', h))) shared.add(h);
    }
  }
  const rels = ['ports/port.h', ...[...shared].sort().map((h) => `ports/${h}`), ...own.map((f) => `ports/${port}/${f}`)];
  const files = new Map<string, string>();
  for (const rel of rels) {
    const name = `port/${path.basename(rel)}`;
    const note = rel === 'ports/port.h' ? 'the port contract' : rel.split('/').length === 2 ? 'shared by ports' : `port ${port}`;
    files.set(name, copyFirmware({ firmwareDir, rel, note }, name, prefix, modelName));
  }
  const names = [...files.keys()];
  return { files, sources: names.filter((n) => /\.(c|cpp)$/.test(n)), headers: names.filter((n) => n.endsWith('.h')) };
}
