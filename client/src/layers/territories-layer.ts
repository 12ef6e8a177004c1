import { PathLayer } from '@deck.gl/layers';
import type { Feature, Geometry, Position } from 'geojson';
import type { TerritoryProperties } from '../api.ts';

interface Outline {
  territory: string;
  path: Position[];
}

/** Every ring of a territory's boundary as a path. */
export function outlinesOf(territories: Feature<Geometry, TerritoryProperties>[]): Outline[] {
  return territories.flatMap((f) => {
    const g = f.geometry;
    const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
    return rings.map((path) => ({ territory: String(f.id), path }));
  });
}

/**
 * Outlines only, the selected territory heavier than its neighbours. A plain PathLayer shares its
 * shaders with the communes' outlines, which a GeoJsonLayer would not (one program less to compile).
 */
export function territoriesLayer(outlines: Outline[], selected: string, projector: boolean) {
  return new PathLayer<Outline>({
    id: 'territories',
    data: outlines,
    getPath: (o) => o.path as [number, number][],
    getColor: (o) => (o.territory === selected ? [40, 30, 90, 255] : [70, 60, 110, 150]),
    getWidth: (o) => (o.territory === selected ? 3 : 1.5),
    widthUnits: 'pixels',
    // On a projector, every outline twice as thick.
    widthScale: projector ? 2 : 1,
    updateTriggers: { getColor: selected, getWidth: selected },
  });
}
