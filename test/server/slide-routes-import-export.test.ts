import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Slide } from '../../local-store/local-store.ts';
import { SLIDES_FORMAT, SLIDES_MAX, type SlideContent } from '../../vocabulary/slide-rules.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import { addSlide, ALL_PARAMS, contents, DECK, listSlides, send, useWritableDeck } from '../helpers/slide-requests.ts';

/**
 * The presenter's deck as a file (GET /api/slides/export, POST /api/slides/import) with the write token, on the real
 * app and a real local database in a temp dir: the download, an import replacing the whole deck, a bad file changing
 * nothing, and a full deck through every route.
 */

describe('with a write token', () => {
  let app: FastifyInstance;
  useWritableDeck((real) => ({ app } = real));

  describe('export and import', () => {
    it('exports the deck as a file to download: headers, format, order', async () => {
      for (const slide of DECK) await addSlide(app, slide);
      const response = await app.inject('/api/slides/export');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="atlas-slides.json"');
      expect(response.headers['cache-control']).toBe('no-store');
      const file = response.json() as { exported: string };
      expect(file).toEqual({
        format: 'alpine-territories-atlas/slides',
        version: 1,
        exported: expect.any(String),
        slides: DECK,
      });
      expect(new Date(file.exported).toISOString()).toBe(file.exported);
    });

    it('an exported file imported replaces the whole deck: 200 and the slides, in order', async () => {
      for (const slide of DECK) await addSlide(app, slide);
      const exported = (await app.inject('/api/slides/export')).body;
      await addSlide(app, { title: 'Added after the export', state: '' });
      const oldIds = (await listSlides(app)).map((s) => s.id);

      const response = await send(app, 'POST', '/api/slides/import', exported);
      expect(response.statusCode, response.body).toBe(200);
      const { slides } = response.json() as { slides: Slide[] };
      expect(contents(slides)).toEqual(DECK);
      expect(slides.map((s) => s.position)).toEqual([1, 2, 3]);
      expect(slides.every((s) => !oldIds.includes(s.id))).toBe(true);
      expect(await listSlides(app)).toEqual(slides);
    });

    it('a bad file: 400 InvalidSlides listing every problem, the deck unchanged', async () => {
      for (const slide of DECK) await addSlide(app, slide);
      const before = await listSlides(app);
      const file = {
        format: 'slides',
        version: 2,
        slides: [DECK[0], { title: ' ', state: 'evil=1' }, { title: 'Ok' }],
      };
      const refused = expectJsonError(await send(app, 'POST', '/api/slides/import', file), 400, 'InvalidSlides');
      expect(refused.description).toBe('The slides were not imported: 5 problems; the deck is unchanged');
      expect(refused.errors).toEqual([
        'format: expected "alpine-territories-atlas/slides", got "slides"',
        'version: expected 1 (the version this atlas reads), got 2',
        'slides[1].title: expected a title of 1 to 120 characters, got " "',
        `slides[1].state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`,
        'slides[2].state: expected the dashboard\'s view as a query string, such as "lang=en&indicator=population", ' +
          'got nothing',
      ]);
      const tooMany = {
        format: SLIDES_FORMAT,
        version: 1,
        slides: Array.from({ length: SLIDES_MAX + 1 }, () => DECK[0]),
      };
      expect(
        expectJsonError(await send(app, 'POST', '/api/slides/import', tooMany), 400, 'InvalidSlides').errors,
      ).toEqual([
        `slides: expected at most ${SLIDES_MAX} slides, got ${SLIDES_MAX + 1} (the first ${SLIDES_MAX} were checked)`,
      ]);
      expect(
        (await send(app, 'POST', '/api/slides/import', { format: SLIDES_FORMAT, version: 1, slides: 'all' })).json(),
      ).toMatchObject({ errors: ['slides: expected an array of slides, got "all"'] });
      expect(await listSlides(app)).toEqual(before);
    });
  });

  it('takes a full deck of 200 slides through import, reorder, list and export', async () => {
    const slides = Array.from({ length: SLIDES_MAX }, (_, i) => ({
      title: `Slide ${i + 1}`,
      notes: 'n'.repeat(2000),
      state: DECK[i % DECK.length]!.state,
    }));
    const succeeds = async (request: () => Promise<LightMyRequestResponse>) => {
      const response = await request();
      expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(300);
      return response;
    };
    const imported = (
      await succeeds(() => send(app, 'POST', '/api/slides/import', { format: SLIDES_FORMAT, version: 1, slides }))
    ).json() as { slides: Slide[] };
    const reversed = imported.slides.map((s) => s.id).reverse();
    await succeeds(() => send(app, 'PUT', '/api/slides/order', { ids: reversed }));
    expect((await listSlides(app)).map((s) => s.id)).toEqual(reversed);
    await succeeds(() => app.inject('/api/slides'));
    expect(
      ((await succeeds(() => app.inject('/api/slides/export'))).json() as { slides: SlideContent[] }).slides,
    ).toEqual([...slides].reverse());
  });
});
