import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Slide } from '../../local-store/local-store.ts';
import { SLIDES_FORMAT, SLIDES_MAX } from '../../vocabulary/slide-rules.ts';
import type { RealApp } from '../helpers/real-app.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import {
  addSlide,
  ALL_PARAMS,
  AUTH,
  contents,
  DECK,
  listSlides,
  type Method,
  send,
  useWritableDeck,
} from '../helpers/slide-requests.ts';

/**
 * The presenter's slide writes (POST /api/slides, PATCH and DELETE /api/slides/{id}, PUT /api/slides/order) with the
 * token, on the real app and a real local database in a temp dir: every answer and refusal, hostile bodies included.
 */

describe('with a write token', () => {
  let real: RealApp;
  let app: FastifyInstance;
  useWritableDeck((opened) => {
    real = opened;
    app = opened.app;
  });

  describe('GET and POST /api/slides', () => {
    it('appends each slide last: 201 and the slide, then listed in order with positions 1..n', async () => {
      const started = Date.now();
      const added: Slide[] = [];
      for (const slide of DECK) added.push(await addSlide(app, slide));
      expect(added[0]).toEqual({
        id: expect.any(Number),
        position: 1,
        ...DECK[0],
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect(Date.parse(added[0]!.updatedAt)).toBeGreaterThanOrEqual(started - 1000);
      expect(added.map((s) => s.position)).toEqual([1, 2, 3]);
      const response = await app.inject('/api/slides');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({ slides: added, writable: true });
    });

    it('trims the title and leaves notes empty when left out', async () => {
      expect(await addSlide(app, { title: '  Briançon ', state: 'lang=fr' })).toMatchObject({
        title: 'Briançon',
        notes: '',
        state: 'lang=fr',
      });
    });

    it('refuses an invalid slide: 400 InvalidSlide with every problem, nothing stored', async () => {
      const refused = expectJsonError(
        await send(app, 'POST', '/api/slides', { title: '', notes: 7, state: 'lang=fr&evil=1', id: 3 }),
        400,
        'InvalidSlide',
      );
      expect(refused.description).toBe('The slide was not saved: 4 problems');
      expect(refused.errors).toEqual([
        'body: expected only the fields title, notes, state, got "id"',
        'title: expected a title of 1 to 120 characters, got ""',
        'notes: expected notes of at most 2000 characters, got 7',
        `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`,
      ]);
      expect(await listSlides(app)).toEqual([]);
    });

    it('refuses a state with an unknown parameter, a repeated one or a control character', async () => {
      const stateErrors = async (state: string) =>
        expectJsonError(await send(app, 'POST', '/api/slides', { title: 'T', state }), 400, 'InvalidSlide').errors;
      expect(await stateErrors('lang=fr&javascript=alert(1)')).toEqual([
        `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "javascript"`,
      ]);
      expect(await stateErrors('view=table&view=map')).toEqual([
        'state: expected each parameter at most once, got "view" more than once',
      ]);
      expect(await stateErrors('commune=05023%0D%0ASet-Cookie:x')).toEqual([
        'state: expected a query string without control characters, got "commune=05023%0D%0ASet-Cookie:x"',
      ]);
      expect(await listSlides(app)).toEqual([]);
    });

    it('refuses a body that is not a slide, or not JSON, in words about slides', async () => {
      const notObject = expectJsonError(await send(app, 'POST', '/api/slides', [DECK[0]]), 400, 'InvalidSlide');
      expect(notObject.errors).toEqual([
        `body: expected a slide {title, notes, state}, got ${JSON.stringify([DECK[0]]).slice(0, 80)}…`,
      ]);
      expect(expectJsonError(await send(app, 'POST', '/api/slides'), 400, 'InvalidSlide').errors).toEqual([
        'body: expected a slide {title, notes, state}, got nothing',
      ]);
      const broken = expectJsonError(
        await send(app, 'POST', '/api/slides', '{"title": '),
        400,
        'FST_ERR_CTP_INVALID_JSON_BODY',
      );
      expect(broken.description).toMatch(/^POST "\/api\/slides": the body is not valid JSON/);
      expect(
        expectJsonError(await send(app, 'POST', '/api/slides', ''), 400, 'FST_ERR_CTP_EMPTY_JSON_BODY').description,
      ).toMatch(/the body is empty/);
      const xml = await app.inject({
        method: 'POST',
        url: '/api/slides',
        headers: { ...AUTH, 'content-type': 'application/xml' },
        payload: '<slide/>',
      });
      expect(expectJsonError(xml, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE').description).toBe(
        'POST "/api/slides": unsupported Content-Type; send the body as application/json',
      );
      const huge = expectJsonError(
        await send(app, 'POST', '/api/slides', { ...DECK[0], notes: 'x'.repeat(1024 * 1024) }),
        413,
        'FST_ERR_CTP_BODY_TOO_LARGE',
      );
      expect(huge.description).toBe(
        'POST "/api/slides": the body is larger than the slide routes accept (JSON of at most 1 MB)',
      );
      expect(await listSlides(app)).toEqual([]);
    });

    it('refuses a slide past the most a deck holds: 400 DeckFull', async () => {
      real.local.slides.importDeck({
        format: SLIDES_FORMAT,
        version: 1,
        slides: Array.from({ length: SLIDES_MAX }, (_, i) => ({ title: `Slide ${i + 1}`, state: '' })),
      });
      const refused = expectJsonError(await send(app, 'POST', '/api/slides', DECK[0]), 400, 'DeckFull');
      expect(refused.errors).toEqual([
        `slides: expected at most ${SLIDES_MAX} slides, got ${SLIDES_MAX} already; remove one to add another`,
      ]);
      expect(await listSlides(app)).toHaveLength(SLIDES_MAX);
    });

    it('refuses query parameters', async () => {
      expectJsonError(await app.inject('/api/slides?all=1'), 400, 'InvalidParameterValue');
      expectJsonError(await send(app, 'POST', '/api/slides?at=1', DECK[0]), 400, 'InvalidParameterValue');
      expect(await listSlides(app)).toEqual([]);
    });
  });

  describe('PATCH /api/slides/{id}', () => {
    it('changes any of title, notes and state: 200 and the slide, the rest kept', async () => {
      const [first, second] = [await addSlide(app, DECK[0]), await addSlide(app, DECK[1])];
      const response = await send(app, 'PATCH', `/api/slides/${second.id}`, {
        title: ' Densité 2021 ',
        state: 'lang=en&view=table',
      });
      expect(response.statusCode, response.body).toBe(200);
      const { slide } = response.json() as { slide: Slide };
      expect(slide).toEqual({
        ...second,
        title: 'Densité 2021',
        state: 'lang=en&view=table',
        updatedAt: expect.any(String),
      });
      expect((await send(app, 'PATCH', `/api/slides/${first.id}`, { notes: 'New notes' })).json()).toEqual({
        slide: { ...first, notes: 'New notes', updatedAt: expect.any(String) },
      });
      expect(contents(await listSlides(app))).toEqual([
        { ...DECK[0], notes: 'New notes' },
        { ...DECK[1], title: 'Densité 2021', state: 'lang=en&view=table' },
      ]);
    });

    it('refuses an empty change, unknown fields and bad values: 400 InvalidSlide, nothing changed', async () => {
      const slide = await addSlide(app, DECK[0]);
      expect(
        expectJsonError(await send(app, 'PATCH', `/api/slides/${slide.id}`, {}), 400, 'InvalidSlide').errors,
      ).toEqual(['body: expected at least one of title, notes, state, got {}']);
      expect(
        expectJsonError(await send(app, 'PATCH', `/api/slides/${slide.id}`, { position: 2 }), 400, 'InvalidSlide')
          .errors,
      ).toEqual(['body: expected only the fields title, notes, state, got "position"']);
      expect(
        expectJsonError(
          await send(app, 'PATCH', `/api/slides/${slide.id}`, { title: 'x'.repeat(121), state: 'x=1' }),
          400,
          'InvalidSlide',
        ).errors,
      ).toEqual([
        'title: expected a title of 1 to 120 characters, got 121 characters',
        `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "x"`,
      ]);
      expect(await listSlides(app)).toEqual([slide]);
    });

    it('answers 404 for an unknown slide, and 400 for an id that is not a positive whole number', async () => {
      const missing = expectJsonError(await send(app, 'PATCH', '/api/slides/999', { title: 'x' }), 404, 'NotFound');
      expect(missing.description).toBe('No slide 999; GET /api/slides lists them');
      for (const id of ['abc', '0', '-1', '1.5', '9007199254740992']) {
        const refused = expectJsonError(
          await send(app, 'PATCH', `/api/slides/${id}`, { title: 'x' }),
          400,
          'InvalidParameterValue',
        );
        expect(refused.description, id).toMatch(/^Path segment "id"/);
      }
    });
  });

  describe('PUT /api/slides/order', () => {
    it('puts the slides in the given order: 200 and the deck in its new order', async () => {
      const ids: number[] = [];
      for (const slide of DECK) ids.push((await addSlide(app, slide)).id);
      const order = [ids[2]!, ids[0]!, ids[1]!];
      const response = await send(app, 'PUT', '/api/slides/order', { ids: order });
      expect(response.statusCode, response.body).toBe(200);
      const { slides } = response.json() as { slides: Slide[] };
      expect(slides.map((s) => s.id)).toEqual(order);
      expect(slides.map((s) => s.position)).toEqual([1, 2, 3]);
      expect(await listSlides(app)).toEqual(slides);
    });

    it(
      'refuses anything but a permutation of the deck, ' + 'naming what is missing or extra: 400 InvalidOrder',
      async () => {
        const ids: number[] = [];
        for (const slide of DECK) ids.push((await addSlide(app, slide)).id);
        const before = await listSlides(app);
        const order = async (body: unknown) =>
          expectJsonError(await send(app, 'PUT', '/api/slides/order', body), 400, 'InvalidOrder');
        const missing = await order({ ids: [ids[0], ids[1]] });
        expect(missing.description).toBe('The slides were not reordered: 1 problem');
        expect(missing.errors).toEqual([`ids: expected every slide of the deck, missing ${ids[2]}`]);
        expect((await order({ ids: [...ids, 12345] })).errors).toEqual([
          'ids: expected only slides of the deck (GET /api/slides lists them), got 12345',
        ]);
        expect((await order({ ids: [ids[0], ids[0], ids[1], 777] })).errors).toEqual([
          `ids: expected each slide once, got ${ids[0]} more than once`,
          `ids: expected every slide of the deck, missing ${ids[2]}`,
          'ids: expected only slides of the deck (GET /api/slides lists them), got 777',
        ]);
        expect((await order({ ids: [String(ids[0]), ids[1], ids[2]] })).errors).toEqual([
          `ids[0]: expected a slide id (a whole number of at least 1), got "${ids[0]}"`,
        ]);
        expect((await order({})).errors).toEqual([
          "ids: expected an array of the deck's slide ids in the new order, got nothing",
        ]);
        expect(await listSlides(app)).toEqual(before);
      },
    );
  });

  describe('DELETE /api/slides/{id}', () => {
    it('removes a slide: 204 with no body, the others close up; then 404', async () => {
      const added: Slide[] = [];
      for (const slide of DECK) added.push(await addSlide(app, slide));
      const removed = await send(app, 'DELETE', `/api/slides/${added[0]!.id}`);
      expect(removed.statusCode, removed.body).toBe(204);
      expect(removed.body).toBe('');
      const left = await listSlides(app);
      expect(left.map((s) => s.id)).toEqual([added[1]!.id, added[2]!.id]);
      expect(left.map((s) => s.position)).toEqual([1, 2]);
      const again = expectJsonError(await send(app, 'DELETE', `/api/slides/${added[0]!.id}`), 404, 'NotFound');
      expect(again.description).toBe(`No slide ${added[0]!.id}; GET /api/slides lists them`);
      for (const id of ['abc', '0', '1.5'])
        expectJsonError(await send(app, 'DELETE', `/api/slides/${id}`), 400, 'InvalidParameterValue');
    });
  });

  describe('hostile bodies', () => {
    it('a "__proto__" or "constructor.prototype" key pollutes nothing: 400 and nothing stored', async () => {
      const payloads: [Method, string, string][] = [
        ['POST', '/api/slides', '{"title": "x", "state": "", "__proto__": {"polluted": "yes"}}'],
        ['POST', '/api/slides', '{"title": "x", "state": "", "constructor": {"prototype": {"polluted": "yes"}}}'],
        ['PATCH', '/api/slides/1', '{"__proto__": {"polluted": "yes"}, "title": "x"}'],
        ['PUT', '/api/slides/order', '{"ids": [], "__proto__": {"polluted": "yes"}}'],
        [
          'POST',
          '/api/slides/import',
          `{"format": "${SLIDES_FORMAT}", "version": 1, "slides": [{"title": "x", "state": "", "__proto__": ` +
            `{"polluted": "yes"}}]}`,
        ],
      ];
      for (const [method, url, body] of payloads) {
        const refused = expectJsonError(await send(app, method, url, body), 400, 'FST_ERR_CTP_INVALID_JSON_BODY');
        expect(refused.description).toMatch(/"__proto__"/);
        expect(({} as { polluted?: unknown }).polluted, `${method} ${url}`).toBeUndefined();
      }
      expect(await listSlides(app)).toEqual([]);
    });

    it('a state naming "__proto__" is an unknown parameter', async () => {
      const refused = expectJsonError(
        await send(app, 'POST', '/api/slides', { title: 'x', state: '__proto__=1&lang=fr' }),
        400,
        'InvalidSlide',
      );
      expect(refused.errors).toEqual([
        `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "__proto__"`,
      ]);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });
  });
});
