import type { Script } from './javascript.ts';
import type { Loaded, Measures } from './visit.ts';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const mb = (x: number) => `${(x / 1e6).toFixed(2)} MB`;
const kb = (x: number) => `${(x / 1e3).toFixed(1)} kB`;

const scriptBytes = (m: Loaded, size: 'transferred' | 'decoded') => sum(m.scripts.map((s) => s[size]));
const frames = (r: Loaded[]) => r.flatMap((m) => m.frameMs);

/** One measure of both pages: how to take it from the rounds, how to print it, and a note (a goal, a method). */
export interface Row<M> {
  label: string;
  of: (rounds: M[]) => number;
  format: (x: number) => string;
  /** A ratio of counts says nothing. */
  ratio?: false;
  note?: string;
}

/** What any view's rounds measure: the load, the bytes (tiles apart), the JavaScript and the pan. */
const loadRows = (goals: { ms?: string; bytes?: string }): Row<Loaded>[] => [
  { label: 'time to drawn map', of: (r) => median(r.map((m) => m.ms)), format: ms, note: goals.ms },
  {
    label: 'transferred, everything',
    of: (r) => median(r.map((m) => m.transfer.bytes)),
    format: mb,
    note: `workers' tile requests included${goals.bytes ? `; ${goals.bytes}` : ''}`,
  },
  { label: 'of which vector tiles', of: (r) => median(r.map((m) => m.transfer.tileBytes)), format: kb },
  {
    label: 'vector tiles requested',
    of: (r) => median(r.map((m) => m.transfer.tiles)),
    format: String,
    ratio: false,
  },
  { label: 'JavaScript transferred', of: (r) => median(r.map((m) => scriptBytes(m, 'transferred'))), format: mb },
  { label: 'JavaScript decoded', of: (r) => median(r.map((m) => scriptBytes(m, 'decoded'))), format: mb },
  { label: 'JavaScript files', of: (r) => median(r.map((m) => m.scripts.length)), format: String, ratio: false },
];
const panRows: Row<Loaded>[] = [
  { label: 'pan, median frame', of: (r) => median(frames(r)), format: ms },
  { label: 'pan, 90th percentile frame', of: (r) => percentile(frames(r), 0.9), format: ms },
];

/** The default view's table: the load, the pointer, the pan. */
export const DEFAULT_VIEW_ROWS: Row<Measures>[] = [
  ...loadRows({ ms: 'goal ≤ 1.3×', bytes: 'goal ≤ 1.5 MB' }),
  {
    label: 'pointer → answer',
    of: (r) => median(r.flatMap((m) => m.pointerMs)),
    format: ms,
    note: 'dashboard: #tooltip; bare: queryRenderedFeatures',
  },
  ...panRows,
];

/** The whole Alps in view: the load and the pan (no goal was set). */
export const ALPS_VIEW_ROWS: Row<Loaded>[] = [...loadRows({}), ...panRows];

/** The side-by-side table: medians over the rounds, and over every move and every frame of them. */
export function printComparison<M>(dashboard: M[], bare: M[], rows: Row<M>[]): void {
  const lines = rows.map((row) => {
    const d = row.of(dashboard);
    const b = row.of(bare);
    const ratio = row.ratio !== false && b > 0 ? `${(d / b).toFixed(2)}×` : '';
    return [row.label, row.format(d), row.format(b), ratio, row.note ?? ''];
  });
  const table = [['', 'dashboard', 'bare MapLibre', 'ratio', ''], ...lines];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((cells) => cells[i]!.length)));
  for (const cells of table) {
    console.log(
      cells
        .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join('   ')
        .trimEnd(),
    );
  }
}

const scriptLine = (transferred: number, decoded: number, what: string) =>
  `  ${kb(transferred).padStart(9)} ${kb(decoded).padStart(10)}   ${what}`;

/** Every file with its sizes and what of deck.gl or luma.gl it holds, then the sums. */
export function printScripts(scripts: Script[]): void {
  for (const s of scripts) {
    const deck = s.deck.length > 0 ? `   deck.gl/luma.gl: ${s.deck.join(', ')}` : '';
    console.log(scriptLine(s.transferred, s.decoded, `${s.path}${deck}`));
  }
  const total = (size: 'transferred' | 'decoded') => sum(scripts.map((s) => s[size]));
  console.log(scriptLine(total('transferred'), total('decoded'), 'in all'));
}

/** Facts, not a verdict: whether deck.gl or luma.gl code came, in which files, and the flows chunk. */
export function deckFacts(scripts: Script[]): string {
  const deck = scripts.filter((s) => s.deck.length > 0);
  const chunk = scripts.some((s) => s.deck.includes('deck-flows chunk')) ? 'requested' : 'not requested';
  return deck.length === 0
    ? `no deck.gl or luma.gl code (by name and by content); the deck-flows chunk: ${chunk}`
    : `deck.gl or luma.gl code in ${deck.length} of ${scripts.length} files; the deck-flows chunk: ${chunk}`;
}
