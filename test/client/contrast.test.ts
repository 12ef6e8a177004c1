import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../helpers/contrast.ts';
import { toRgb } from '../../client/src/palettes.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const WHITE: [number, number, number] = [255, 255, 255];
const BLACK: [number, number, number] = [0, 0, 0];

/** The colour variables of the page's style sheet, as written there. */
const css = readFileSync(path.join(PROJECT_ROOT, 'client/src/style.css'), 'utf8');
const variable = (name: string) => toRgb(new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)![1]!);

describe('contrastRatio', () => {
  it('gives the WCAG extremes: 21 for black on white, 1 for a colour on itself', () => {
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 5);
    expect(contrastRatio([120, 30, 200], [120, 30, 200])).toBe(1);
  });

  it('matches a published pair: #777777 on white is 4.48, just under AA', () => {
    expect(contrastRatio(toRgb('#777777'), WHITE)).toBeCloseTo(4.48, 2);
  });
});

describe('the page passes WCAG AA on its white background', () => {
  it.each(['text', 'muted', 'accent'])('text colour --%s reaches 4.5:1', (name) => {
    expect(contrastRatio(variable(name), WHITE)).toBeGreaterThanOrEqual(4.5);
  });

  it('the focus ring (--focus) reaches 3:1, the AA minimum for parts of the interface', () => {
    expect(contrastRatio(variable('focus'), WHITE)).toBeGreaterThanOrEqual(3);
  });
});
