import { escapeHtml as esc } from '../ogc/html.ts';
import type { Feature } from '../layers/feature.ts';
import { FLOW_KIND_TITLES, type FlowKind } from '../../vocabulary/flow-kinds.ts';
import { INITIATIVE_KIND_TITLES, isInitiativeKind } from '../../vocabulary/initiative-kinds.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../vocabulary/languages.ts';
import type { IndicatorRecord, SourceRecord } from '../../vocabulary/api-records.ts';
import { SERVICE_CATEGORY_TITLES, type ServiceCategory } from '../../vocabulary/service-categories.ts';
import { say, type ProfileMessages } from './messages.ts';
import { REACH_KM, SERVICES_PER_CATEGORY, type IndicatorFacts, type ProfileFacts } from './profile-facts.ts';
import { locatorSvg, sparklineSvg } from './svg.ts';

/** Where the profile's links lead: the live server and the static export name files differently. */
export interface ProfileLinks {
  css: string;
  /** The atlas view the profile came from (the dashboard's query string), or the commune selected in it. */
  atlas: string;
  language: (lang: Language) => string;
  source: (id: string) => string;
}

export interface ProfileContext {
  lang: Language;
  sources: SourceRecord[];
  commune: Feature;
  /** The communes drawn around it on the locator. */
  around: Feature[];
  links: ProfileLinks;
}

const APP_TITLES: Record<Language, string> = {
  en: 'Alpine Territories Atlas',
  fr: 'Atlas des territoires alpins',
  it: 'Atlante dei territori alpini',
  de: 'Atlas der alpinen Gebiete',
  sl: 'Atlas alpskih območij',
};

const pick = (texts: unknown, lang: Language): string =>
  (texts as Record<string, string> | undefined)?.[lang] ?? (texts as Record<string, string> | undefined)?.en ?? '';

function number(value: number, decimals: number, lang: Language): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(
    value,
  );
}

function periodLabel(indicator: IndicatorRecord, period: string, lang: Language): string {
  const found = indicator.periods.find((p) => p.period === period);
  return pick(found?.labels, lang) || period;
}

function indicatorRow(facts: IndicatorFacts, lang: Language, territory: string): string {
  const { indicator, latest } = facts;
  const t = (key: keyof ProfileMessages, params = {}) => esc(say(lang, key, params));
  const value = (v: number | null) =>
    v === null ? `<span class="no-data">${t('noData')}</span>` : esc(number(v, indicator.decimals, lang));
  const title = esc(pick(indicator.titles, lang));
  const unit = esc(pick(indicator.units, lang));
  const periods = facts.periods
    .map((p) => `<li>${esc(periodLabel(indicator, p.period, lang))}: ${value(p.value)}</li>`)
    .join('');
  const spark = sparklineSvg(
    facts.periods.map((p) => p.value),
    `${title}, ${territory}`,
  );
  const rank =
    facts.territory?.rank != null
      ? t('rankOf', { rank: facts.territory.rank, count: facts.territory.of })
      : `<span class="no-data">${t('noData')}</span>`;
  return (
    `<tr class="indicator"><th scope="row">${title}<span class="unit">${unit}</span></th>` +
    `<td class="number">${value(latest?.value ?? null)}` +
    `${latest ? `<span class="period">${esc(periodLabel(indicator, latest.period, lang))}</span>` : ''}</td>` +
    `<td class="number">${value(facts.territory?.median ?? null)}</td><td class="number">${rank}</td>` +
    `<td class="spark">${spark ?? ''}</td></tr>` +
    `<tr class="periods"><td colspan="5"><ul>${periods}</ul></td></tr>`
  );
}

function sourcesList(facts: ProfileFacts, context: ProfileContext): string {
  const { lang, links } = context;
  const items = facts.sources.map((id) => {
    const source = context.sources.find((s) => s.id === id);
    if (!source) return `<li>${esc(id)}</li>`;
    const licence = source.licence.url
      ? `<a href="${esc(source.licence.url)}">${esc(source.licence.name)}</a>`
      : esc(source.licence.name);
    return (
      `<li><a href="${esc(links.source(id))}">${esc(pick(source.titles, lang) || source.title)}</a>, ` +
      `${esc(source.publisher)}. ${esc(say(lang, 'vintage'))}: ${esc(source.vintage)}. ` +
      `${esc(say(lang, 'licence'))}: ${licence}.</li>`
    );
  });
  return `<ol>${items.join('')}</ol>`;
}

/** The largest flows each way, the others counted in a line: Briançon receives about thirty. */
const FLOWS_SHOWN = 5;

function flowsSection(facts: ProfileFacts, lang: Language): string {
  const t = (key: keyof ProfileMessages, params = {}) => esc(say(lang, key, params));
  if (facts.flows.length === 0) return `<p>${t('flowsNone')}</p>`;
  const people = (n: number) => `${esc(number(n, 0, lang))} ${t('people')}`;
  const row = (f: ProfileFacts['flows'][number]) => {
    const where =
      f.direction === 'within' ? t('flowWithin') : t(f.direction === 'in' ? 'flowIn' : 'flowOut', { other: f.other });
    const kind = FLOW_KIND_TITLES[f.kind as FlowKind]?.[lang] ?? f.kind;
    return (
      `<tr><td>${esc(kind)}</td><td>${where}${f.crossBorder ? ` <em>(${t('crossBorder')})</em>` : ''}</td>` +
      `<td class="number">${people(f.value)}</td><td>${esc(f.period)}</td></tr>`
    );
  };
  const groups = (['out', 'within', 'in'] as const).flatMap((direction) => {
    const flows = facts.flows.filter((f) => f.direction === direction).sort((a, b) => b.value - a.value);
    if (flows.length === 0) return [];
    const rest = flows.slice(FLOWS_SHOWN);
    const more = rest.length
      ? `<tr><td></td><td colspan="3" class="note">${t('flowsMore', {
          count: rest.length,
          people: esc(
            number(
              rest.reduce((sum, f) => sum + f.value, 0),
              0,
              lang,
            ),
          ),
        })}</td></tr>`
      : '';
    return [`<tbody>${flows.slice(0, FLOWS_SHOWN).map(row).join('')}${more}</tbody>`];
  });
  return `<table class="flows">${groups.join('')}</table>`;
}

function nearbySection(facts: ProfileFacts, lang: Language): string {
  const t = (key: keyof ProfileMessages, params = {}) => esc(say(lang, key, params));
  if (facts.nearby.length === 0) return `<p>${t('nearbyNone', { km: REACH_KM })}</p>`;
  const items = facts.nearby.map((n) => {
    const what =
      n.kind === 'station'
        ? say(lang, 'station')
        : (SERVICE_CATEGORY_TITLES[n.category as ServiceCategory]?.[lang] ?? '');
    return (
      `<li><span class="name">${esc(n.name)}</span> · ${esc(what)}${n.detail ? ` (${esc(n.detail)})` : ''}` +
      ` · <span class="number">${esc(number(n.km, 1, lang))} km</span></li>`
    );
  });
  const note = t('nearbyNote', { count: SERVICES_PER_CATEGORY });
  return `<ul class="nearby">${items.join('')}</ul><p class="note">${note}</p>`;
}

function initiativesSection(facts: ProfileFacts, lang: Language): string {
  if (facts.initiatives.length === 0) return `<p>${esc(say(lang, 'initiativesNone'))}</p>`;
  const items = facts.initiatives.map(({ properties: p }) => {
    const kind = isInitiativeKind(p.kind) ? INITIATIVE_KIND_TITLES[p.kind][lang] : p.kind;
    const heading = [kind, p.programme, p.project].filter(Boolean).map(String).join(' · ');
    const description = p[`description_${lang}`] ?? p.description ?? '';
    return (
      `<li><h3>${esc(String(p.name))}</h3><p class="programme">${esc(heading)}` +
      `${p.lead ? ` · ${esc(say(lang, 'lead_', { lead: String(p.lead) }))}` : ''}</p>` +
      `<p>${esc(String(description))}</p></li>`
    );
  });
  return `<ul class="initiatives">${items.join('')}</ul>`;
}

/** The profile of one commune as a printable HTML page, under the strict CSP: no script, no inline style. */
export function profileHtml(facts: ProfileFacts, context: ProfileContext): string {
  const { lang, links } = context;
  const t = (key: keyof ProfileMessages, params = {}) => esc(say(lang, key, params));
  const territory = facts.comparison?.name ?? '';
  const pilots = [
    ...facts.territories.filter((x) => x.kind.startsWith('pilot')).map((x) => x.name),
    ...facts.initiatives.filter((f) => f.properties.kind === 'pilot').map((f) => String(f.properties.name)),
  ];
  const others = LANGUAGES.filter((l) => l !== lang)
    .map((l) => `<a href="${esc(links.language(l))}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`)
    .join(' · ');
  const country = (['FR', 'IT'] as const).includes(facts.country as 'FR')
    ? say(lang, `country_${facts.country as 'FR'}`)
    : facts.country;
  const identity = [
    [t('code'), esc(facts.code)],
    [t('country'), esc(country)],
    [t('province'), esc(facts.province)],
    [t('territories'), facts.territories.map((x) => esc(x.name)).join(', ')],
    [t('pilot'), pilots.length ? t('pilotYes', { name: pilots.join(', ') }) : t('pilotNo')],
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('');
  const locator = locatorSvg(context.commune, context.around, `${facts.name}, ${territory}`);
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">',
    `<title>${t('title', { name: facts.name })}</title><link rel="stylesheet" href="${esc(links.css)}"></head>`,
    `<body class="profile"><header><p class="app">${esc(APP_TITLES[lang])} · ${t('heading')}</p>`,
    `<h1>${esc(facts.name)}</h1><p class="lead">${t('lead')}</p>`,
    `<p class="screen-only"><a href="${esc(links.atlas)}">${t('atlasView')}</a></p>`,
    `<nav class="languages screen-only" aria-label="${t('languages')}">${t('languages')}: ${others}</nav></header>`,
    `<main><section class="identity"><h2>${t('identity')}</h2><div class="identity-grid"><dl>${identity}</dl>`,
    `<figure>${locator}<figcaption>${t('locatorNote', { territory: esc(territory) })}</figcaption></figure>`,
    '</div></section>',
    `<section class="indicators"><h2>${t('indicators')}</h2><table>`,
    '<colgroup><col class="title"><col class="latest"><col class="median"><col class="rank"><col></colgroup>',
    `<thead><tr><th scope="col">${t('indicator')}</th>`,
    `<th scope="col">${t('latest')}</th><th scope="col">${t('median', { territory })}</th>`,
    `<th scope="col">${t('rank', { territory })}</th><th scope="col">${t('periods')}</th></tr></thead>`,
    facts.indicators.map((i) => `<tbody>${indicatorRow(i, lang, facts.name)}</tbody>`).join(''),
    `</tbody></table><p class="note">${t('countryMedian')}</p></section>`,
    `<section class="flows"><h2>${t('flows')}</h2>${flowsSection(facts, lang)}</section>`,
    `<section class="nearby"><h2>${t('nearby', { km: REACH_KM })}</h2>${nearbySection(facts, lang)}</section>`,
    `<section class="initiatives"><h2>${t('initiatives')}</h2>${initiativesSection(facts, lang)}</section></main>`,
    `<footer><h2>${t('sources')}</h2>${sourcesList(facts, context)}`,
    `<p class="permalink"><a href="${esc(links.atlas)}">${esc(links.atlas)}</a></p>`,
    `<p class="screen-only note">${t('print')}</p></footer></body></html>`,
  ].join('');
}
