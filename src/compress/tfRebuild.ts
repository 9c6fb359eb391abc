/**
 * Rebuilds a TF.js Layers model with fewer filters/units: the JSON config gets the new `filters` / `units`,
 * `tf.models.modelFromJSON` builds the smaller model, and every weight is copied with the removed channels
 * sliced out — the pruned layer's kernel columns and biases, batch-norm / PReLU / depthwise channels on the way,
 * and the consuming layer's input channels (rows p·C + c behind a flatten, the channels-last order of TF.js).
 */
import type * as TF from '@tensorflow/tfjs';
import { keepAlongAxis } from './slice';
import type { ChannelStep, ModelTopology } from './tfChannels';

/** One cut of a weight: keep `indices` along `axis`. */
interface Cut {
  axis: number;
  indices: number[];
}

/** Weight parameter name of a layer variable ('conv1/kernel' → 'kernel'). */
function paramName(v: TF.LayerVariable): string {
  const n = (v as unknown as { originalName?: string }).originalName ?? v.name;
  return n.split('/').pop()!.replace(/(_\d+)?(:\d+)?$/, '');
}

function addCut(cuts: Map<string, Map<string, Cut[]>>, layer: string, params: string[], cut: Cut): void {
  const m = cuts.get(layer) ?? new Map<string, Cut[]>();
  for (const p of params) m.set(p, [...(m.get(p) ?? []), cut]);
  cuts.set(layer, m);
}

/** The cuts that removing all but `keep` output channels of `layer` makes, down its channel path. */
function cutsOf(cuts: Map<string, Map<string, Cut[]>>, topo: ModelTopology, layer: string, keep: number[], steps: ChannelStep[]): void {
  const isConv = topo.nodes.get(layer)!.className === 'Conv2D';
  addCut(cuts, layer, ['kernel'], { axis: isConv ? 3 : 1, indices: keep });
  addCut(cuts, layer, ['bias'], { axis: 0, indices: keep });
  const width = Number(topo.nodes.get(layer)!.config[isConv ? 'filters' : 'units']);
  let idx = keep;
  let channels = width;
  let positions = 1;
  for (const s of steps) {
    if (s.kind === 'bn') addCut(cuts, s.layer, ['gamma', 'beta', 'moving_mean', 'moving_variance'], { axis: 0, indices: idx });
    else if (s.kind === 'prelu') addCut(cuts, s.layer, ['alpha'], { axis: -1, indices: idx });
    else if (s.kind === 'depthwise') {
      const m = s.multiplier;
      addCut(cuts, s.layer, ['depthwise_kernel'], { axis: 2, indices: idx });
      idx = idx.flatMap((k) => Array.from({ length: m }, (_, j) => k * m + j));
      channels *= m;
      addCut(cuts, s.layer, ['bias'], { axis: 0, indices: idx });
    } else if (s.kind === 'flatten') positions = s.positions;
    else if (s.kind === 'conv-in') addCut(cuts, s.layer, ['kernel'], { axis: 2, indices: idx });
    else if (s.kind === 'dense-in') {
      const rows: number[] = [];
      for (let p = 0; p < positions; p++) for (const k of idx) rows.push(p * channels + k);
      addCut(cuts, s.layer, ['kernel'], { axis: 0, indices: rows });
    }
  }
}

/**
 * A new model equal to `model` with only the `keep` output channels (ascending indices) of each listed layer.
 * The original model is left untouched. `paths` are the channel paths of the listed layers (tfChannels.ts).
 */
export async function rebuildWithChannels(
  tf: typeof TF,
  model: TF.LayersModel,
  topo: ModelTopology,
  keep: ReadonlyMap<string, number[]>,
  paths: ReadonlyMap<string, ChannelStep[]>,
): Promise<TF.LayersModel> {
  const cuts = new Map<string, Map<string, Cut[]>>();
  const json = JSON.parse(JSON.stringify(topo.json)) as Record<string, unknown>;
  const config = json.config as Record<string, unknown> | Record<string, unknown>[];
  const layers = (Array.isArray(config) ? config : (config.layers as Record<string, unknown>[])) ?? [];
  for (const [layer, k] of keep) {
    cutsOf(cuts, topo, layer, k, paths.get(layer)!);
    const l = layers.find((x) => String(x.name ?? (x.config as Record<string, unknown>).name) === layer)!;
    const cfg = l.config as Record<string, unknown>;
    cfg[topo.nodes.get(layer)!.className === 'Conv2D' ? 'filters' : 'units'] = k.length;
  }
  const out = await tf.models.modelFromJSON({ modelTopology: json } as TF.io.ModelJSON as never);
  for (const nl of out.layers) {
    const weights = nl.weights;
    if (weights.length === 0) continue;
    const ol = model.getLayer(nl.name);
    const values = ol.getWeights();
    const lc = cuts.get(nl.name);
    const sliced = ol.weights.map((v, i) => {
      const cs = lc?.get(paramName(v)) ?? [];
      if (cs.length === 0) return values[i].clone();
      let data = values[i].dataSync() as Float32Array;
      let shape = values[i].shape;
      for (const c of cs) {
        const r = keepAlongAxis(data, shape, c.axis < 0 ? shape.length + c.axis : c.axis, c.indices);
        data = r.data;
        shape = r.shape;
      }
      return tf.tensor(data, shape);
    });
    nl.setWeights(sliced);
    tf.dispose(sliced);
  }
  return out;
}
