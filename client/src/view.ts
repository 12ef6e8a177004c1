import { isStaticExport, type CommuneProperties, type ValueRecord } from './api.ts';
import type { MunicipalityCountry } from '../../vocabulary/commune-ids.ts';
import { shownSources } from './attribution.ts';
import { buildChoropleth, type Choropleth } from './choropleth.ts';
import { filterFlows, flowsKeyOf, type FlowProperties } from './flows.ts';
import { boundsOfBoxes } from './geometry.ts';
import { t, type Lang, type MessageKey } from './i18n/index.ts';
import type { AtlasMap } from './map/atlas-map.ts';
import { mapScene } from './map/map-scene.ts';
import type { AnswerCache, PageData } from './page-data.ts';
import { renderAttribution } from './panels/attribution-panel.ts';
import { communeFacts, renderCommunePanel } from './panels/commune-panel.ts';
import { renderControls } from './panels/controls.ts';
import { renderDownload } from './panels/download.ts';
import { downloadImage, imageContent, imageFileName, renderImagePanel } from './panels/image-panel.ts';
import type { ImageSize } from './image-layout.ts';
import { renderLegend } from './panels/legend.ts';
import { TableView, tableRows } from './panels/table-view.ts';
import { showTooltip } from './panels/tooltip-view.ts';
import { comparisonTerritory, type Comparison } from './ranking.ts';
import type { AtlasState } from './state.ts';
import type { Store } from './store.ts';
import { communeTooltipFacts, flowTooltipLines, pointTooltipLines, tooltipLines } from './tooltip.ts';

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
  values: Map<string, ValueRecord>;
  choropleth: Choropleth;
}

/** Draws the whole page from the state: map layers, controls, legend, table, panel, download. */
export class AtlasView {
  #shown: Shown | null = null;
  #renders = 0;
  /** Presenting: slides fly from one camera to the next, and the map uses the projector palette. */
  #presenting = false;
  readonly #basemapSources: string[];
  readonly #table: TableView;

  constructor(
    private data: PageData,
    private answers: AnswerCache,
    private readonly map: AtlasMap,
    private readonly store: Store,
    private readonly parts: Parts,
  ) {
    this.#basemapSources = [...new Set(data.basemap.features.map((f) => f.properties.source))];
    this.#table = new TableView(parts.table, (code) => store.update({ commune: code }));
    map.listen({
      hoverCommune: (code, x, y) => this.#hoverCommune(code, x, y),
      hoverPoint: (layer, properties, x, y) =>
        showTooltip(parts.tooltip, pointTooltipLines(layer, properties, this.store.state.lang), x, y),
      hoverFlow: (flow, x, y) => this.#hoverFlow(flow, x, y),
      selectCommune: (code) => store.update({ commune: code }),
      failed: (error) => this.#failed(error),
    });
  }

  async render(state: AtlasState, previous: AtlasState | null): Promise<void> {
    if (previous && state.camera && sameExceptCamera(state, previous)) {
      return this.map.moveTo(state.camera, this.#presenting);
    }
    return this.#draw(state, previous);
  }

  /** The data changed under the same view (a planner imported or removed figures): draw it again, camera kept. */
  async refresh(data: PageData, answers: AnswerCache): Promise<void> {
    this.data = data;
    this.answers = answers;
    this.map.setData(data);
    return this.#draw(this.store.state, this.store.state);
  }

  async #draw(state: AtlasState, previous: AtlasState | null): Promise<void> {
    const render = ++this.#renders;
    const values = await this.answers.values(state.indicator, state.period);
    // A later change won the race: drawing this one would show a view the URL no longer names.
    if (render !== this.#renders) return;
    const communes = this.data.communes.features.map((f) => f.properties);
    const indicator = this.#indicator(state);
    const members = this.#territory(state.territory)?.members;
    const choropleth = buildChoropleth(
      communes.map((c) => c.code),
      values,
      state,
      indicator.decimals,
      state.scope === 'territory' && members ? members : undefined,
    );
    this.#shown = { state, values, choropleth };
    const lang = state.lang;

    translatePage(lang);
    renderControls(this.parts.controls, state, this.data, this.store);
    const flowsKey = state.layers.includes('flows') ? flowsKeyOf(this.#flows(state)) : null;
    const showsRail = state.layers.includes('rail-lines');
    const initiatives = state.layers.includes('initiatives') ? this.data.initiatives.length : null;
    const territory = this.#territory(state.territory);
    const coverage = {
      territory: state.scope === 'territory' && territory ? territory.name : null,
      uncovered: uncoveredCountries(communes, territory?.members ?? [], values),
      hospitals: MEASURED_TO_HOSPITALS.includes(indicator.id)
        ? this.data.hospitalDefinitions.filter((d) => countriesOf(communes, territory?.members ?? []).has(d.country))
        : [],
    };
    renderLegend(
      this.parts.legend,
      choropleth,
      indicator,
      this.data.sources,
      lang,
      showsRail,
      flowsKey,
      initiatives,
      coverage,
    );
    // Built only when shown: the Alps' table is 5,000 rows, which a map view would lay out for nothing.
    if (state.view === 'table')
      this.#table.render(
        {
          rows: tableRows(communes, territory?.members ?? [], values, choropleth),
          indicator,
          territoryName: territory?.name ?? state.territory,
          sources: this.data.sources,
        },
        lang,
      );
    // A static export has no API to filter layers: its data files are whole answers, not per view.
    this.parts.download.hidden = isStaticExport();
    if (!isStaticExport()) renderDownload(this.parts.download, state);
    renderImagePanel(this.parts.image, lang, (size) => this.#saveImage(size));
    const sources = shownSources(state, this.#basemapSources, this.data.layers);
    renderAttribution(this.parts.attribution, sources, this.data.sources, lang);
    this.parts.mapSection.hidden = state.view !== 'map';
    this.parts.table.hidden = state.view !== 'table';

    this.#drawLayers();
    if (state.camera) this.map.moveTo(state.camera, this.#presenting);
    else if (!previous || previous.territory !== state.territory || previous.camera) {
      this.#fitTerritory(state.territory);
    }
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

  #drawLayers(): void {
    if (!this.#shown) return;
    const { state, choropleth } = this.#shown;
    this.map.show(mapScene(state, this.data, choropleth, this.#presenting));
  }

  #failed(error: Error): void {
    this.parts.status.textContent = t(this.store.state.lang, 'map.failed', { message: error.message });
    this.parts.status.dataset.state = 'failed';
  }

  #hoverFlow(flow: FlowProperties | null, x: number, y: number): void {
    showTooltip(this.parts.tooltip, flow ? flowTooltipLines(flow, this.store.state.lang) : null, x, y);
  }

  /** The flows the filter keeps, as the legend's key and the panel's totals count them. */
  #flows(state: AtlasState) {
    return filterFlows(this.data.flows, state.flows).map((f) => f.properties);
  }

  #indicator(state: AtlasState) {
    return this.data.indicators.find((i) => i.id === state.indicator)!;
  }

  /** A territory the page can draw, with its name and communes; null for one it cannot (no open boundary). */
  #territory(id: string | null): Comparison | null {
    const found = this.data.territories.find((f) => f.id === id);
    return found ? { id: String(found.id), name: found.properties.name, members: found.properties.communes } : null;
  }

  #fitTerritory(territory: string): void {
    const feature = this.data.territories.find((f) => f.id === territory);
    const bounds = feature && boundsOfBoxes([feature.bbox]);
    if (bounds) this.map.fit(bounds);
  }

  #hoverCommune(code: string | null, x: number, y: number): void {
    const shown = this.#shown;
    const f = code === null ? undefined : this.data.communes.features.find((c) => c.properties.code === code);
    if (!f || !shown) {
      showTooltip(this.parts.tooltip, null, x, y);
      return;
    }
    const { state, values } = shown;
    const territory = this.#territory(comparisonTerritory(f.properties.territories, state.territory));
    const shownValues = { indicator: this.#indicator(state), values, sources: this.data.sources };
    const facts = communeTooltipFacts(f.properties, shownValues, territory, state.lang);
    showTooltip(this.parts.tooltip, tooltipLines(facts, state.lang), x, y);
  }

  /** Saves the view as a PNG: the legend's classes, colours and sources as the page shows them now. */
  async #saveImage(size: ImageSize): Promise<void> {
    const shown = this.#shown;
    if (!shown) return;
    const { state, choropleth } = shown;
    const content = imageContent(
      {
        state,
        choropleth,
        indicator: this.#indicator(state),
        territoryName: this.#territory(state.territory)?.name ?? state.territory,
        sources: this.data.sources,
      },
      location.href,
      this.map.camera(),
    );
    await downloadImage(this.map, this.parts.map, size, content, imageFileName(state, size));
  }

  async #renderPanel(state: AtlasState, render: number): Promise<void> {
    const clear = () => this.store.update({ commune: null });
    const commune = this.data.communes.features.find((f) => f.properties.code === state.commune)?.properties;
    if (!commune) return renderCommunePanel(this.parts.panel, null, state.lang, clear);
    const answer = await this.answers.commune(commune.code);
    if (render !== this.#renders) return;
    const territory = this.#territory(comparisonTerritory(commune.territories, state.territory));
    const { indicators, regionalAccess, sources } = this.data;
    const page = { indicators, flows: this.#flows(state), regionalAccess, sources };
    renderCommunePanel(this.parts.panel, communeFacts(commune, answer, territory, page, state.lang), state.lang, clear);
  }
}

function sameExceptCamera(a: AtlasState, b: AtlasState): boolean {
  return JSON.stringify({ ...a, camera: null }) === JSON.stringify({ ...b, camera: null });
}

/** Static texts of the page: elements name their message with data-i18n (text) or data-i18n-label (aria-label). */
function translatePage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = t(lang, 'app.title');
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    e.textContent = t(lang, e.dataset.i18n as MessageKey);
  }
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    e.setAttribute('aria-label', t(lang, e.dataset.i18nLabel as MessageKey));
  }
}

/** The indicators measured to the nearest general acute hospital, whose definition differs by country. */
const MEASURED_TO_HOSPITALS = ['hospital-distance', 'hospital-distance-national', 'hospital-cross-border-gain'];

function countriesOf(communes: CommuneProperties[], members: string[]): Set<string> {
  const inTerritory = new Set(members);
  return new Set(communes.filter((c) => inTerritory.has(c.code)).map((c) => c.country));
}

/**
 * The countries of the territory's communes where no commune has a value: the indicator's sources do not cover
 * them (the legend names them, so "no data" there is not read as a gap in one commune).
 */
function uncoveredCountries(
  communes: CommuneProperties[],
  members: string[],
  values: Map<string, unknown>,
): MunicipalityCountry[] {
  const inTerritory = new Set(members);
  const countries = new Map<string, boolean>();
  for (const c of communes) {
    if (!inTerritory.has(c.code)) continue;
    countries.set(c.country, (countries.get(c.country) ?? false) || values.has(c.code));
  }
  return [...countries].filter(([, covered]) => !covered).map(([country]) => country as MunicipalityCountry);
}
