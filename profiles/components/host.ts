/**
 * Host prerequisites on every host (the hostname itself is HostConfig.hostname, which every
 * generator sets in its own way): time sync, kernel modules, sysctls, swap off, the
 * SELinux mode, firewalld (off, or the role ports opened), the admin's SSH keys.
 */
import { scriptFile, textFile, unit } from '../files.js';
import { STEP_ORDER, type Contribution, type FirewallPort, type ProfileContext } from '../model.js';
import { osFamily } from '../../os/registry.js';

export const KERNEL_MODULES = ['overlay', 'br_netfilter'];

const prereqScript = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/k8s-prerequisites.sh`;
const firewallScript = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/k8s-firewall.sh`;

export function hostComponent(ctx: ProfileContext): Contribution {
  const { cluster, host } = ctx;
  const family = osFamily(cluster.os);
  // SELinux's mode is set where the OS has SELinux; AppArmor (Debian, Ubuntu) is left on.
  const selinux = family.securityModule === 'selinux' ? cluster.install.selinux : undefined;
  const ntp = cluster.network.ntpServers;
  const files = [
    textFile(
      '/etc/modules-load.d/k8s.conf',
      ctx.render('host/k8s-modules.conf.hbs', { modules: KERNEL_MODULES }),
    ),
    textFile('/etc/sysctl.d/k8s.conf', ctx.render('host/k8s-sysctl.conf.hbs', {})),
    scriptFile(
      prereqScript(ctx),
      ctx.render('host/k8s-prerequisites.sh.hbs', {
        hostname: host.name,
        modules: KERNEL_MODULES,
        fstab: family.fstab,
        selinux,
        setenforce: selinux === 'enforcing' ? '1' : '0',
        disableFirewalld: family.firewall === 'firewalld' && cluster.install.firewall === 'disabled',
        restartChrony: ntp.length > 0 && family.timeSync.daemon === 'chronyd',
        restartTimesyncd: ntp.length > 0 && family.timeSync.daemon === 'systemd-timesyncd',
      }),
    ),
  ];
  if (ntp.length > 0) {
    files.push(
      textFile(
        family.timeSync.conf,
        family.timeSync.daemon === 'chronyd'
          ? ctx.render('host/chrony.conf.hbs', { hostname: host.name, servers: ntp })
          : ctx.render('host/timesyncd.conf.hbs', { hostname: host.name, servers: ntp.join(' ') }),
      ),
    );
  }
  // chronyd comes enabled by the chrony package's preset. Where it already ran with the image's
  // servers before the config was written (cloud-init), k8s-prerequisites.sh restarts it.
  const units = [
    unit(
      'k8s-prerequisites.service',
      ctx.render('host/oneshot.service.hbs', {
        description:
          family.securityModule === 'selinux'
            ? 'Prepare the host for Kubernetes (modules, sysctls, swap, SELinux, firewall)'
            : 'Prepare the host for Kubernetes (modules, sysctls, swap)',
        wants: '',
        after: 'systemd-modules-load.service local-fs.target',
        requires: '',
        before: '',
        condition: '',
        script: prereqScript(ctx),
      }),
    ),
  ];
  const steps = [
    { unit: 'k8s-prerequisites.service', description: 'Prepare the host', order: STEP_ORDER.prerequisites },
  ];
  // curl comes with the minimal install (curl-minimal on EL9, which conflicts with the curl package).
  const packages = [...family.hostPackages];
  if (family.firewall === 'firewalld' && cluster.install.firewall === 'open-ports')
    packages.push('firewalld');
  return {
    source: 'host',
    files,
    units,
    steps,
    packages,
    kernelModules: KERNEL_MODULES,
    users: [
      {
        name: 'root',
        system: false,
        sshAuthorizedKeys: cluster.ssh.authorizedKeys,
        groups: [],
        homeDir: '/root',
      },
    ],
  };
}

/** firewalld with the union of the host's role ports opened (install.firewall: open-ports). */
export function firewallComponent(ctx: ProfileContext, ports: readonly FirewallPort[]): Contribution {
  const script = ctx.render('host/k8s-firewall.sh.hbs', {
    roles: ctx.host.roles.join(', '),
    ports,
    podCIDR: ctx.cluster.kubernetes.podCIDR,
  });
  return {
    source: 'firewall',
    files: [scriptFile(firewallScript(ctx), script)],
    // firewalld.service itself is enabled by its package preset and pulled in by Requires=.
    units: [
      unit(
        'k8s-firewall.service',
        ctx.render('host/oneshot.service.hbs', {
          description: 'Open the Kubernetes role ports in firewalld',
          wants: '',
          after: 'firewalld.service',
          requires: 'firewalld.service',
          before: '',
          condition: '',
          script: firewallScript(ctx),
        }),
      ),
    ],
    steps: [
      {
        unit: 'k8s-firewall.service',
        description: 'Open role ports in firewalld',
        order: STEP_ORDER.firewall,
      },
    ],
  };
}
