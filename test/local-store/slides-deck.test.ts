import { beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { SLIDES_FORMAT, SLIDES_MAX, SLIDES_VERSION } from '../../vocabulary/slide-rules.ts';
import { ALL_PARAMS, contents, DECK, deckWrites, newStorePath, useSlidesDir } from '../helpers/slide-deck.ts';

/**
 * The presenter's deck in the local database, on real SQLite files in a temp dir: positions stay 1..n through
 * every add, update, reorder and removal, and refusals change nothing and list every problem.
 */

const dir = useSlidesDir();
let store: LocalStore;
beforeEach(() => {
  store = openLocalStore(newStorePath(dir));
  return () => store.close();
});
const { addAll, positions, refusal } = deckWrites(() => store);

describe('the deck', () => {
  it('starts empty, and adds slides last with positions 1..n and the time of the write', () => {
    expect(store.slides.list()).toEqual([]);
    const started = Date.now();
    const added = addAll(DECK);
    expect(added.map((s) => s.position)).toEqual([1, 2, 3, 4]);
    expect(contents(added)).toEqual(DECK);
    for (const slide of added) {
      expect(slide.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(slide.updatedAt)).toBeGreaterThanOrEqual(started - 1000);
    }
    expect(store.slides.list()).toEqual(added);
    expect(new Set(added.map((s) => s.id)).size).toBe(4);
  });

  it('updates any of title, notes and state, keeping the rest and the position', () => {
    const [first, second] = addAll(DECK.slice(0, 2));
    const updated = store.slides.update(second!.id, { title: '  Densité  ', notes: 'Nouvelles notes' })!;
    expect(updated).toEqual({ ...second, title: 'Densité', notes: 'Nouvelles notes', updatedAt: expect.any(String) });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(second!.updatedAt));
    expect(store.slides.update(second!.id, { state: 'view=table' })).toMatchObject({
      title: 'Densité',
      notes: 'Nouvelles notes',
      state: 'view=table',
      position: 2,
    });
    expect(store.slides.update(first!.id, { notes: '' })).toMatchObject({
      title: DECK[0]!.title,
      notes: '',
      state: DECK[0]!.state,
    });
    expect(store.slides.update(9999, { title: 'Nobody' })).toBeNull();
  });

  it('refuses a bad change, an empty one and unknown fields, changing nothing', () => {
    const [slide] = addAll(DECK.slice(0, 1));
    expect(refusal(() => store.slides.update(slide!.id, {}), 'InvalidSlide')).toEqual([
      'body: expected at least one of title, notes, state, got {}',
    ]);
    expect(refusal(() => store.slides.update(slide!.id, { title: '', position: 3 }), 'InvalidSlide')).toEqual([
      'body: expected only the fields title, notes, state, got "position"',
      'title: expected a title of 1 to 120 characters, got ""',
    ]);
    expect(refusal(() => store.slides.update(slide!.id, { state: 'lang=fr&x=1' }), 'InvalidSlide')).toEqual([
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "x"`,
    ]);
    expect(refusal(() => store.slides.update(slide!.id, [{ title: 'x' }]), 'InvalidSlide')).toHaveLength(1);
  });

  it('reorders to any permutation of its slides, and refuses anything else naming what is missing or extra', () => {
    const ids = addAll(DECK).map((s) => s.id);
    const [a, b, c, d] = ids as [number, number, number, number];
    const reordered = store.slides.reorder({ ids: [c, a, d, b] });
    expect(reordered.map((s) => s.id)).toEqual([c, a, d, b]);
    expect(reordered.map((s) => s.position)).toEqual([1, 2, 3, 4]);
    expect(store.slides.list()).toEqual(reordered);

    expect(refusal(() => store.slides.reorder({ ids: [c, a, d] }), 'InvalidOrder')).toEqual([
      `ids: expected every slide of the deck, missing ${b}`,
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, b, 999] }), 'InvalidOrder')).toEqual([
      'ids: expected only slides of the deck (GET /api/slides lists them), got 999',
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, d] }), 'InvalidOrder')).toEqual([
      `ids: expected each slide once, got ${d} more than once`,
      `ids: expected every slide of the deck, missing ${b}`,
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, '1', 0, 1.5] }), 'InvalidOrder')).toEqual([
      'ids[1]: expected a slide id (a whole number of at least 1), got "1"',
      'ids[2]: expected a slide id (a whole number of at least 1), got 0',
      'ids[3]: expected a slide id (a whole number of at least 1), got 1.5',
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, b], by: 'me' }), 'InvalidOrder')).toEqual([
      'body: expected only the field ids, got "by"',
    ]);
    expect(refusal(() => store.slides.reorder([c, a, d, b]), 'InvalidOrder')).toEqual([
      `body: expected {"ids": [...]}, the deck's slide ids in the new order, got [${[c, a, d, b].join(',')}]`,
    ]);
    expect(
      refusal(
        () => store.slides.reorder({ ids: Array.from({ length: SLIDES_MAX + 1 }, (_, i) => i + 1) }),
        'InvalidOrder',
      ),
    ).toEqual([`ids: expected the 4 ids of the deck, got ${SLIDES_MAX + 1} ids`]);
  });

  it('removes a slide and closes up the positions after it; never gives its id again', () => {
    const ids = addAll(DECK).map((s) => s.id);
    expect(store.slides.remove(ids[1]!)).toBe(true);
    expect(store.slides.list().map((s) => s.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect(positions()).toEqual([1, 2, 3]);
    expect(store.slides.remove(ids[1]!)).toBe(false);
    expect(store.slides.remove(ids[3]!)).toBe(true);
    expect(positions()).toEqual([1, 2]);
    const added = store.slides.add(DECK[3]!);
    expect(added.position).toBe(3);
    expect(added.id).toBeGreaterThan(ids[3]!);
    expect(store.slides.remove(ids[0]!)).toBe(true);
    expect(positions()).toEqual([1, 2]);
    expect(contents(store.slides.list())).toEqual([DECK[2], DECK[3]]);
  });

  it('keeps positions 1..n through a run of mixed writes', () => {
    // A seeded walk of adds, removes, moves and edits: after each, positions run 1..n in the listed order.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % below;
    };
    const shuffled = (ids: number[]) => {
      for (let i = ids.length - 1; i > 0; i -= 1) {
        const j = random(i + 1);
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      return ids;
    };
    for (let step = 0; step < 150; step += 1) {
      const slides = store.slides.list();
      const pick = slides[random(Math.max(slides.length, 1))];
      const action = slides.length < 3 ? 0 : random(4);
      if (action === 0) store.slides.add(DECK[random(DECK.length)]!);
      else if (action === 1) store.slides.remove(pick!.id);
      else if (action === 2) store.slides.reorder({ ids: shuffled(slides.map((s) => s.id)) });
      else store.slides.update(pick!.id, { title: `Step ${step}` });
      expect(positions(), `step ${step}`).toEqual(store.slides.list().map((_, i) => i + 1));
    }
  });

  it('refuses an invalid slide, and one past the most a deck holds', () => {
    expect(refusal(() => store.slides.add({ title: '', state: 'lang=xx&evil=1' }), 'InvalidSlide')).toEqual([
      'title: expected a title of 1 to 120 characters, got ""',
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`,
    ]);
    store.slides.importDeck({
      format: SLIDES_FORMAT,
      version: SLIDES_VERSION,
      slides: Array.from({ length: SLIDES_MAX }, (_, i) => ({ title: `Slide ${i + 1}`, state: '' })),
    });
    expect(refusal(() => store.slides.add(DECK[0]), 'DeckFull')).toEqual([
      `slides: expected at most ${SLIDES_MAX} slides, got ${SLIDES_MAX} already; remove one to add another`,
    ]);
    store.slides.remove(store.slides.list()[0]!.id);
    expect(store.slides.add(DECK[0]).position).toBe(SLIDES_MAX);
  });
});
