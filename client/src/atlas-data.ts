import type { Feature, Geometry } from 'geojson';
import {
  fetchBasemap, fetchCommunes, fetchFlows, fetchIndicators, fetchIndicatorValues, fetchLayers, fetchRailLines, fetchRegionalAccess,
  fetchServices, fetchSources, fetchStations, fetchTerritories,
  type BasemapProperties, type Collection, type CommuneProperties, type FlowProperties, type Indicator, type IndicatorValue, type Layer,
  type RailLineProperties, type RegionalAccess, type ServiceProperties, type Source, type StationProperties, type TerritoryProperties,
} from './api.ts';

/** Everything the page draws, loaded once; indicator values are fetched per period on demand. */
export interface AtlasData {
  indicators: Indicator[];
  sources: Map<string, Source>;
  layers: Layer[];
  basemap: Collection<BasemapProperties>;
  communes: Collection<CommuneProperties>;
  territories: Feature<Geometry, TerritoryProperties>[];
  railLines: Feature<Geometry, RailLineProperties>[];
  stations: Feature<Geometry, StationProperties>[];
  services: Feature<Geometry, ServiceProperties>[];
  flows: Feature<Geometry, FlowProperties>[];
  regionalAccess: RegionalAccess[];
}

export async function loadAtlasData(): Promise<AtlasData> {
  const [indicators, sources, layers, basemap, communes, territories, railLines, stations, services, flows, regionalAccess] = await Promise.all([
    fetchIndicators(), fetchSources(), fetchLayers(), fetchBasemap(), fetchCommunes(), fetchTerritories(),
    fetchRailLines(), fetchStations(), fetchServices(), fetchFlows(), fetchRegionalAccess(),
  ]);
  return {
    // The map colours communes; station indicators are shown with the stations.
    indicators: indicators.filter((i) => i.subject === 'commune'),
    sources: new Map(sources.map((s) => [s.id, s])),
    layers,
    basemap,
    communes,
    // A pilot without an open boundary cannot be outlined or zoomed to.
    territories: territories.features.filter((f) => f.geometry !== null),
    railLines: railLines.features,
    stations: stations.features,
    services: services.features,
    flows: flows.features,
    regionalAccess,
  };
}

/** Indicator values by (indicator, period), each fetched once. */
export class ValueCache {
  #cache = new Map<string, Promise<Map<string, IndicatorValue>>>();

  get(indicator: string, period: string | null): Promise<Map<string, IndicatorValue>> {
    const key = `${indicator}\u0000${period ?? ''}`;
    let found = this.#cache.get(key);
    if (!found) {
      found = fetchIndicatorValues(indicator, period);
      found.catch(() => this.#cache.delete(key));
      this.#cache.set(key, found);
    }
    return found;
  }
}
