/**
 * URL rules. Every URL in the inventory is copied, unquoted, into files with their own syntax:
 * iPXE and pxelinux split words at whitespace and iPXE expands `${...}`; GRUB treats `; & | $ < >`
 * and quotes specially; the kernel command line honours double quotes; cloud-init splits
 * `ds=nocloud;s=...` at `;`; pxelinux separates initrds with `,`; dnsmasq and iPXE start comments
 * at `#`; nginx and systemd expand `$`. Rather than quote each differently, a URL may hold only
 * characters that every one of them passes through unchanged, and a URL that bootforge extends
 * with paths (the boot server, the mirror, the install trees) may have no query.
 */
import { isIpv4, parseIpv4 } from '../../plan/ipv4.js';
import type { PathSegments } from '../diagnostic.js';
import type { Inventory } from '../model.js';
import type { Reporter } from '../report.js';
import { describeCharacter, isControlOrSpace, isDnsName, isHttpUrl } from './syntax.js';

/** Letters, digits and `- . _ ~ : / % +`, plus `? & =` in the query of a URL fetched as it is. */
const URL_CHARACTER = /^[A-Za-z0-9._~:/%+?&=-]$/;

const WHY: Readonly<Record<string, string>> = {
  ' ': 'boot loaders and the kernel command line split words at whitespace',
  '"': 'GRUB, the kernel command line and kickstart treat quotes specially',
  "'": 'GRUB, the kernel command line and kickstart treat quotes specially',
  ';': "GRUB ends a command at ';' and cloud-init splits ds=nocloud;s=... at it",
  $: 'iPXE, GRUB, nginx and systemd expand $',
  '#': 'dnsmasq and iPXE start a comment at #, and a #fragment is never sent to the server',
  '@': 'credentials in a URL would be copied into every boot script; serve these files without them',
  ',': 'pxelinux separates initrd URLs with commas',
  '[': 'bootforge plans IPv4 clusters only; write an IPv4 address or a DNS name',
};

/**
 * Why `url` (already known to be an http(s) URL) cannot be placed safely, or undefined.
 * `base`: bootforge appends paths to it, so it may have no query.
 */
export function urlProblem(url: string, base: boolean): string | undefined {
  const bad = [...new Set([...url].filter((c) => !URL_CHARACTER.test(c)))];
  const first = bad[0];
  if (first !== undefined) {
    const why =
      WHY[first] ??
      (isControlOrSpace(first)
        ? 'a boot script or config file would break the line or split the word there'
        : first.charCodeAt(0) > 0x7e
          ? 'boot loaders read URLs as ASCII'
          : 'GRUB and the shell treat it specially');
    return `contains ${bad.map(describeCharacter).join(', ')}: ${why}`;
  }
  const m = /^(https?):\/\/([^/:?]*)(?::([^/?]*))?([^?]*)(\?.*)?$/.exec(url);
  if (!m) return 'has an upper-case scheme; write http:// or https://';
  const [, , host = '', port, , query] = m;
  if (/^[\d.]+$/.test(host) ? !isIpv4(host) : !isDnsName(host)) {
    return `names the host '${host}', which is neither an IPv4 address (four numbers 0-255, no leading zeros) nor a DNS name`;
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `has the port ':${port}', which is not a number from 1 to 65535`;
  }
  if (base && query !== undefined) return 'has a query (?...), but bootforge appends paths to this URL';
  if (query === undefined && /[&=]/.test(url)) return "has '&' or '=' outside a query";
  if (/%(?![0-9A-Fa-f]{2})/.test(url)) return "has a '%' that is not followed by two hex digits";
  return undefined;
}

/**
 * The IPv4 address a URL names, as written (`http://10.0.0.2:8080/x` -> 10.0.0.2), or undefined
 * for a DNS name or no URL. Read from the text, not through `new URL`, which would turn
 * `010.0.0.2` into 8.0.0.2 where the boot loaders see the text.
 */
export function urlIpv4(url: string): number | undefined {
  const host = /^https?:\/\/([^/:?#@]*)/i.exec(url)?.[1];
  return host === undefined ? undefined : parseIpv4(host);
}

const HINT =
  'use letters, digits and - . _ ~ : / + in the path (percent-encode anything else, e.g. a space as %20)';

/** The URL fields, whether bootforge extends them (`base`), and their paths. */
function urlFields(inventory: Inventory): [PathSegments, string | undefined, boolean][] {
  const { artifacts, install } = inventory.cluster;
  return [
    [['cluster', 'artifacts', 'mirror'], artifacts.mirror, true],
    [['cluster', 'install', 'repo'], install.repo, true],
    [['cluster', 'install', 'appstream'], install.appstream, true],
    [['cluster', 'install', 'kernel'], install.kernel, false],
    [['cluster', 'install', 'initrd'], install.initrd, false],
    [['cluster', 'install', 'coreos', 'kernel'], install.coreos?.kernel, false],
    [['cluster', 'install', 'coreos', 'initramfs'], install.coreos?.initramfs, false],
    [['cluster', 'install', 'coreos', 'rootfs'], install.coreos?.rootfs, false],
    [['cluster', 'install', 'live', 'kernel'], install.live?.kernel, false],
    [['cluster', 'install', 'live', 'initrd'], install.live?.initrd, false],
    [['cluster', 'install', 'live', 'rootfs'], install.live?.rootfs, false],
  ];
}

export function checkBootServer(inventory: Inventory, report: Reporter): void {
  const url = inventory.cluster.bootServer;
  if (url === undefined) return; // required only for PXE delivery (rules/delivery.ts)
  const at = ['cluster', 'bootServer'];
  if (!isHttpUrl(url)) {
    report.error(
      at,
      'BAD_BOOT_SERVER',
      `'${url}' is not an http(s) URL`,
      'write the URL booting machines reach, e.g. http://10.0.0.2:8080',
    );
    return;
  }
  const problem = urlProblem(url, true);
  if (problem) {
    report.error(
      at,
      'UNSAFE_URL',
      `boot server ${JSON.stringify(url)} ${problem}`,
      `write the address booting machines reach, e.g. http://10.0.0.2:8080 or http://boot.example.com/k8s; ${HINT}`,
    );
  }
}

export function checkUrls(inventory: Inventory, report: Reporter): void {
  for (const [at, url, base] of urlFields(inventory)) {
    if (url === undefined) continue;
    if (!isHttpUrl(url)) {
      report.error(
        at,
        'BAD_URL',
        `'${url}' is not an http(s) URL`,
        'write a full URL, e.g. http://10.0.0.2:8080/mirror',
      );
      continue;
    }
    const problem = urlProblem(url, base);
    if (problem) report.error(at, 'UNSAFE_URL', `${JSON.stringify(url)} ${problem}`, HINT);
  }
}
