import { TextLayer } from '@deck.gl/layers';
import type { Position } from 'geojson';

export interface Label {
  text: string;
  position: Position;
}

/**
 * Commune names in their official form. The character set is built from the names themselves, since
 * the default ASCII set would drop letters such as the "é" of Névache.
 */
export function labelsLayer(labels: Label[]) {
  return new TextLayer<Label>({
    id: 'labels',
    data: labels,
    getText: (l) => l.text,
    getPosition: (l) => l.position as [number, number],
    characterSet: 'auto',
    getSize: 12,
    sizeUnits: 'pixels',
    fontFamily: 'DejaVu Sans, Verdana, sans-serif',
    getColor: [25, 25, 25, 255],
    outlineWidth: 3,
    outlineColor: [255, 255, 255, 230],
    fontSettings: { sdf: true },
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
