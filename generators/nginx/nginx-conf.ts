/**
 * pxe/nginx.conf: the scale-out story. OUT stays a static tree; this file makes nginx serve it with
 * the routes `bootforge serve` answers (server/router.ts), so a site that outgrows one process
 * points nginx (or several) at OUT instead.
 *
 * The file is included inside `http { }` after two variables say where OUT and the assets are
 * (a generator is pure and does not know where OUT will live):
 *
 *   map "" $bootforge_out    { default /srv/bootforge/out; }
 *   map "" $bootforge_assets { default /srv/bootforge/assets; }
 *   include /srv/bootforge/out/pxe/nginx.conf;
 *
 * Files under hosts/ are served from an explicit list (one exact location per file this run
 * produced): anything else under hosts/ is a 404, so a file nginx was not told about is never
 * served by accident. A secret file (mode 0600) gets `allow <host ip>; deny all;`.
 */
import { macHyphen } from '../pxe/mac-names.js';
import { byKey } from '../../host/order.js';
import { isSecretMode } from '../../emit/manifest.js';

export interface NginxHost {
  name: string;
  ip: string;
  /** Lower-case colon form. */
  mac: string;
}

export interface NginxFile {
  path: string;
  mode: number;
  host?: string;
}

export interface NginxSite {
  cluster: string;
  /** Port from cluster.bootServer. */
  port: number;
  /** cluster.bootServer is https: nginx needs ssl_certificate lines the operator adds. */
  tls: boolean;
  hosts: readonly NginxHost[];
  files: readonly NginxFile[];
}

export const EMPTY_VENDOR_DATA = '#cloud-config\n';

const SAFE_PATH = /^[A-Za-z0-9._+-]+(?:\/[A-Za-z0-9._+-]+)*$/;

function isSecret(file: NginxFile): boolean {
  return isSecretMode(file.mode);
}

function isOperatorOnly(path: string): boolean {
  return path === 'manifest.json' || path.startsWith('cluster/');
}

/** A quoted nginx string: backslash and double quote escaped; `$` cannot appear (see $bootforge_dollar). */
function quoted(text: string): string {
  if (text.includes('$')) throw new Error(`nginx string may not contain '$': ${text}`);
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/** A PCRE matching every spelling server/mac.ts accepts for `mac` (any case via ~*). */
export function macPattern(mac: string): string {
  const pairs = mac.split(':');
  const [first = '', ...rest] = pairs;
  const separated = `(?:01-)?${first}([:-]?)${rest.join('\\g{1}')}`;
  const hex = pairs.join('');
  const dotted = `${hex.slice(0, 4)}\\.${hex.slice(4, 8)}\\.${hex.slice(8)}`;
  return `(?:${separated}|${dotted})`;
}

/** iPXE script in an nginx string: iPXE's own `${mac}` is written with the $bootforge_dollar trick. */
function ipxeError(message: string): string {
  const script = [
    '#!ipxe',
    `echo bootforge: ${message}`,
    'echo bootforge: leaving network boot in 10 seconds',
    'sleep 10',
    'exit 1',
    '',
  ];
  return `"${script.join('\\n').replaceAll('{mac}', '${bootforge_dollar}{mac}')}"`;
}

function hostLocations(
  site: NginxSite,
  hostNames: ReadonlySet<string>,
  ipOf: ReadonlyMap<string, string>,
): string[] {
  const lines: string[] = [];
  const byPath = new Map(site.files.map((f) => [f.path, f]));
  for (const file of [...site.files].sort(byKey((f) => f.path))) {
    if (isOperatorOnly(file.path)) continue;
    const owner = file.host ?? /^hosts\/([^/]+)\//.exec(file.path)?.[1];
    const underHosts = file.path.startsWith('hosts/');
    if (!isSecret(file) && !underHosts) continue; // the catch-all location serves it
    if (!isSecret(file)) {
      lines.push(`    location = /${file.path} { }`);
      continue;
    }
    const ip = owner === undefined ? undefined : ipOf.get(owner);
    if (ip === undefined) {
      lines.push(
        `    location = /${file.path} { return 403 ${quoted(`secret file /${file.path} belongs to no host\n`)}; }`,
      );
    } else {
      lines.push(`    location = /${file.path} { allow ${ip}; deny all; }`);
    }
  }
  for (const name of [...hostNames].sort()) {
    if (!byPath.has(`hosts/${name}/vendor-data`)) {
      lines.push(`    location = /hosts/${name}/vendor-data { return 200 ${quoted(EMPTY_VENDOR_DATA)}; }`);
    }
  }
  return lines;
}

export function renderNginxConf(site: NginxSite): string {
  for (const file of site.files) {
    if (!SAFE_PATH.test(file.path))
      throw new Error(`nginx.conf cannot name the path ${JSON.stringify(file.path)}`);
  }
  for (const host of site.hosts) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(host.name))
      throw new Error(`nginx.conf cannot name the host ${JSON.stringify(host.name)}`);
    if (!/^[0-9a-fA-F:.]+$/.test(host.ip))
      throw new Error(`nginx.conf cannot use the address ${JSON.stringify(host.ip)}`);
  }
  const hosts = [...site.hosts].sort(byKey((h) => h.name));
  const hostNames = new Set(hosts.map((h) => h.name));
  const ipOf = new Map(hosts.map((h) => [h.name, h.ip]));
  const notFound = (text: string): string => `return 404 ${quoted(`${text}\n`)};`;

  const lookupLocation = (pattern: string, source: string, extra: string[], missing: string): string[] => [
    `    location ~ ${pattern} {`,
    `        set $bootforge_host ${source};`,
    ...extra,
    '        if ($bootforge_file ~ ^(ipxe|boot\\.ipxe|script\\.ipxe)$) { rewrite ^ /pxe/ipxe/$bootforge_host_ipxe last; }',
    `        if ($bootforge_host = "") { ${notFound(missing)} }`,
    '        rewrite ^ /hosts/$bootforge_host/$bootforge_file last;',
    '    }',
  ];

  const macMap = (source: string, variable: string, prefix: string, suffix: string): string[] => [
    `map ${source} ${variable} {`,
    '    default "";',
    ...hosts.map((h) => `    "~*^${prefix}${macPattern(h.mac)}${suffix}" ${h.name};`),
    '}',
  ];

  const lines = [
    `# bootforge: nginx serving this OUT (cluster ${site.cluster}) with the routes of \`bootforge serve\`.`,
    '# Include it inside http { } after saying where OUT and the assets directory are:',
    '#',
    '#   map "" $bootforge_out    { default /srv/bootforge/out; }',
    '#   map "" $bootforge_assets { default /srv/bootforge/assets; }   # may be an empty directory',
    '#   include /srv/bootforge/out/pxe/nginx.conf;',
    '#',
    '# With hundreds of hosts also set map_hash_max_size 65536; map_hash_bucket_size 128; there.',
    '# Routes: /boot.ipxe, the static tree (hosts/, pxe/; never cluster/ or manifest.json),',
    '# /mac/<mac>/<file> and /<file>?mac=<mac> (any MAC spelling; <file> = ipxe for the host script),',
    '# /<file>?host=<name>, /self/<file> (by the client address), /assets/<path> (ranges by nginx).',
    "# Secret files (mode 0600) are allowed only from their host's inventory IP. Files under hosts/",
    '# that this configuration does not list are 404: regenerate it together with OUT.',
    "# Secret files are 0600: nginx's worker user must own OUT (e.g. chown -R www-data OUT).",
    '# Behind a proxy or load balancer, $remote_addr must be the booting machine (realip module).',
    '# Differences from `bootforge serve`: no one-shot secrets, no metrics, symlinks under the',
    '# assets directory are refused, and unknown MACs get an iPXE script printing ${mac}.',
    '',
    '# A literal "$" for iPXE settings inside nginx strings.',
    'geo $bootforge_dollar { default "$"; }',
    '',
    ...macMap('$uri', '$bootforge_path_mac_host', '/mac/', '/'),
    '',
    ...macMap('$arg_mac', '$bootforge_query_mac_host', '', '$'),
    '',
    'map $arg_host $bootforge_query_name_host {',
    '    default "";',
    ...hosts.map((h) => `    ${h.name} ${h.name};`),
    '}',
    '',
    'map $remote_addr $bootforge_self_host {',
    '    default "";',
    ...hosts.map((h) => `    ${h.ip} ${h.name};`),
    ...hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h.ip)).map((h) => `    ::ffff:${h.ip} ${h.name};`),
    '}',
    '',
    '# host name -> the file name of its iPXE script',
    'map $bootforge_host $bootforge_host_ipxe {',
    '    default "";',
    ...hosts.map((h) => `    ${h.name} ${macHyphen(h.mac)}.ipxe;`),
    '}',
    '',
    'server {',
    // A boot storm connects all at once: room in the accept queue (the kernel caps it at somaxconn).
    `    listen ${site.port}${site.tls ? ' ssl' : ''} backlog=4096;`,
    ...(site.tls
      ? ['    # cluster.bootServer is https: add ssl_certificate and ssl_certificate_key here.']
      : []),
    '    root $bootforge_out;',
    '    default_type text/plain;',
    '    charset utf-8;',
    '    types {',
    '        application/json json ign;',
    '        application/octet-stream iso img efi kpxe;',
    '    }',
    '    autoindex off;',
    '    etag on;',
    '    add_header Cache-Control no-cache always;',
    '    server_tokens off;',
    '',
    '    location = /boot.ipxe { try_files /pxe/boot.ipxe =404; }',
    '    location = /healthz { return 200 "ok\\n"; }',
    '    location = /manifest.json { return 403 "operator material (cluster/, manifest.json) is never served\\n"; }',
    '    location ^~ /cluster/ { return 403 "operator material (cluster/, manifest.json) is never served\\n"; }',
    '',
    '    # Unknown MAC asking for its iPXE script: a 200 script that says so (iPXE ignores 404 bodies).',
    '    location ^~ /pxe/ipxe/ { try_files $uri @bootforge_unknown_mac; }',
    `    location @bootforge_unknown_mac { return 200 ${ipxeError('no host with MAC {mac} in this inventory (HTTP 404)')}; }`,
    '',
    '    # Lookups: rewritten to the static path, where the exact locations (and their allow/deny) apply.',
    '    # An iPXE script name goes to the host script first: for an unknown host that is /pxe/ipxe/,',
    '    # which is no file, so the client gets the iPXE script above that explains.',
    ...lookupLocation(
      '^/mac/[^/]+/(?<bootforge_file>[^/]+)$',
      '$bootforge_path_mac_host',
      [],
      'no host with this MAC in this inventory',
    ),
    ...lookupLocation(
      '^/self/(?<bootforge_file>[^/]+)$',
      '$bootforge_self_host',
      [],
      'no host with this address in this inventory',
    ),
    ...lookupLocation(
      '^/(?<bootforge_file>[^/]+)$',
      '""',
      [
        '        if ($arg_host != "") { set $bootforge_host $bootforge_query_name_host; }',
        '        if ($arg_mac != "") { set $bootforge_host $bootforge_query_mac_host; }',
        '        if ($args = "") { return 404 "no such file in this OUT\\n"; }',
      ],
      'no such host in this inventory',
    ),
    '',
    '    # Air-gapped assets (kernels, initrds, install trees); nginx answers ranges itself.',
    '    location ~ ^/assets/(?<bootforge_asset>.+)$ {',
    '        alias $bootforge_assets/$bootforge_asset;',
    '        disable_symlinks on from=$bootforge_assets;',
    '        default_type application/octet-stream;',
    '    }',
    '',
    "    # Every file under hosts/ that this run produced; secret ones only for their host's address.",
    ...hostLocations(site, hostNames, ipOf),
    '    location ^~ /hosts/ { return 404 "no such host or file in this OUT\\n"; }',
    '',
    '    location / { try_files $uri =404; }',
    '}',
    '',
  ];
  return lines.join('\n');
}
