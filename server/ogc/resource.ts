import type { Language } from '../../vocabulary/languages.ts';
import type { Format } from '../negotiate.ts';
import { MEDIA } from './links.ts';

/** A request as the renderers see it: the negotiated format and language, the base of links, the URL asked for. */
export interface View {
  format: Format;
  lang: Language;
  base: string;
  url: URL;
}

/** A rendered body: text, or the bytes of a GeoPackage or FlatGeobuf file. */
export interface Resource {
  body: string | Buffer;
  /** Media type of the JSON form, when it is not plain JSON; the other forms have theirs. */
  jsonType?: string;
}

/** The formats whose body is a file of bytes, not text. */
export const FILE_FORMATS: readonly Format[] = ['gpkg', 'fgb'];

/** The Content-Type of a rendered resource: its JSON media type, a file's type, or UTF-8 CSV or HTML. */
export function contentTypeOf(format: Format, { jsonType = MEDIA.json }: Resource): string {
  if (format === 'json') return jsonType;
  return FILE_FORMATS.includes(format) ? MEDIA[format] : `${MEDIA[format]}; charset=utf-8`;
}
