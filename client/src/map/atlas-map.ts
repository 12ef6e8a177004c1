import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import type { StyleSpecification } from 'maplibre-gl';
import type { Bounds } from '../geometry.ts';
import type { Camera } from '../state.ts';

maplibregl.setWorkerUrl(workerUrl);

/** Room around a fitted territory, in pixels, so its outline is not drawn against the edge. */
const FIT_PADDING = 40;

/**
 * MapLibre draws the local basemap; a deck.gl overlay in its own canvas draws the data layers
 * (interleaved mode fails with MapLibre 6: ARCHITECTURE.md, notes on this stack).
 */
export class AtlasMap {
  readonly map: maplibregl.Map;
  readonly #overlay: MapboxOverlay;
  #layers: Layer[] = [];
  /** Settles when the overlay has drawn the latest layers with their data; replaced on every setLayers. */
  #drawn!: Promise<void>;
  #markDrawn: () => void = () => {};

  constructor(
    container: HTMLElement,
    style: StyleSpecification,
    camera: Camera | { bounds: Bounds },
    onCamera: (camera: Camera) => void,
    onPointerLeave: () => void,
  ) {
    this.map = new maplibregl.Map({
      container,
      style,
      ...('bounds' in camera
        ? { bounds: camera.bounds, fitBoundsOptions: { padding: FIT_PADDING } }
        : { center: [camera.lon, camera.lat] as [number, number], zoom: camera.zoom }),
      // The sources of everything drawn are listed beside the map, linked from its corner.
      attributionControl: false,
      // An exported image copies the map's canvas after it has drawn (deck.gl's canvas keeps its buffer by default).
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // Map-wide pitch and rotation add nothing to a choropleth and confuse keyboard users.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.#overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onAfterRender: () => {
        if (this.#layers.every((l) => l.isLoaded)) this.#markDrawn();
      },
    });
    this.map.addControl(this.#overlay);
    this.map.on('moveend', () => onCamera(this.camera()));
    // MapLibre's mouseout does not reach deck.gl's hover picking: say so when the pointer leaves.
    container.addEventListener('mouseleave', () => onPointerLeave());
    this.#expectDrawing();
  }

  #expectDrawing(): void {
    this.#drawn = new Promise((resolve) => (this.#markDrawn = resolve));
  }

  camera(): Camera {
    const { lng, lat } = this.map.getCenter();
    return { lon: lng, lat, zoom: this.map.getZoom() };
  }

  setLayers(layers: Layer[]): void {
    this.#expectDrawing();
    this.#layers = layers;
    this.#overlay.setProps({ layers });
  }

  /**
   * Resolves once the basemap is idle and the overlay has drawn the latest layers with their data,
   * whether that happened before this call or happens after it.
   */
  whenDrawn(): Promise<void> {
    const idle = new Promise<void>((resolve) =>
      this.map.loaded() ? resolve() : this.map.once('idle', () => resolve()),
    );
    return Promise.all([this.#drawn, idle]).then(() => undefined);
  }

  /**
   * Draws the map again at `ratio` image pixels per CSS pixel, hands its canvases (basemap, then overlay)
   * to `copy` once both have drawn, and draws it back at the screen's ratio: an exported image shows the
   * same view, in more pixels.
   */
  async capture(ratio: number, copy: (canvases: HTMLCanvasElement[]) => void): Promise<void> {
    const drawnAt = async (r: number, useDevicePixels: number | boolean) => {
      this.#expectDrawing();
      const idle = new Promise<void>((resolve) => this.map.once('idle', () => resolve()));
      this.map.setPixelRatio(r);
      // The same layers again: deck.gl draws a new frame, at the new resolution, and says so.
      this.#overlay.setProps({ useDevicePixels, layers: [...this.#layers] });
      this.map.triggerRepaint();
      await Promise.all([idle, this.#drawn]);
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
  show(camera: Camera, smooth = false): void {
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
