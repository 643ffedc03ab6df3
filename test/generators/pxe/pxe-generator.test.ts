import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { pxeGenerator } from '../../../generators/pxe/pxe-generator.js';
import type { ClusterPlan } from '../../../plan/model.js';
import { fixtureHosts, fixturePlan, type FixtureOptions } from '../../fixtures/boot-media/cluster.js';
import { contextFor, siteOf } from '../support/contexts.js';
import { hasTool, run } from '../../fixtures/boot-media/tools.js';

function render(options: FixtureOptions = {}): OutputFile[] {
  const plan = fixturePlan(options);
  return [
    ...siteOf(pxeGenerator, plan).files,
    ...fixtureHosts(plan).flatMap((h) => pxeGenerator.host!(contextFor(plan, h), []).files),
  ];
}

const diagnose = (plan: ClusterPlan) => siteOf(pxeGenerator, plan).diagnostics;

function text(files: readonly OutputFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (file === undefined)
    throw new Error(`not produced: ${path}; have ${files.map((f) => f.path).join(', ')}`);
  return typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
}

describe('pxe generator', () => {
  it('names per-host files by MAC for iPXE, GRUB (both spellings) and pxelinux', () => {
    const paths = render({ os: 'el9' }).map((f) => f.path);
    for (const mac of ['52-54-00-00-00-11', '52-54-00-00-00-12']) {
      expect(paths).toContain(`pxe/ipxe/${mac}.ipxe`);
      expect(paths).toContain(`pxe/ipxe/${mac}-kickstart.ipxe`);
      expect(paths).toContain(`pxe/ipxe/${mac}-nocloud.ipxe`);
      expect(paths).toContain(`pxe/ipxe/${mac}-ignition.ipxe`);
      expect(paths).toContain(`pxe/grub/grub.cfg-01-${mac}`);
      expect(paths).toContain(`pxe/grub/grub.cfg-${mac}`);
      expect(paths).toContain(`pxe/pxelinux.cfg/01-${mac}`);
    }
    expect(paths).toEqual(
      expect.arrayContaining(['pxe/boot.ipxe', 'pxe/grub/grub.cfg', 'pxe/pxelinux.cfg/default']),
    );
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('CentOS 7 gets kickstart and NoCloud entries only: it cannot boot Ignition', () => {
    const files = render();
    const paths = files.map((f) => f.path);
    expect(paths).toContain('pxe/ipxe/52-54-00-00-00-11-kickstart.ipxe');
    expect(paths).toContain('pxe/ipxe/52-54-00-00-00-11-nocloud.ipxe');
    expect(paths.filter((p) => p.includes('ignition'))).toEqual([]);
    for (const p of ['pxe/grub/grub.cfg-01-52-54-00-00-00-11', 'pxe/pxelinux.cfg/01-52-54-00-00-00-11']) {
      expect(text(files, p)).toMatch(/kickstart/);
      expect(text(files, p)).not.toMatch(/ignition|coreos/i);
    }
  });

  it('tags per-host files with their host and makes everything world-readable', () => {
    for (const f of render()) {
      expect(f.mode).toBe(0o644);
      if (f.path.includes('52-54-00-00-00-11')) expect(f.host).toBe('knode1');
    }
  });

  it('boot.ipxe chains the static ${mac:hexhyp} script with retries and explains an unknown host', () => {
    const boot = text(render(), 'pxe/boot.ipxe');
    expect(boot.startsWith('#!ipxe\n')).toBe(true);
    expect(boot).toContain('imgfetch --name host ${bootforge_base}/${mac:hexhyp}.ipxe || goto fetch_failed');
    expect(boot).toContain('set bootforge_base http://10.0.0.2:8080/pxe/ipxe');
    expect(boot).toMatch(/iseq \$\{bootforge_try\} 3 && goto unknown/);
    expect(boot).toMatch(/echo bootforge: this machine \(MAC \$\{mac\}\) is unknown/);
    expect(boot).not.toMatch(/\b(shell|prompt)\b/);
    expect(boot.trimEnd().endsWith('exit 1')).toBe(true);
    // Real iPXE cannot `inc` a string setting ("Could not store ...: Operation not supported").
    expect(boot).toContain('set bootforge_try:int32 0\n');
  });

  it('kickstart on CentOS 7 passes inst.ks, ks, inst.repo, a static ip= and BOOTIF', () => {
    const script = text(render(), 'pxe/ipxe/52-54-00-00-00-11-kickstart.ipxe');
    const kernel = script.split('\n').find((l) => l.startsWith('kernel '));
    expect(kernel).toBeDefined();
    const words = kernel!.split(' ');
    expect(words).toContain('http://10.0.0.2:8080/centos/7/os/x86_64/images/pxeboot/vmlinuz');
    expect(words).toContain('inst.ks=http://10.0.0.2:8080/hosts/knode1/ks.cfg');
    expect(words).toContain('ks=http://10.0.0.2:8080/hosts/knode1/ks.cfg');
    expect(words).toContain('inst.repo=http://10.0.0.2:8080/centos/7/os/x86_64');
    expect(words).toContain('ip=10.0.0.11::10.0.0.1:255.255.255.0:knode1::none');
    expect(words).toContain('nameserver=10.0.0.1');
    expect(words).toContain('nameserver=10.0.0.3');
    expect(words).toContain('BOOTIF=01-52-54-00-00-00-11');
    expect(words).toContain('initrd=initrd');
    expect(script).toContain(
      'initrd --name initrd http://10.0.0.2:8080/centos/7/os/x86_64/images/pxeboot/initrd.img || goto retry',
    );
    expect(script).toMatch(/iseq \$\{bootforge_try\} 3 && goto failed/);
    expect(script).toContain('set bootforge_try:int32 0\n');
  });

  it('EL9 kickstart has no legacy ks=', () => {
    const script = text(render({ os: 'el9' }), 'pxe/ipxe/52-54-00-00-00-11-kickstart.ipxe');
    expect(script).toContain('inst.ks=');
    expect(script).not.toMatch(/ ks=/);
  });

  it('the plain per-MAC script is the install.method path (default kickstart)', () => {
    const files = render();
    expect(text(files, 'pxe/ipxe/52-54-00-00-00-11.ipxe')).toBe(
      text(files, 'pxe/ipxe/52-54-00-00-00-11-kickstart.ipxe'),
    );
    const ign = render({ os: 'el9', install: { method: 'ignition' } });
    expect(text(ign, 'pxe/ipxe/52-54-00-00-00-11.ipxe')).toBe(
      text(ign, 'pxe/ipxe/52-54-00-00-00-11-ignition.ipxe'),
    );
    expect(text(ign, 'pxe/grub/grub.cfg-01-52-54-00-00-00-11')).toContain('set default=ignition');
    expect(text(ign, 'pxe/pxelinux.cfg/01-52-54-00-00-00-11')).toContain('DEFAULT ignition');
  });

  it('NoCloud passes ds=nocloud;s=<seed>/ with the trailing slash, unquoted in iPXE', () => {
    const script = text(render(), 'pxe/ipxe/52-54-00-00-00-12-nocloud.ipxe');
    expect(script).toContain(' ds=nocloud;s=http://10.0.0.2:8080/hosts/knode2/ ');
    expect(script).toContain('root=live:http://10.0.0.2:8080/assets/live/squashfs.img');
  });

  it('Ignition (EL9) installs with coreos.inst.* and the CoreOS live images from the inventory', () => {
    const files = render({
      os: 'el9',
      install: {
        coreos: {
          kernel: 'http://mirror/fcos/kernel',
          initramfs: 'http://mirror/fcos/initramfs.img',
          rootfs: 'http://mirror/fcos/rootfs.img',
        },
      },
    });
    const script = text(files, 'pxe/ipxe/52-54-00-00-00-11-ignition.ipxe');
    expect(script).toContain(
      'kernel --name vmlinuz http://mirror/fcos/kernel initrd=initrd coreos.live.rootfs_url=http://mirror/fcos/rootfs.img ignition.firstboot ignition.platform.id=metal coreos.inst.install_dev=/dev/sda coreos.inst.ignition_url=http://10.0.0.2:8080/hosts/knode1/config.ign',
    );
    expect(script).toContain('initrd --name initrd http://mirror/fcos/initramfs.img');
  });

  it('GRUB single-quotes ; and & and uses plain linux/initrd over (http,host:port)', () => {
    const files = render({
      install: { kernel: 'http://10.0.0.2:8080/k?a=1&b=2', initrd: 'http://10.0.0.2/i.img' },
    });
    const grub = text(files, 'pxe/grub/grub.cfg-01-52-54-00-00-00-11');
    expect(grub).toBe(text(files, 'pxe/grub/grub.cfg-52-54-00-00-00-11'));
    expect(grub).toContain("'ds=nocloud;s=http://10.0.0.2:8080/hosts/knode1/'");
    expect(grub).toContain("linux '(http,10.0.0.2:8080)/k?a=1&b=2' inst.repo=");
    expect(grub).toContain('initrd (http,10.0.0.2)/i.img');
    expect(grub).not.toMatch(/linuxefi|initrdefi/);
    expect(grub).toContain('set default=kickstart');
  });

  it('pxelinux leaves ; unquoted and appends BOOTIF itself', () => {
    const cfg = text(render(), 'pxe/pxelinux.cfg/01-52-54-00-00-00-11');
    expect(cfg).toContain(' ds=nocloud;s=http://10.0.0.2:8080/hosts/knode1/');
    expect(cfg).toContain('IPAPPEND 2');
    expect(cfg).not.toContain('BOOTIF=');
    expect(cfg).toMatch(/^DEFAULT kickstart$/m);
    expect(text(render(), 'pxe/pxelinux.cfg/default')).toMatch(/^SAY bootforge: this machine is unknown/m);
  });

  it('a trailing slash on bootServer does not double up', () => {
    expect(text(render({ bootServer: 'http://boot.example/' }), 'pxe/boot.ipxe')).toContain(
      'set bootforge_base http://boot.example/pxe/ipxe\n',
    );
  });

  it('refuses a URL that iPXE would mangle', () => {
    expect(() => render({ install: { kernel: 'http://x/${evil}' } })).toThrow(/expand a setting/);
  });

  it('GRUB explains on the console when a kernel is https:// (no TLS in GRUB) and the site phase warns', () => {
    const options = { install: { repo: 'https://vault.centos.org/7.9.2009/os/x86_64' } };
    const grub = text(render(options), 'pxe/grub/grub.cfg-01-52-54-00-00-00-11');
    expect(grub).toContain(
      "echo 'bootforge: GRUB cannot fetch https://vault.centos.org/7.9.2009/os/x86_64/images/pxeboot/vmlinuz",
    );
    expect(grub).toContain('linux (http,10.0.0.2:8080)/assets/live/vmlinuz');
    expect(diagnose(fixturePlan(options))).toEqual([
      expect.objectContaining({
        code: 'BOOT_URL_NOT_HTTP',
        severity: 'warning',
        path: 'cluster.install.repo',
      }),
    ]);
    expect(diagnose(fixturePlan())).toEqual([]);
    const pinned = fixturePlan({
      install: { repo: 'https://m/os', kernel: 'http://m/vmlinuz', initrd: 'http://m/initrd.img' },
    });
    expect(diagnose(pinned)).toEqual([]);
  });

  it('boots the default CentOS 7 tree with GRUB and pxelinux, with no warning (the default is http://)', () => {
    const options = { install: { repo: undefined } };
    const grub = text(render(options), 'pxe/grub/grub.cfg-01-52-54-00-00-00-11');
    expect(grub).toContain('linux (http,vault.centos.org)/7.9.2009/os/x86_64/images/pxeboot/vmlinuz');
    expect(diagnose(fixturePlan(options))).toEqual([]);
  });

  it('is deterministic', () => {
    expect(render()).toEqual(render());
  });

  it.runIf(hasTool('grub-script-check'))('grub-script-check accepts every GRUB file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootforge-grub-'));
    const grubFiles = [
      ...render({ install: { kernel: "http://10.0.0.2:8080/k?a=1&b=2;c='d'" } }),
      ...render({ install: { repo: 'https://mirror.example/el' } }).filter((f) =>
        f.path.endsWith('-00-00-00-12'),
      ),
    ].filter((f) => f.path.startsWith('pxe/grub/'));
    expect(grubFiles.length).toBe(7);
    for (const f of grubFiles) {
      const file = join(dir, f.path.replaceAll('/', '_'));
      writeFileSync(file, f.content);
      const result = run('grub-script-check', [file]);
      expect(result.status, `${f.path}: ${result.stderr}${result.stdout}`).toBe(0);
    }
  });
});
