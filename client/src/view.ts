import { communeLayerUrl, isStaticExport, type Indicator, type IndicatorValue } from './api.ts';
import type { AtlasData, ValueCache } from './atlas-data.ts';
import { buildChoropleth, type Choropleth } from './choropleth.ts';
import { boundsOf } from './geometry.ts';
import { pick, t, type Lang, type MessageKey } from './i18n/index.ts';
import type { AtlasMap } from './map/atlas-map.ts';
import { mapLayers, type CommuneFeature } from './map/map-layers.ts';
import { filterFlows, flowTotals } from './flows.ts';
import { renderCommunePanel, type CommuneFacts } from './panels/commune-panel.ts';
import { renderControls } from './panels/controls.ts';
import { renderDownload } from './panels/download.ts';
import { renderImagePanel } from './panels/image-panel.ts';
import { drawImage } from './image-export.ts';
import { IMAGE_SIZES, type ImageSize } from './image-layout.ts';
import { classRanges } from './format.ts';
import { NO_DATA_COLOUR } from './palettes.ts';
import { renderAttribution } from './panels/attribution-panel.ts';
import { shownSources } from './attribution.ts';
import { renderLegend } from './panels/legend.ts';
import { renderTable, type Sort } from './panels/table-view.ts';
import { showTooltip } from './panels/tooltip-view.ts';
import { comparisonTerritory, medianAmong, rankAmong } from './ranking.ts';
import type { AtlasState } from './state.ts';
import type { Store } from './store.ts';
import { flowTooltipLines, tooltipLines } from './tooltip.ts';

interface Parts {
  image: HTMLElement;
  map: HTMLElement;
  controls: HTMLElement;
  legend: HTMLElement;
  panel: HTMLElement;
  table: HTMLElement;
  download: HTMLElement;
  attribution: HTMLElement;
  tooltip: HTMLElement;
  mapSection: HTMLElement;
  status: HTMLElement;
}

/** What the current view shows, kept for the hover handlers between renders. */
interface Shown {
  state: AtlasState;
  values: Map<string, IndicatorValue>;
  choropleth: Choropleth;
}

/** Draws the whole page from the state: map layers, controls, legend, table, panel, download. */
export class AtlasView {
  #shown: Shown | null = null;
  #renders = 0;
  /** The commune under the pointer: outlined, but not part of the shared view. */
  #hovered: string | null = null;
  #sort: Sort = { key: 'value', descending: true };
  /** Presenting: slides fly from one camera to the next, and the map uses the projector palette. */
  #presenting = false;
  readonly #basemapSources: string[];

  constructor(
    private data: AtlasData,
    private values: ValueCache,
    private readonly map: AtlasMap,
    private readonly store: Store,
    private readonly parts: Parts,
  ) {
    this.#basemapSources = [...new Set(data.basemap.features.map((f) => f.properties.source))];
  }

  async render(state: AtlasState, previous: AtlasState | null): Promise<void> {
    if (previous && state.camera && sameExceptCamera(state, previous)) return this.map.show(state.camera, this.#presenting);
    return this.#draw(state, previous);
  }

  /** The data changed under the same view (a planner imported or removed figures): draw it again, camera kept. */
  async refresh(data: AtlasData, values: ValueCache): Promise<void> {
    this.data = data;
    this.values = values;
    return this.#draw(this.store.state, this.store.state);
  }

  async #draw(state: AtlasState, previous: AtlasState | null): Promise<void> {
    const render = ++this.#renders;
    const values = await this.values.get(state.indicator, state.period);
    // A later change won the race: drawing this one would show a view the URL no longer names.
    if (render !== this.#renders) return;
    const codes = this.data.communes.features.map((f) => f.properties.code);
    const indicator = this.#indicator(state);
    const choropleth = buildChoropleth(codes, values, state, indicator.decimals);
    this.#shown = { state, values, choropleth };

    translatePage(state.lang);
    renderControls(this.parts.controls, state, this.data, this.store);
    renderLegend(this.parts.legend, choropleth, indicator, this.data.sources, state.lang, state.layers.includes('rail'), this.#flowsKey(state));
    this.#renderTable(state, values, choropleth);
    // A static export has no API to filter layers: its data files are whole answers, not per view.
    this.parts.download.hidden = isStaticExport();
    if (!isStaticExport()) renderDownload(this.parts.download, this.#downloadUrls(state), state.lang);
    renderImagePanel(this.parts.image, state.lang, (size) => this.#saveImage(size));
    renderAttribution(this.parts.attribution, shownSources(state, this.#basemapSources, this.data.layers), this.data.sources, state.lang);
    this.parts.mapSection.hidden = state.view !== 'map';
    this.parts.table.hidden = state.view !== 'table';

    this.#drawLayers();
    if (state.camera) this.map.show(state.camera, this.#presenting);
    else if (!previous || previous.territory !== state.territory || previous.camera) this.#fitTerritory(state.territory);
    await this.#renderPanel(state, render);
  }

  /** Entering or leaving presenter mode: the palette of the overlays changes, so they are drawn again. */
  setPresenting(on: boolean): void {
    this.#presenting = on;
    this.map.resize();
    this.#drawLayers();
  }

  /** Marks the map ready for people (a status line) and for scripts (data-state) once it has drawn. */
  async announceReady(): Promise<void> {
    await this.map.whenDrawn();
    this.parts.status.textContent = t(this.store.state.lang, 'map.ready');
    this.parts.status.dataset.state = 'ready';
  }

  /** The pointer left the map: nothing is hovered any more. */
  pointerLeft(): void {
    showTooltip(this.parts.tooltip, null, 0, 0);
    this.#hover(null);
  }

  #hover(code: string | null): void {
    if (code === this.#hovered) return;
    this.#hovered = code;
    this.#drawLayers();
  }

  #drawLayers(): void {
    if (!this.#shown) return;
    const { state, choropleth } = this.#shown;
    this.map.setLayers(mapLayers(state, this.data, choropleth, this.#hovered, this.#presenting, {
      hoverCommune: (f, x, y) => this.#hoverCommune(f, x, y),
      hoverPoint: (name, x, y) => showTooltip(this.parts.tooltip, name ? [name] : null, x, y),
      hoverFlow: (flow, x, y) => showTooltip(this.parts.tooltip, flow ? flowTooltipLines(flow, this.store.state.lang) : null, x, y),
      selectCommune: (f) => this.store.update({ commune: f.properties.code }),
    }));
  }

  /** The flows the filter keeps, as the legend's key and the panel's totals count them. */
  #flows(state: AtlasState) {
    return filterFlows(this.data.flows, state.flows).map((f) => f.properties);
  }

  #flowsKey(state: AtlasState) {
    if (!state.layers.includes('flows')) return null;
    const flows = this.#flows(state);
    return {
      count: flows.length,
      people: flows.reduce((sum, f) => sum + f.value, 0),
      potential: flows.some((f) => f.kind === 'nearest-hospital'),
    };
  }

  #indicator(state: AtlasState) {
    return this.data.indicators.find((i) => i.id === state.indicator)!;
  }

  #territoryName(id: string | null): string | null {
    return this.data.territories.find((f) => f.id === id)?.properties.name ?? null;
  }

  #members(territory: string | null): string[] {
    return this.data.territories.find((f) => f.id === territory)?.properties.communes ?? [];
  }

  #fitTerritory(territory: string): void {
    const feature = this.data.territories.find((f) => f.id === territory);
    const bounds = feature && boundsOf([feature.geometry]);
    if (bounds) this.map.fit(bounds);
  }

  #hoverCommune(f: CommuneFeature | null, x: number, y: number): void {
    const shown = this.#shown;
    this.#hover(f?.properties.code ?? null);
    if (!f || !shown) return showTooltip(this.parts.tooltip, null, x, y);
    const { state, values } = shown;
    const indicator = this.#indicator(state);
    const value = values.get(f.properties.code);
    const territory = comparisonTerritory(f.properties.territories, state.territory);
    const lines = tooltipLines({
      name: f.properties.name,
      indicator,
      value,
      rank: rankAmong(f.properties.code, this.#members(territory), values),
      territoryName: this.#territoryName(territory),
      periodLabel: value ? periodLabel(indicator, value.period, state.lang) : null,
      sourceTitle: value ? (pick(this.data.sources.get(value.source)?.titles, state.lang) || value.source) : null,
    }, state.lang);
    showTooltip(this.parts.tooltip, lines, x, y);
  }

  #renderTable(state: AtlasState, values: Map<string, IndicatorValue>, choropleth: Choropleth): void {
    const members = new Set(this.#members(state.territory));
    const indicator = this.#indicator(state);
    renderTable(this.parts.table, {
      rows: this.data.communes.features.filter((f) => members.has(f.properties.code)).map((f) => ({
        commune: f.properties, value: values.get(f.properties.code), classIndex: choropleth.classes.get(f.properties.code),
      })),
      indicator,
      territoryName: this.#territoryName(state.territory) ?? state.territory,
      choropleth,
      sources: this.data.sources,
      periodLabels: new Map(indicator.periods.map((p) => [p.period, pick(p.labels, state.lang)])),
    }, this.#sort, state.lang, {
      sort: (sort) => {
        this.#sort = sort;
        this.#renderTable(state, values, choropleth);
      },
      select: (code) => this.store.update({ commune: code }),
    });
  }

  /** Saves the view as a PNG: the legend's classes, colours and sources as the page shows them now. */
  async #saveImage(size: ImageSize): Promise<void> {
    const shown = this.#shown;
    if (!shown) return;
    const { state, choropleth } = shown;
    const lang = state.lang;
    const indicator = this.#indicator(state);
    const unit = pick(indicator.units, lang);
    const fixed = IMAGE_SIZES[size];
    const width = fixed?.width ?? Math.round(innerWidth * devicePixelRatio);
    const height = fixed?.height ?? Math.round(innerHeight * devicePixelRatio);
    const period = state.period ? periodLabel(indicator, state.period, lang) : t(lang, 'controls.period.latest');
    const sources = choropleth.sources.map((id) => this.data.sources.get(id)).filter((s) => s !== undefined)
      .map((s) => `${pick(s.titles, lang)}, ${s.publisher}, ${s.vintage}. ${t(lang, 'legend.licence')}: `
        + `${s.licence.name}.`);
    const blob = await drawImage(this.map, this.parts.map, width, height, {
      title: pick(indicator.titles, lang) + (unit ? ` (${unit})` : ''),
      subtitle: `${this.#territoryName(state.territory) ?? state.territory} · ${t(lang, 'controls.period')}: ${period}`,
      legendTitle: t(lang, 'legend.heading'),
      rows: [
        ...classRanges(choropleth.limits, indicator.decimals, lang).map((label, i) => ({
          colour: choropleth.colours[i]!, label, count: t(lang, 'legend.count', { count: choropleth.counts[i]! }),
        })),
        { colour: `rgb(${NO_DATA_COLOUR.join(',')})`, label: t(lang, 'legend.noData'), count: t(lang, 'legend.count', { count: choropleth.noData }) },
      ],
      note: pick(indicator.descriptions, lang),
      sourcesHeading: t(lang, 'legend.sources'),
      sources,
      permalink: location.href,
      camera: this.map.camera(),
    });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `atlas-${state.territory}-${state.indicator}-${size}.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  #downloadUrls(state: AtlasState) {
    const url = (format: 'json' | 'csv') => communeLayerUrl(location.origin, state.territory, state.indicator, state.period, format);
    return { json: url('json'), csv: url('csv') };
  }

  async #renderPanel(state: AtlasState, render: number): Promise<void> {
    const clear = () => this.store.update({ commune: null });
    const feature = this.data.communes.features.find((f) => f.properties.code === state.commune);
    if (!feature) return renderCommunePanel(this.parts.panel, null, state.lang, clear);
    const commune = feature.properties;
    const territory = comparisonTerritory(commune.territories, state.territory);
    const members = this.#members(territory);
    const indicators = await Promise.all(this.data.indicators.map(async (indicator) => {
      const [latest, ...byPeriod] = await Promise.all([
        this.values.get(indicator.id, null),
        ...indicator.periods.map((p) => this.values.get(indicator.id, p.period)),
      ]);
      return {
        indicator,
        value: latest!.get(commune.code),
        median: medianAmong(members, latest!),
        series: indicator.periods.map((p, i) => ({
          label: pick(p.labels, state.lang), value: byPeriod[i]!.get(commune.code)?.value ?? null,
        })),
      };
    }));
    if (render !== this.#renders) return;
    const regions = this.data.regionalAccess.filter((r) => r.code === commune.nuts3 || (r.level === 'country' && r.country === commune.country));
    const facts: CommuneFacts = {
      commune, territoryName: this.#territoryName(territory), indicators,
      flows: flowTotals(this.#flows(state), commune.code),
      regions,
      regionSource: this.data.sources.get(regions[0]?.source ?? ''),
    };
    renderCommunePanel(this.parts.panel, facts, state.lang, clear);
  }
}

/** A period's label in the page's language; the period id where the indicator does not list it. */
function periodLabel(indicator: Indicator, period: string, lang: Lang): string {
  const found = indicator.periods.find((p) => p.period === period);
  return found ? pick(found.labels, lang) : period;
}

function sameExceptCamera(a: AtlasState, b: AtlasState): boolean {
  return JSON.stringify({ ...a, camera: null }) === JSON.stringify({ ...b, camera: null });
}

/** Static texts of the page: elements name their message with data-i18n (text) or data-i18n-label (aria-label). */
function translatePage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = t(lang, 'app.title');
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = t(lang, e.dataset.i18n as MessageKey);
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) e.setAttribute('aria-label', t(lang, e.dataset.i18nLabel as MessageKey));
}
