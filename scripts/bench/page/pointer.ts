import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { type Camera, clearestPixel, type Pixel, projector, type Size } from './screen.ts';
import { until } from './until.ts';

/** A commune to put the pointer on: its name and a pixel well inside it, from the map's top left. */
export interface Target {
  name: string;
  pixel: Pixel;
}

/**
 * Keeps away from the map's edges, where the zoom buttons (top right), the scale (bottom left) and the
 * "Map data" link (bottom right) sit, about 70 px from their corner.
 */
const EDGE = 80;

async function collection<G extends Point | Polygon | MultiPolygon>(origin: string, id: string) {
  const response = await fetch(`${origin}/ogc/collections/${id}/items?limit=10000&f=json`);
  if (!response.ok) throw new Error(`/ogc/collections/${id}/items answered ${response.status}`);
  return (await response.json()) as FeatureCollection<G, { name: string }>;
}

/**
 * The two communes with the most room around one of their pixels, away from every station and service
 * (their markers would answer the pointer instead of the commune), in the view both pages show.
 */
export async function pointerTargets(origin: string, camera: Camera, size: Size): Promise<[Target, Target]> {
  const [communes, stations, services] = await Promise.all([
    collection<Polygon | MultiPolygon>(origin, 'communes'),
    collection<Point>(origin, 'rail-stations'),
    collection<Point>(origin, 'services'),
  ]);
  const project = projector(camera, size);
  const markers = [...stations.features, ...services.features].map((f) => project(f.geometry.coordinates));
  const within = { left: EDGE, top: EDGE, right: size.width - EDGE, bottom: size.height - EDGE };
  const ranked = communes.features
    .map((f) => ({ name: f.properties.name, ...clearestPixel(f.geometry, project, markers, within) }))
    .sort((a, b) => b.clearance - a.clearance);
  const [first, second] = ranked;
  if (!first || !second || second.clearance < 10) throw new Error('no two communes with room for the pointer');
  return [first, second];
}

interface Answer {
  /** When the answer changed (performance.now() in the page). */
  at: number;
  /** The timestamp of the last mouse move the page received before it. */
  move: number;
  /** The answer's first line (the tooltip's title), or null while it is hidden. */
  text: string | null;
}

interface AnswerLog {
  move: number;
  answers: Answer[];
}

/** Records, in the page, every mouse move and every change of the element that answers the pointer. */
function watchAnswers(selector: string): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`no ${selector} in the page`);
  const log: AnswerLog = { move: Number.NaN, answers: [] };
  (window as unknown as { answerLog: AnswerLog }).answerLog = log;
  // Capture on the window: before MapLibre's or deck.gl's handlers see the event.
  addEventListener('mousemove', (event) => (log.move = event.timeStamp), { capture: true });
  new MutationObserver(() =>
    log.answers.push({
      at: performance.now(),
      move: log.move,
      text: element.hidden ? null : ((element.firstElementChild ?? element).textContent ?? ''),
    }),
  ).observe(element, { attributes: true, childList: true, characterData: true, subtree: true });
}

/** Waiting between moves, so that each one starts from a page at rest (hover outline drawn, picking done). */
const REST_MS = 300;

/**
 * Moves the pointer `moves` times between the two targets, one mousemove event each, and returns the
 * milliseconds from each move's event to the answer naming the commune under the pointer (the dashboard's
 * tooltip, the bare page's queryRenderedFeatures answer), as the page's own clock measures them.
 */
export async function pointerToAnswer(
  page: Page,
  answerSelector: string,
  targets: [Target, Target],
  moves: number,
): Promise<number[]> {
  await page.evaluate(watchAnswers, answerSelector);
  const box = (await page.locator('#map').boundingBox())!;
  const delays: number[] = [];
  for (let i = 0; i < moves; i++) {
    const target = targets[i % 2]!;
    const seen = await page.evaluate(() => (window as unknown as { answerLog: AnswerLog }).answerLog.answers.length);
    await page.mouse.move(box.x + target.pixel[0], box.y + target.pixel[1]);
    const answer = await until(async () => {
      const log = await page.evaluate(() => (window as unknown as { answerLog: AnswerLog }).answerLog.answers);
      return log.slice(seen).find((a) => a.text === target.name);
    }, `${answerSelector} to name ${target.name}`);
    delays.push(answer.at - answer.move);
    await page.waitForTimeout(REST_MS);
  }
  return delays;
}
