import type { ValueSchema } from '../ogc/registered-routes.ts';
import {
  NOTES_MAX,
  SLIDES_FORMAT,
  SLIDES_MAX,
  SLIDES_VERSION,
  STATE_MAX,
  TITLE_MAX,
} from '../../vocabulary/slide-rules.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';

/**
 * The bodies of the slide routes as the OpenAPI document shows them. The routes do not validate with these: the
 * deck's rules (vocabulary/slide-rules.ts) check a body whole and name every problem; these say the same limits.
 */

const title: ValueSchema = {
  type: 'string',
  minLength: 1,
  maxLength: TITLE_MAX,
  description: `1 to ${TITLE_MAX} characters once trimmed`,
};
const notes: ValueSchema = { type: 'string', maxLength: NOTES_MAX, description: "the presenter's notes" };
const state: ValueSchema = {
  type: 'string',
  maxLength: STATE_MAX,
  description: `the dashboard's view as a query string, each parameter at most once, of: ${VIEW_PARAMS.join(', ')}`,
  example: 'lang=en&indicator=population',
};
const fields = { type: 'object', additionalProperties: false, properties: { title, notes, state } };
const slide: ValueSchema = { ...fields, required: ['title', 'state'] };

export const SLIDE_BODIES = {
  add: { description: 'A slide; notes are empty when left out', schema: slide },
  change: {
    description: 'The fields to change, at least one; the others keep their value',
    schema: { ...fields, minProperties: 1 },
  },
  order: {
    description: "Every slide's id once, in the new order",
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['ids'],
      properties: { ids: { type: 'array', maxItems: SLIDES_MAX, items: { type: 'integer', minimum: 1 } } },
    },
  },
  import: {
    description: 'A deck as GET /api/slides/export wrote it',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['format', 'version', 'slides'],
      properties: {
        format: { type: 'string', enum: [SLIDES_FORMAT] },
        version: { type: 'integer', enum: [SLIDES_VERSION] },
        exported: { type: 'string', format: 'date-time' },
        slides: { type: 'array', maxItems: SLIDES_MAX, items: slide },
      },
    },
  },
} satisfies Record<string, { description: string; schema: ValueSchema }>;
