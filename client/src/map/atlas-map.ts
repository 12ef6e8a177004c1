import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import type { FlowProperties } from '../flows.ts';
import type { Bounds } from '../geometry.ts';
import type { PageData } from '../page-data.ts';
import type { Camera } from '../state.ts';
import { atlasStyle } from './atlas-style.ts';
import { DATA_LAYER_IDS, dataSources, OUTLINES, POINTABLE_LAYERS } from './data-layers.ts';
import type { FlowsOverlay } from './deck-flows.ts';
import type { MapScene } from './map-scene.ts';

maplibregl.setWorkerUrl(workerUrl);
// The workers start (download and compile their script) while the page fetches its data, not after.
maplibregl.prewarm();

/** Room around a fitted territory, in pixels, so its outline is not drawn against the edge. */
const FIT_PADDING = 40;

export interface MapHandlers {
  hoverCommune: (code: string | null, x: number, y: number) => void;
  /** A station, service or initiative under the pointer: its layer and properties as MapLibre gives them. */
  hoverPoint: (layer: string, properties: Record<string, unknown>, x: number, y: number) => void;
  hoverFlow: (flow: FlowProperties | null, x: number, y: number) => void;
  selectCommune: (code: string) => void;
  /** A part of the map could not be drawn (deck.gl, for the flows, failed to load). */
  failed: (error: Error) => void;
}

/**
 * MapLibre draws the basemap and the atlas's layers in one WebGL context (data-layers.ts); the view changes
 * them through visibility, filters and feature-state, never by sending geometry again. deck.gl is loaded
 * only for the flows (deck-flows.ts).
 */
export class AtlasMap {
  readonly map: maplibregl.Map;
  #scene: MapScene | null = null;
  #hovered: string | null = null;
  #handlers: MapHandlers | null = null;
  #flows: FlowsOverlay | null = null;
  #loadingFlows: Promise<FlowsOverlay> | null = null;
  /** Settles when the style has loaded: changes before then wait for it, in order. */
  readonly #styled: Promise<void>;
  #isStyled = false;

  constructor(
    container: HTMLElement,
    data: PageData,
    camera: Camera | { bounds: Bounds },
    onCamera: (camera: Camera) => void,
  ) {
    this.map = new maplibregl.Map({
      container,
      style: atlasStyle(data),
      ...('bounds' in camera
        ? { bounds: camera.bounds, fitBoundsOptions: { padding: FIT_PADDING } }
        : { center: [camera.lon, camera.lat] as [number, number], zoom: camera.zoom }),
      // The sources of everything drawn are listed beside the map, linked from its corner.
      attributionControl: false,
      // An exported image copies the map's canvas after it has drawn.
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // Map-wide pitch and rotation add nothing to a choropleth and confuse keyboard users.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
    this.#styled = new Promise((resolve) => this.map.once('load', () => resolve()));
    void this.#styled.then(() => (this.#isStyled = true));
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.on('moveend', () => onCamera(this.camera()));
    // While the map is dragged, nothing is pointed at: no picking, outline or tooltip on every frame of a pan.
    this.map.on('mousemove', (e) => (e.originalEvent.buttons ? this.#leave() : this.#point(e.point.x, e.point.y)));
    this.map.on('click', (e) => {
      const commune = this.#featuresAt(e.point.x, e.point.y).find((f) => f.layer.id === 'communes');
      if (commune) this.#handlers?.selectCommune(String(commune.properties.code));
    });
    container.addEventListener('mouseleave', () => this.#leave());
    // For scripts and tests that read what the map draws (queryRenderedFeatures), as they would on any
    // MapLibre page.
    (globalThis as { atlasMap?: maplibregl.Map }).atlasMap = this.map;
  }

  /** Tells what the pointer is over and what it clicks, and what failed. */
  listen(handlers: MapHandlers): void {
    this.#handlers = handlers;
  }

  camera(): Camera {
    const { lng, lat } = this.map.getCenter();
    return { lon: lng, lat, zoom: this.map.getZoom() };
  }

  /** The data changed (a planner imported figures): every source takes its new features. */
  setData(data: PageData): void {
    this.#whenStyled(() => {
      for (const [id, source] of Object.entries(dataSources(data))) {
        if (source.type === 'geojson') this.map.getSource<GeoJSONSource>(id)?.setData(source.data);
      }
      // New features have no state yet: colour and select them again.
      const scene = this.#scene;
      this.#scene = null;
      if (scene) this.show(scene);
    });
  }

  /** Shows a scene, changing only what differs from the one shown. */
  show(scene: MapScene): void {
    this.#whenStyled(() => this.#apply(scene));
  }

  #apply(scene: MapScene): void {
    const before = this.#scene;
    this.#scene = scene;
    const map = this.map;
    for (const [layer, ids] of Object.entries(DATA_LAYER_IDS)) {
      const visibility = scene.layers.has(layer as keyof typeof DATA_LAYER_IDS) ? 'visible' : 'none';
      for (const id of ids)
        if (map.getLayoutProperty(id, 'visibility') !== visibility) {
          map.setLayoutProperty(id, 'visibility', visibility);
        }
    }
    for (const [code, colour] of scene.colours) {
      if (before?.colours.get(code) !== colour)
        map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: code }, { colour });
    }
    for (const code of before?.colours.keys() ?? []) {
      if (!scene.colours.has(code))
        map.removeFeatureState({ source: 'communes', sourceLayer: 'communes', id: code }, 'colour');
    }
    if (before?.selected !== scene.selected) {
      if (before?.selected)
        map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: before.selected }, { selected: false });
      if (scene.selected)
        map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: scene.selected }, { selected: true });
    }
    if (before?.territory !== scene.territory) {
      map.setFilter('territories-selected', ['==', ['get', 'territory'], scene.territory]);
    }
    if (before?.labelled !== scene.labelled)
      map.setFilter('labels', ['in', ['get', 'code'], ['literal', scene.labelled]]);
    if (before?.categories.join() !== scene.categories.join()) {
      map.setFilter('services', ['in', ['get', 'category'], ['literal', scene.categories]]);
    }
    if (before?.projector !== scene.projector) {
      const style = scene.projector ? OUTLINES.projector : OUTLINES.screen;
      map.setPaintProperty('communes-outline', 'line-color', style.colour);
      map.setPaintProperty('communes-outline', 'line-width', style.width);
      map.setPaintProperty('territories', 'line-width', 1.5 * style.territoryScale);
      map.setPaintProperty('territories-selected', 'line-width', 3 * style.territoryScale);
    }
    if (before?.flows !== scene.flows) this.#showFlows(scene.flows);
  }

  #showFlows(flows: MapScene['flows']): void {
    if (!flows && !this.#flows) return;
    this.#loadingFlows ??= import('./deck-flows.ts').then(({ FlowsOverlay }) => new FlowsOverlay(this.map));
    this.#loadingFlows.then(
      (overlay) => {
        this.#flows = overlay;
        // A later scene may have arrived while deck.gl loaded: show that one.
        overlay.show(this.#scene?.flows ?? null);
      },
      (error: unknown) => {
        // Switching the flows off and on again tries again (the server may have been updated meanwhile).
        this.#loadingFlows = null;
        this.#handlers?.failed(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Outlines the commune under the pointer (feature-state: nothing is sent to the worker). */
  #hover(code: string | null): void {
    if (code === this.#hovered) return;
    if (this.#hovered)
      this.map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: this.#hovered }, { hovered: false });
    if (code) this.map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: code }, { hovered: true });
    this.#hovered = code;
  }

  #featuresAt(x: number, y: number): MapGeoJSONFeature[] {
    const layers = POINTABLE_LAYERS.filter((id) => this.map.getLayoutProperty(id, 'visibility') !== 'none');
    return this.map.queryRenderedFeatures([x, y], { layers: [...layers] });
  }

  /** What the pointer is over, topmost first: a flow, a station or service, a commune. */
  #point(x: number, y: number): void {
    const flow = this.#flows?.pick(x, y) ?? null;
    const top = flow ? undefined : this.#featuresAt(x, y)[0];
    const commune = top?.layer.id === 'communes' ? String(top.properties.code) : null;
    this.#hover(commune);
    this.map.getCanvas().style.cursor = commune ? 'pointer' : '';
    const pointer = this.#handlers;
    if (!pointer) return;
    if (flow) pointer.hoverFlow(flow, x, y);
    else if (top && top.layer.id !== 'communes') {
      pointer.hoverPoint(top.layer.id, top.properties, x, y);
    } else pointer.hoverCommune(commune, x, y);
  }

  #leave(): void {
    this.#hover(null);
    this.#handlers?.hoverCommune(null, 0, 0);
  }

  /** Runs now if the style has loaded, or as soon as it has. */
  #whenStyled(run: () => void): void {
    if (this.#isStyled) run();
    else void this.#styled.then(run);
  }

  /** Resolves once the map is idle with the latest scene drawn, and the flows too when they are on. */
  async whenDrawn(): Promise<void> {
    await new Promise<void>((resolve) => this.#whenStyled(() => resolve()));
    await new Promise<void>((resolve) => (this.map.loaded() ? resolve() : this.map.once('idle', () => resolve())));
    if (this.#scene?.flows && this.#loadingFlows) await (await this.#loadingFlows).whenDrawn();
  }

  /**
   * Draws the map again at `ratio` image pixels per CSS pixel, hands its canvases (map, then flows) to
   * `copy` once drawn, and draws it back at the screen's ratio: an exported image shows the same view, in
   * more pixels.
   */
  async capture(ratio: number, copy: (canvases: HTMLCanvasElement[]) => void): Promise<void> {
    const drawnAt = async (r: number, useDevicePixels: number | boolean) => {
      const idle = new Promise<void>((resolve) => this.map.once('idle', () => resolve()));
      this.map.setPixelRatio(r);
      this.map.triggerRepaint();
      await Promise.all([idle, this.#flows?.redraw(useDevicePixels)]);
    };
    await drawnAt(ratio, ratio);
    try {
      copy([...this.map.getContainer().querySelectorAll('canvas')]);
    } finally {
      await drawnAt(devicePixelRatio, true);
    }
  }

  /** The map's box changed with the page's layout (presenter mode), not with the window: draw to its new size. */
  resize(): void {
    this.map.resize();
  }

  fit(bounds: Bounds): void {
    this.map.fitBounds(bounds, { padding: FIT_PADDING, animate: false });
  }

  /**
   * Moves the camera to a view from the URL, unless it already shows it (to the URL's precision); in one
   * jump, or in a smooth flight between a presenter's slides.
   */
  moveTo(camera: Camera, smooth = false): void {
    const now = this.camera();
    const same =
      Math.abs(now.lon - camera.lon) < 1e-4 &&
      Math.abs(now.lat - camera.lat) < 1e-4 &&
      Math.abs(now.zoom - camera.zoom) < 0.01;
    if (same) return;
    const target = { center: [camera.lon, camera.lat] as [number, number], zoom: camera.zoom };
    if (smooth) this.map.flyTo({ ...target, duration: 1500, essential: true });
    else this.map.jumpTo(target);
  }
}
