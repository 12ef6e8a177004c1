import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en.ts';
import { it as italian } from '../../client/src/i18n/it.ts';
import { collectErrors, useBrowser, waitForMap } from '../helpers/browser.ts';

const TOKEN = 'presenter-write-token-4be1';
const harness = useBrowser({ writeToken: TOKEN });

/** The deck the test prepares: each slide a different indicator, so the URL tells which one is shown. */
const DECK = [
  { title: 'Density of the Briançonnais', indicator: 'population-density' },
  { title: 'Cross-border gain to the nearest hospital', indicator: 'hospital-cross-border-gain' },
  { title: 'Secondary homes', indicator: 'secondary-homes-share' },
];

let page: Page;
let errors: string[];
const param = (name: string) => new URL(page.url()).searchParams.get(name);
const titles = () => page.locator('#slides ol.slides > li > button.link').allInnerTexts();
const counter = () => page.locator('#slide-counter').innerText();

beforeAll(async () => {
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${harness.baseUrl}/?lang=en`);
  await waitForMap(page);
  await page.waitForSelector('#slides:not([hidden]) #present');
});

describe('preparing a deck', () => {
  it('saves views of the map as slides with the write token', async () => {
    await page.fill('#write-token', TOKEN);
    for (const { title, indicator } of DECK) {
      await page.selectOption('#indicator', indicator);
      await page.waitForFunction(
        (id) => new URLSearchParams(location.search).get('indicator') === (id === 'population-density' ? null : id),
        indicator,
      );
      await page.fill('#slide-title', title);
      await page.click('#slides form.slide-form button[type=submit]');
      await expect.poll(() => page.locator('#slides-outcome').innerText()).toBe(`Slide "${title}" saved.`);
    }
    expect(await titles()).toEqual(DECK.map((s) => s.title));
  });

  it('keeps the deck on the server: a reload lists the same slides', async () => {
    await page.reload();
    await waitForMap(page);
    await page.waitForSelector('#slides ol.slides li');
    expect(await titles()).toEqual(DECK.map((s) => s.title));
  });

  it('reorders and puts back a slide', async () => {
    await page.fill('#write-token', TOKEN);
    await page.click(`#slides button[aria-label="${en['slides.down']}: ${DECK[0]!.title}"]`);
    await expect.poll(titles).toEqual([DECK[1]!.title, DECK[0]!.title, DECK[2]!.title]);
    await page.click(`#slides button[aria-label="${en['slides.up']}: ${DECK[0]!.title}"]`);
    await expect.poll(titles).toEqual(DECK.map((s) => s.title));
  });

  it('exports the deck as a JSON file of the slides in order', async () => {
    const href = await page.getAttribute('#slides-export', 'href');
    expect(href).toBe(`${harness.baseUrl}/api/slides/export`);
    const exported = (await (await page.request.get(href!)).json()) as {
      slides: { title: string; state: string }[];
    };
    expect(exported.slides.map((s) => s.title)).toEqual(DECK.map((s) => s.title));
    expect(new URLSearchParams(exported.slides[1]!.state).get('indicator')).toBe(DECK[1]!.indicator);
  });
});

describe('presenting', () => {
  it('plays full screen: the chrome hidden, the legend kept, a slide counter', async () => {
    await page.click('#present');
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(true);
    expect(await counter()).toBe('Slide 1 of 3');
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#legend').isVisible()).toBe(true);
    expect(await page.locator('#legend .sources li').count()).toBeGreaterThan(0);
    expect(param('indicator')).toBeNull();
  });

  it('moves with the arrow keys and PageUp/PageDown, staying within the deck', async () => {
    await page.keyboard.press('ArrowRight');
    expect(await counter()).toBe('Slide 2 of 3');
    await page.waitForFunction(
      (id) => new URLSearchParams(location.search).get('indicator') === id,
      DECK[1]!.indicator,
    );
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    expect(await counter()).toBe('Slide 3 of 3');
    expect(param('indicator')).toBe(DECK[2]!.indicator);
    await page.keyboard.press('PageUp');
    expect(await counter()).toBe('Slide 2 of 3');
    expect(param('indicator')).toBe(DECK[1]!.indicator);
  });

  it('switches language while presenting and keeps the slide', async () => {
    await page.selectOption('#presenter-language', 'it');
    await page.waitForFunction(() => document.documentElement.lang === 'it');
    expect(await counter()).toBe('Diapositiva 2 di 3');
    expect(param('indicator')).toBe(DECK[1]!.indicator);
    expect(await page.locator('#legend h2').innerText()).toBe(italian['legend.heading']);
    await page.keyboard.press('ArrowRight');
    expect(await counter()).toBe('Diapositiva 3 di 3');
    expect(param('lang')).toBe('it');
  });

  it('leaves with Esc, the page as it was', async () => {
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(false);
    expect(await page.locator('#controls').isVisible()).toBe(true);
    expect(await page.locator('#presenter-bar').isHidden()).toBe(true);
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
  });
});
