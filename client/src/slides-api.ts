import { getJson, isStaticExport, live, source, URLS, writeResult, type WriteResult } from './api.ts';

/** The presenter's slides: read from the API or the static export, written with the write token. */

/** A saved view of the dashboard: its URL state, a title and the presenter's notes (GET /api/slides). */
export interface Slide {
  id: number;
  position: number;
  title: string;
  notes: string;
  /** The dashboard's query string, as the URL holds it. */
  state: string;
  updatedAt: string;
}

export async function fetchSlides(): Promise<{ slides: Slide[]; writable: boolean } | null> {
  if (isStaticExport()) return { ...(await getJson<{ slides: Slide[] }>(URLS.slides)), writable: false };
  const response = await fetch(live(URLS.slides), { cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`/api/slides answered ${response.status}`);
  return (await response.json()) as { slides: Slide[]; writable: boolean };
}

function sendJson(method: string, url: string, token: string, body?: unknown): Promise<Response> {
  return fetch(live(url), {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export const createSlide = async (slide: { title: string; notes: string; state: string }, token: string) =>
  writeResult(await sendJson('POST', '/api/slides', token, slide), (body) => (body as { slide: Slide }).slide);
export const updateSlide = async (
  id: number,
  patch: Partial<Pick<Slide, 'title' | 'notes' | 'state'>>,
  token: string,
) =>
  writeResult(await sendJson('PATCH', `/api/slides/${id}`, token, patch), (body) => (body as { slide: Slide }).slide);
export const orderSlides = async (ids: number[], token: string) =>
  writeResult(
    await sendJson('PUT', '/api/slides/order', token, { ids }),
    (body) => (body as { slides: Slide[] }).slides,
  );
export const deleteSlide = async (id: number, token: string) =>
  writeResult(await sendJson('DELETE', `/api/slides/${id}`, token), () => null);

/** Replaces the deck with an exported one (the file's text, as chosen by the presenter). */
export async function importSlides(text: string, token: string): Promise<WriteResult<Slide[]>> {
  const response = await fetch(live('/api/slides/import'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: text,
  });
  return writeResult(response, (body) => (body as { slides: Slide[] }).slides);
}

export const slidesExportUrl = () => source(URLS.slidesExport);
