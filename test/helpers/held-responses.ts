import type { Page } from 'playwright-core';

/**
 * Answers held back until the test lets them through: two answers of a race arrive in the order the test
 * chooses, whatever the machine's speed.
 */
export interface HeldResponses {
  /** The URLs of the requests held so far, in order. */
  held: string[];
  /** Lets every held request through, and every later one. */
  release: () => void;
}

export async function holdResponses(page: Page, matches: (url: URL) => boolean): Promise<HeldResponses> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  await page.route(matches, async (route) => {
    held.push(route.request().url());
    await released;
    await route.continue();
  });
  return { held, release };
}

/**
 * Makes the page record the URL of every response it reads as JSON, once its reader has the body. Call before
 * page.goto. The record is written as the body is handed over, so by the time a test can see a URL there (in a
 * later task of the page), every step the page chained on that answer without waiting for anything else has run:
 * the test knows the page has dealt with the answer, without guessing how long that takes.
 */
export async function recordJsonReads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const read: string[] = [];
    Object.defineProperty(window, '__jsonReads', { value: read });
    const json = Response.prototype.json;
    Response.prototype.json = function (this: Response) {
      const url = this.url;
      return json.call(this).then((body: unknown) => {
        read.push(url);
        return body;
      });
    };
  });
}

/** The URLs of the responses the page has read as JSON so far (see recordJsonReads). */
export const jsonReads = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __jsonReads?: string[] }).__jsonReads ?? []);
