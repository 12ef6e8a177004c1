import { PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import { PathLayer } from '@deck.gl/layers';
import type { Feature, Geometry, LineString } from 'geojson';
import type { RailLineProperties } from '../api.ts';

/** Schematic lines (straight links between stations, not track geometry) are dashed; any other solid. */
export function railLinesLayer(lines: Feature<Geometry, RailLineProperties>[]) {
  return new PathLayer<
    Feature<Geometry, RailLineProperties>,
    PathStyleExtensionProps<Feature<Geometry, RailLineProperties>>
  >({
    id: 'rail-lines',
    data: lines.filter((f) => f.geometry.type === 'LineString'),
    getPath: (f) => (f.geometry as LineString).coordinates as [number, number][],
    getColor: [55, 55, 55, 230],
    getWidth: 2.5,
    widthUnits: 'pixels',
    getDashArray: (f) => (f.properties.schematic ? [3, 2] : [0, 0]),
    dashJustified: true,
    extensions: [new PathStyleExtension({ dash: true })],
  });
}
