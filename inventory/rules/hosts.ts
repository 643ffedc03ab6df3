/**
 * Host rules: names, addresses, MACs, roles, per-host extras.
 */
import { contains, formatIpv4, parseCidr, parseIpv4 } from '../../plan/ipv4.js';
import { isMulticastMac, normaliseMac } from '../mac.js';
import type { Inventory } from '../model.js';
import type { Reporter } from '../report.js';
import { urlIpv4 } from './urls.js';
import {
  absolutePathProblem,
  devicePathProblem,
  isDnsLabel,
  isInterfaceName,
  isLabelKey,
  isLabelValue,
} from './syntax.js';

/** Report every later entry whose key repeats an earlier one. */
function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
  onRepeat: (index: number, first: number) => void,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else onRepeat(index, first);
  });
}

export function checkHostNames(inventory: Inventory, report: Reporter): void {
  const { hosts } = inventory;
  hosts.forEach((host, i) => {
    if (!isDnsLabel(host.name)) {
      const lower = host.name
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .replace(/^-+|-+$/g, '');
      report.error(
        ['hosts', i, 'name'],
        'BAD_HOST_NAME',
        `'${host.name}' is not an RFC 1123 label (lower-case letters, digits and '-', 1-63 chars, starting and ending alphanumeric)`,
        lower && isDnsLabel(lower) ? `try '${lower}'` : 'use a short lower-case name such as knode1',
      );
    }
  });
  duplicates(
    hosts,
    (h) => h.name.toLowerCase(),
    (i, first) =>
      report.error(
        ['hosts', i, 'name'],
        'DUPLICATE_HOST_NAME',
        `host name '${hosts[i]?.name}' is already used by hosts[${first}]`,
        'give every host its own name',
      ),
  );
}

export function checkHostAddresses(inventory: Inventory, report: Reporter): void {
  const { hosts, cluster } = inventory;
  const net = parseCidr(cluster.network.cidr);
  const gateway = parseIpv4(cluster.network.gateway);
  const bootServer = cluster.bootServer === undefined ? undefined : urlIpv4(cluster.bootServer);
  hosts.forEach((host, i) => {
    const at = ['hosts', i, 'ip'];
    const ip = parseIpv4(host.ip);
    if (ip === undefined) {
      report.error(
        at,
        'BAD_IP',
        `'${host.ip}' is not an IPv4 address`,
        'write four numbers 0-255 separated by dots, e.g. 10.0.0.11 (no prefix length)',
      );
      return;
    }
    if (!net) return;
    if (!contains(net, ip)) {
      report.error(
        at,
        'IP_OUTSIDE_NETWORK',
        `${host.ip} is outside the host network ${net.cidr}`,
        `use an address from ${formatIpv4(net.network + 1)} to ${formatIpv4(net.broadcast - 1)}, or widen cluster.network.cidr`,
      );
    } else if (net.prefix <= 30 && ip === net.network) {
      report.error(
        at,
        'IP_IS_NETWORK_ADDRESS',
        `${host.ip} is the network address of ${net.cidr}`,
        `use an address from ${formatIpv4(net.network + 1)} to ${formatIpv4(net.broadcast - 1)}`,
      );
    } else if (net.prefix <= 30 && ip === net.broadcast) {
      report.error(
        at,
        'IP_IS_BROADCAST_ADDRESS',
        `${host.ip} is the broadcast address of ${net.cidr}`,
        `use an address from ${formatIpv4(net.network + 1)} to ${formatIpv4(net.broadcast - 1)}`,
      );
    } else if (ip === gateway) {
      report.error(
        at,
        'IP_IS_GATEWAY',
        `${host.ip} is the gateway address`,
        'give the host an address of its own',
      );
    } else if (ip === bootServer) {
      report.error(
        at,
        'IP_IS_BOOT_SERVER',
        `${host.ip} is the boot server's address (cluster.bootServer ${cluster.bootServer}); a host cannot boot from itself`,
        'give the host an address of its own, or point cluster.bootServer at the machine that runs `bootforge serve`',
      );
    }
  });
  duplicates(
    hosts,
    (h) => (parseIpv4(h.ip) === undefined ? undefined : h.ip),
    (i, first) =>
      report.error(
        ['hosts', i, 'ip'],
        'DUPLICATE_IP',
        `${hosts[i]?.ip} is already used by hosts[${first}] (${hosts[first]?.name})`,
        'give every host its own address',
      ),
  );
}

export function checkHostMacs(inventory: Inventory, report: Reporter): void {
  const { hosts } = inventory;
  hosts.forEach((host, i) => {
    if (host.mac === undefined) return; // required only for PXE delivery (rules/delivery.ts)
    const mac = normaliseMac(host.mac);
    if (mac === undefined) {
      report.error(
        ['hosts', i, 'mac'],
        'BAD_MAC',
        `'${host.mac}' is not a MAC address`,
        'write six hex pairs, e.g. "52:54:00:00:00:11" (hyphens or Cisco dots also work); quote it',
      );
    } else if (mac === '00:00:00:00:00:00') {
      report.error(
        ['hosts', i, 'mac'],
        'BAD_MAC',
        `${mac} is the all-zero address, which no NIC has (often a placeholder left in)`,
        'copy the MAC of the boot NIC from the machine or the hypervisor',
      );
    } else if (isMulticastMac(mac)) {
      report.error(
        ['hosts', i, 'mac'],
        'MULTICAST_MAC',
        mac === 'ff:ff:ff:ff:ff:ff'
          ? `${mac} is the broadcast address, which no NIC has`
          : `${mac} is a multicast address (lowest bit of the first octet is set)`,
        'copy the MAC of the boot NIC from the machine or the hypervisor',
      );
    }
  });
  duplicates(
    hosts,
    (h) => (h.mac === undefined ? undefined : normaliseMac(h.mac)),
    (i, first) =>
      report.error(
        ['hosts', i, 'mac'],
        'DUPLICATE_MAC',
        `MAC ${normaliseMac(hosts[i]?.mac ?? '')} is already used by hosts[${first}] (${hosts[first]?.name}), whatever the spelling`,
        'every host needs the MAC of its own boot NIC',
      ),
  );
}

export function checkRoles(inventory: Inventory, report: Reporter): void {
  const { hosts } = inventory;
  const etcd = hosts.filter((h) => h.roles.includes('etcd')).length;
  if (etcd === 0)
    report.error(
      ['hosts'],
      'NO_ETCD',
      'no host has the etcd role',
      "add 'etcd' to the roles of one host (three for a highly available cluster)",
    );
  if (!hosts.some((h) => h.roles.includes('master')))
    report.error(
      ['hosts'],
      'NO_MASTER',
      'no host has the master role',
      "add 'master' to the roles of one host",
    );
  if (!hosts.some((h) => h.roles.includes('node')))
    report.warning(
      ['hosts'],
      'NO_NODE',
      'no host has the node role: pods (CoreDNS too) have nowhere to run',
      "add 'node' to the roles of at least one host",
    );
  if (etcd > 0 && etcd % 2 === 0) {
    report.warning(
      ['hosts'],
      'EVEN_ETCD_MEMBERS',
      `${etcd} etcd members tolerate ${etcd / 2 - 1} failure(s), no more than ${etcd - 1} would`,
      `use ${etcd - 1} or ${etcd + 1} etcd members`,
    );
  }
}

export function checkHostExtras(inventory: Inventory, report: Reporter): void {
  const { cluster } = inventory;
  if (!isInterfaceName(cluster.network.interface)) {
    report.error(
      ['cluster', 'network', 'interface'],
      'BAD_INTERFACE_NAME',
      `'${cluster.network.interface}' is not a network interface name`,
      'use a name like eth0 or ens192 (at most 15 characters, no spaces or / or :)',
    );
  }
  checkDisk(cluster.install.disk, ['cluster', 'install', 'disk'], report);
  const tftpProblem = absolutePathProblem(cluster.install.tftpRoot);
  if (tftpProblem !== undefined) {
    report.error(
      ['cluster', 'install', 'tftpRoot'],
      'BAD_PATH',
      `tftpRoot ${JSON.stringify(cluster.install.tftpRoot)} ${tftpProblem}`,
      'give the directory on the boot server that holds undionly.kpxe and ipxe.efi, e.g. /var/lib/tftpboot (letters, digits and . _ + - / only)',
    );
  }
  const dhcpInterface = cluster.install.dhcpInterface;
  if (dhcpInterface !== undefined && !isInterfaceName(dhcpInterface)) {
    report.error(
      ['cluster', 'install', 'dhcpInterface'],
      'BAD_INTERFACE_NAME',
      `'${dhcpInterface}' is not a network interface name`,
      "use the boot server's interface on the hosts' network, like eth1 or ens224",
    );
  }
  checkLabels(cluster.labels, ['cluster', 'labels'], report);
  inventory.hosts.forEach((host, i) => {
    if (host.interface !== cluster.network.interface && !isInterfaceName(host.interface)) {
      report.error(
        ['hosts', i, 'interface'],
        'BAD_INTERFACE_NAME',
        `'${host.interface}' is not a network interface name`,
        'use a name like eth0 or ens192 (at most 15 characters, no spaces or / or :)',
      );
    }
    if (host.disk !== cluster.install.disk) checkDisk(host.disk, ['hosts', i, 'disk'], report);
    checkLabels(host.labels, ['hosts', i, 'labels'], report);
    if (Object.keys(host.labels).length > 0 && !host.roles.includes('node')) {
      report.warning(
        ['hosts', i, 'labels'],
        'LABELS_WITHOUT_KUBELET',
        `${host.name} has labels but no node role: without a kubelet it has no Node to carry them`,
        'give the host the node role, or remove its labels (cluster.labels apply to every host with the node role)',
      );
    }
    host.profiles.forEach((profile, j) => {
      if (!/^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/.test(profile)) {
        report.error(
          ['hosts', i, 'profiles', j],
          'BAD_PROFILE_NAME',
          `'${profile}' is not a profile name`,
          'profile names are lower-case letters, digits, - and _ (the file name in profilesDir without extension)',
        );
      }
    });
  });
}

function checkDisk(disk: string, at: (string | number)[], report: Reporter): void {
  const problem = devicePathProblem(disk);
  if (problem !== undefined) {
    report.error(
      at,
      'BAD_DISK',
      `install disk ${JSON.stringify(disk)} ${problem}`,
      'use a device path such as /dev/sda, /dev/vda or /dev/disk/by-id/... (letters, digits and . _ + - : @ /)',
    );
  }
}

function checkLabels(labels: Record<string, string>, at: (string | number)[], report: Reporter): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isLabelKey(key)) {
      report.error(
        [...at, key],
        'BAD_LABEL',
        `'${key}' is not a Kubernetes label key`,
        'use [prefix/]name: name up to 63 characters of letters, digits, - _ . starting and ending alphanumeric; prefix a DNS name',
      );
    } else if (!isLabelValue(value)) {
      report.error(
        [...at, key],
        'BAD_LABEL',
        `'${value}' is not a Kubernetes label value`,
        'use up to 63 characters of letters, digits, - _ . starting and ending alphanumeric (or empty)',
      );
    }
  }
}
