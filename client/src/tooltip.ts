import { isMunicipalityCountry } from '../../vocabulary/commune-ids.ts';
import type { CommuneProperties, FlowProperties, Indicator, Source, ValueRecord } from './api.ts';
import { formatNumber, formatValue, periodLabel } from './format.ts';
import { pick, t, type Lang } from './i18n/index.ts';
import { rankAmong, type Comparison } from './ranking.ts';
import type { FlowKind } from './state.ts';
import { FLOW_KIND_TITLES } from '../../vocabulary/flow-kinds.ts';
import { INITIATIVE_KIND_TITLES, isInitiativeKind } from '../../vocabulary/initiative-kinds.ts';

export interface TooltipFacts {
  name: string;
  indicator: Indicator;
  value: ValueRecord | undefined;
  rank: { rank: number; count: number } | null;
  territoryName: string | null;
  periodLabel: string | null;
  sourceTitle: string | null;
}

/**
 * What a commune's tooltip says of the indicator shown: its value with the period's label and the source's
 * title in the page's language, and its rank among the communes of the territory it is compared with.
 */
export function communeTooltipFacts(
  commune: CommuneProperties,
  shown: { indicator: Indicator; values: Map<string, ValueRecord>; sources: Map<string, Source> },
  territory: Comparison | null,
  lang: Lang,
): TooltipFacts {
  const { indicator, values, sources } = shown;
  const value = values.get(commune.code);
  return {
    name: commune.name,
    indicator,
    value,
    rank: rankAmong(commune.code, territory?.members ?? [], values),
    territoryName: territory?.name ?? null,
    periodLabel: value ? periodLabel(indicator, value.period, lang) : null,
    sourceTitle: value ? pick(sources.get(value.source)?.titles, lang) || value.source : null,
  };
}

/** The lines of a commune's tooltip: name, value with unit, rank within its territory, period and source. */
export function tooltipLines(f: TooltipFacts, lang: Lang): string[] {
  const title = pick(f.indicator.titles, lang);
  const lines = [
    f.name,
    t(lang, 'tooltip.value', {
      indicator: title,
      value: formatValue(f.value?.value, f.indicator.decimals, pick(f.indicator.units, lang), lang),
    }),
  ];
  if (f.rank && f.territoryName)
    lines.push(t(lang, 'tooltip.rank', { rank: f.rank.rank, count: f.rank.count, territory: f.territoryName }));
  if (f.value && f.periodLabel) lines.push(t(lang, 'tooltip.period', { period: f.periodLabel }));
  if (f.value && f.sourceTitle) lines.push(t(lang, 'tooltip.source', { source: f.sourceTitle }));
  return lines;
}

/** The lines of a flow's tooltip: origin → destination, kind, people and period, and whether it crosses the border. */
export function flowTooltipLines(flow: FlowProperties, lang: Lang): string[] {
  const country = flow.destination_country;
  const destination =
    flow.destination_name ?? (isMunicipalityCountry(country) ? t(lang, `country.${country}`) : country);
  const lines = [
    t(lang, 'tooltip.flow', { origin: flow.origin_name, destination }),
    t(lang, 'tooltip.flowValue', {
      kind: FLOW_KIND_TITLES[flow.kind as FlowKind]?.[lang] ?? flow.kind,
      value: formatNumber(flow.value, 0, lang),
      period: flow.period,
    }),
  ];
  if (flow.cross_border) lines.push(t(lang, 'tooltip.crossBorder'));
  return lines;
}

/**
 * The lines of a point's tooltip: a station or service by name and town; an initiative by name, kind, and
 * programme and project.
 */
export function pointTooltipLines(layer: string, p: Record<string, unknown>, lang: Lang): string[] {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const name = text(p.name) ?? '';
  if (layer !== 'initiatives') return [text(p.city) ? `${name}, ${p.city}` : name];
  const kind = isInitiativeKind(p.kind) ? INITIATIVE_KIND_TITLES[p.kind][lang] : text(p.kind);
  const programme = [text(p.programme), text(p.project)].filter(Boolean).join(' · ');
  return [name, ...(kind ? [kind] : []), ...(programme ? [programme] : [])];
}
