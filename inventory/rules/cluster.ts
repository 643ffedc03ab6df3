/**
 * Cluster-wide rules: names, SSH keys, checksum pins, the apiserver endpoint and SANs, install
 * settings. URLs are checked in urls.ts.
 */
import { parseIpv4 } from '../../plan/ipv4.js';
import { appstreamBeside } from '../install-tree.js';
import { ARTIFACT_NAMES, type Inventory } from '../model.js';
import type { Reporter } from '../report.js';
import { isDnsLabel, isDnsName, sshKeyProblem } from './syntax.js';

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
  checkPins(inventory, report);
  const hash = cluster.install.rootPasswordHash;
  if (hash !== undefined && !/^\$6\$(rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/.test(hash)) {
    report.error(
      ['cluster', 'install', 'rootPasswordHash'],
      'BAD_PASSWORD_HASH',
      'rootPasswordHash is not a SHA-512 crypt hash',
      "generate one with `openssl passwd -6` and paste the whole '$6$...' string in quotes",
    );
  }
  const { repo, appstream } = cluster.install;
  if (cluster.os === 'el9' && repo !== undefined && appstream === undefined && !appstreamBeside(repo)) {
    report.error(
      ['cluster', 'install', 'repo'],
      'MISSING_APPSTREAM',
      `EL9 installs from BaseOS and AppStream, and ${JSON.stringify(repo)} has no /BaseOS/ to find AppStream beside it`,
      'set cluster.install.appstream to the AppStream tree too, or point repo at the BaseOS tree (.../BaseOS/x86_64/os/)',
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
  // Without a key root is locked (kickstart `rootpw --lock`, cloud-init `lock_passwd`) unless a
  // password hash opens the console: then there is a way in, and nothing to warn about.
  if (keys.length === 0 && inventory.cluster.install.rootPasswordHash === undefined) {
    report.warning(
      ['cluster', 'ssh'],
      'NO_SSH_KEYS',
      'no SSH authorized keys and no root password: nobody can log in to the hosts, not even on the console (root is locked)',
      'add your public key (the line in ~/.ssh/id_ed25519.pub) under cluster.ssh.authorizedKeys; for console login, set cluster.install.rootPasswordHash to a SHA-512 crypt hash (openssl passwd -6)',
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

function checkPins(inventory: Inventory, report: Reporter): void {
  const pins = inventory.cluster.artifacts.sha256;
  for (const name of ARTIFACT_NAMES) {
    const sum = pins[name];
    if (sum !== undefined && !/^[0-9a-fA-F]{64}$/.test(sum)) {
      report.error(
        ['cluster', 'artifacts', 'sha256', name],
        'BAD_SHA256',
        `sha256 for '${name}' is not 64 hex digits`,
        'paste the output of `sha256sum FILE` (the hex part only)',
      );
    }
  }
}
