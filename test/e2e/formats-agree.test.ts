/**
 * The three formats agree: for every host of both examples, what cloud-init (user-data), Ignition
 * (config.ign) and kickstart (ks.cfg) would lay down is the same set of files (path, mode, owner,
 * bytes), directories and enabled units. CentOS 7 (classic) cannot boot Ignition and gets no
 * config.ign: there cloud-init and kickstart are compared. Each is read the way its consumer reads it:
 * - user-data with a YAML parser, write_files decoded as cloud-init does, runcmd split by bash;
 * - config.ign with JSON.parse and RFC 2397 data-URL decoding, units placed where Ignition puts them;
 * - ks.cfg's %post executed by bash, chrooted into a throwaway minimal root, and that root read back.
 *
 * Allowed differences, each checked rather than ignored:
 * - Ignition writes the host's name and static network as files (/etc/hostname, a NetworkManager
 *   keyfile); cloud-init takes them from meta-data and network-config, kickstart from its `network`
 *   command. Those files are left out of the file comparison, and the test checks instead that all
 *   three give the same host name, address, gateway and DNS servers.
 * - Ignition downloads remote files itself (contents.source + verification.hash); every format
 *   carries /etc/bootforge/remote-files.tsv, read by bootforge-fetch-remote-files. The test checks
 *   each remote file of Ignition is listed there with the same URL, sha256, mode and owner.
 * - Packages and package repositories: kickstart installs them (%packages, .repo files from %post),
 *   cloud-init too (packages, yum_repos); Ignition renders neither by design. The test checks the
 *   first two name the same packages and repositories.
 * - Packaged units (enabled, no unit file of ours) come from %packages; the kickstart run gives
 *   them a stand-in unit file so `systemctl enable` can find them.
 * Needs root (mount namespace, chroot) for the kickstart part.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './support/bootforge-cli.js';
import { readCloudConfig } from './support/cloud-config.js';
import { readIgnitionConfig } from './support/ignition-config.js';
import { kickstartPackages, kickstartSshKeys, runKickstartPost } from './support/kickstart-post.js';
import {
  describeDirectories,
  describeFiles,
  fromIgnition,
  SYSTEMD_DIR,
  type LaidDown,
} from './support/laid-down.js';
import { cacheDir, repoRoot } from './support/paths.js';
import { centos7Repos } from '../../plan/boot.js';
import { FIRST_BOOT_DROPIN } from '../../generators/ignition/first-boot-reports.js';
import { BOOTED_UNIT } from '../../host/lifecycle.js';
import { parseUnitFile } from './support/systemd-unit.js';
import { inCI, skipWithoutTools } from './support/tools.js';

const EXAMPLES = ['classic', 'ha'];
/** Whether the example's OS boots Ignition: CentOS 7 (classic) cannot, EL9 (ha) can. */
const IGNITION: Readonly<Record<string, boolean>> = { classic: false, ha: true };
const NM_KEYFILE = /^\/etc\/NetworkManager\/system-connections\/[^/]+\.nmconnection$/;
const HOSTNAME = '/etc/hostname';
const REMOTE_LIST = '/etc/bootforge/remote-files.tsv';

function skipWithoutRoot(): boolean {
  if (process.getuid?.() === 0) return false;
  const message = 'formats agree: needs root to run %post in a chroot';
  if (inCI) throw new Error(`${message} (CI=true)`);
  console.warn(`SKIPPED ${message}`);
  return true;
}

const skip =
  skipWithoutTools('formats agree', ['bash', 'unshare', 'chroot', 'tar', 'systemctl']) || skipWithoutRoot();

/**
 * Units that have an [Install] section with something to hook into: `enable` creates links for
 * them. `contents`: our unit file, or none for a packaged unit.
 */
function installable(contents: string | undefined): boolean {
  if (contents === undefined) return true; // packaged: the stand-in is WantedBy=multi-user.target
  const install = parseUnitFile(contents).get('Install');
  return install !== undefined && ['WantedBy', 'RequiredBy', 'UpheldBy'].some((key) => install.has(key));
}

/**
 * The files each format writes by its own means: the host's identity and network, and the install
 * reports each makes in its own way (kickstart %pre/%post, cloud-init bootcmd/runcmd, Ignition a
 * first-boot drop-in on the booted unit).
 */
const IGNITION_FIRST_BOOT = `${SYSTEMD_DIR}/${BOOTED_UNIT}.d/${FIRST_BOOT_DROPIN}`;
function isIdentity(path: string): boolean {
  return path === HOSTNAME || NM_KEYFILE.test(path) || path === IGNITION_FIRST_BOOT;
}

function withoutIdentity(laid: LaidDown): LaidDown {
  const files = new Map([...laid.files].filter(([path]) => !isIdentity(path)));
  return { ...laid, files };
}

describe.skipIf(skip)('cloud-init, Ignition and kickstart lay down the same host', () => {
  let work: string;
  const outs = new Map<string, string>();
  const started = Date.now();

  beforeAll(async () => {
    await mkdir(cacheDir, { recursive: true });
    work = await mkdtemp(join(cacheDir, 'formats-'));
    for (const example of EXAMPLES) {
      const out = join(work, example);
      await generate(join(repoRoot, 'examples', `${example}.yaml`), out, join(work, `pki-${example}`));
      outs.set(example, out);
    }
  });

  afterAll(async () => {
    console.info(`formats agree: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (work !== undefined && process.env.BOOTFORGE_E2E_KEEP !== '1')
      await rm(work, { recursive: true, force: true });
  });

  for (const example of EXAMPLES) {
    it(`examples/${example}.yaml: every host`, async () => {
      const out = outs.get(example) ?? '';
      const hosts = (await readdir(join(out, 'hosts'))).sort();
      expect(hosts.length).toBeGreaterThan(0);
      for (const host of hosts) {
        const dir = join(out, 'hosts', host);
        // CentOS 7 (classic) cannot boot Ignition: it gets no config.ign, and cloud-init is the
        // reference kickstart is compared with. EL9 (ha) gets one, and Ignition is the reference.
        const ignPath = join(dir, 'config.ign');
        expect(existsSync(ignPath), `${host}: config.ign`).toBe(IGNITION[example]);
        const ignition = existsSync(ignPath)
          ? readIgnitionConfig(await readFile(ignPath, 'utf8'))
          : undefined;
        const cloud = await readCloudConfig(await readFile(join(dir, 'user-data'), 'utf8'));
        const refName = ignition === undefined ? 'cloud-init' : 'Ignition';
        const ref = ignition === undefined ? cloud.laid : fromIgnition(ignition);
        // Packaged units: enabled, with no unit file of ours (drop-ins aside).
        const packaged = [...ref.enabledUnits].filter((u) => !ref.files.has(`${SYSTEMD_DIR}/${u}`));
        const unitText = (unit: string): string | undefined =>
          ignition === undefined
            ? cloud.bytes.get(`${SYSTEMD_DIR}/${unit}`)?.toString('utf8')
            : ignition.units.find((u) => u.name === unit)?.contents;
        const kickstartText = await readFile(join(dir, 'ks.cfg'), 'utf8');
        const ks = await runKickstartPost(kickstartText, packaged, join(work, `ks-${example}-${host}`));
        const sshKeys = await kickstartSshKeys(kickstartText);

        // Files: path, mode, owner and bytes, identical in all three.
        const reference = describeFiles(withoutIdentity(ref).files);
        expect(reference.length, `${host}: ${refName} files`).toBeGreaterThan(0);
        if (ignition !== undefined)
          expect(describeFiles(withoutIdentity(cloud.laid).files), `${host}: cloud-init vs Ignition`).toEqual(
            reference,
          );
        expect(describeFiles(withoutIdentity(ks.laid).files), `${host}: kickstart vs ${refName}`).toEqual(
          reference,
        );

        // Directories each format declares: same mode and owner.
        const declared = describeDirectories(ref.directories);
        expect(describeDirectories(cloud.laid.directories), `${host}: cloud-init directories`).toEqual(
          declared,
        );
        const ksDirs = new Map([...ks.laid.directories].filter(([path]) => ref.directories.has(path)));
        expect(describeDirectories(ksDirs), `${host}: kickstart directories`).toEqual(declared);

        // Enabled units: the same names; kickstart's are the links `systemctl enable` made.
        const enabled = [...ref.enabledUnits].sort();
        expect([...cloud.laid.enabledUnits].sort(), `${host}: cloud-init enabled units`).toEqual(enabled);
        expect([...ks.laid.enabledUnits].sort(), `${host}: kickstart enable links`).toEqual(
          enabled.filter((unit) => installable(unitText(unit))),
        );
        for (const unit of ks.laid.enabledUnits) {
          const own = ref.files.has(`${SYSTEMD_DIR}/${unit}`);
          expect(own || packaged.includes(unit), `${unit} is ours or packaged`).toBe(true);
        }

        // Packages and their repositories: kickstart's %packages and .repo files, cloud-init's
        // packages and yum_repos. Ignition renders neither (image-based hosts; see generators/ignition).
        expect(kickstartPackages(kickstartText).sort(), `${host}: packages`).toEqual(
          [...cloud.packages].sort(),
        );
        // CentOS 7 on cloud-init adds the OS repositories of kickstart's install tree (the image's
        // own point at the retired mirrorlist); every other repository is the same in both.
        const osRepos = new Set(
          kickstartText.includes('#version=RHEL7')
            ? centos7Repos(installTree(kickstartText)).map((r) => r.id)
            : [],
        );
        const cloudRepos = new Map([...cloud.yumRepos].filter(([id]) => !osRepos.has(id)));
        expect(
          [...cloud.yumRepos.keys()].filter((id) => osRepos.has(id)),
          `${host}: OS repositories`,
        ).toEqual([...osRepos]);
        expect(repoLines(ks.yumRepos), `${host}: package repositories`).toEqual(repoLines(cloudRepos));

        // SSH keys: Ignition's passwd.users (or cloud-init's users), the others', the authorized_keys %post wrote.
        const keyed =
          ignition === undefined
            ? [...cloud.users].map(([name, keys]) => ({ name, sshAuthorizedKeys: keys }))
            : ignition.users;
        expect(
          keyed.some((u) => u.sshAuthorizedKeys.length > 0),
          `${host}: some SSH key`,
        ).toBe(true);
        for (const user of keyed.filter((u) => u.sshAuthorizedKeys.length > 0)) {
          expect(cloud.users.get(user.name), `${host}: ${user.name} keys (cloud-init)`).toEqual(
            user.sshAuthorizedKeys,
          );
          // root's keys come from kickstart's sshkey command, other users' from %post.
          const ksKeys =
            user.name === 'root' ? sshKeys.get('root') : ks.authorizedKeys.get(`/home/${user.name}`);
          expect(ksKeys, `${host}: ${user.name} keys (kickstart)`).toEqual(user.sshAuthorizedKeys);
        }

        // Remote files: Ignition fetches them; the others' fetch service reads the same list
        // (without Ignition, the list itself is one of the files compared above).
        const remoteList = ignition?.files.find((f) => f.path === REMOTE_LIST)?.bytes?.toString('utf8') ?? '';
        for (const remote of ignition?.files.filter((f) => f.bytes === undefined) ?? []) {
          const sha = (remote.hash ?? '').replace(/^sha256-/, '');
          const mode = remote.mode.toString(8).padStart(4, '0');
          expect(remoteList.split('\n'), `${host}: ${remote.path} in ${REMOTE_LIST}`).toContain(
            ['file', remote.path, mode, remote.user, remote.group, sha, remote.source].join('\t'),
          );
        }

        // Host name: Ignition's /etc/hostname, NoCloud's local-hostname, kickstart's network --hostname.
        if (ignition !== undefined) {
          const ignHostname = ignition.files.find((f) => f.path === HOSTNAME)?.bytes?.toString('utf8');
          expect(ignHostname).toBe(`${host}\n`);
        }
        const metaData = load(await readFile(join(dir, 'meta-data'), 'utf8')) as Record<string, unknown>;
        expect(metaData['local-hostname']).toBe(host);
        expect(/^network .*--hostname=(\S+)/m.exec(kickstartText)?.[1]).toBe(host);

        // Network: Ignition's keyfile (if any), cloud-init's network-config and kickstart's network
        // line give the host the same address, gateway and DNS servers.
        const fromNetworkConfig = networkConfigNetwork(await readFile(join(dir, 'network-config'), 'utf8'));
        const fromKickstart = kickstartNetwork(kickstartText);
        expect(fromKickstart, `${host}: kickstart network vs network-config`).toEqual(fromNetworkConfig);
        if (ignition !== undefined) {
          const keyfiles = ignition.files.filter((f) => NM_KEYFILE.test(f.path));
          expect(keyfiles).toHaveLength(1);
          const fromKeyfile = keyfileNetwork(keyfiles[0]?.bytes?.toString('utf8') ?? '');
          expect(fromNetworkConfig, `${host}: network-config vs keyfile`).toEqual(fromKeyfile);
        }
        expect(fromNetworkConfig.address).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
        expect(fromNetworkConfig.gateway).not.toBe('');
        expect(fromNetworkConfig.dns.length).toBeGreaterThan(0);
      }
    });
  }
});

/** kickstart's `url --url=TREE`. */
function installTree(kickstart: string): string {
  return /^url --url=(\S+)$/m.exec(kickstart)?.[1] ?? '';
}

function repoLines(repos: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  return [...repos]
    .flatMap(([id, settings]) => [...settings].map(([key, value]) => `${id}.${key}=${value}`))
    .sort();
}

interface HostNetwork {
  address: string;
  gateway: string;
  dns: string[];
}

/** NetworkManager keyfile [ipv4]: address1=<ip>/<prefix>[,<gateway>], gateway=, dns=a;b; */
function keyfileNetwork(text: string): HostNetwork {
  const section = /\[ipv4\]\n([\s\S]*?)(?:\n\[|$)/.exec(text)?.[1] ?? '';
  const value = (key: string): string => new RegExp(`^${key}=(.*)$`, 'm').exec(section)?.[1] ?? '';
  const [address = '', inlineGateway] = value('address1').split(',');
  return {
    address,
    gateway: value('gateway') || (inlineGateway ?? ''),
    dns: value('dns').split(';').filter(Boolean),
  };
}

/** cloud-init network-config, version 1 (subnets) or 2 (addresses/routes/nameservers). */
function networkConfigNetwork(text: string): HostNetwork {
  const doc = load(text) as Record<string, unknown>;
  const root = (doc.network ?? doc) as Record<string, unknown>;
  if (root.version === 2) {
    const ethernets = Object.values((root.ethernets ?? {}) as Record<string, Record<string, unknown>>);
    const eth = ethernets[0] ?? {};
    const routes = (eth.routes ?? []) as { to: string; via: string }[];
    const gateway =
      (eth.gateway4 as string | undefined) ??
      routes.find((r) => r.to === 'default' || r.to === '0.0.0.0/0')?.via ??
      '';
    const nameservers = (eth.nameservers ?? {}) as { addresses?: string[] };
    return {
      address: ((eth.addresses ?? []) as string[])[0] ?? '',
      gateway,
      dns: nameservers.addresses ?? [],
    };
  }
  const config = (root.config ?? []) as Record<string, unknown>[];
  const physical = config.find((c) => c.type === 'physical') ?? {};
  const subnet = ((physical.subnets ?? []) as Record<string, unknown>[])[0] ?? {};
  const address = String(subnet.address ?? '');
  const prefix = subnet.netmask === undefined ? '' : `/${maskToPrefix(String(subnet.netmask))}`;
  const dns =
    (subnet.dns_nameservers as string[] | undefined) ??
    ((config.find((c) => c.type === 'nameserver') ?? {}).address as string[] | undefined) ??
    [];
  return {
    address: address.includes('/') ? address : `${address}${prefix}`,
    gateway: String(subnet.gateway ?? ''),
    dns,
  };
}

/** `network --ip= --netmask= --gateway= --nameserver=a,b` (kickstart's network command). */
function kickstartNetwork(text: string): HostNetwork {
  const line = text.split('\n').find((l) => l.startsWith('network ') && l.includes('--ip=')) ?? '';
  const option = (name: string): string => new RegExp(`--${name}=(\\S+)`).exec(line)?.[1] ?? '';
  return {
    address: `${option('ip')}/${maskToPrefix(option('netmask'))}`,
    gateway: option('gateway'),
    dns: option('nameserver').split(',').filter(Boolean),
  };
}

function maskToPrefix(mask: string): number {
  return mask
    .split('.')
    .map((octet) => Number(octet).toString(2).replaceAll('0', '').length)
    .reduce((a, b) => a + b, 0);
}
