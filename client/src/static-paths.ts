/**
 * The static export (`npm run pack`): every API answer the page needs, saved as a file, so any static file
 * host, or the pack's own small server, can serve the dashboard without the API. One rule names the file
 * of a URL, for the pack that writes the files and the page that reads them.
 */

/** The folder of the export's data files, beside index.html. */
export const STATIC_DATA_DIR = 'data';

/**
 * `/api/indicators/population?period=insee-etalab-6.0.0` →
 * `data/api/indicators/population__period_insee-etalab-6.0.0.json`:
 * the path, then the query with every character that is not a letter, digit, dot or hyphen as `_`.
 */
export function staticFile(url: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const safe = (text: string) => text.replace(/[^A-Za-z0-9.-]/g, '_');
  // A dot segment would leave the data folder: it becomes `_` like any other unsafe name.
  const name = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\.+$/.test(segment) ? '_' : safe(segment)))
    .join('/');
  return `${STATIC_DATA_DIR}/${name}${query ? `__${safe(query)}` : ''}.json`;
}
