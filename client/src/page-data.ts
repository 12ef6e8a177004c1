import type { Feature, Geometry } from 'geojson';
import {
  fetchBasemap,
  fetchCommune,
  fetchCommunes,
  fetchFlows,
  fetchIndicators,
  fetchIndicatorValues,
  fetchInitiatives,
  fetchLayers,
  fetchRailLines,
  fetchRailStations,
  fetchHealthcareContext,
  fetchServices,
  fetchSources,
  fetchTerritories,
  type BasemapProperties,
  type Collection,
  type CommuneProperties,
  type CommuneRecord,
  type FlowProperties,
  type Indicator,
  type InitiativeProperties,
  type Layer,
  type RailLineProperties,
  type RailStationProperties,
  type HospitalDefinition,
  type RegionalAccess,
  type ServiceProperties,
  type Source,
  type TerritoryProperties,
  type ValueRecord,
} from './api.ts';

/** Everything the page draws, loaded once; indicator values and commune answers are fetched on demand. */
export interface PageData {
  indicators: Indicator[];
  sources: Map<string, Source>;
  layers: Layer[];
  basemap: Collection<BasemapProperties>;
  communes: Collection<CommuneProperties>;
  territories: Feature<Geometry, TerritoryProperties>[];
  railLines: Feature<Geometry, RailLineProperties>[];
  railStations: Feature<Geometry, RailStationProperties>[];
  services: Feature<Geometry, ServiceProperties>[];
  flows: Feature<Geometry, FlowProperties>[];
  initiatives: Feature<Geometry, InitiativeProperties>[];
  regionalAccess: RegionalAccess[];
  hospitalDefinitions: HospitalDefinition[];
}

export async function loadPageData(): Promise<PageData> {
  const [
    indicators,
    sources,
    layers,
    basemap,
    communes,
    territories,
    railLines,
    railStations,
    services,
    flows,
    initiatives,
    context,
  ] = await Promise.all([
    fetchIndicators(),
    fetchSources(),
    fetchLayers(),
    fetchBasemap(),
    fetchCommunes(),
    fetchTerritories(),
    fetchRailLines(),
    fetchRailStations(),
    fetchServices(),
    fetchFlows(),
    fetchInitiatives(),
    fetchHealthcareContext(),
  ]);
  return {
    // The map colours communes; station indicators are shown with the stations.
    indicators: indicators.filter((i) => i.subject === 'commune'),
    sources: new Map(sources.map((s) => [s.id, s])),
    layers,
    basemap,
    communes,
    // A territory without an outline or a member in the atlas (Ruggell) cannot be zoomed to.
    territories: territories.features.filter((f) => f.bbox !== undefined),
    railLines: railLines.features,
    railStations: railStations.features,
    services: services.features,
    flows: flows.features,
    initiatives: initiatives.features,
    regionalAccess: context.regions,
    hospitalDefinitions: context.hospitalDefinitions,
  };
}

/** The answers the page asks for as the view changes, each fetched once: a failed one is asked for again. */
export class AnswerCache {
  #values = new Map<string, Promise<Map<string, ValueRecord>>>();
  #communes = new Map<string, Promise<CommuneRecord>>();

  /** An indicator's values keyed by commune code: of one period, or each commune's latest when period is null. */
  values(indicator: string, period: string | null): Promise<Map<string, ValueRecord>> {
    return once(this.#values, `${indicator}\u0000${period ?? ''}`, () => fetchIndicatorValues(indicator, period));
  }

  /** One commune's values of every indicator and period, and its territories' medians: the commune panel. */
  commune(code: string): Promise<CommuneRecord> {
    return once(this.#communes, code, () => fetchCommune(code));
  }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, fetch: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = fetch();
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
