/**
 * The one error the build raises for bad input. Its message names the file, the place in it
 * (line or feature), the field and what was expected, so a user can fix the file without
 * reading the importer.
 */
export interface InputLocation {
  file: string;
  line?: number;
  feature?: number | string;
  field?: string;
}

export class InputError extends Error {
  constructor(
    readonly location: InputLocation,
    readonly expected: string,
    readonly got?: unknown,
  ) {
    super(describe(location, expected, got));
    this.name = 'InputError';
  }
}

function describe({ file, line, feature, field }: InputLocation, expected: string, got: unknown): string {
  const where = [file];
  if (line !== undefined) where.push(`line ${line}`);
  if (feature !== undefined) where.push(`feature ${feature}`);
  if (field !== undefined) where.push(`field "${field}"`);
  const found = got === undefined ? '' : `, got ${JSON.stringify(got)?.slice(0, 80) ?? String(got)}`;
  return `${where.join(', ')}: expected ${expected}${found}`;
}
