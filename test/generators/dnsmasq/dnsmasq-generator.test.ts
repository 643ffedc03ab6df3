import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnsmasqGenerator } from '../../../generators/dnsmasq/dnsmasq-generator.js';
import { fixturePlan, type FixtureOptions } from '../../fixtures/boot-media/cluster.js';
import { siteOf } from '../support/contexts.js';
import { hasTool, run } from '../../fixtures/boot-media/tools.js';

function render(options: FixtureOptions = {}): string {
  const plan = fixturePlan(options);
  const { files } = siteOf(dnsmasqGenerator, plan);
  expect(files.map((f) => f.path)).toEqual(['pxe/dnsmasq.conf']);
  const content = files[0]!.content;
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

/** dnsmasq --test in a scratch directory that has the TFTP root the config names. */
function dnsmasqTest(config: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bootforge-dnsmasq-'));
  const tftpRoot = join(dir, 'tftp');
  mkdirSync(tftpRoot);
  const file = join(dir, 'dnsmasq.conf');
  writeFileSync(file, config.replace(/^tftp-root=.*$/m, `tftp-root=${tftpRoot}`));
  const result = run('dnsmasq', ['--test', `--conf-file=${file}`]);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('dnsmasq generator', () => {
  it('static mode reserves every inventory host (also those not selected) and serves no pool', () => {
    const conf = render();
    expect(conf).toContain('dhcp-range=10.0.0.0,static,255.255.255.0,infinite');
    expect(conf).toContain('dhcp-host=52:54:00:00:00:11,10.0.0.11,knode1,infinite');
    expect(conf).toContain('dhcp-host=52:54:00:00:00:12,10.0.0.12,knode2,infinite');
    expect(conf).toContain('dhcp-option=option:router,10.0.0.1');
    expect(conf).toContain('dhcp-option=option:dns-server,10.0.0.1,10.0.0.3');
  });

  it('serves iPXE by client architecture and breaks the chain-load loop by user-class', () => {
    const conf = render();
    expect(conf).toContain('dhcp-match=set:bios,option:client-arch,0');
    expect(conf).toContain('dhcp-match=set:efi64,option:client-arch,7');
    expect(conf).toContain('dhcp-match=set:efi64,option:client-arch,9');
    expect(conf).toContain('dhcp-userclass=set:ipxe,iPXE');
    expect(conf).toContain('dhcp-boot=tag:!ipxe,tag:bios,undionly.kpxe');
    expect(conf).toContain('dhcp-boot=tag:!ipxe,tag:efi64,ipxe.efi');
    expect(conf).toContain('dhcp-boot=tag:ipxe,http://10.0.0.2:8080/pxe/boot.ipxe');
    expect(conf).toContain('enable-tftp');
    expect(conf).toContain('tftp-root=/var/lib/tftpboot');
  });

  it('proxy mode answers PXE only, with pxe-service lines and no reservations', () => {
    const conf = render({ install: { dhcpMode: 'proxy', tftpRoot: '/srv/tftp' } });
    expect(conf).toContain('dhcp-range=10.0.0.0,proxy,255.255.255.0');
    expect(conf).not.toContain('dhcp-host=');
    expect(conf).toContain('pxe-service=tag:!ipxe,x86PC,"bootforge: load iPXE (BIOS)",undionly.kpxe');
    expect(conf).toContain('pxe-service=tag:!ipxe,x86-64_EFI,"bootforge: load iPXE (UEFI)",ipxe.efi');
    expect(conf).toContain(
      'pxe-service=tag:ipxe,x86PC,"bootforge: boot.ipxe",http://10.0.0.2:8080/pxe/boot.ipxe',
    );
    expect(conf).toContain('tftp-root=/srv/tftp');
  });

  it('binds to one interface when cluster.install.dhcpInterface is set', () => {
    expect(render()).not.toMatch(/^interface=/m);
    const conf = render({ install: { dhcpInterface: 'ens4' } });
    expect(conf).toMatch(/^interface=ens4\nbind-interfaces$/m);
  });

  it('is deterministic', () => {
    expect(render()).toBe(render());
  });

  describe.runIf(hasTool('dnsmasq'))('dnsmasq --test', () => {
    it('accepts the static configuration', () => {
      const result = dnsmasqTest(render());
      expect(result.status, result.output).toBe(0);
      expect(result.output).toMatch(/syntax check OK/);
    });

    it('accepts the configuration bound to an interface', () => {
      const result = dnsmasqTest(render({ install: { dhcpInterface: 'ens4' } }));
      expect(result.status, result.output).toBe(0);
    });

    it('accepts the proxy configuration', () => {
      const result = dnsmasqTest(render({ install: { dhcpMode: 'proxy' } }));
      expect(result.status, result.output).toBe(0);
    });

    it('would reject a broken line (the check is real)', () => {
      const result = dnsmasqTest(`${render()}dhcp-boot=tag:\nno-such-option=1\n`);
      expect(result.status).not.toBe(0);
    });
  });
});
