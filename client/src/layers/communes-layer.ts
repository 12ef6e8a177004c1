import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { CommuneProperties } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import { FILL_ALPHA, NO_DATA_COLOUR, toRgb, type Rgb } from '../palettes.ts';

type CommuneFeature = Feature<Geometry, CommuneProperties>;

export function communesLayer(
  communes: CommuneFeature[],
  choropleth: Choropleth,
  key: string,
  projector: boolean,
  on: { hover: (f: CommuneFeature | null, x: number, y: number) => void; click: (f: CommuneFeature) => void },
) {
  const colours = choropleth.colours.map(toRgb);
  const fill = (f: CommuneFeature): [...Rgb, number] => {
    const c = choropleth.classes.get(f.properties.code);
    return [...(c === undefined ? NO_DATA_COLOUR : colours[c]!), FILL_ALPHA];
  };
  return new GeoJsonLayer<CommuneProperties>({
    id: 'communes',
    data: communes,
    filled: true,
    stroked: true,
    getFillColor: fill,
    // On a projector, thin white borders vanish: dark and twice as thick.
    getLineColor: projector ? [30, 30, 30, 255] : [255, 255, 255, 230],
    getLineWidth: projector ? 2 : 1,
    lineWidthUnits: 'pixels',
    pickable: true,
    updateTriggers: { getFillColor: key, getLineColor: projector, getLineWidth: projector },
    onHover: (info) => on.hover((info.object as CommuneFeature | undefined) ?? null, info.x, info.y),
    onClick: (info) => info.object && on.click(info.object as CommuneFeature),
  });
}

/**
 * An outline above every other overlay: thick and dark for the selected commune, thinner for the one
 * under the pointer. Built only while there is one, so the first view compiles no extra program.
 */
export function outlineLayer(commune: CommuneFeature, role: 'selected' | 'hovered') {
  return new GeoJsonLayer<CommuneProperties>({
    id: `${role}-commune`,
    data: [commune],
    filled: false,
    stroked: true,
    getLineColor: role === 'selected' ? [20, 20, 20, 255] : [60, 60, 60, 200],
    getLineWidth: role === 'selected' ? 3.5 : 2,
    lineWidthUnits: 'pixels',
  });
}
