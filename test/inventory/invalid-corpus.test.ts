/**
 * The invalid-inventory corpus: test/fixtures/inventories/invalid/*.yaml. Each file starts with a
 * comment saying what is wrong and ends with `# expect: SEVERITY CODE LINE PATH` lines; the
 * loader must report exactly those diagnostics (code, path and line), no more, no fewer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVENTORY_CODES } from '../../inventory/codes.js';
import { loadInventory } from '../../inventory/load.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/inventories/invalid');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Expected {
  severity: string;
  code: string;
  line: number;
  path: string;
}

function expectations(text: string): Expected[] {
  return [...text.matchAll(/^# expect: (error|warning) ([A-Z0-9_]+) (\d+) ?(.*)$/gm)].map((m) => ({
    severity: m[1] ?? '',
    code: m[2] ?? '',
    line: Number(m[3]),
    path: m[4] ?? '',
  }));
}

const key = (e: Expected) => `${e.severity} ${e.code} ${e.line} ${e.path}`;

describe('invalid inventory corpus', () => {
  it('holds at least 45 inventories, each with expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    for (const file of files)
      expect(expectations(readFileSync(path.join(dir, file), 'utf8')), file).not.toEqual([]);
  });

  it.each(files)('%s reports exactly the expected code, path and line', async (file) => {
    const full = path.join(dir, file);
    const expected = expectations(readFileSync(full, 'utf8'));
    const result = await loadInventory(full);
    const actual = result.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      line: d.position?.line ?? 0,
      path: d.path,
    }));
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const d of result.diagnostics) {
      expect(d.position?.file).toBe(full);
      expect(d.position?.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.hint.length).toBeGreaterThan(0);
    }
    // Only warnings: the inventory is still usable; any error: no inventory.
    expect(result.inventory === undefined).toBe(expected.some((e) => e.severity === 'error'));
  });

  it('covers every diagnostic code that a file with text can produce', () => {
    const seen = new Set(
      files.flatMap((f) => expectations(readFileSync(path.join(dir, f), 'utf8')).map((e) => e.code)),
    );
    const needed = Object.keys(INVENTORY_CODES).filter(
      (c) => c !== 'FILE_NOT_FOUND' && c !== 'FILE_UNREADABLE',
    );
    expect(needed.filter((c) => !seen.has(c))).toEqual([]);
  });
});
