import * as fs from 'fs';
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { importLayersModel } from './layersModel';

/**
 * Imports a model file into an IR graph. Accepts a TF.js Layers `model.json` (or a folder holding one).
 */
export function importModel(file: string): Graph {
  let p = file;
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
    p = `${p.replace(/\/$/, '')}/model.json`;
    if (!fs.existsSync(p)) throw new TinyfitError(`${file}: folder has no model.json; pass a TF.js Layers model.json or the folder holding it`);
  }
  if (p.toLowerCase().endsWith('.tflite')) {
    throw new TinyfitError(`${file}: .tflite import is not available in this version; use a TF.js Layers model.json`);
  }
  if (!fs.existsSync(p)) throw new TinyfitError(`${file}: no such file`);
  return importLayersModel(p);
}
