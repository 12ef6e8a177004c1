import type { FastifyInstance } from 'fastify';
import { beforeEach, expect } from 'vitest';
import type { Slide } from '../../local-store/local-store.ts';
import { SLIDES_FORMAT, type SlideContent } from '../../vocabulary/slide-rules.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';
import { type RealApp, useRealApp } from './real-app.ts';

/** The presenter's deck as the slide routes' tests send it, and requests to those routes. */

export const TOKEN = 'presenter-write-token-8d31b7c0e2';
export const AUTH = { authorization: `Bearer ${TOKEN}` };
export const ALL_PARAMS = VIEW_PARAMS.join(', ');

export const DECK: SlideContent[] = [
  {
    title: 'Le Briançonnais',
    notes: 'Ouvrir sur la carte entière.\nPuis zoomer.',
    state: 'lang=fr&at=10.50%2F44.9000%2F6.6400',
  },
  { title: 'Densité', notes: '', state: 'lang=fr&indicator=population-density&method=manual&breaks=10%3B50%3B200' },
  { title: 'Flussi', notes: 'Soglia 50', state: 'lang=it&layers=communes%2Cflows&flowdir=cross-border&flowmin=50' },
];

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request with a JSON body (sent as given when a string), with the token unless other headers are given. */
export function send(
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

export async function listSlides(app: FastifyInstance): Promise<Slide[]> {
  const response = await app.inject('/api/slides');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { slides: Slide[] }).slides;
}

export async function addSlide(app: FastifyInstance, slide: unknown): Promise<Slide> {
  const response = await send(app, 'POST', '/api/slides', slide);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { slide: Slide }).slide;
}

export const contents = (slides: Slide[]) => slides.map(({ title, notes, state }) => ({ title, notes, state }));

/** Every write route, with a body it would take, for the token checks. */
export const WRITES: [Method, string, unknown][] = [
  ['POST', '/api/slides', DECK[0]],
  ['PATCH', '/api/slides/1', { title: 'Changed' }],
  ['PUT', '/api/slides/order', { ids: [1] }],
  ['DELETE', '/api/slides/1', undefined],
  ['POST', '/api/slides/import', { format: SLIDES_FORMAT, version: 1, slides: [] }],
];

/**
 * The real app with the write token (see useRealApp), opened before a file's tests: before each test of the
 * enclosing describe, its deck is emptied and `use` receives it.
 */
export function useWritableDeck(use: (real: RealApp) => void) {
  const real = useRealApp({ writeToken: TOKEN });
  beforeEach(() => {
    use(real);
    real.local.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: [] });
  });
}
