import type { Prebuilt } from './prebuilt.ts';

/**
 * Rendered responses by request (URL, format, language), least recently used dropped first once their
 * bodies and compressed forms pass a byte budget. An entry is valid for the life of its data release.
 * Ours, not lru-cache: an entry grows after it is stored (compressed forms made on demand); lru-cache sizes it once.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Prebuilt>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, render: () => Prebuilt): Prebuilt {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const prebuilt = render();
    this.entries.set(key, prebuilt);
    this.bytes += prebuilt.body.length + prebuilt.encodedBytes;
    // Compressed forms made later count too, while the entry is kept.
    prebuilt.onEncoded = (bytes) => {
      this.bytes += bytes;
      this.evict(prebuilt);
    };
    this.evict(prebuilt);
    return prebuilt;
  }

  /** Bytes the kept entries hold, bodies and compressed forms. */
  get size(): number {
    return this.bytes;
  }

  private evict(keep: Prebuilt): void {
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes || old === keep) break;
      this.entries.delete(oldKey);
      old.onEncoded = null;
      this.bytes -= old.body.length + old.encodedBytes;
    }
  }
}
