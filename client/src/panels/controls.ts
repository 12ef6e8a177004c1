import type { PageData } from '../page-data.ts';
import { MAX_CLASSES, METHODS, MIN_CLASSES } from '../classify.ts';
import { LANGUAGES } from '../../../vocabulary/languages.ts';
import { SERVICE_CATEGORY_TITLES } from '../../../vocabulary/service-categories.ts';
import { FLOW_KIND_TITLES } from '../../../vocabulary/flow-kinds.ts';
import { LANGUAGE_NAMES, pick, t, type Lang, type MessageKey } from '../i18n/index.ts';
import { paletteKind, PALETTES } from '../palettes.ts';
import {
  FLOW_DIRECTIONS,
  FLOW_KINDS,
  CLASS_SCOPES,
  LAYER_IDS,
  parseBreaks,
  SERVICE_CATEGORIES,
  type AtlasState,
  type FlowDirection,
  type FlowKind,
} from '../state.ts';
import type { Store } from '../store.ts';
import { el, option, replaceKeepingFocus } from './dom.ts';

/**
 * The form that changes the view. Native controls with labels, so every one is reachable and usable
 * with the keyboard and named for screen readers. Rebuilt from the state on every change.
 */
export function renderControls(container: HTMLElement, state: AtlasState, data: PageData, store: Store): void {
  const lang = state.lang;
  const tr = (key: MessageKey) => t(lang, key);
  const field = (id: string, label: string, control: HTMLElement, ...extra: Node[]) =>
    el('div', { class: 'field' }, el('label', { for: id }, label), control, ...extra);
  const select = (id: string, options: Node[], onChange: (value: string) => void) => {
    const s = el('select', { id }, ...options);
    s.addEventListener('change', () => onChange(s.value));
    return s;
  };

  const indicator = data.indicators.find((i) => i.id === state.indicator)!;
  const fields: Node[] = [
    field(
      'language',
      tr('controls.language'),
      select(
        'language',
        LANGUAGES.map((l) => option(l, LANGUAGE_NAMES[l], l === lang)),
        (v) => store.update({ lang: v as Lang }),
      ),
    ),
    field(
      'territory',
      tr('controls.territory'),
      select(
        'territory',
        data.territories.map((f) => option(String(f.id), f.properties.name, f.id === state.territory)),
        (v) => store.update({ territory: v, camera: null, commune: null }),
      ),
    ),
    field(
      'indicator',
      tr('controls.indicator'),
      select(
        'indicator',
        data.indicators.map((i) => option(i.id, pick(i.titles, lang), i.id === state.indicator)),
        (v) => store.update({ indicator: v, period: null }),
      ),
    ),
    field(
      'period',
      tr('controls.period'),
      select(
        'period',
        [
          option('', tr('controls.period.latest'), state.period === null),
          ...indicator.periods.map((p) => option(p.period, pick(p.labels, lang), p.period === state.period)),
        ],
        (v) => store.update({ period: v === '' ? null : v }),
      ),
    ),
    field(
      'method',
      tr('controls.method'),
      select(
        'method',
        METHODS.map((m) => option(m, tr(`controls.method.${m}`), m === state.method)),
        (v) => store.update({ method: v as AtlasState['method'] }),
      ),
    ),
    field(
      'scope',
      tr('controls.scope'),
      select(
        'scope',
        CLASS_SCOPES.map((s) => option(s, tr(`controls.scope.${s}`), s === state.scope)),
        (v) => store.update({ scope: v as AtlasState['scope'] }),
      ),
    ),
  ];
  if (state.method === 'manual') fields.push(breaksField(state, store, lang));
  else fields.push(field('classes', tr('controls.classes'), classesInput(state, store)));
  fields.push(
    field(
      'palette',
      tr('controls.palette'),
      select(
        'palette',
        (['sequential', 'diverging'] as const).map((kind) =>
          el(
            'optgroup',
            { label: tr(`palette.${kind}`) },
            ...PALETTES.filter((p) => paletteKind(p) === kind).map((p) => option(p, p, p === state.palette)),
          ),
        ),
        (v) => store.update({ palette: v as AtlasState['palette'] }),
      ),
    ),
  );
  fields.push(
    checkboxes(
      'layers',
      tr('controls.layers'),
      LAYER_IDS.map((id) => ({ id, label: tr(`layer.${id}`) })),
      state.layers,
      (layers) => store.update({ layers: layers as AtlasState['layers'] }),
    ),
    checkboxes(
      'services',
      tr('controls.categories'),
      SERVICE_CATEGORIES.map((id) => ({ id, label: SERVICE_CATEGORY_TITLES[id][state.lang] })),
      state.categories,
      (categories) => store.update({ categories: categories as AtlasState['categories'] }),
    ),
  );
  if (state.layers.includes('flows')) fields.push(flowsFields(state, store));
  fields.push(viewSwitch(state, store));
  replaceKeepingFocus(container, el('h2', {}, tr('controls.heading')), ...fields);
}

function classesInput(state: AtlasState, store: Store): HTMLInputElement {
  const input = el('input', {
    id: 'classes',
    type: 'number',
    min: String(MIN_CLASSES),
    max: String(MAX_CLASSES),
    step: '1',
    value: String(state.classes),
  });
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (Number.isInteger(n) && n >= MIN_CLASSES && n <= MAX_CLASSES) store.update({ classes: n });
    else input.value = String(state.classes);
  });
  return input;
}

function breaksField(state: AtlasState, store: Store, lang: Lang): HTMLElement {
  const input = el('input', {
    id: 'breaks',
    type: 'text',
    inputmode: 'decimal',
    value: state.breaks.join('; '),
    'aria-describedby': 'breaks-error',
  });
  const error = el('p', { id: 'breaks-error', class: 'error', role: 'alert' });
  input.addEventListener('change', () => {
    const breaks = parseBreaks(input.value);
    if (breaks) store.update({ breaks });
    else {
      error.textContent = t(lang, 'controls.breaks.invalid');
      input.setAttribute('aria-invalid', 'true');
    }
  });
  return el('div', { class: 'field' }, el('label', { for: 'breaks' }, t(lang, 'controls.breaks')), input, error);
}

function checkboxes(
  name: string,
  legend: string,
  items: { id: string; label: string }[],
  checked: string[],
  onChange: (ids: string[]) => void,
): HTMLFieldSetElement {
  const boxes = items.map(({ id, label }) => {
    const box = el('input', { type: 'checkbox', id: `${name}-${id}`, name, value: id });
    box.checked = checked.includes(id);
    box.addEventListener('change', () => onChange(boxes.filter((b) => b.input.checked).map((b) => b.id)));
    return { id, input: box, row: el('div', { class: 'check' }, box, el('label', { for: `${name}-${id}` }, label)) };
  });
  return el('fieldset', {}, el('legend', {}, legend), ...boxes.map((b) => b.row));
}

/** The flows filter: kinds, direction and a threshold of people, shown while the flows layer is on. */
function flowsFields(state: AtlasState, store: Store): HTMLFieldSetElement {
  const lang = state.lang;
  const filter = state.flows;
  const kinds = checkboxes(
    'flowkinds',
    t(lang, 'controls.flows'),
    FLOW_KINDS.map((id) => ({ id, label: FLOW_KIND_TITLES[id][lang] })),
    filter.kinds,
    (ids) => store.update({ flows: { ...filter, kinds: ids as FlowKind[] } }),
  );
  const direction = el(
    'select',
    { id: 'flow-direction' },
    ...FLOW_DIRECTIONS.map((d) => option(d, t(lang, `flowdir.${d}`), d === filter.direction)),
  );
  direction.addEventListener('change', () =>
    store.update({ flows: { ...filter, direction: direction.value as FlowDirection } }),
  );
  const min = el('input', { id: 'flow-min', type: 'number', min: '0', step: '1', value: String(filter.min) });
  min.addEventListener('change', () => {
    const n = Number(min.value);
    if (min.value !== '' && Number.isFinite(n) && n >= 0) store.update({ flows: { ...filter, min: n } });
    else min.value = String(filter.min);
  });
  return el(
    'fieldset',
    { class: 'flows-filter' },
    el('legend', {}, t(lang, 'layer.flows')),
    kinds,
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'flow-direction' }, t(lang, 'controls.flows.direction')),
      direction,
    ),
    el('div', { class: 'field' }, el('label', { for: 'flow-min' }, t(lang, 'controls.flows.min')), min),
  );
}

function viewSwitch(state: AtlasState, store: Store): HTMLFieldSetElement {
  const radios = (['map', 'table'] as const).map((view) => {
    const radio = el('input', { type: 'radio', id: `view-${view}`, name: 'view', value: view });
    radio.checked = state.view === view;
    radio.addEventListener('change', () => radio.checked && store.update({ view }));
    return el(
      'div',
      { class: 'check' },
      radio,
      el('label', { for: `view-${view}` }, t(state.lang, `controls.view.${view}`)),
    );
  });
  return el('fieldset', {}, el('legend', {}, t(state.lang, 'controls.view')), ...radios);
}
