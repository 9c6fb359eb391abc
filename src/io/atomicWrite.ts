import * as fs from 'fs';
import { TinyfitError } from '../errors';

/**
 * Writes a file atomically: a temp sibling, then a rename, so a reader never sees half a file and a failure
 * leaves nothing behind.
 * @throws TinyfitError naming the file (and the system error code) when it cannot be written
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the temp file was never created (e.g. a parent is not a directory)
    }
    throw new TinyfitError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
