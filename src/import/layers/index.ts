import { LayerConverter } from '../context';
import { ACTIVATION_LAYERS } from './activations';
import { CONV_LAYERS } from './conv';
import { MERGE_LAYERS } from './merge';
import { NORMALIZATION_LAYERS } from './normalization';
import { POOLING_LAYERS } from './pooling';
import { RESHAPING_LAYERS } from './reshaping';

/** Every supported layer class (TF.js and Keras spellings) and its converter. */
export const LAYER_CONVERTERS: Record<string, LayerConverter> = {
  ...CONV_LAYERS,
  ...POOLING_LAYERS,
  ...RESHAPING_LAYERS,
  ...NORMALIZATION_LAYERS,
  ...ACTIVATION_LAYERS,
  ...MERGE_LAYERS,
};

/** The converter of a layer class, if supported (own keys only: 'toString' or '__proto__' is not a class). */
export function converterOf(className: string): LayerConverter | undefined {
  return Object.prototype.hasOwnProperty.call(LAYER_CONVERTERS, className) ? LAYER_CONVERTERS[className] : undefined;
}

/** Whether a layer class takes several inputs (merge layers); every other layer takes exactly one. */
export function isMultiInput(className: string): boolean {
  return Object.prototype.hasOwnProperty.call(MERGE_LAYERS, className);
}
