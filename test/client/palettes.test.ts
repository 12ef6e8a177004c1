import { describe, expect, it } from 'vitest';
import { isPalette, NO_DATA_COLOUR, paletteColours, paletteKind, PALETTES, toRgb } from '../../client/src/palettes.ts';

const HEX = /^#[0-9a-f]{6}$/;

describe('paletteColours', () => {
  it('offers the seven colour-blind-safe schemes', () => {
    expect(PALETTES).toEqual(['YlGnBu', 'Blues', 'YlOrRd', 'viridis', 'PuOr', 'BrBG', 'RdBu']);
  });

  for (const id of PALETTES) {
    it(`${id}: k distinct #rrggbb colours for k = 1…9`, () => {
      for (let k = 1; k <= 9; k++) {
        const colours = paletteColours(id, k);
        expect(colours, `k = ${k}`).toHaveLength(k);
        for (const c of colours) expect(c, `k = ${k}`).toMatch(HEX);
        expect(new Set(colours).size, `k = ${k}: ${colours.join(' ')}`).toBe(k);
      }
    });

    it(`${id}: two classes take the two ends of the three-colour scheme, one class its middle`, () => {
      const three = paletteColours(id, 3);
      expect(paletteColours(id, 2)).toEqual([three[0], three[2]]);
      expect(paletteColours(id, 1)).toEqual([three[1]]);
    });
  }

  it('never uses the no-data grey in any scheme', () => {
    const grey = `#${NO_DATA_COLOUR.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
    expect(grey).toBe('#bebebe');
    for (const id of PALETTES) for (let k = 1; k <= 9; k++) expect(paletteColours(id, k)).not.toContain(grey);
  });

  it('returns a fresh array the caller may change', () => {
    const colours = paletteColours('Blues', 5);
    colours.reverse();
    expect(paletteColours('Blues', 5)).not.toEqual(colours);
  });
});

describe('isPalette', () => {
  it('accepts every palette id', () => {
    for (const id of PALETTES) expect(isPalette(id)).toBe(true);
  });

  it('refuses other names, other case, inherited properties and non-strings', () => {
    for (const other of [
      'Spectral',
      'ylgnbu',
      'VIRIDIS',
      '',
      'toString',
      'constructor',
      '__proto__',
      null,
      undefined,
      3,
    ]) {
      expect(isPalette(other), String(other)).toBe(false);
    }
  });
});

describe('paletteKind', () => {
  it('PuOr, BrBG and RdBu are diverging; the others sequential', () => {
    expect(Object.fromEntries(PALETTES.map((id) => [id, paletteKind(id)]))).toEqual({
      YlGnBu: 'sequential',
      Blues: 'sequential',
      YlOrRd: 'sequential',
      viridis: 'sequential',
      PuOr: 'diverging',
      BrBG: 'diverging',
      RdBu: 'diverging',
    });
  });
});

describe('toRgb', () => {
  it('reads #rrggbb as three numbers, in either case', () => {
    expect(toRgb('#ff8000')).toEqual([255, 128, 0]);
    expect(toRgb('#FFFFFF')).toEqual([255, 255, 255]);
    expect(toRgb('#000000')).toEqual([0, 0, 0]);
    expect(toRgb('#0a1B2c')).toEqual([10, 27, 44]);
  });

  it('converts every palette colour', () => {
    for (const id of PALETTES)
      for (const c of paletteColours(id, 9))
        expect(toRgb(c).every((n) => Number.isInteger(n) && n >= 0 && n <= 255)).toBe(true);
  });

  it('throws for anything else, naming the colour', () => {
    expect(() => toRgb('red')).toThrow('not a #rrggbb colour: red');
    for (const bad of ['#fff', 'ff8000', '#ff80001', '#gg8000', 'rgb(255, 128, 0)', ' #ff8000', '']) {
      expect(() => toRgb(bad), JSON.stringify(bad)).toThrow(/^not a #rrggbb colour: /);
    }
  });
});
