import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { TerritoryProperties } from '../api.ts';

/** Outlines only: the selected territory drawn heavier than its neighbours. */
export function territoriesLayer(territories: Feature<Geometry, TerritoryProperties>[], selected: string) {
  const isSelected = (f: Feature<Geometry, TerritoryProperties>) => f.id === selected;
  return new GeoJsonLayer<TerritoryProperties>({
    id: 'territories',
    data: territories,
    filled: false,
    stroked: true,
    getLineColor: (f) => (isSelected(f) ? [40, 30, 90, 255] : [70, 60, 110, 150]),
    getLineWidth: (f) => (isSelected(f) ? 3 : 1.5),
    lineWidthUnits: 'pixels',
    updateTriggers: { getLineColor: selected, getLineWidth: selected },
  });
}
