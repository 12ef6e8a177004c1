import type { Atlas } from './atlas-db.ts';
import { readAtlasData, type AtlasData } from './atlas-data.ts';
import { EMPTY_SNAPSHOT, type LocalSnapshot } from '../local-store/local-snapshot.ts';

/** The local database as the server sees it: a snapshot, and a number that changes when another process commits. */
export interface LocalSource {
  read(): LocalSnapshot;
  dataVersion(): number;
}

/**
 * The data the routes serve. The reference database never changes under a running server; the local
 * database does (the import routes, or `npm run import` in another process), and then the data is read
 * again and every response prebuilt from it is rebuilt on demand, with a new release in its ETag.
 */
export class LiveData {
  private data: AtlasData;
  private version: number;

  constructor(
    private readonly atlas: Atlas,
    private readonly local: LocalSource | null,
  ) {
    this.version = local?.dataVersion() ?? 0;
    this.data = readAtlasData(atlas, local?.read() ?? EMPTY_SNAPSHOT);
  }

  /** The current data; cheap to call on every request (one PRAGMA when a local database is open). */
  get current(): AtlasData {
    if (this.local && this.local.dataVersion() !== this.version) this.reload();
    return this.data;
  }

  /** Reads the local data again: after this process wrote it, or when another process did. */
  reload(): void {
    this.version = this.local?.dataVersion() ?? 0;
    this.data = readAtlasData(this.atlas, this.local?.read() ?? EMPTY_SNAPSHOT);
  }
}

/** Something built from the data once per release (prebuilt bodies, caches), rebuilt when the data changes. */
export function perRelease<T>(live: LiveData, build: (data: AtlasData) => T): () => T {
  let builtFrom: AtlasData | null = null;
  let value: T;
  return () => {
    const data = live.current;
    if (data !== builtFrom) {
      value = build(data);
      builtFrom = data;
    }
    return value;
  };
}
