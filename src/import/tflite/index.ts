import * as fs from 'fs';
import { TinyfitError } from '../../errors';
import { Graph } from '../../ir/types';
import { readTflite } from './reader';
import { tfliteToGraph } from './toGraph';

export { readTflite } from './reader';
export { writeTflite } from './writer';
export { tfliteToGraph } from './toGraph';
export type * from './model';

/**
 * Imports a .tflite file (TFLite flatbuffer, schema version 3) into an IR graph.
 * @throws TinyfitError (one line naming the file) on an unreadable, malformed or unsupported model
 */
export function importTflite(file: string): Graph {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new TinyfitError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return tfliteToGraph(readTflite(bytes, file), file);
}
