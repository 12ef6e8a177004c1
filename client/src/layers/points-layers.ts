import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Geometry, Point } from 'geojson';
import type { RailStationProperties, ServiceProperties } from '../api.ts';
import type { ServiceCategory } from '../state.ts';
import type { Rgb } from '../palettes.ts';

const position = (f: Feature<Geometry>) => (f.geometry as Point).coordinates as [number, number];

/** Stations: small white discs with a dark ring, like a timetable map. */
export function railStationsLayer(
  stations: Feature<Geometry, RailStationProperties>[],
  hover: (name: string | null, x: number, y: number) => void,
) {
  return new ScatterplotLayer<Feature<Geometry, RailStationProperties>>({
    id: 'rail-stations',
    data: stations,
    getPosition: position,
    getRadius: 4,
    radiusUnits: 'pixels',
    getFillColor: [255, 255, 255, 255],
    getLineColor: [40, 40, 40, 255],
    lineWidthMinPixels: 1.5,
    stroked: true,
    pickable: true,
    onHover: (info) => hover(info.object?.properties.name ?? null, info.x, info.y),
  });
}

/** One colour per service category; dark-on-light ring so both read on every class colour. */
export const CATEGORY_COLOURS: Record<ServiceCategory, Rgb> = {
  hospital: [200, 30, 45],
  'health-facility': [235, 120, 130],
  'france-services': [30, 70, 160],
  'health-centre': [150, 20, 110],
  welcome: [0, 130, 100],
  'language-course': [125, 85, 10],
  employment: [225, 150, 0],
  'social-services': [95, 60, 165],
  other: [90, 90, 90],
};

export function servicesLayer(
  services: Feature<Geometry, ServiceProperties>[],
  categories: ServiceCategory[],
  hover: (name: string | null, x: number, y: number) => void,
) {
  return new ScatterplotLayer<Feature<Geometry, ServiceProperties>>({
    id: 'services',
    data: services.filter((f) => (categories as string[]).includes(f.properties.category)),
    getPosition: position,
    getRadius: 5,
    radiusUnits: 'pixels',
    getFillColor: (f) => CATEGORY_COLOURS[f.properties.category as ServiceCategory] ?? [90, 90, 90],
    getLineColor: [255, 255, 255, 255],
    lineWidthMinPixels: 1.5,
    stroked: true,
    pickable: true,
    onHover: (info) =>
      hover(
        info.object
          ? `${info.object.properties.name}${info.object.properties.city ? `, ${info.object.properties.city}` : ''}`
          : null,
        info.x,
        info.y,
      ),
  });
}
