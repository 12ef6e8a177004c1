import type { Layer } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import type { CommuneProperties } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import { filterFlows, type FlowProperties } from '../flows.ts';
import { communesLayer, outlineLayer } from '../layers/communes-layer.ts';
import { flowsLayer } from '../layers/flows-layer.ts';
import { labelsLayer, type Label } from '../layers/labels-layer.ts';
import { railStationsLayer, servicesLayer } from '../layers/points-layers.ts';
import { railLinesLayer } from '../layers/rail-lines-layer.ts';
import { outlinesOf, territoriesLayer } from '../layers/territories-layer.ts';
import type { PageData } from '../page-data.ts';
import type { AtlasState } from '../state.ts';

export type CommuneFeature = Feature<Geometry, CommuneProperties>;

export interface LayerHandlers {
  hoverCommune: (f: CommuneFeature | null, x: number, y: number) => void;
  hoverPoint: (name: string | null, x: number, y: number) => void;
  hoverFlow: (flow: FlowProperties | null, x: number, y: number) => void;
  selectCommune: (f: CommuneFeature) => void;
}

/** Outlines and labels depend on data only: computed once, so deck.gl never re-uploads them. */
const outlines = new WeakMap<object, ReturnType<typeof outlinesOf>>();
const labels = new Map<string, Label[]>();

function territoryOutlines(data: PageData) {
  if (!outlines.has(data.territories)) outlines.set(data.territories, outlinesOf(data.territories));
  return outlines.get(data.territories)!;
}

function territoryLabels(territory: string, communes: CommuneFeature[], members: Set<string>): Label[] {
  if (!labels.has(territory)) {
    // At the commune's reference point, which lies inside it even where the commune is concave.
    labels.set(
      territory,
      communes
        .filter((f) => members.has(f.properties.code))
        .map(({ properties: p }) => ({ text: p.name, position: [p.ref_lon, p.ref_lat] })),
    );
  }
  return labels.get(territory)!;
}

/** The flows a filter keeps, recomputed only when the filter or the data change (not on every hover). */
const keptFlows = new WeakMap<object, { key: string; flows: PageData['flows'] }>();

function flowsShown(data: PageData, state: AtlasState): PageData['flows'] {
  const key = JSON.stringify(state.flows);
  const kept = keptFlows.get(data.flows);
  if (kept?.key === key) return kept.flows;
  const flows = filterFlows(data.flows, state.flows);
  keptFlows.set(data.flows, { key, flows });
  return flows;
}

/** The deck.gl layers of a state, bottom to top; only the layers switched on are built. */
export function mapLayers(
  state: AtlasState,
  data: PageData,
  choropleth: Choropleth,
  hovered: string | null,
  projector: boolean,
  handlers: LayerHandlers,
): Layer[] {
  const on = new Set(state.layers);
  const communes = data.communes.features;
  const territory = data.territories.find((f) => f.id === state.territory);
  const members = new Set(territory?.properties.communes ?? []);
  const selected = communes.find((f) => f.properties.code === state.commune);
  const underPointer = hovered === state.commune ? undefined : communes.find((f) => f.properties.code === hovered);
  const key = `${state.indicator}|${state.period}|${state.method}|${state.classes}|${state.breaks}|${state.palette}`;
  const layers: (Layer | null)[] = [
    on.has('communes')
      ? communesLayer(communes, choropleth, key, projector, {
          hover: handlers.hoverCommune,
          click: handlers.selectCommune,
        })
      : null,
    on.has('territories') ? territoriesLayer(territoryOutlines(data), state.territory, projector) : null,
    on.has('rail-lines') ? railLinesLayer(data.railLines) : null,
    on.has('rail-stations') ? railStationsLayer(data.railStations, handlers.hoverPoint) : null,
    on.has('services') ? servicesLayer(data.services, state.categories, handlers.hoverPoint) : null,
    on.has('flows') ? flowsLayer(flowsShown(data, state), handlers.hoverFlow) : null,
    underPointer ? outlineLayer(underPointer, 'hovered') : null,
    selected ? outlineLayer(selected, 'selected') : null,
    on.has('labels') ? labelsLayer(territoryLabels(state.territory, communes, members)) : null,
  ];
  return layers.filter((l) => l !== null);
}
