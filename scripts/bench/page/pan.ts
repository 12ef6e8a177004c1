import type { Page } from 'playwright-core';
import type { Pixel } from './screen.ts';

/** The drag goes round a circle about the map's centre, so the view stays over the same communes. */
const RADIUS = 100;
/** About 5 px a move: the pointer moves a little more than once a frame when the page keeps up. */
const STEP_RADIANS = 0.05;

/**
 * Resolves with the intervals between the page's next `count` + 1 animation frames, in milliseconds.
 * The callback is a member assignment, not a named constant: tsx wraps named functions in a helper that
 * exists in Node, not in the page.
 */
function frameIntervals(count: number): Promise<number[]> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const loop: { tick?: FrameRequestCallback } = {};
    loop.tick = (time) => {
      times.push(time);
      if (times.length > count) resolve(times.slice(1).map((t, i) => t - times[i]!));
      else requestAnimationFrame(loop.tick!);
    };
    requestAnimationFrame(loop.tick);
  });
}

/**
 * Drags the map with the mouse, as a person pans it, for `count` frames, and returns the frame times
 * (requestAnimationFrame intervals) the page measured meanwhile.
 */
export async function panFrameTimes(page: Page, count: number): Promise<number[]> {
  const box = (await page.locator('#map').boundingBox())!;
  const at = (i: number): Pixel => [
    box.x + box.width / 2 + RADIUS * Math.cos(i * STEP_RADIANS),
    box.y + box.height / 2 + RADIUS * Math.sin(i * STEP_RADIANS),
  ];
  let i = 0;
  await page.mouse.move(...at(i));
  await page.mouse.down();
  // MapLibre starts a drag pan once the pointer has gone beyond its click tolerance (3 px): be past it.
  while (i < 5) await page.mouse.move(...at(++i));
  let panning = true;
  const intervals = page.evaluate(frameIntervals, count).finally(() => (panning = false));
  while (panning) await page.mouse.move(...at(++i));
  await page.mouse.up();
  return intervals;
}
