import type { MunicipalityCountry } from '../../../vocabulary/commune-ids.ts';
import { profileUrl, type CommuneProperties, type Indicator, type Source, type ValueRecord } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import { formatValue, periodLabel } from '../format.ts';
import { pick, t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';

export type SortKey = 'name' | 'code' | 'value';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

export interface TableRow {
  commune: CommuneProperties;
  value: ValueRecord | undefined;
  classIndex: number | undefined;
}

/** The territory's communes, in the page's order, each with its value and class as the map shows them. */
export function tableRows(
  communes: CommuneProperties[],
  members: string[],
  values: Map<string, ValueRecord>,
  choropleth: Choropleth,
): TableRow[] {
  const shown = new Set(members);
  return communes
    .filter((c) => shown.has(c.code))
    .map((commune) => ({ commune, value: values.get(commune.code), classIndex: choropleth.classes.get(commune.code) }));
}

/** What the table shows: the rows, the indicator they give, and the names of the territory and the sources. */
export interface TableContent {
  rows: TableRow[];
  indicator: Indicator;
  territoryName: string;
  sources: Map<string, Source>;
}

/**
 * The current layer as a table, sortable by column. The sort order belongs to the table alone: it is kept
 * from one view to the next and is not part of the shared view (the URL).
 */
export class TableView {
  #sort: Sort = { key: 'value', descending: true };

  constructor(
    private readonly container: HTMLElement,
    private readonly select: (code: string) => void,
  ) {}

  render(content: TableContent, lang: Lang): void {
    renderTable(this.container, content, this.#sort, lang, {
      sort: (sort) => {
        this.#sort = sort;
        this.render(content, lang);
      },
      select: this.select,
    });
  }
}

/** Rows in the chosen order; communes without a value always come last, whatever the direction. */
export function sortRows(rows: TableRow[], sort: Sort, lang: string): TableRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'value') {
      if (a.value === undefined || b.value === undefined)
        return (a.value === undefined ? 1 : 0) - (b.value === undefined ? 1 : 0);
      return sign * (a.value.value - b.value.value);
    }
    return sign * a.commune[sort.key].localeCompare(b.commune[sort.key], lang);
  });
}

/** The current layer as a table: the same communes, values and classes as the map, sortable by column. */
function renderTable(
  container: HTMLElement,
  input: TableContent,
  sort: Sort,
  lang: Lang,
  on: { sort: (sort: Sort) => void; select: (code: string) => void },
): void {
  const unit = pick(input.indicator.units, lang);
  const header = (key: SortKey | null, label: string) => {
    if (!key) return el('th', { scope: 'col' }, label);
    const active = sort.key === key;
    const button = el('button', { type: 'button', id: `sort-${key}` }, label);
    button.addEventListener('click', () => on.sort({ key, descending: active ? !sort.descending : key === 'value' }));
    return el(
      'th',
      { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' },
      button,
    );
  };
  const rows = sortRows(input.rows, sort, lang).map(({ commune, value, classIndex }) => {
    const select = el(
      'button',
      { type: 'button', class: 'link', 'aria-label': t(lang, 'table.select', { name: commune.name }) },
      commune.name,
    );
    select.addEventListener('click', () => on.select(commune.code));
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, select),
      el('td', {}, profileCell(commune, lang)),
      el('td', {}, t(lang, `country.${commune.country as MunicipalityCountry}`)),
      el('td', { class: 'number' }, formatValue(value?.value, input.indicator.decimals, unit, lang)),
      el('td', {}, value ? periodLabel(input.indicator, value.period, lang) : ''),
      el('td', {}, value ? pick(input.sources.get(value.source)?.titles, lang) || value.source : ''),
      el('td', { class: 'number' }, classIndex === undefined ? t(lang, 'legend.noData') : String(classIndex + 1)),
    );
  });
  const focused = document.activeElement?.id;
  container.replaceChildren(
    el('h2', {}, t(lang, 'table.heading')),
    el(
      'table',
      { class: 'data-table' },
      el(
        'caption',
        {},
        t(lang, 'table.caption', {
          indicator: pick(input.indicator.titles, lang),
          count: input.rows.length,
          territory: input.territoryName,
        }),
      ),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          header('name', t(lang, 'table.commune')),
          header('code', t(lang, 'table.code')),
          header(null, t(lang, 'table.country')),
          header('value', t(lang, 'table.value')),
          header(null, t(lang, 'table.period')),
          header(null, t(lang, 'table.source')),
          header(null, t(lang, 'table.class')),
        ),
      ),
      el('tbody', {}, ...rows),
    ),
  );
  if (focused?.startsWith('sort-')) document.getElementById(focused)?.focus();
}

/** The commune's code, linked to its profile where there is one (a static export carries some of them). */
function profileCell(commune: CommuneProperties, lang: Lang) {
  const href = profileUrl(commune, lang, location.search.slice(1));
  return href
    ? el('a', { href, 'aria-label': t(lang, 'table.profile', { name: commune.name }) }, commune.code)
    : commune.code;
}
