/**
 * The live status page in a real browser: `bootforge serve` (the compiled CLI) on the OUT of
 * examples/ha.yaml, hosts report with their own tokens (from the PKI state directory), and Debian's
 * headless chromium loads /ui. What a person sees is asserted (host names by role group, each
 * host's phase, the summary, a failure's journal lines), then one more report arrives and the page
 * changes by itself (server-sent events, no reload). The screenshot and the DOM are kept in
 * test/e2e/artifacts/ (gitignored).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, generate, startServe, type RunningServe } from './support/bootforge-cli.js';
import { CHROMIUM, openPage, type Page } from './support/chromium.js';
import { cacheDir, repoRoot } from './support/paths.js';
import { skipWithoutTools } from './support/tools.js';

const skip = skipWithoutTools('status page', [CHROMIUM]);
const artifacts = join(repoRoot, 'test/e2e/artifacts');

interface Host {
  name: string;
  roles: string[];
}

describe.skipIf(skip)('the /ui status page in headless chromium', () => {
  let work: string;
  let serve: RunningServe;
  let page: Page;
  let hosts: Host[];
  let report: (host: string, body: unknown) => Promise<number>;

  beforeAll(async () => {
    await mkdir(cacheDir, { recursive: true });
    work = await mkdtemp(join(cacheDir, 'status-page-'));
    await generate(join(repoRoot, 'examples/ha.yaml'), join(work, 'out'), join(work, 'pki'));
    hosts = (JSON.parse(await readFile(join(work, 'out/manifest.json'), 'utf8')) as { hosts: Host[] }).hosts;
    serve = await startServe({ out: join(work, 'out'), port: await freePort() });
    report = async (host, body) => {
      const token = (await readFile(join(work, 'pki/report-tokens', host), 'utf8')).trim();
      const res = await fetch(`${serve.url}/report/${host}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return res.status;
    };
    page = await openPage();
  }, 180_000);

  afterAll(async () => {
    await page?.close();
    await serve?.stop();
    if (work !== undefined && process.env.BOOTFORGE_E2E_KEEP !== '1')
      await rm(work, { recursive: true, force: true });
  });

  it('shows every host by role with its phase, the summary and a failure with its journal lines, and follows new reports', async () => {
    expect(hosts.length).toBe(10);
    const [failing, installing, pending, ...rest] = hosts.map((h) => h.name);
    for (const name of rest) {
      for (const phase of ['installing', 'installed', 'booted', 'ready'])
        expect(await report(name, { phase, message: `${phase}` })).toBe(202);
    }
    expect(await report(failing ?? '', { phase: 'installing' })).toBe(202);
    expect(
      await report(failing ?? '', {
        phase: 'failed',
        message: 'kubelet.service failed',
        components: {
          unit: 'kubelet.service',
          journal: [
            'kubelet[812]: E1202 failed to run Kubelet: validate service connection',
            'systemd[1]: kubelet.service: Failed with result exit-code.',
          ],
        },
      }),
    ).toBe(202);
    expect(await report(installing ?? '', { phase: 'installing', message: 'anaconda %pre' })).toBe(202);

    await page.navigate(`${serve.url}/ui`);
    await page.waitFor(`document.getElementById('live').textContent === 'live'`);
    const text = await page.evaluate<string>('document.body.innerText');
    for (const host of hosts) expect(text).toContain(host.name);
    expect(await page.evaluate<string>(`document.getElementById('summary').innerText`)).toBe(
      '7/10 ready, 1 failed, 1 installing, 1 pending',
    );
    const rows = await page.evaluate<[string, string, string][]>(
      `Array.from(document.querySelectorAll('tbody[id^="host-"]')).map((t) => [t.closest('section').querySelector('h2').innerText, t.querySelector('th.name').innerText, t.querySelector('td.phase').innerText])`,
    );
    const expected = (name: string): string =>
      name === failing
        ? 'failed'
        : name === installing
          ? 'installing'
          : name === pending
            ? 'pending'
            : 'ready';
    expect(rows.map(([, name, phase]) => [name, phase]).sort()).toEqual(
      hosts.map((h) => [h.name, expected(h.name)]).sort(),
    );
    for (const [group, name] of rows) {
      const roles = hosts.find((h) => h.name === name)?.roles ?? [];
      expect(group.replace(/\s*\(\d+\)$/, '')).toBe([...roles].sort().join(', '));
    }
    expect(text).toContain('kubelet[812]: E1202 failed to run Kubelet: validate service connection');
    expect(text).toContain(`${failing ?? ''} failed: kubelet.service failed`);
    expect(
      await page.evaluate<boolean>(
        `getComputedStyle(document.querySelector('tr.failure td')).display !== 'none'`,
      ),
    ).toBe(true);

    // Live: the next report changes the page by itself, without a reload.
    await page.evaluate('window.bootforgeMarker = 1');
    expect(await report(installing ?? '', { phase: 'installed', message: 'disk written' })).toBe(202);
    await page.waitFor(
      `document.querySelector('#host-${installing ?? ''} td.phase').innerText === 'installed'`,
    );
    expect(await page.evaluate<string>(`document.getElementById('summary').innerText`)).toBe(
      '7/10 ready, 1 failed, 1 installed, 1 pending',
    );
    expect(await page.evaluate<number>('window.bootforgeMarker')).toBe(1);

    await mkdir(artifacts, { recursive: true });
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    await writeFile(join(artifacts, 'status-page.png'), png);
    await writeFile(
      join(artifacts, 'status-page.html'),
      await page.evaluate<string>('document.documentElement.outerHTML'),
    );
    console.info(`status page: screenshot ${join(artifacts, 'status-page.png')} (${png.length} bytes)`);
  });
});
