import { fetchLayers, fetchSources } from './api.ts';
import { layerItems, sourceItems } from './catalogue-view.ts';

const lang = new URLSearchParams(location.search).get('lang') ?? 'en';
const layers = document.querySelector<HTMLUListElement>('#layers')!;
const sources = document.querySelector<HTMLUListElement>('#sources')!;

fetchLayers()
  .then((list) => layers.replaceChildren(...layerItems(list, lang)))
  .catch((error: Error) => layers.replaceChildren(`Could not load the layers: ${error.message}`));
fetchSources()
  .then((list) => sources.replaceChildren(...sourceItems(list)))
  .catch((error: Error) => sources.replaceChildren(`Could not load the sources: ${error.message}`));
