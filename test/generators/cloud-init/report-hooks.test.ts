/**
 * The install lifecycle in user-data: bootcmd reports `installing` once per instance (run for real
 * with dash and curl against a local server; the token only in printf, a builtin, and curl's
 * standard input), and runcmd ends with `installed` through the report script.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLING_SEMAPHORE } from '../../../generators/cloud-init/report-hooks.js';
import { CENTOS7_DISABLE_STOCK_REPOS, renderUserData } from '../../../generators/cloud-init/user-data.js';
import { parseUserData } from '../support/parse-cloud-init.js';
import { lifecycleHost } from '../support/lifecycle-hosts.js';
import { startReportServer, type ReportServer } from '../support/report-server.js';
import { hasTool, shellcheck } from '../support/tools.js';
import { classicPlan, currentPlan } from '../../profiles/fixtures.js';

describe.each([
  ['centos7', classicPlan(), 'knode3'],
  ['el9', currentPlan(), 'master2'],
])('user-data lifecycle hooks (%s)', (_os, plan, name) => {
  const { config, token } = lifecycleHost(plan, name);
  const parsed = parseUserData(renderUserData(config));
  let dir = '';
  let server: ReportServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-ci-report-'));
    server = await startReportServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends runcmd with installed, after the units are started', () => {
    const runcmd = parsed.document['runcmd'] as string[];
    expect(runcmd.at(-1)).toBe(
      `/usr/local/libexec/bootforge/report installed 'cloud-init: ${name} configured (files, packages, units)'`,
    );
    expect(runcmd.at(-2)).toMatch(/^systemctl start --no-block /);
    expect(parsed.reports).toEqual([
      ['installed', `cloud-init: ${name} configured (files, packages, units)`],
    ]);
  });

  it.skipIf(!hasTool('shellcheck'))('bootcmd passes shellcheck', () => {
    // The report line, and on CentOS 7 the line that sets the image's retired repo files aside.
    expect(parsed.bootcmd.filter((l) => l !== CENTOS7_DISABLE_STOCK_REPOS)).toHaveLength(1);
    expect(shellcheck(`#!/bin/sh\n${parsed.bootcmd.join('\n')}\n`, 'sh').output).toBe('');
  });

  it.runIf(hasTool('dash') && hasTool('curl'))(
    'bootcmd reports installing once, with the token on no command line',
    async () => {
      const sem = path.join(dir, 'sem', 'bootforge_report_installing');
      mkdirSync(path.dirname(sem), { recursive: true });
      // curl on PATH records its arguments.
      mkdirSync(path.join(dir, 'bin'), { recursive: true });
      writeFileSync(
        path.join(dir, 'bin', 'curl'),
        `#!/bin/sh\nprintf '%s\\n' "$*" >>${dir}/curl-argv\nexec /usr/bin/curl "$@"\n`,
        { mode: 0o755 },
      );
      const script = parsed.bootcmd[0]!.replaceAll(INSTALLING_SEMAPHORE, sem).replaceAll(
        'http://10.0.0.2:8080',
        server.base,
      );
      const runOnce = (): Promise<number | null> =>
        new Promise((resolve, reject) => {
          const child = spawn('dash', ['-c', script], { env: { PATH: `${dir}/bin:/usr/bin:/bin` } });
          child.on('error', reject);
          child.on('exit', resolve);
        });
      expect(await runOnce()).toBe(0);
      expect(await runOnce()).toBe(0);
      expect(server.received).toHaveLength(1);
      expect(server.received[0]).toMatchObject({
        method: 'POST',
        url: `/report/${name}`,
        authorization: `Bearer ${token}`,
      });
      expect(JSON.parse(server.received[0]!.body)).toEqual({
        phase: 'installing',
        message: `cloud-init: first boot of ${name}, configuring it`,
      });
      expect(existsSync(sem)).toBe(true);
      expect(readFileSync(path.join(dir, 'curl-argv'), 'utf8')).not.toContain(token);
    },
  );

  it.runIf(hasTool('dash'))('bootcmd never fails, even with the boot server down', async () => {
    const script = parsed.bootcmd[0]!.replaceAll(
      INSTALLING_SEMAPHORE,
      path.join(dir, 'nosuchdir', 'sem'),
    ).replaceAll('http://10.0.0.2:8080', 'http://127.0.0.1:9');
    const code = await new Promise((resolve, reject) => {
      const child = spawn('dash', ['-c', script], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
  });
});
