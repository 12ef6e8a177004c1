import { communeLayerUrl, siteBase, type DownloadFormat } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { AtlasState } from '../state.ts';
import { el } from './dom.ts';

/**
 * Links to the current layer as GeoJSON, CSV, GeoPackage and FlatGeobuf, with the URL shown so a researcher can
 * copy it.
 */
export function renderDownload(container: HTMLElement, state: AtlasState): void {
  const { lang, territory, indicator, period } = state;
  const url = (format: DownloadFormat) => communeLayerUrl(siteBase(), territory, indicator, period, format);
  const urls = { json: url('json'), csv: url('csv'), gpkg: url('gpkg'), fgb: url('fgb') };
  const field = el('input', {
    id: 'download-url',
    type: 'text',
    readonly: true,
    value: urls.json,
    'aria-label': 'URL',
  });
  const copy = el('button', { type: 'button', id: 'download-copy' }, t(lang, 'download.copy'));
  const status = el('span', { role: 'status', class: 'note' });
  copy.addEventListener('click', () => {
    field.select();
    navigator.clipboard?.writeText(field.value).then(
      () => (status.textContent = t(lang, 'download.copied')),
      () => undefined,
    );
  });
  const link = (href: string, label: string, format: string) => {
    const a = el('a', { href, download: `communes.${format}` }, label);
    a.addEventListener('focus', () => (field.value = href));
    a.addEventListener('mouseenter', () => (field.value = href));
    return a;
  };
  container.replaceChildren(
    el('h2', {}, t(lang, 'download.heading')),
    el('p', {}, t(lang, 'download.intro')),
    el(
      'p',
      { class: 'download-links' },
      link(urls.json, t(lang, 'download.geojson'), 'geojson'),
      ' · ',
      link(urls.csv, t(lang, 'download.csv'), 'csv'),
      ' · ',
      link(urls.gpkg, t(lang, 'download.gpkg'), 'gpkg'),
      ' · ',
      link(urls.fgb, t(lang, 'download.fgb'), 'fgb'),
    ),
    el('div', { class: 'copy-row' }, field, copy, status),
  );
}
