/**
 * A memo for text the hosts of a cluster share (scripts, units, YAML items): each value is made
 * once per thread. What it holds is bounded by what it stores: every entry counts its key's and
 * its value's characters plus ENTRY_OVERHEAD (the map slot and string headers, so that many tiny
 * entries are bounded too), and the memo starts over when the next entry would pass `limit`. A
 * value too large to fit even alone is answered but not remembered.
 */
export const ENTRY_OVERHEAD = 64;

export class BoundedMemo {
  private values = new Map<string, string>();
  private remembered = 0;

  constructor(private readonly limit: number) {}

  /** Characters (plus overheads) held now: never above `limit`. */
  get size(): number {
    return this.remembered;
  }

  get(key: string, make: (key: string) => string): string {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make(key);
      const cost = key.length + value.length + ENTRY_OVERHEAD;
      if (cost > this.limit) return value;
      if (this.remembered + cost > this.limit) {
        this.values = new Map();
        this.remembered = 0;
      }
      this.values.set(key, value);
      this.remembered += cost;
    }
    return value;
  }
}
