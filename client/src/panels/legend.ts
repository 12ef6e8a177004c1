import type { HospitalDefinition, Indicator, Source } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import type { FlowsKey } from '../flows.ts';
import { classRanges, formatNumber } from '../format.ts';
import { pick, t, type Lang } from '../i18n/index.ts';
import { css, FLOW_COLOURS, INITIATIVE_COLOUR, NO_DATA_COLOUR, type Rgb } from '../palettes.ts';
import { el, sourceLink, licenceLink } from './dom.ts';
import { isMunicipalityCountry, type MunicipalityCountry } from '../../../vocabulary/commune-ids.ts';

/**
 * Title, unit, class ranges with counts, the "no data" class, the method and the source, vintage and
 * licence of the values; with the flows layer on, the key of its colours and widths; with the initiatives on,
 * their mark and how many there are.
 */
/** Over which communes the classes were computed, and the countries of those without a value at all. */
export interface Coverage {
  /** The territory's name when the classes are the territory's, null when they are the whole atlas's. */
  territory: string | null;
  uncovered: MunicipalityCountry[];
  /** For the indicators measured to a general acute hospital: what that is in each country of the territory. */
  hospitals: HospitalDefinition[];
}

export function renderLegend(
  container: HTMLElement,
  c: Choropleth,
  indicator: Indicator,
  sources: Map<string, Source>,
  lang: Lang,
  showsRail: boolean,
  flows: FlowsKey | null,
  initiatives: number | null,
  coverage: Coverage,
): void {
  const unit = pick(indicator.units, lang);
  const swatch = (colour: string) => el('span', { class: 'swatch', 'data-colour': colour });
  const row = (colour: string, label: string, count: number) =>
    el(
      'li',
      {},
      swatch(colour),
      el('span', { class: 'range' }, label),
      el('span', { class: 'count' }, t(lang, 'legend.count', { count: formatNumber(count, 0, lang) })),
    );
  const classes = classRanges(c.limits, indicator.decimals, lang).map((label, i) =>
    row(c.colours[i]!, label, c.counts[i]!),
  );
  const withValue = c.counts.reduce((a, b) => a + b, 0);
  const noData = `rgb(${NO_DATA_COLOUR.join(',')})`;
  container.replaceChildren(
    el('h2', {}, t(lang, 'legend.heading')),
    el(
      'p',
      { class: 'legend-title' },
      pick(indicator.titles, lang),
      unit ? el('span', { class: 'unit' }, ` (${unit})`) : '',
    ),
    withValue === 0
      ? el('p', {}, t(lang, 'legend.empty'))
      : el('p', { class: 'note' }, classedOver(coverage, withValue, lang)),
    el('ul', { class: 'classes' }, ...classes, row(noData, t(lang, 'legend.noData'), c.noData)),
    coverage.uncovered.length
      ? el(
          'p',
          { class: 'note', id: 'legend-uncovered' },
          t(lang, 'legend.uncovered', { countries: coverage.uncovered.map((c) => t(lang, `country.${c}`)).join(', ') }),
        )
      : '',
    el('p', { class: 'note' }, pick(indicator.descriptions, lang)),
    indicator.importable ? el('p', { class: 'note' }, t(lang, 'legend.importable')) : '',
    el(
      'details',
      { class: 'method' },
      el('summary', {}, t(lang, 'legend.method')),
      el('p', {}, pick(indicator.methods, lang)),
    ),
    coverage.hospitals.length ? hospitalDefinitions(coverage.hospitals, lang) : '',
    el('h3', {}, t(lang, 'legend.sources')),
    el('ul', { class: 'sources' }, ...c.sources.map((id) => sourceItem(sources.get(id), id, lang))),
    showsRail ? el('p', { class: 'note' }, t(lang, 'legend.schematic')) : '',
    flows ? flowsKey(flows, lang) : '',
    initiatives === null
      ? ''
      : el(
          'p',
          { class: 'initiatives-key' },
          el('span', { class: 'swatch point', 'data-colour': css(INITIATIVE_COLOUR) }),
          ` ${t(lang, 'legend.initiatives')} (${formatNumber(initiatives, 0, lang)})`,
        ),
  );
  // Colours are set through the CSSOM, which the strict CSP allows (inline style attributes it does not).
  for (const s of container.querySelectorAll<HTMLElement>('.swatch')) s.style.background = s.dataset.colour!;
}

function flowsKey(flows: FlowsKey, lang: Lang): HTMLElement {
  const line = (colour: Rgb, label: string) =>
    el(
      'li',
      {},
      el('span', { class: 'swatch flow', 'data-colour': `rgb(${colour.join(',')})` }),
      el('span', {}, label),
    );
  return el(
    'div',
    { class: 'flows-key' },
    el('h3', {}, t(lang, 'legend.flows')),
    el(
      'ul',
      { class: 'classes' },
      line(FLOW_COLOURS.crossBorder, t(lang, 'legend.flows.crossBorder')),
      line(FLOW_COLOURS.domestic, t(lang, 'legend.flows.domestic')),
    ),
    el(
      'p',
      { class: 'note' },
      t(lang, 'legend.flows.shown', {
        count: formatNumber(flows.count, 0, lang),
        people: formatNumber(flows.people, 0, lang),
      }),
    ),
    flows.potential ? el('p', { class: 'note' }, t(lang, 'legend.flows.potential')) : '',
  );
}

function sourceItem(source: Source | undefined, id: string, lang: Lang): HTMLLIElement {
  if (!source) return el('li', {}, id);
  return el(
    'li',
    {},
    sourceLink(source, lang),
    `, ${source.publisher}, ${source.vintage}. ${t(lang, 'legend.licence')}: `,
    licenceLink(source.licence),
    '.',
  );
}

function classedOver(coverage: Coverage, count: number, lang: Lang): string {
  const n = formatNumber(count, 0, lang);
  return coverage.territory === null
    ? t(lang, 'legend.classedOver', { count: n })
    : t(lang, 'legend.classedOverTerritory', { count: n, territory: coverage.territory });
}

/** Country by country, what counts as a general acute hospital in the source's records, and the limits of it. */
function hospitalDefinitions(definitions: HospitalDefinition[], lang: Lang): HTMLElement {
  return el(
    'details',
    { class: 'method', id: 'hospital-definitions' },
    el('summary', {}, t(lang, 'legend.hospitals')),
    el(
      'dl',
      {},
      ...definitions.flatMap((d) => [
        el('dt', {}, isMunicipalityCountry(d.country) ? t(lang, `country.${d.country}`) : d.country),
        el('dd', {}, pick(d.definitions, lang), ' ', el('em', {}, pick(d.limits, lang))),
      ]),
    ),
  );
}
