import * as fs from 'fs';
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { isGraphFolder, loadGraph } from '../io/graphFile';
import { importLayersModel } from './layersModel';
import { importTflite } from './tflite';

/**
 * Imports a model file into an IR graph: a TF.js Layers `model.json` (or a folder holding one) or a TFLite
 * flatbuffer (`.tflite`, float32 or int8), or a tinyfit model folder (`tinyfit.json`, as `tinyfit compress` writes).
 */
export function importModel(file: string): Graph {
  if (fs.existsSync(file) && isGraphFolder(file)) return loadGraph(file).graph;
  let p = file;
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
    p = `${p.replace(/\/$/, '')}/model.json`;
    if (!fs.existsSync(p)) throw new TinyfitError(`${file}: folder has no model.json or tinyfit.json; pass a TF.js Layers model.json, a .tflite, or the folder holding one`);
  }
  if (!fs.existsSync(p)) throw new TinyfitError(`${file}: no such file`);
  if (p.toLowerCase().endsWith('.tflite')) return importTflite(p);
  return importLayersModel(p);
}
