/**
 * What a slide may hold, checked the same way by the server before it stores one and by the dashboard before
 * it sends one. Pure (no Node imports): the browser bundle imports this file.
 */

import { VIEW_PARAMS } from './view-params.ts';

export const TITLE_MAX = 120;
export const NOTES_MAX = 2000;
export const STATE_MAX = 2000;
/** Slides a deck holds at most: a talk, not an archive; it also bounds every answer and every check. */
export const SLIDES_MAX = 200;

/** What an export names itself, so an import can tell a deck from any other JSON file. */
export const SLIDES_FORMAT = 'alpine-territories-atlas/slides';
export const SLIDES_VERSION = 1;

/** A slide as the presenter writes it; the server adds its id, position and date. */
export interface SlideContent {
  title: string;
  notes: string;
  state: string;
}

const SLIDE_FIELDS = ['title', 'notes', 'state'] as const;
const FILE_FIELDS = ['format', 'version', 'exported', 'slides'] as const;
/** Values are quoted at most this long: enough to recognise one, not to echo a whole body back. */
const SHOWN_MAX = 80;

type Fields = { [key: string]: unknown };
type Checked<T> = { errors: string[] } | T;

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A field of the value itself: an inherited one (Object.prototype's, whatever a page did to it) never counts. */
const own = (record: Fields, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
const clip = (text: string) => (text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text);
const shown = (value: unknown) => (value === undefined ? 'nothing' : clip(JSON.stringify(value)));
const quoted = (names: readonly string[]) => clip(names.map((n) => JSON.stringify(n)).join(', '));
const placeOf = (where: string, field: string) => (where ? `${where}.${field}` : field);

/** One problem, worded as the import errors are: the place and field, what was expected, what was found. */
const problem = (place: string, expected: string, got: string) => `${place}: expected ${expected}, got ${got}`;

/** Keys the object may not have: a field the atlas does not know would be lost silently otherwise. */
function unknownKeys(record: Fields, place: string, allowed: readonly string[]): string[] {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
  return unknown.length
    ? [problem(place, `only the field${allowed.length === 1 ? '' : 's'} ${allowed.join(', ')}`, quoted(unknown))]
    : [];
}

function titleProblems(value: unknown, place: string): string[] {
  const length = typeof value === 'string' ? value.trim().length : -1;
  if (length >= 1 && length <= TITLE_MAX) return [];
  return [
    problem(
      place,
      `a title of 1 to ${TITLE_MAX} characters`,
      length > TITLE_MAX ? `${length} characters` : shown(value),
    ),
  ];
}

function notesProblems(value: unknown, place: string): string[] {
  if (typeof value === 'string' && value.length <= NOTES_MAX) return [];
  return [
    problem(
      place,
      `notes of at most ${NOTES_MAX} characters`,
      typeof value === 'string' ? `${value.length} characters` : shown(value),
    ),
  ];
}

/**
 * The state is stored as text and later put in the dashboard's URL: only the dashboard's own parameters,
 * each once, and no control characters (which a URL never carries), encoded or not.
 */
function stateProblems(value: unknown, place: string): string[] {
  if (typeof value !== 'string')
    return [
      problem(place, 'the dashboard\'s view as a query string, such as "lang=en&indicator=population"', shown(value)),
    ];
  if (value.length > STATE_MAX)
    return [problem(place, `a query string of at most ${STATE_MAX} characters`, `${value.length} characters`)];
  const params = [...new URLSearchParams(value)];
  const problems: string[] = [];
  if (/\p{Cc}/u.test(value) || params.some(([key, text]) => /\p{Cc}/u.test(key + text))) {
    problems.push(problem(place, 'a query string without control characters', shown(value)));
  }
  const keys = params.map(([key]) => key);
  const unknown = [...new Set(keys.filter((key) => !(VIEW_PARAMS as readonly string[]).includes(key)))];
  if (unknown.length)
    problems.push(problem(place, `only the dashboard's parameters (${VIEW_PARAMS.join(', ')})`, quoted(unknown)));
  const repeated = [...new Set(keys.filter((key, i) => keys.indexOf(key) !== i))];
  if (repeated.length)
    problems.push(problem(place, 'each parameter at most once', `${quoted(repeated)} more than once`));
  return problems;
}

/**
 * A slide {title, notes?, state}: the slide to store (title trimmed, notes '' when left out), or every problem,
 * each naming `where` and the field (`slides[2].title: expected …`); `where` is '' for a slide sent alone.
 */
export function checkSlide(value: unknown, where: string): Checked<{ slide: SlideContent }> {
  if (!isRecord(value)) return { errors: [problem(where || 'body', 'a slide {title, notes, state}', shown(value))] };
  const [title, notes, state] = SLIDE_FIELDS.map((field) => own(value, field));
  const errors = [
    ...unknownKeys(value, where || 'body', SLIDE_FIELDS),
    ...titleProblems(title, placeOf(where, 'title')),
    ...(notes === undefined ? [] : notesProblems(notes, placeOf(where, 'notes'))),
    ...stateProblems(state, placeOf(where, 'state')),
  ];
  if (errors.length) return { errors };
  return {
    slide: { title: (title as string).trim(), notes: (notes as string | undefined) ?? '', state: state as string },
  };
}

/** Changes to a slide: any of title, notes and state, at least one; fields left out keep their value. */
export function checkSlideChanges(value: unknown): Checked<{ changes: Partial<SlideContent> }> {
  if (!isRecord(value))
    return { errors: [problem('body', 'the fields to change, any of title, notes, state', shown(value))] };
  const present = SLIDE_FIELDS.filter((field) => own(value, field) !== undefined);
  const errors = unknownKeys(value, 'body', SLIDE_FIELDS);
  if (present.length === 0 && errors.length === 0)
    errors.push(problem('body', 'at least one of title, notes, state', shown(value)));
  const check = { title: titleProblems, notes: notesProblems, state: stateProblems };
  for (const field of present) errors.push(...check[field](own(value, field), field));
  if (errors.length) return { errors };
  const changes: Partial<SlideContent> = {};
  for (const field of present) changes[field] = own(value, field) as string;
  if (changes.title !== undefined) changes.title = changes.title.trim();
  return { changes };
}

/**
 * An exported deck {format, version, exported, slides}: its slides in order, or every problem of the file. Past
 * SLIDES_MAX slides only the first SLIDES_MAX are checked, so the work and the answer stay bounded.
 */
export function checkSlidesFile(value: unknown): Checked<{ slides: SlideContent[] }> {
  if (!isRecord(value))
    return {
      errors: [
        problem(
          'file',
          `an export of the slides {format: "${SLIDES_FORMAT}", version, exported, slides}`,
          shown(value),
        ),
      ],
    };
  const errors = unknownKeys(value, 'file', FILE_FIELDS);
  const format = own(value, 'format');
  if (format !== SLIDES_FORMAT) errors.push(problem('format', JSON.stringify(SLIDES_FORMAT), shown(format)));
  const version = own(value, 'version');
  if (version !== SLIDES_VERSION)
    errors.push(problem('version', `${SLIDES_VERSION} (the version this atlas reads)`, shown(version)));
  const list = own(value, 'slides');
  if (!Array.isArray(list)) return { errors: [...errors, problem('slides', 'an array of slides', shown(list))] };
  if (list.length > SLIDES_MAX)
    errors.push(
      problem('slides', `at most ${SLIDES_MAX} slides`, `${list.length} (the first ${SLIDES_MAX} were checked)`),
    );
  const slides: SlideContent[] = [];
  list.slice(0, SLIDES_MAX).forEach((item: unknown, i) => {
    const checked = checkSlide(item, `slides[${i}]`);
    if ('errors' in checked) errors.push(...checked.errors);
    else slides.push(checked.slide);
  });
  return errors.length ? { errors } : { slides };
}

/**
 * A new order {ids}: every slide of the deck (`current`) exactly once, so a client that missed another's
 * change is told which slides it did not know of rather than losing them.
 */
export function checkSlideOrder(value: unknown, current: readonly number[]): Checked<{ ids: number[] }> {
  if (!isRecord(value))
    return { errors: [problem('body', '{"ids": [...]}, the deck\'s slide ids in the new order', shown(value))] };
  const errors = unknownKeys(value, 'body', ['ids']);
  const ids = own(value, 'ids');
  if (!Array.isArray(ids))
    return { errors: [...errors, problem('ids', "an array of the deck's slide ids in the new order", shown(ids))] };
  if (ids.length > SLIDES_MAX)
    return { errors: [...errors, problem('ids', `the ${current.length} ids of the deck`, `${ids.length} ids`)] };
  ids.forEach((id: unknown, i) => {
    if (!Number.isSafeInteger(id) || (id as number) < 1)
      errors.push(problem(`ids[${i}]`, 'a slide id (a whole number of at least 1)', shown(id)));
  });
  if (errors.length) return { errors };
  const given = ids as number[];
  const repeated = [...new Set(given.filter((id, i) => given.indexOf(id) !== i))];
  const missing = current.filter((id) => !given.includes(id));
  const extra = [...new Set(given.filter((id) => !current.includes(id)))];
  if (repeated.length) errors.push(problem('ids', 'each slide once', `${repeated.join(', ')} more than once`));
  if (missing.length) errors.push(`ids: expected every slide of the deck, missing ${missing.join(', ')}`);
  if (extra.length)
    errors.push(problem('ids', 'only slides of the deck (GET /api/slides lists them)', extra.join(', ')));
  return errors.length ? { errors } : { ids: given };
}
