/**
 * Cluster-wide rules: names, URLs, SSH keys, the apiserver endpoint and SANs, install settings.
 */
import { parseIpv4 } from '../../plan/ipv4.js';
import type { Inventory } from '../model.js';
import type { Reporter } from '../report.js';
import { isDnsLabel, isDnsName, isHttpUrl, sshKeyProblem } from './syntax.js';

/** `host` or `host:port`, host a DNS name or IPv4 address. */
export function isEndpoint(text: string): boolean {
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m?.[1]) return false;
  const port = m[2] === undefined ? 443 : Number(m[2]);
  return (
    port > 0 && port < 65536 && (parseIpv4(m[1]) !== undefined || (isDnsName(m[1]) && !/^[\d.]+$/.test(m[1])))
  );
}

function isNameOrIp(text: string): boolean {
  return parseIpv4(text) !== undefined || (isDnsName(text) && !/^[\d.]+$/.test(text));
}

export function checkCluster(inventory: Inventory, report: Reporter): void {
  const { cluster } = inventory;
  if (!isDnsLabel(cluster.name)) {
    report.error(
      ['cluster', 'name'],
      'BAD_CLUSTER_NAME',
      `'${cluster.name}' is not a DNS label`,
      'use lower-case letters, digits and -, 1 to 63 characters, e.g. knodes',
    );
  }
  if (!isDnsName(cluster.kubernetes.dnsDomain)) {
    report.error(
      ['cluster', 'kubernetes', 'dnsDomain'],
      'BAD_DNS_DOMAIN',
      `'${cluster.kubernetes.dnsDomain}' is not a DNS name`,
      'use cluster.local unless you have a reason not to',
    );
  }
  if (!isHttpUrl(cluster.bootServer)) {
    report.error(
      ['cluster', 'bootServer'],
      'BAD_BOOT_SERVER',
      `'${cluster.bootServer}' is not an http(s) URL`,
      'write the URL booting machines reach, e.g. http://10.0.0.2:8080',
    );
  }
  const endpoint = cluster.kubernetes.apiServerEndpoint;
  if (endpoint !== undefined && !isEndpoint(endpoint)) {
    report.error(
      ['cluster', 'kubernetes', 'apiServerEndpoint'],
      'BAD_API_ENDPOINT',
      `'${endpoint}' is not a DNS name or IPv4 address (with an optional :port)`,
      'write the load balancer address, e.g. k8s-api.example.com or 10.0.0.10 (no scheme, no path)',
    );
  }
  cluster.kubernetes.apiServerSANs.forEach((san, i) => {
    if (!isNameOrIp(san)) {
      report.error(
        ['cluster', 'kubernetes', 'apiServerSANs', i],
        'BAD_SAN',
        `'${san}' is not a DNS name or IPv4 address`,
        'SANs are names (k8s.example.com) or addresses (10.0.0.10), without port or scheme',
      );
    }
  });
  const masters = inventory.hosts.filter((h) => h.roles.includes('master')).length;
  if (masters > 1 && endpoint === undefined) {
    report.warning(
      ['cluster', 'kubernetes'],
      'MULTIPLE_MASTERS_NO_ENDPOINT',
      `${masters} masters but no apiServerEndpoint: kubelets and kubeconfigs use the first master only`,
      'put a load balancer in front of the masters and set kubernetes.apiServerEndpoint to its name or IP',
    );
  }
  checkSsh(inventory, report);
  checkUrls(inventory, report);
  const hash = cluster.install.rootPasswordHash;
  if (hash !== undefined && !/^\$6\$(rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/.test(hash)) {
    report.error(
      ['cluster', 'install', 'rootPasswordHash'],
      'BAD_PASSWORD_HASH',
      'rootPasswordHash is not a SHA-512 crypt hash',
      "generate one with `openssl passwd -6` and paste the whole '$6$...' string in quotes",
    );
  }
  if (!/^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+)$/.test(cluster.install.timezone)) {
    report.error(
      ['cluster', 'install', 'timezone'],
      'BAD_TIMEZONE',
      `'${cluster.install.timezone}' is not an IANA time zone`,
      'e.g. UTC, Europe/Berlin, America/New_York',
    );
  }
}

function checkSsh(inventory: Inventory, report: Reporter): void {
  const keys = inventory.cluster.ssh.authorizedKeys;
  if (keys.length === 0) {
    report.warning(
      ['cluster', 'ssh'],
      'NO_SSH_KEYS',
      'no SSH authorized keys: nobody can log in to the hosts',
      'add your public key (the line in ~/.ssh/id_ed25519.pub) under cluster.ssh.authorizedKeys',
    );
  }
  keys.forEach((key, i) => {
    const problem = sshKeyProblem(key);
    if (problem) {
      report.error(
        ['cluster', 'ssh', 'authorizedKeys', i],
        'BAD_SSH_KEY',
        `not an OpenSSH public key: ${problem}`,
        'paste the whole line of the .pub file: "ssh-ed25519 AAAA... comment" (never the private key)',
      );
    }
  });
}

function checkUrls(inventory: Inventory, report: Reporter): void {
  const { artifacts, install } = inventory.cluster;
  const urls: [string[], string | undefined][] = [
    [['cluster', 'artifacts', 'mirror'], artifacts.mirror],
    [['cluster', 'install', 'repo'], install.repo],
    [['cluster', 'install', 'appstream'], install.appstream],
    [['cluster', 'install', 'kernel'], install.kernel],
    [['cluster', 'install', 'initrd'], install.initrd],
    [['cluster', 'install', 'coreos', 'kernel'], install.coreos?.kernel],
    [['cluster', 'install', 'coreos', 'initramfs'], install.coreos?.initramfs],
    [['cluster', 'install', 'coreos', 'rootfs'], install.coreos?.rootfs],
    [['cluster', 'install', 'live', 'kernel'], install.live?.kernel],
    [['cluster', 'install', 'live', 'initrd'], install.live?.initrd],
    [['cluster', 'install', 'live', 'rootfs'], install.live?.rootfs],
  ];
  for (const [at, url] of urls) {
    if (url !== undefined && !isHttpUrl(url)) {
      report.error(
        at,
        'BAD_URL',
        `'${url}' is not an http(s) URL`,
        'write a full URL, e.g. http://10.0.0.2:8080/mirror',
      );
    }
  }
  for (const [name, sum] of Object.entries(artifacts.sha256)) {
    if (!/^[0-9a-fA-F]{64}$/.test(sum)) {
      report.error(
        ['cluster', 'artifacts', 'sha256', name],
        'BAD_SHA256',
        `sha256 for '${name}' is not 64 hex digits`,
        'paste the output of `sha256sum FILE` (the hex part only)',
      );
    }
  }
}
