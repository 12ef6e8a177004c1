import { InputError } from '../../vocabulary/input-error.ts';
import { uniqueIds } from './fields.ts';
import { curatedJson, type BuildContext } from './context.ts';

const FILE = 'service-notes.json';

/** data/service-notes.json: known problems of single records, by service id (each id once). */
export function serviceNotes(ctx: BuildContext): Map<string, string> {
  const { file, json } = curatedJson<{ notes: { service: string; note: string }[] }>(ctx, FILE);
  const once = uniqueIds(file, 'service');
  json.notes.forEach((n, i) => {
    once(n.service, { feature: i + 1 }, 'service');
  });
  return new Map(json.notes.map((n) => [n.service, n.note]));
}

/** Fails on a note whose id no importer read: a typo would otherwise silently drop the warning. */
export function checkNotesUsed(ctx: BuildContext, notes: Map<string, string>): void {
  const known = ctx.db
    .prepare('SELECT 1 FROM services WHERE id = ? UNION SELECT 1 FROM health_facilities WHERE id = ?')
    .pluck();
  const orphan = [...notes.keys()].find((id) => !known.get(id, id));
  if (orphan)
    throw new InputError(
      { file: `${ctx.curatedDir}/${FILE}`, feature: orphan, field: 'service' },
      'the id of an imported service',
    );
}
