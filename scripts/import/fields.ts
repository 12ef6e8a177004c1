import { InputError, type InputLocation } from '../../vocabulary/input-error.ts';

/**
 * Typed reads of one field of a CSV row or a GeoJSON feature's properties. Each read names
 * the field and what was expected when the value does not fit.
 */
export class FieldReader {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly where: Omit<InputLocation, 'field'>,
  ) {}

  fail(field: string, expected: string): never {
    throw new InputError({ ...this.where, field }, expected, this.values[field]);
  }

  optionalText(field: string): string | null {
    const v = this.values[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(field, 'text');
    const text = String(v).trim();
    return text === '' ? null : text;
  }

  text(field: string): string {
    return this.optionalText(field) ?? this.fail(field, 'a non-empty text');
  }

  /** A code such as an INSEE or ISTAT code: text made of the given pattern, never a number that lost its zeros. */
  code(field: string, pattern: RegExp, description: string): string {
    const v = this.text(field);
    if (!pattern.test(v)) this.fail(field, description);
    return v;
  }

  /** A finite number; an empty field or null is "no data" and returns null. */
  optionalNumber(field: string): number | null {
    const v = this.values[field];
    if (v === undefined || v === null || v === '') return null;
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)
          ? Number(v)
          : NaN;
    if (!Number.isFinite(n))
      this.fail(field, 'a number (digits, optional decimal point) or an empty field for no data');
    return n;
  }

  number(field: string): number {
    return this.optionalNumber(field) ?? this.fail(field, 'a number');
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.text(field);
    if (!(allowed as readonly string[]).includes(v)) this.fail(field, `one of ${allowed.join(', ')}`);
    return v as T;
  }
}

/** Throws when an id was already seen in this file; ids must be unique within a layer. */
export function uniqueIds(file: string, what: string) {
  const seen = new Map<string, InputLocation>();
  return (id: string, where: Omit<InputLocation, 'file' | 'field'>, field: string): void => {
    const first = seen.get(id);
    if (first) {
      const at = first.line !== undefined ? `line ${first.line}` : `feature ${first.feature}`;
      throw new InputError({ file, ...where, field }, `a ${what} not seen before (first seen at ${at})`, id);
    }
    seen.set(id, { file, ...where });
  };
}
