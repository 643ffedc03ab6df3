/**
 * Issue 12 stumble: an inventory without cluster.ssh.authorizedKeys rendered user-data that
 * cloud-init's own schema refused (`ssh_authorized_keys: []`), with root locked and no word on how
 * to get in. Now the empty key is left out, the warning names both ways in, and a root password
 * hash (console login) is a way in that silences it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { toText } from '../../../encoders/bytes.js';
import { parseInventory } from '../../../inventory/load.js';
import { planCluster } from '../../../plan/plan-cluster.js';
import { placeholderPki } from '../../../profiles/preflight.js';
import { synth } from '../../../synth/synth.js';
import { hasTool, run } from '../support/tools.js';

const classic = readFileSync(path.resolve(import.meta.dirname, '../../../examples/classic.yaml'), 'utf8');
const keyless = classic.replace(/ {2}ssh:\n {4}authorizedKeys:\n {6}- .*\n/, '');
const HASH =
  '$6$saltsalt$3NbWl1jYhAv8jqPmPq9sB2e0n1l1cJ0Jb3Y0cQO1b9cRr9a1Yy1l4mWcQ1e8f2v1b0sA1bC2dE3fG4hI5jK6l.';
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-no-ssh-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function userData(text: string): Promise<string> {
  const { inventory, diagnostics } = parseInventory(text, 'x.yaml');
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  const plan = planCluster(inventory);
  const { files } = await synth(plan, placeholderPki(plan), { formats: ['cloud-init'] });
  const file = files.find((f) => f.path === 'hosts/knode2/user-data');
  if (!file) throw new Error('no user-data');
  return toText(file.content);
}

interface User {
  name: string;
  lock_passwd?: boolean;
  hashed_passwd?: string;
  ssh_authorized_keys?: string[];
}

describe('user-data without SSH keys', () => {
  it('the example really has no key left', () => {
    expect(keyless).not.toBe(classic);
    expect(keyless).not.toContain('authorizedKeys');
  });

  it('leaves ssh_authorized_keys out instead of writing an empty list', async () => {
    const text = await userData(keyless);
    expect(text).not.toContain('ssh_authorized_keys');
    const users = (load(text) as { users: User[] }).users;
    expect(users.find((u) => u.name === 'root')).toMatchObject({ lock_passwd: true });
  });

  it.runIf(hasTool('cloud-init'))('passes `cloud-init schema`', async () => {
    const file = path.join(scratch, 'user-data');
    writeFileSync(file, await userData(keyless));
    const result = run('cloud-init', ['schema', '--config-file', file]);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });

  it('warns, saying both ways in', () => {
    const warning = parseInventory(keyless, 'x.yaml').diagnostics.find((d) => d.code === 'NO_SSH_KEYS');
    expect(warning?.message).toContain('not even on the console');
    expect(warning?.hint).toContain('cluster.ssh.authorizedKeys');
    expect(warning?.hint).toContain('cluster.install.rootPasswordHash');
  });

  it('a root password hash opens the console: no warning, root unlocked with the hash', async () => {
    const text = keyless.replace(
      '  bootServer:',
      `  install:\n    rootPasswordHash: '${HASH}'\n  bootServer:`,
    );
    expect(text).toContain('rootPasswordHash');
    expect(parseInventory(text, 'x.yaml').diagnostics.map((d) => d.code)).not.toContain('NO_SSH_KEYS');
    const root = (load(await userData(text)) as { users: User[] }).users.find((u) => u.name === 'root');
    expect(root).toMatchObject({ lock_passwd: false, hashed_passwd: HASH });
  });
});
