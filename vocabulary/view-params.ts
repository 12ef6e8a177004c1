/** The dashboard's URL parameters: the whole view of the page, and all a slide's state may hold. */
export const VIEW_PARAMS = [
  'lang',
  'territory',
  'indicator',
  'period',
  'method',
  'classes',
  'scope',
  'breaks',
  'palette',
  'layers',
  'services',
  'flowkind',
  'flowdir',
  'flowmin',
  'at',
  'commune',
  'view',
] as const;
export type ViewParam = (typeof VIEW_PARAMS)[number];
