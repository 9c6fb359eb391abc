import * as fs from 'fs';
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { importLayersModel } from './layersModel';
import { importTflite } from './tflite';

/**
 * Imports a model file into an IR graph: a TF.js Layers `model.json` (or a folder holding one) or a TFLite
 * flatbuffer (`.tflite`, float32 or int8).
 */
export function importModel(file: string): Graph {
  let p = file;
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
    p = `${p.replace(/\/$/, '')}/model.json`;
    if (!fs.existsSync(p)) throw new TinyfitError(`${file}: folder has no model.json; pass a TF.js Layers model.json or the folder holding it`);
  }
  if (!fs.existsSync(p)) throw new TinyfitError(`${file}: no such file`);
  if (p.toLowerCase().endsWith('.tflite')) return importTflite(p);
  return importLayersModel(p);
}
