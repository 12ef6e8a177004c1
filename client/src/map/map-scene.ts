import type { Choropleth } from '../choropleth.ts';
import { filterFlows } from '../flows.ts';
import type { PageData } from '../page-data.ts';
import type { AtlasState, LayerId } from '../state.ts';

/** What the map shows for a view: pure data, which AtlasMap turns into MapLibre calls and a deck.gl layer. */
export interface MapScene {
  /** The switches that are on (state.ts LAYER_IDS). */
  layers: Set<LayerId>;
  /** Class colour (#rrggbb) of every commune with a value; the others are "no data". */
  colours: Map<string, string>;
  territory: string;
  /** Communes whose names are written: the territory's members. */
  labelled: string[];
  categories: string[];
  selected: string | null;
  projector: boolean;
  /** The flows the filter keeps, or null with the flows layer off. */
  flows: PageData['flows'] | null;
}

/** The flows a filter keeps, recomputed only when the filter or the data change (not on every render). */
const keptFlows = new WeakMap<object, { key: string; flows: PageData['flows'] }>();

function flowsShown(data: PageData, state: AtlasState): PageData['flows'] {
  const key = JSON.stringify(state.flows);
  const kept = keptFlows.get(data.flows);
  if (kept?.key === key) return kept.flows;
  const flows = filterFlows(data.flows, state.flows);
  keptFlows.set(data.flows, { key, flows });
  return flows;
}

export function mapScene(state: AtlasState, data: PageData, choropleth: Choropleth, projector: boolean): MapScene {
  const layers = new Set(state.layers);
  const territory = data.territories.find((f) => f.id === state.territory);
  return {
    layers,
    colours: new Map([...choropleth.classes].map(([code, c]) => [code, choropleth.colours[c]!])),
    territory: state.territory,
    labelled: territory?.properties.communes ?? [],
    categories: state.categories,
    selected: state.commune,
    projector,
    flows: layers.has('flows') ? flowsShown(data, state) : null,
  };
}
