import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitRect, imageLayout, metresPerPixel, scaleBar, withPngText } from '../../client/src/image-layout.ts';

describe('imageLayout', () => {
  it('places title, map, legend and footer inside the image without overlap, scaled to its width', () => {
    for (const [width, height] of [
      [1400, 900],
      [1920, 1080],
      [3508, 2480],
    ] as const) {
      const l = imageLayout(width, height, 5);
      expect(l.unit).toBeCloseTo(width / 1400);
      expect(l.map.y).toBeGreaterThan(l.title.y + l.title.height);
      expect(l.legend.x).toBeGreaterThan(l.map.x + l.map.width);
      expect(l.legend.x + l.legend.width).toBeLessThanOrEqual(width);
      expect(l.footer.y).toBeGreaterThan(l.map.y + l.map.height);
      expect(l.footer.y + l.footer.height).toBeLessThanOrEqual(height);
      expect(l.swatches).toHaveLength(6);
      const last = l.swatches[5]!;
      expect(last.y + last.height).toBeLessThan(l.legend.y + l.legend.height);
    }
  });
});

describe('fitRect', () => {
  it('keeps the aspect ratio and centres the rectangle in the area', () => {
    expect(fitRect({ x: 0, y: 0, width: 200, height: 100 }, 1)).toEqual({ x: 50, y: 0, width: 100, height: 100 });
    expect(fitRect({ x: 10, y: 10, width: 100, height: 200 }, 2)).toEqual({ x: 10, y: 85, width: 100, height: 50 });
  });
});

describe('scaleBar and metresPerPixel', () => {
  it('picks a round length that fits', () => {
    expect(scaleBar(10, 120)).toEqual({ metres: 1000, pixels: 100, label: '1 km' });
    expect(scaleBar(10, 99)).toEqual({ metres: 500, pixels: 50, label: '500 m' });
    expect(scaleBar(100, 300)).toEqual({ metres: 20000, pixels: 200, label: '20 km' });
  });

  it(
    'gives Web Mercator ground resolution: 78 271.5 m per ' +
      'pixel at the equator at zoom 0 (512-pixel tiles halve it)',
    () => {
      expect(metresPerPixel(0, 0)).toBeCloseTo(78_271.517, 2);
      expect(metresPerPixel(60, 1)).toBeCloseTo(78_271.517 / 2 / 2, 2);
    },
  );
});

describe('withPngText', () => {
  /** A 1 × 1 white PNG, made here with Node's zlib. */
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, tail]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const PNG = Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);

  it('adds UTF-8 text chunks after the header that a PNG reader finds, with valid CRCs, the image unchanged', () => {
    const out = Buffer.from(withPngText(PNG, { Description: 'Légende\n0,0 – 22,6: 7 communes' }));
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < out.length; ) {
      const length = out.readUInt32BE(at);
      const type = out.toString('latin1', at + 4, at + 8);
      const data = out.subarray(at + 8, at + 8 + length);
      expect(out.readUInt32BE(at + 8 + length), type).toBe(crc32(out.subarray(at + 4, at + 8 + length)));
      chunks.push({ type, data });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    const text = chunks[1]!.data;
    expect(text.toString('utf8', 0, 11)).toBe('Description');
    expect(text.subarray(text.indexOf(0) + 5).toString('utf8')).toBe('Légende\n0,0 – 22,6: 7 communes');
    expect(inflateSync(chunks[2]!.data).length).toBe(4);
  });
});
