import type { MunicipalityCountry } from '../../../vocabulary/commune-ids.ts';
import type {
  CommuneInitiativeRecord,
  CommuneProperties,
  CommuneRecord,
  FlowProperties,
  Indicator,
  RegionalAccess,
  Source,
  ValueRecord,
} from '../api.ts';
import { profileUrl } from '../api.ts';
import { chartLayout } from '../chart.ts';
import { INITIATIVE_KIND_TITLES } from '../../../vocabulary/initiative-kinds.ts';
import { flowTotals, type FlowTotals } from '../flows.ts';
import { formatNumber, formatValue } from '../format.ts';
import { pick, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { Comparison } from '../ranking.ts';
import { el, sourceLink } from './dom.ts';

export interface IndicatorFacts {
  indicator: Indicator;
  /** The commune's latest value, and the median of its territory's latest values. */
  value: ValueRecord | undefined;
  median: number | null;
  /** Its value in each period of the indicator, null where it has none. */
  series: { label: string; value: number | null }[];
}

export interface CommuneFacts {
  commune: CommuneProperties;
  territoryName: string | null;
  indicators: IndicatorFacts[];
  /** Its totals over the flows the filter keeps. */
  flows: FlowTotals;
  /** Eurostat's figures for its NUTS 3 region and its country, with their source. */
  regions: RegionalAccess[];
  regionSource: Source | undefined;
  /** The projects' initiatives that cover it. */
  initiatives: CommuneInitiativeRecord[];
}

/**
 * The panel's facts, from the commune's answer (/api/communes/{code}) and what the page holds: every indicator's
 * latest value beside the median of the territory it is compared with and its values over the periods, the
 * totals of the flows the filter keeps, and Eurostat's figures for its NUTS 3 region and its country.
 */
export function communeFacts(
  commune: CommuneProperties,
  answer: CommuneRecord,
  territory: Comparison | null,
  page: {
    indicators: Indicator[];
    flows: FlowProperties[];
    regionalAccess: RegionalAccess[];
    sources: Map<string, Source>;
  },
  lang: Lang,
): CommuneFacts {
  const answers = new Map(answer.indicators.map((i) => [i.id, i]));
  const regions = page.regionalAccess.filter(
    (r) => r.code === commune.nuts3 || (r.level === 'country' && r.country === commune.country),
  );
  return {
    commune,
    territoryName: territory?.name ?? null,
    indicators: page.indicators.map((indicator) => {
      const found = answers.get(indicator.id);
      const byPeriod = new Map(found?.values.map((v) => [v.period, v.value]));
      return {
        indicator,
        value: found?.values.at(-1),
        median: (territory && found?.medians[territory.id]) ?? null,
        series: indicator.periods.map((p) => ({ label: pick(p.labels, lang), value: byPeriod.get(p.period) ?? null })),
      };
    }),
    flows: flowTotals(page.flows, commune.code),
    regions,
    regionSource: page.sources.get(regions[0]?.source ?? ''),
    initiatives: answer.initiatives,
  };
}

const SVG = 'http://www.w3.org/2000/svg';

/** Every indicator of the selected commune beside its territory's median, with a chart where periods allow. */
export function renderCommunePanel(
  container: HTMLElement,
  facts: CommuneFacts | null,
  lang: Lang,
  clear: () => void,
): void {
  if (!facts) {
    container.replaceChildren(
      el('h2', {}, t(lang, 'panel.heading')),
      el('p', { class: 'note' }, t(lang, 'panel.none')),
    );
    return;
  }
  const { commune } = facts;
  const close = el('button', { type: 'button', class: 'close' }, t(lang, 'panel.close'));
  close.addEventListener('click', clear);
  const medianHeading = facts.territoryName ? t(lang, 'panel.median', { territory: facts.territoryName }) : '';
  const rows = facts.indicators.map((f) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, pick(f.indicator.titles, lang)),
      figureCell(f.value?.value, f.indicator, lang),
      figureCell(f.median, f.indicator, lang),
    ),
  );
  const profile = profileUrl(commune, lang, location.search.slice(1));
  const country = `${t(lang, 'panel.country')}: ${t(lang, `country.${commune.country as MunicipalityCountry}`)}`;
  container.replaceChildren(
    el('h2', {}, t(lang, 'panel.heading')),
    el('p', { class: 'commune-name' }, commune.name, ` (${commune.code})`),
    profile ? el('p', {}, el('a', { href: profile, class: 'profile-link' }, t(lang, 'panel.profile'))) : '',
    el(
      'p',
      {},
      commune.province_name ? `${t(lang, 'panel.province')}: ${commune.province_name} · ${country}` : country,
    ),
    close,
    el(
      'table',
      { class: 'indicators' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, t(lang, 'panel.indicator')),
          el('th', { scope: 'col' }, t(lang, 'panel.value')),
          el('th', { scope: 'col' }, medianHeading),
        ),
      ),
      el('tbody', {}, ...rows),
    ),
    el(
      'p',
      { class: 'note' },
      t(lang, 'panel.reference', { method: t(lang, `refMethod.${commune.ref_method}` as MessageKey) }),
    ),
    ...flowsSection(facts.flows, lang),
    ...initiativesSection(facts.initiatives, lang),
    ...regionSection(facts.regions, facts.regionSource, lang),
    ...facts.indicators.flatMap((f) => chart(f, lang)),
  );
}

/**
 * A value with its unit, as formatValue writes it ("403.2 inhabitants per km²"), in two spans: the stylesheet keeps
 * the figure on one line and sets the unit in small type after it, wrapping between words in the narrow column.
 */
function figureCell(value: number | null | undefined, indicator: Indicator, lang: Lang): HTMLElement {
  const unit = pick(indicator.units, lang);
  if (value === null || value === undefined || !Number.isFinite(value) || !unit) {
    return el('td', { class: 'figure' }, formatValue(value, indicator.decimals, unit, lang));
  }
  const figure = el('span', { class: 'number' }, formatNumber(value, indicator.decimals, lang));
  return el('td', { class: 'figure' }, figure, ' ', el('span', { class: 'unit' }, unit));
}

function flowsSection(totals: FlowTotals, lang: Lang): Node[] {
  const heading = el('h3', {}, t(lang, 'panel.flows'));
  if (totals.flows === 0) return [heading, el('p', { class: 'note' }, t(lang, 'panel.flows.none'))];
  const people = (value: number) => t(lang, 'panel.people', { value: formatNumber(value, 0, lang) });
  const row = (key: MessageKey, value: number) =>
    el('tr', {}, el('th', { scope: 'row' }, t(lang, key)), el('td', {}, people(value)));
  return [
    heading,
    el(
      'table',
      { class: 'flow-totals' },
      el(
        'tbody',
        {},
        row('panel.flows.in', totals.in),
        row('panel.flows.out', totals.out),
        row('panel.flows.outAbroad', totals.outAbroad),
        row('panel.flows.within', totals.within),
      ),
    ),
  ];
}

function initiativesSection(initiatives: CommuneInitiativeRecord[], lang: Lang): Node[] {
  const heading = el('h3', {}, t(lang, 'panel.initiatives'));
  if (initiatives.length === 0) return [heading, el('p', { class: 'note' }, t(lang, 'panel.initiativesNone'))];
  const items = initiatives.map((i) => {
    const kind = INITIATIVE_KIND_TITLES[i.kind]?.[lang] ?? i.kind;
    const programme = [kind, i.programme, i.project].filter(Boolean).join(' · ');
    const description = i.descriptions[lang] ?? i.descriptions.en ?? '';
    return el(
      'li',
      {},
      el('span', { class: 'initiative-name' }, i.name),
      el('span', { class: 'note' }, ` ${programme}`),
      description ? el('p', {}, description) : '',
    );
  });
  return [heading, el('ul', { class: 'initiatives' }, ...items)];
}

function regionSection(regions: RegionalAccess[], source: Source | undefined, lang: Lang): Node[] {
  if (regions.length === 0) return [];
  const years = [...new Set(regions.flatMap((r) => Object.keys(r.values)))].sort();
  const share = (r: RegionalAccess, year: string) => formatValue(r.values[year]?.share, 2, '%', lang);
  return [
    el('h3', {}, t(lang, 'panel.region')),
    el(
      'table',
      { class: 'region-context' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, t(lang, 'panel.region.area')),
          ...years.map((y) => el('th', { scope: 'col' }, y)),
        ),
      ),
      el(
        'tbody',
        {},
        ...regions.map((r) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, `${r.name} (${r.code})`),
            ...years.map((y) => el('td', {}, share(r, y))),
          ),
        ),
      ),
    ),
    el('p', { class: 'note' }, t(lang, 'panel.region.note'), ' ', source ? sourceLink(source, lang) : ''),
  ];
}

function chart(f: IndicatorFacts, lang: Lang): Node[] {
  const layout = chartLayout(f.series, 260, 90);
  if (!layout) return [];
  const title = t(lang, 'panel.chart', { indicator: pick(f.indicator.titles, lang) });
  const unit = pick(f.indicator.units, lang);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', layout.points.map((p) => `${p.x},${p.y}`).join(' '));
  line.setAttribute('class', 'chart-line');
  svg.append(line);
  for (const p of layout.points) {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', String(p.x));
    dot.setAttribute('cy', String(p.y));
    dot.setAttribute('r', '3');
    dot.setAttribute('class', 'chart-dot');
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = `${p.label}: ${formatValue(p.value, f.indicator.decimals, unit, lang)}`;
    dot.append(tip);
    svg.append(dot);
  }
  // The same figures as a list, for screen readers and for reading exact values.
  const list = el(
    'ul',
    { class: 'chart-values' },
    ...layout.points.map((p) => el('li', {}, `${p.label}: ${formatValue(p.value, f.indicator.decimals, unit, lang)}`)),
  );
  return [
    el(
      'figure',
      { class: 'chart' },
      el('figcaption', {}, title),
      svg,
      list,
      el('p', { class: 'note' }, t(lang, 'panel.chartNote')),
    ),
  ];
}
