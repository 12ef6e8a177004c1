import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import { addSlide, AUTH, DECK, listSlides, send, TOKEN, useWritableDeck, WRITES } from '../helpers/slide-requests.ts';

/**
 * Who may write the presenter's deck through the slide routes, on the real app and a real local database in a temp
 * dir: every write is off without a write token, refused without the right one, and a refused write changes nothing;
 * without a local database there are no slide routes.
 */

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
  let app: FastifyInstance;
  useWritableDeck((real) => ({ app } = real));

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
