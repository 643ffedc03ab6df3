/**
 * The lifecycle component on every host: its own report token (0600, secret) and the URL it
 * reports to; generators find both through host/lifecycle.ts.
 */
import { describe, expect, it } from 'vitest';
import type { InlineFile } from '../../host/host-config.js';
import { REPORT_ENV_PATH, REPORT_TOKEN_PATH, reportSetup } from '../../host/lifecycle.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { ALL_IN_ONE_HOSTS, classicPlan, currentPlan, fakePki } from './fixtures.js';

describe.each([
  ['classic', classicPlan()],
  ['current', currentPlan()],
  ['all-in-one', classicPlan({ hosts: ALL_IN_ONE_HOSTS })],
])('lifecycle files (%s)', (_name, plan) => {
  const pki = fakePki(plan);
  it('every host gets its own token 0600 and secret, and its report URL', () => {
    for (const host of plan.hosts) {
      const config = buildHostConfig(plan, host, pki);
      const token = config.files.find((f) => f.path === REPORT_TOKEN_PATH) as InlineFile;
      expect(token).toEqual({
        path: REPORT_TOKEN_PATH,
        mode: 0o600,
        content: `${pki.reportTokens[host.name]}\n`,
        secret: true,
      });
      const env = config.files.find((f) => f.path === REPORT_ENV_PATH) as InlineFile;
      expect(env.content).toBe(`BOOTFORGE_REPORT_URL=http://10.0.0.2:8080/report/${host.name}\n`);
      expect(env.secret).toBe(false);
      expect(reportSetup(config)).toEqual({
        url: `http://10.0.0.2:8080/report/${host.name}`,
        token: pki.reportTokens[host.name],
      });
      const others = Object.entries(pki.reportTokens).filter(([name]) => name !== host.name);
      const all = JSON.stringify(config);
      for (const [, other] of others) expect(all).not.toContain(other);
    }
  });
});
