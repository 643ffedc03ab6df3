/**
 * The lifecycle component on every host: its own report token (0600, secret) and the URL it
 * reports to; generators find both through host/lifecycle.ts.
 */
import { describe, expect, it } from 'vitest';
import type { InlineFile } from '../../host/host-config.js';
import {
  BOOTED_UNIT,
  READY_UNIT,
  REPORT_ENV_PATH,
  reportScriptPath,
  REPORT_TOKEN_PATH,
  reportSetup,
} from '../../host/lifecycle.js';
import { readyScriptPath, readyUnits } from '../../profiles/components/lifecycle.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { ALL_IN_ONE_HOSTS, classicPlan, currentPlan, fakePki } from './fixtures.js';
import { osFamily } from '../../os/registry.js';

/** The report script where the example inventories' families (EL) keep it. */
const REPORT_SCRIPT_PATH = reportScriptPath(osFamily('centos7'));
const READY_SCRIPT = readyScriptPath(osFamily('centos7'));

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
      expect(reportSetup(config)).toMatchObject({
        url: `http://10.0.0.2:8080/report/${host.name}`,
        token: pki.reportTokens[host.name],
      });
      const others = Object.entries(pki.reportTokens).filter(([name]) => name !== host.name);
      const all = JSON.stringify(config);
      for (const [, other] of others) expect(all).not.toContain(other);
    }
  });

  it('every host reports booted and ready through enabled units and the report script', () => {
    for (const host of plan.hosts) {
      const config = buildHostConfig(plan, host, pki);
      for (const name of [BOOTED_UNIT, READY_UNIT]) {
        const u = config.units.find((x) => x.name === name);
        expect(u?.enabled, `${host.name} ${name}`).toBe(true);
        expect(u?.contents).toMatch(/^Type=simple$/m);
      }
      const script = config.files.find((f) => f.path === REPORT_SCRIPT_PATH) as InlineFile;
      expect([script.mode, script.content.startsWith('#!/bin/sh\n')]).toEqual([0o755, true]);
    }
  });

  it('ready waits for every long-running service the host runs and watches every first-boot step', () => {
    for (const host of plan.hosts) {
      const config = buildHostConfig(plan, host, pki);
      const ready = (config.files.find((f) => f.path === READY_SCRIPT) as InlineFile).content;
      const own = config.units.filter((u) => !u.name.startsWith('bootforge-'));
      const { services, steps } = readyUnits(own);
      const list = (name: string): string[] =>
        (new RegExp(`^${name}=(.*)$`, 'm').exec(ready)?.[1] ?? '')
          .replace(/'/g, '')
          .split(' ')
          .filter(Boolean);
      expect(list('services')).toEqual(services);
      expect(list('steps')).toEqual(steps);
      expect(services.length + steps.length).toBe(
        own.filter((u) => u.enabled && u.name.endsWith('.service')).length,
      );
      if (host.roles.includes('master')) expect(services).toContain('kube-apiserver.service');
      if (host.runsKubelet) expect(services).toContain('kubelet.service');
      expect(steps).toContain('k8s-prerequisites.service');
      expect(ready.includes('etcd_endpoint='), host.name).toBe(host.roles.includes('etcd'));
      expect(ready.includes('subnet_env='), host.name).toBe(host.runsFlannel);
      expect(ready.includes('node_name='), host.name).toBe(host.runsKubelet);
      expect(ready.includes('apiserver=https://127.0.0.1:6443'), host.name).toBe(
        host.roles.includes('master'),
      );
    }
  });
});
