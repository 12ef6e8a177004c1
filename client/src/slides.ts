import type { Lang } from './i18n/index.ts';
import { decodeState, encodeState, type AtlasState, type Known } from './state.ts';

/** A slide holds the view as the dashboard's URL holds it: the same parameters, the same defaults left out. */
export function slideQuery(state: AtlasState, defaults: AtlasState): string {
  return encodeState(state, defaults).toString();
}

/**
 * The view a slide names, in the language the presenter speaks now: switching language while presenting
 * keeps the slide, and the next slides follow the room's language rather than the one they were saved in.
 */
export function slideView(query: string, defaults: AtlasState, known: Known, lang: Lang): AtlasState {
  return { ...decodeState(new URLSearchParams(query), defaults, known), lang };
}

/**
 * What a key does while presenting, as presentation clickers send them: the next or previous slide (kept
 * within the deck), the first or last, or leaving; null for any other key.
 */
export function presenterKey(key: string, index: number, count: number): number | 'leave' | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
    case 'PageUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'Escape':
      return 'leave';
    default:
      return null;
  }
}
