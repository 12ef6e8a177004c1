import { MapboxOverlay } from '@deck.gl/mapbox';
import { ArcLayer } from '@deck.gl/layers';
import type { Feature, Geometry, LineString } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { flowWidth, type FlowProperties } from '../flows.ts';
import { FLOW_COLOURS, type Rgb } from '../palettes.ts';

export type FlowFeature = Feature<Geometry, FlowProperties>;

/**
 * The flows, the one layer MapLibre cannot draw: deck.gl arcs in an overlay canvas above the map. This
 * module is loaded with import() when the flows layer is first switched on, so the first view neither
 * downloads nor compiles deck.gl (interleaved mode fails with MapLibre 6: ARCHITECTURE.md).
 */
export class FlowsOverlay {
  readonly #overlay: MapboxOverlay;
  #layer: ArcLayer<FlowFeature> | null = null;
  /** Settles when deck.gl has drawn the latest arcs; replaced on every change. */
  #drawn: Promise<void> = Promise.resolve();
  #markDrawn: () => void = () => {};

  constructor(map: MapLibreMap) {
    this.#overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onAfterRender: () => {
        if (!this.#layer || this.#layer.isLoaded) this.#markDrawn();
      },
    });
    map.addControl(this.#overlay);
  }

  /** Shows these flows, or none. */
  show(flows: FlowFeature[] | null): void {
    this.#expectDrawing();
    this.#layer = flows ? arcs(flows) : null;
    this.#overlay.setProps({ layers: this.#layer ? [this.#layer] : [] });
  }

  /** The flow under a point of the map's container, if any. */
  pick(x: number, y: number): FlowProperties | null {
    if (!this.#layer) return null;
    const info = this.#overlay.pickObject({ x, y, radius: 2, layerIds: ['flows'] });
    return (info?.object as FlowFeature | undefined)?.properties ?? null;
  }

  whenDrawn(): Promise<void> {
    return this.#drawn;
  }

  /** Draws again at `pixelRatio` image pixels per CSS pixel (an exported image), or at the screen's (true). */
  redraw(useDevicePixels: number | boolean): Promise<void> {
    this.#expectDrawing();
    this.#overlay.setProps({ useDevicePixels, layers: this.#layer ? [this.#layer] : [] });
    if (!this.#layer) this.#markDrawn();
    return this.#drawn;
  }

  #expectDrawing(): void {
    this.#drawn = new Promise((resolve) => (this.#markDrawn = resolve));
  }
}

/**
 * Flows as arcs from the origin's reference point (light end) to the destination (full colour), width by
 * people. A flow to a country has no destination point: it counts in the totals but is not drawn.
 */
function arcs(flows: FlowFeature[]): ArcLayer<FlowFeature> {
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
    updateTriggers: { getWidth: largest },
  });
}
