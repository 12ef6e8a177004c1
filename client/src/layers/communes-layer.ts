import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { CommuneProperties } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import { NO_DATA_COLOUR, toRgb, type Rgb } from '../palettes.ts';

type CommuneFeature = Feature<Geometry, CommuneProperties>;

/** Slightly translucent, so rivers and borders of the basemap stay readable through the colours. */
const FILL_ALPHA = 215;

export function communesLayer(
  communes: CommuneFeature[],
  choropleth: Choropleth,
  key: string,
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
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    pickable: true,
    autoHighlight: true,
    highlightColor: [0, 0, 0, 60],
    updateTriggers: { getFillColor: key },
    onHover: (info) => on.hover((info.object as CommuneFeature | undefined) ?? null, info.x, info.y),
    onClick: (info) => info.object && on.click(info.object as CommuneFeature),
  });
}

/** A thick dark outline around the selected commune, above every other overlay. */
export function selectedCommuneLayer(commune: CommuneFeature) {
  return new GeoJsonLayer<CommuneProperties>({
    id: 'selected-commune',
    data: [commune],
    filled: false,
    stroked: true,
    getLineColor: [20, 20, 20, 255],
    getLineWidth: 3.5,
    lineWidthUnits: 'pixels',
  });
}
