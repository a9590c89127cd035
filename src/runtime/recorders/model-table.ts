// What a TF.js LayersModel says of itself, read through TF.js's own API (the getters and methods of its
// Layer and LayerVariable classes): the layer table at train begin, and each layer's weights. A layer
// that cannot answer (not built, several output shapes) gets null for that column, never an exception.
import type { LayerRow, WeightStats } from '../../protocol/events';
import { valueStats } from './weight-stats';

type Obj = Record<string, unknown>;

interface LayerVariableLike {
  name: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
  read(): { dataSync(): ArrayLike<number> };
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

const layersOf = (model: Obj): Obj[] => attempt(() => (Array.isArray(model.layers) ? (model.layers as Obj[]) : []), []);
const weightsOf = (holder: Obj): LayerVariableLike[] => attempt(() => (Array.isArray(holder.weights) ? (holder.weights as LayerVariableLike[]) : []), []);
const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function layerRows(model: Obj): LayerRow[] {
  return layersOf(model).map((layer) => ({
    name: String(attempt(() => layer.name, '')),
    className: String(attempt(() => (layer.getClassName as () => string).call(layer), '')),
    outputShape: attempt(() => layer.outputShape as LayerRow['outputShape'], null),
    params: attempt(() => (layer.countParams as () => number).call(layer), null),
    trainable: attempt(() => layer.trainable === true, false),
  }));
}

export function paramCounts(model: Obj): { totalParams: number; trainableParams: number } {
  const totalParams = attempt(() => (model.countParams as () => number).call(model), 0);
  const trainable = attempt(() => (Array.isArray(model.trainableWeights) ? (model.trainableWeights as LayerVariableLike[]) : []), []);
  return { totalParams, trainableParams: trainable.reduce((n, w) => n + sizeOf(w.shape), 0) };
}

/** Every weight of every layer, in layer order; each one's values downloaded once (dataSync). */
export function weightStats(model: Obj): WeightStats[] {
  const out: WeightStats[] = [];
  for (const layer of layersOf(model)) {
    const layerName = String(attempt(() => layer.name, ''));
    for (const weight of weightsOf(layer)) {
      const entry = attempt((): WeightStats | undefined => {
        if (weight.dtype === 'string' || weight.dtype === 'complex64') return undefined;
        const values = weight.read().dataSync();
        return {
          layer: layerName, name: weight.name, shape: [...weight.shape], dtype: weight.dtype, trainable: weight.trainable === true,
          size: sizeOf(weight.shape), ...valueStats(values),
        };
      }, undefined);
      if (entry) out.push(entry);
    }
  }
  return out;
}
