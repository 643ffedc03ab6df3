/**
 * A memo for text the hosts of a cluster share (scripts, units, YAML items): each value is made
 * once per thread. It starts over when the characters of its keys would pass `limit`, which bounds
 * a host worker's memory.
 */
export class BoundedMemo {
  private values = new Map<string, string>();
  private remembered = 0;

  constructor(private readonly limit: number) {}

  get(key: string, make: (key: string) => string): string {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.remembered + key.length > this.limit) {
        this.values = new Map();
        this.remembered = 0;
      }
      this.values.set(key, value);
      this.remembered += key.length;
    }
    return value;
  }
}
