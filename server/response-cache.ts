import type { Prebuilt } from './prebuilt.ts';

/**
 * Rendered responses by request (URL, format, language), least recently used dropped first once their
 * bodies pass a byte budget. The data is read-only, so an entry is valid for the life of the process.
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
    this.bytes += prebuilt.body.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes || old === prebuilt) break;
      this.entries.delete(oldKey);
      this.bytes -= old.body.length;
    }
    return prebuilt;
  }
}
