/** `generate --only ignition` on a CentOS 7 inventory: refused (Ignition does not run there), exit 2, nothing written. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-ign-centos7-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate --only ignition for CentOS 7', () => {
  it('is refused with code, path, file:line and a hint, exit 2, no OUT and no PKI', async () => {
    writeFileSync(path.join(dir, 'classic.yaml'), readFileSync(path.join(repo, 'examples/classic.yaml')));
    const term = captureTerminal({ cwd: dir });
    const code = await main(
      ['generate', 'classic.yaml', '-o', 'out', '--pki', 'pki', '--only', 'ignition'],
      term,
    );
    expect(code).toBe(2);
    expect(term.stderr).toMatch(
      /^classic\.yaml:8:\d+ error UNSUPPORTED_OS_FORMAT cluster\.os: ignition cannot configure CentOS 7 hosts\n {2}hint: CentOS 7 takes: cloud-init, kickstart,/m,
    );
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(existsSync(path.join(dir, 'pki'))).toBe(false);
  });
});
