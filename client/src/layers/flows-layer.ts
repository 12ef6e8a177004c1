import { ArcLayer } from '@deck.gl/layers';
import type { Feature, Geometry, LineString } from 'geojson';
import { flowWidth, type FlowProperties } from '../flows.ts';
import { FLOW_COLOURS, type Rgb } from '../palettes.ts';

export type FlowFeature = Feature<Geometry, FlowProperties>;

/**
 * Flows as arcs from the origin's reference point (light end) to the destination (full colour), width by
 * people. A flow to a country has no destination point: it counts in the totals but is not drawn.
 */
export function flowsLayer(flows: FlowFeature[], hover: (flow: FlowProperties | null, x: number, y: number) => void) {
  const drawn = flows.filter((f) => f.geometry?.type === 'LineString');
  const largest = Math.max(0, ...drawn.map((f) => f.properties.value));
  const colour = (f: FlowFeature): Rgb =>
    f.properties.cross_border ? FLOW_COLOURS.crossBorder : FLOW_COLOURS.domestic;
  const end = (f: FlowFeature, i: 0 | 1) => (f.geometry as LineString).coordinates[i] as [number, number];
  return new ArcLayer<FlowFeature>({
    id: 'flows',
    data: drawn,
    getSourcePosition: (f) => end(f, 0),
    getTargetPosition: (f) => end(f, 1),
    getSourceColor: (f) => [...colour(f), 90],
    getTargetColor: (f) => [...colour(f), 235],
    getWidth: (f) => flowWidth(f.properties.value, largest),
    widthUnits: 'pixels',
    getHeight: 0.5,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 220, 0, 255],
    onHover: (info) => hover(info.object?.properties ?? null, info.x, info.y),
    updateTriggers: { getWidth: largest },
  });
}
