import './style.css';
import { boundsOfBoxes } from './geometry.ts';
import { bestLanguage } from '../../vocabulary/languages.ts';
import { t } from './i18n/index.ts';
import { AtlasMap } from './map/atlas-map.ts';
import { AnswerCache, loadPageData, type PageData } from './page-data.ts';
import { foldIntoDrawer } from './panels/drawer.ts';
import { ImportsPanel } from './panels/imports-panel.ts';
import { SlidesPanel } from './panels/slides-panel.ts';
import { WriteAccess } from './panels/write-access.ts';
import { Presenter } from './presenter.ts';
import { slideQuery, slideView } from './slides.ts';
import { DEFAULT_INDICATOR, defaultState, type Known } from './state.ts';
import { Store } from './store.ts';
import { AtlasView } from './view.ts';

const part = (id: string) => document.getElementById(id)!;
const status = part('map-status');
const fallbackLang = bestLanguage(navigator.languages);
// On a small screen the controls fold into a drawer, so that the map has the first screen.
foldIntoDrawer(part('drawer-toggle') as HTMLButtonElement, part('controls'));

let answers = new AnswerCache();
// A first visit shows the default indicator: its values are requested with the layers, not after them.
// (A link naming an indicator waits for the list, so an unknown id is never requested.)
const requested = new URLSearchParams(location.search);
if (!requested.has('indicator') && !requested.has('period')) {
  answers.values(DEFAULT_INDICATOR, null).catch(() => undefined);
}

try {
  // 1. Data: layers, indicators, sources and the basemap, from this server only.
  const data = await loadPageData();

  // 2. State: the URL, or the defaults (the Briançonnais, in the browser's language).
  const known = (d: PageData): Known => ({
    territories: d.territories.map((f) => String(f.id)),
    indicators: d.indicators.map((i) => ({ id: i.id, periods: i.periods.map((p) => p.period) })),
  });
  const store = new Store(defaultState(fallbackLang), known(data));
  const start = store.state;

  // 3. Map: the basemap and the atlas's layers in MapLibre, camera from the URL or fitted to the territory.
  const territory = data.territories.find((f) => f.id === start.territory);
  const map = new AtlasMap(
    part('map'),
    data,
    start.camera ?? {
      bounds: boundsOfBoxes(territory ? [territory.bbox] : data.communes.features.map((f) => f.bbox))!,
    },
    (camera) => store.update({ camera }, 'replace'),
  );

  // 4. View: map layers, controls, legend, table and panel drawn from the state, again on every change.
  const view = new AtlasView(data, answers, map, store, {
    controls: part('controls'),
    legend: part('legend'),
    panel: part('commune-panel'),
    table: part('table-view'),
    download: part('download'),
    image: part('image-export'),
    map: part('map'),
    attribution: part('attribution'),
    tooltip: part('tooltip'),
    mapSection: part('map-section'),
    status,
  });
  store.subscribe((state, previous) => void view.render(state, previous));
  await view.render(start, null);
  await view.announceReady();

  // 5. Imports and slides: a planner's own figures and a presenter's deck, written with the token of the
  // Editing section. After an import the data is loaded again, the view kept.
  let current = known(data);
  const access = new WriteAccess(part('write-access'));
  const imports = new ImportsPanel(part('imports'), access, async () => {
    const fresh = await loadPageData();
    answers = new AnswerCache();
    current = known(fresh);
    store.learn(current);
    await view.refresh(fresh, answers);
  });
  const presenter = new Presenter(
    part('presenter-bar'),
    store,
    () => current,
    (on) => view.setPresenting(on),
  );
  const slides = new SlidesPanel(part('slides'), access, {
    currentView: () => slideQuery(store.state, store.defaults),
    show: (slide) => store.update(slideView(slide.state, store.defaults, current, store.state.lang)),
    present: (deck, index) => presenter.start(deck, index),
  });
  for (const panel of [access, imports, slides]) panel.render(start.lang);
  store.subscribe((state, previous) => {
    if (state.lang === previous.lang) return;
    for (const panel of [access, imports, slides, presenter]) panel.render(state.lang);
  });
  await Promise.all([imports.load(), slides.load()]);
} catch (error) {
  status.textContent = t(fallbackLang, 'map.failed', { message: (error as Error).message });
  status.dataset.state = 'failed';
  throw error;
}
