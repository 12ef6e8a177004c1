import type { CommuneProperties, Indicator, IndicatorValue } from '../api.ts';
import { chartLayout } from '../chart.ts';
import { formatValue } from '../format.ts';
import { pick, t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';

export interface IndicatorFacts {
  indicator: Indicator;
  /** The commune's latest value, and the median of its territory's latest values. */
  value: IndicatorValue | undefined;
  median: number | null;
  /** Its value in each period of the indicator, null where it has none. */
  series: { label: string; value: number | null }[];
}

export interface CommuneFacts {
  commune: CommuneProperties;
  territoryName: string | null;
  indicators: IndicatorFacts[];
}

const SVG = 'http://www.w3.org/2000/svg';

/** Every indicator of the selected commune beside its territory's median, with a chart where periods allow. */
export function renderCommunePanel(container: HTMLElement, facts: CommuneFacts | null, lang: Lang, clear: () => void): void {
  if (!facts) {
    container.replaceChildren(el('h2', {}, t(lang, 'panel.heading')), el('p', { class: 'note' }, t(lang, 'panel.none')));
    return;
  }
  const { commune } = facts;
  const close = el('button', { type: 'button', class: 'close' }, t(lang, 'panel.close'));
  close.addEventListener('click', clear);
  const medianHeading = facts.territoryName ? t(lang, 'panel.median', { territory: facts.territoryName }) : '';
  const rows = facts.indicators.map((f) => {
    const unit = pick(f.indicator.units, lang);
    return el('tr', {},
      el('th', { scope: 'row' }, pick(f.indicator.titles, lang)),
      el('td', {}, formatValue(f.value?.value, f.indicator.decimals, unit, lang)),
      el('td', {}, formatValue(f.median, f.indicator.decimals, unit, lang)));
  });
  container.replaceChildren(
    el('h2', {}, t(lang, 'panel.heading')),
    el('p', { class: 'commune-name' }, commune.name, ` (${commune.code})`),
    el('p', {}, `${t(lang, 'panel.province')}: ${commune.province_name} · ${t(lang, 'panel.country')}: ${t(lang, `country.${commune.country as 'FR' | 'IT'}`)}`),
    close,
    el('table', {},
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t(lang, 'panel.indicator')), el('th', { scope: 'col' }, t(lang, 'panel.value')), el('th', { scope: 'col' }, medianHeading))),
      el('tbody', {}, ...rows)),
    ...facts.indicators.flatMap((f) => chart(f, lang)),
  );
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
  const list = el('ul', { class: 'chart-values' }, ...layout.points.map((p) => el('li', {}, `${p.label}: ${formatValue(p.value, f.indicator.decimals, unit, lang)}`)));
  return [el('figure', { class: 'chart' }, el('figcaption', {}, title), svg, list, el('p', { class: 'note' }, t(lang, 'panel.chartNote')))];
}
