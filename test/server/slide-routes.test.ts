import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { Slide } from '../../local-store/local-store.ts';
import { SLIDES_FORMAT, SLIDES_MAX, type SlideContent } from '../../vocabulary/slide-rules.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';
import { useRealApp, type RealApp } from '../helpers/real-app.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';

/**
 * The presenter's slide routes (GET, POST /api/slides, PATCH and DELETE /api/slides/{id}, PUT /api/slides/order,
 * GET /api/slides/export, POST /api/slides/import) on the real app and a real local database in a temp dir:
 * the write token, every answer and refusal, and that a refused write changes nothing.
 */

const TOKEN = 'presenter-write-token-8d31b7c0e2';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const ALL_PARAMS = VIEW_PARAMS.join(', ');

const DECK: SlideContent[] = [
  {
    title: 'Le Briançonnais',
    notes: 'Ouvrir sur la carte entière.\nPuis zoomer.',
    state: 'lang=fr&at=10.50%2F44.9000%2F6.6400',
  },
  { title: 'Densité', notes: '', state: 'lang=fr&indicator=population-density&method=manual&breaks=10%3B50%3B200' },
  { title: 'Flussi', notes: 'Soglia 50', state: 'lang=it&layers=communes%2Cflows&flowdir=cross-border&flowmin=50' },
];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request with a JSON body (sent as given when a string), with the token unless other headers are given. */
function send(
  app: FastifyInstance,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
) {
  if (body === undefined) return app.inject({ method, url, headers });
  return app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function listSlides(app: FastifyInstance): Promise<Slide[]> {
  const response = await app.inject('/api/slides');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { slides: Slide[] }).slides;
}

async function addSlide(app: FastifyInstance, slide: unknown): Promise<Slide> {
  const response = await send(app, 'POST', '/api/slides', slide);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { slide: Slide }).slide;
}

const contents = (slides: Slide[]) => slides.map(({ title, notes, state }) => ({ title, notes, state }));

/** Every write route, with a body it would take, for the token checks. */
const WRITES: [Method, string, unknown][] = [
  ['POST', '/api/slides', DECK[0]],
  ['PATCH', '/api/slides/1', { title: 'Changed' }],
  ['PUT', '/api/slides/order', { ids: [1] }],
  ['DELETE', '/api/slides/1', undefined],
  ['POST', '/api/slides/import', { format: SLIDES_FORMAT, version: 1, slides: [] }],
];

describe('without a write token (writes off)', () => {
  const real = useRealApp();

  it('lists the slides, uncached, as not writable', async () => {
    real.local.slides.add(DECK[0]);
    const response = await real.app.inject('/api/slides');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ slides: real.local.slides.list(), writable: false });
  });

  it('answers 403 to every write, even with a bearer token, and changes nothing', async () => {
    const before = real.local.slides.list();
    for (const [method, url, body] of WRITES) {
      for (const headers of [{}, AUTH] as Record<string, string>[]) {
        const refused = expectJsonError(await send(real.app, method, url, body, headers), 403, 'WritesDisabled');
        expect(refused.description).toBe(
          'Editing slides through the API is off: start the server with ATLAS_WRITE_TOKEN set',
        );
      }
    }
    expect(real.local.slides.list()).toEqual(before);
  });

  it('still exports', async () => {
    expect((await real.app.inject('/api/slides/export')).statusCode).toBe(200);
  });
});

describe('with a write token', () => {
  const real: RealApp = useRealApp({ writeToken: TOKEN });
  let app: FastifyInstance;
  beforeEach(() => {
    app = real.app;
    real.local.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: [] });
  });

  describe('the token', () => {
    it(
      'refuses every write without it (401 with WWW-Authenticate) or with a wrong one, naming neither, and changes ' +
        'nothing',
      async () => {
        const slide = await addSlide(app, DECK[0]);
        const refusals: Record<string, string>[] = [
          {},
          { authorization: 'Bearer wrong-token-of-some-length' },
          { authorization: `Bearer ${TOKEN}x` },
          { authorization: TOKEN },
          { authorization: `bearer ${TOKEN}` },
          { authorization: 'Bearer ' },
        ];
        for (const [method, url, body] of WRITES) {
          for (const headers of refusals) {
            const response = await send(app, method, url.replace('/1', `/${slide.id}`), body, headers);
            const refused = expectJsonError(response, 401, 'Unauthorized');
            expect(response.headers['www-authenticate'], `${method} ${url} ${JSON.stringify(headers)}`).toMatch(
              /^Bearer /,
            );
            expect(refused.description).not.toContain(TOKEN);
            expect(response.body).not.toContain('wrong-token');
          }
        }
        expect(await listSlides(app)).toEqual([slide]);
      },
    );

    it('is checked before the body is read: a broken or huge body without it is still 401', async () => {
      expectJsonError(await send(app, 'POST', '/api/slides', '{"title": ', {}), 401, 'Unauthorized');
      expectJsonError(
        await send(app, 'POST', '/api/slides/import', `"${'x'.repeat(2 * 1024 * 1024)}"`, {}),
        401,
        'Unauthorized',
      );
    });

    it('makes the deck writable', async () => {
      expect((await app.inject('/api/slides')).json()).toEqual({ slides: [], writable: true });
    });
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

describe('without a local database', () => {
  const real = useRealApp();

  it('has no slide routes: 404', async () => {
    const app = await buildApp({ atlas: real.atlas, clientDir: CLIENT_DIR });
    try {
      expectJsonError(await app.inject('/api/slides'), 404, 'NotFound');
      expectJsonError(await app.inject('/api/slides/export'), 404, 'NotFound');
      expectJsonError(await send(app, 'POST', '/api/slides', DECK[0]), 404, 'NotFound');
    } finally {
      await app.close();
    }
  });
});
