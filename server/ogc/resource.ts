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

/** A rendered body. */
export interface Resource {
  body: string;
  /** Media type of the JSON form, when it is not plain JSON; the other forms have theirs. */
  jsonType?: string;
}

/** The Content-Type of a rendered resource: its JSON media type, or UTF-8 CSV or HTML. */
export function contentTypeOf(format: Format, { jsonType = MEDIA.json }: Resource): string {
  return format === 'json' ? jsonType : `${MEDIA[format]}; charset=utf-8`;
}
