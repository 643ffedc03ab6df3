/**
 * pxe/nginx.conf: the scale-out story. OUT stays a static tree; this file makes nginx serve it with
 * the routes `bootforge serve` answers. Both read the one serving policy (serving/): the route
 * names and query keys, operator-only paths, who owns a secret file, the default vendor-data and
 * the unknown-MAC iPXE script; test/serving/ feeds both servers the same requests.
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
 * served by accident. A secret file gets `allow <owner ip>; deny all;`.
 */
import { byKey } from '../../encoders/order.js';
import { isSecretMode } from '../../host/secrets.js';
import type { ServingFile, ServingHost } from '../../serving/entry.js';
import { ipxeErrorScript, UNKNOWN_MAC_SCRIPT } from '../../serving/ipxe-script.js';
import {
  isOperatorOnly,
  OPERATOR_ONLY_DIRS,
  OPERATOR_ONLY_PATHS,
  OPERATOR_ONLY_REASON,
} from '../../serving/operator-only.js';
import {
  ASSETS,
  BOOT_SCRIPT_PATH,
  BOOT_SCRIPT_URL,
  BY_ADDRESS,
  BY_MAC,
  HEALTH,
  HOST_SCRIPT_DIR,
  HOST_SCRIPT_NAMES,
  HOSTS_DIR,
  hostScriptPath,
  QUERY_MAC,
  QUERY_NAMES,
} from '../../serving/routes.js';
import { audienceOf, type FileAudience } from '../../serving/secret-owner.js';
import { DEFAULT_VENDOR_DATA, defaultVendorData } from '../../serving/vendor-data.js';

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

const SAFE_PATH = /^[A-Za-z0-9._+-]+(?:\/[A-Za-z0-9._+-]+)*$/;

/** A quoted nginx string: backslash and double quote escaped; `$` cannot appear (see $bootforge_dollar). */
function quoted(text: string): string {
  if (text.includes('$')) throw new Error(`nginx string may not contain '$': ${text}`);
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/** Text with iPXE's own `${...}` settings in an nginx string: each `$` is written as $bootforge_dollar. */
function quotedIpxe(text: string): string {
  return quoted(text.replaceAll('$', '\u0000')).replaceAll('\u0000', '${bootforge_dollar}');
}

const escapeRegex = (text: string): string => text.replace(/[.\\+*?^$()[\]{}|]/g, '\\$&');

/** A PCRE matching every spelling serving/mac.ts accepts for `mac` (any case via ~*). */
export function macPattern(mac: string): string {
  const pairs = mac.toLowerCase().split(':');
  const hex = pairs.join('');
  const hyphen = pairs.join('-');
  const dotted = `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`;
  return `(?:${[pairs.join(':'), hyphen, `01-${hyphen}`, hex, dotted].map(escapeRegex).join('|')})`;
}

/** Any MAC in a spelling serving/mac.ts accepts: a lookup by anything else is a bad request. */
const ANY_MAC =
  '(?:[0-9a-f]{2}(?::[0-9a-f]{2}){5}|(?:01-)?[0-9a-f]{2}(?:-[0-9a-f]{2}){5}|[0-9a-f]{12}|[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4})';

const SCRIPT_NAMES = `(?:${HOST_SCRIPT_NAMES.map(escapeRegex).join('|')})`;

/** Sets the reason the error pages print, then answers `status` through them. */
const fail = (status: 400 | 403 | 404, reason: string): string =>
  `set $bootforge_reason ${quoted(reason)}; return ${status};`;

function audienceRule(file: NginxFile, audience: FileAudience): string {
  switch (audience.kind) {
    case 'anyone':
      return `    location = /${file.path} { }`;
    case 'owner':
      return `    location = /${file.path} { allow ${audience.host.ip}; deny all; }`;
    case 'nobody':
      return `    location = /${file.path} { ${fail(403, audience.reason)} }`;
  }
}

function fileLocations(
  files: readonly NginxFile[],
  hosts: readonly NginxHost[],
  hostNamed: (name: string) => ServingHost | undefined,
): string[] {
  const lines: string[] = [];
  for (const file of [...files].sort(byKey((f) => f.path))) {
    if (isOperatorOnly(file.path)) continue;
    const entry: ServingFile = {
      path: file.path,
      secret: isSecretMode(file.mode),
      ...(file.host ? { host: file.host } : {}),
    };
    const audience = audienceOf(entry, hostNamed);
    // Outside hosts/, a file anyone may have is served by the catch-all location.
    if (audience.kind === 'anyone' && !file.path.startsWith(`${HOSTS_DIR}/`)) continue;
    lines.push(audienceRule(file, audience));
  }
  for (const { path } of defaultVendorData(hosts, files)) {
    lines.push(`    location = /${path} { return 200 ${quoted(DEFAULT_VENDOR_DATA)}; }`);
  }
  return lines;
}

/** The error pages: an iPXE script for what iPXE asks (as serve answers it), else one line of text. */
function errorPages(): string[] {
  const page = (status: number, fallback: string): string[] => [
    `    location @bootforge_${status} {`,
    `        if ($bootforge_reason = "") { set $bootforge_reason ${quoted(fallback)}; }`,
    '        if ($bootforge_wants_ipxe) {',
    `            add_header X-Bootforge-Status ${status} always;`,
    `            return 200 ${quoted(ipxeErrorScript(status, '\u0001')).replace('\u0001', '$bootforge_reason')};`,
    '        }',
    `        return ${status} "$bootforge_reason\\n";`,
    '    }',
  ];
  return [
    // 400 only where a lookup refuses a MAC (the locations say so): nginx's own 400s for a request
    // it cannot parse come before any location and keep nginx's page.
    '    error_page 403 = @bootforge_403;',
    '    error_page 404 = @bootforge_404;',
    ...page(400, 'bad request'),
    ...page(403, 'forbidden: secret files go only to their host address'),
    ...page(404, 'no such file in this OUT'),
  ];
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
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const scriptFile = (h: NginxHost): string => hostScriptPath(h.mac).slice(HOST_SCRIPT_DIR.length + 1);

  /**
   * A lookup route: find the host (`select` may refine it), send a script name to the host's
   * iPXE script, refuse what `checks` refuse, then rewrite to the static path, where the file
   * rules apply.
   */
  const lookupLocation = (
    pattern: string,
    source: string,
    select: string[],
    checks: string[],
    missing: string,
  ): string[] => [
    `    location ~ ${pattern} {`,
    `        set $bootforge_host ${source};`,
    ...select,
    `        if ($bootforge_file ~ ^${SCRIPT_NAMES}$) { rewrite ^ /${HOST_SCRIPT_DIR}/$bootforge_host_ipxe last; }`,
    // error_page is inherited only by a level that sets none: all three here.
    ...(checks.some((c) => c.includes('return 400'))
      ? [400, 403, 404].map((status) => `        error_page ${status} = @bootforge_${status};`)
      : []),
    ...checks,
    `        if ($bootforge_host = "") { ${fail(404, missing)} }`,
    `        rewrite ^ /${HOSTS_DIR}/$bootforge_host/$bootforge_file last;`,
    '    }',
  ];

  const hostMap = (source: string, variable: string, prefix: string, suffix: string): string[] => [
    `map ${source} ${variable} {`,
    '    default "";',
    ...hosts.map((h) => `    "~*^${prefix}${macPattern(h.mac)}${suffix}" ${h.name};`),
    '}',
  ];
  const validMap = (source: string, variable: string, prefix: string, suffix: string): string[] => [
    `map ${source} ${variable} {`,
    '    default 0;',
    // No MAC asked at all is not a malformed one.
    ...(prefix === '' ? ['    "" 1;'] : []),
    `    "~*^${prefix}${ANY_MAC}${suffix}" 1;`,
    '}',
  ];
  const nameMaps = QUERY_NAMES.flatMap((key) => [
    `map $arg_${key} $bootforge_query_${key}_host {`,
    '    default "";',
    ...hosts.map((h) => `    ${h.name} ${h.name};`),
    '}',
    '',
  ]);
  // serve looks a host up by ?mac= first, then by the names in order: the last `if` wins in nginx.
  const queryChecks = [
    ...[...QUERY_NAMES]
      .reverse()
      .map((key) => `        if ($arg_${key} != "") { set $bootforge_host $bootforge_query_${key}_host; }`),
    `        if ($arg_${QUERY_MAC} != "") { set $bootforge_host $bootforge_query_mac_host; }`,
  ];

  const operatorOnly = [
    ...OPERATOR_ONLY_PATHS.map((path) => `    location = /${path} { ${fail(403, OPERATOR_ONLY_REASON)} }`),
    ...OPERATOR_ONLY_DIRS.map((dir) => `    location ^~ /${dir} { ${fail(403, OPERATOR_ONLY_REASON)} }`),
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
    '# Routes: /boot.ipxe, the static tree (hosts/, pxe/; never cluster/, lifecycle/ or manifest.json),',
    '# /mac/<mac>/<file> and /<file>?mac=<mac> (any MAC spelling; <file> = ipxe for the host script),',
    '# /<file>?host=<name>, /self/<file> (by the client address), /assets/<path> (ranges by nginx).',
    "# Secret files (mode 0600) are allowed only from their host's inventory IP. Files under hosts/",
    '# that this configuration does not list are 404: regenerate it together with OUT.',
    "# Secret files are 0600: nginx's worker user must own OUT (e.g. chown -R www-data OUT).",
    '# Behind a proxy or load balancer, $remote_addr must be the booting machine (realip module).',
    '# Differences from `bootforge serve`: no one-shot secrets, no metrics, no admin endpoints, no',
    '# host reports (/report/, /status, /ui) and so no boot-once: an installed host is kept off its',
    '# installer by the disk-first boot order its kickstart sets; symlinks under the assets directory are refused.',
    '',
    '# A literal "$" for iPXE settings inside nginx strings.',
    'geo $bootforge_dollar { default "$"; }',
    '',
    '# What iPXE asks for (scripts; anything but assets from an iPXE client) gets errors as scripts.',
    'map "$http_user_agent|$uri" $bootforge_wants_ipxe {',
    '    default 0;',
    '    "~\\.ipxe/?$" 1;',
    `    "~/${SCRIPT_NAMES}/?$" 1;`,
    `    "~^[^|]*iPXE[^|]*\\|(?!/${ASSETS}(?:/|$))" 1;`,
    '}',
    '',
    ...hostMap('$uri', '$bootforge_path_mac_host', `/${BY_MAC}/`, '/'),
    ...validMap('$uri', '$bootforge_path_mac_valid', `/${BY_MAC}/`, '/'),
    '',
    ...hostMap(`$arg_${QUERY_MAC}`, '$bootforge_query_mac_host', '', '$'),
    ...validMap(`$arg_${QUERY_MAC}`, '$bootforge_query_mac_valid', '', '$'),
    '',
    ...hostMap('$uri', '$bootforge_script_mac_host', `/${HOST_SCRIPT_DIR}/`, '\\.ipxe$'),
    '',
    ...nameMaps,
    'map $remote_addr $bootforge_self_host {',
    '    default "";',
    ...hosts.map((h) => `    ${h.ip} ${h.name};`),
    ...hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h.ip)).map((h) => `    ::ffff:${h.ip} ${h.name};`),
    '}',
    '',
    '# host name -> the file name of its iPXE script',
    'map $bootforge_host $bootforge_host_ipxe {',
    '    default "";',
    ...hosts.map((h) => `    ${h.name} ${scriptFile(h)};`),
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
    '        application/octet-stream iso img efi kpxe gz zip;',
    '    }',
    '    autoindex off;',
    '    etag on;',
    '    add_header Cache-Control no-cache always;',
    '    server_tokens off;',
    '    set $bootforge_reason "";',
    '    # serve answers GET and HEAD only (its admin endpoints and host reports have no nginx form).',
    '    if ($request_method !~ ^(?:GET|HEAD)$) { return 405; }',
    '',
    ...errorPages(),
    '',
    `    location = ${BOOT_SCRIPT_URL} { try_files /${BOOT_SCRIPT_PATH} =404; }`,
    `    location = /${HEALTH} { return 200 "ok\\n"; }`,
    `    location = / { ${fail(404, 'nothing at /; start at /boot.ipxe')} }`,
    ...operatorOnly,
    '',
    '    # A machine asking for its iPXE script: by any MAC spelling, else a 200 script that says',
    '    # the inventory does not have it (iPXE ignores 404 bodies).',
    `    location ^~ /${HOST_SCRIPT_DIR}/ { try_files $uri @bootforge_script_by_mac; }`,
    '    location @bootforge_script_by_mac {',
    '        set $bootforge_host $bootforge_script_mac_host;',
    `        if ($uri != /${HOST_SCRIPT_DIR}/$bootforge_host_ipxe) { rewrite ^ /${HOST_SCRIPT_DIR}/$bootforge_host_ipxe last; }`,
    '        add_header X-Bootforge-Status 404 always;',
    `        return 200 ${quotedIpxe(UNKNOWN_MAC_SCRIPT)};`,
    '    }',
    '',
    '    # Lookups: rewritten to the static path, where the exact locations (and their allow/deny) apply.',
    '    # An iPXE script name goes to the host script first: for an unknown host that is /pxe/ipxe/,',
    '    # which is no file, so the client gets the unknown-MAC script above.',
    ...lookupLocation(
      `^/${BY_MAC}/[^/]+/(?<bootforge_file>[^/]+)$`,
      '$bootforge_path_mac_host',
      [],
      [`        if ($bootforge_path_mac_valid = 0) { ${fail(400, 'not a MAC address')} }`],
      'no host with this MAC in this inventory',
    ),
    ...lookupLocation(
      `^/${BY_ADDRESS}/(?<bootforge_file>[^/]+)$`,
      '$bootforge_self_host',
      [],
      [],
      'no host with this address in this inventory',
    ),
    ...lookupLocation(
      '^/(?<bootforge_file>[^/]+)$',
      '""',
      queryChecks,
      [
        `        if ($args = "") { ${fail(404, 'no such file in this OUT')} }`,
        `        if ($bootforge_query_mac_valid = 0) { ${fail(400, 'not a MAC address')} }`,
      ],
      'no such host in this inventory',
    ),
    '',
    '    # Air-gapped assets (kernels, initrds, install trees); nginx answers ranges itself.',
    `    location ~ ^/${ASSETS}/(?<bootforge_asset>.+)$ {`,
    '        alias $bootforge_assets/$bootforge_asset;',
    '        disable_symlinks on from=$bootforge_assets;',
    '        default_type application/octet-stream;',
    '    }',
    '',
    "    # Every file under hosts/ that this run produced, and every secret one (its host's address only).",
    ...fileLocations(site.files, hosts, (name) => byName.get(name)),
    `    location ^~ /${HOSTS_DIR}/ { ${fail(404, 'no such host or file in this OUT')} }`,
    '',
    '    location / { try_files $uri =404; }',
    '}',
    '',
  ];
  return lines.join('\n');
}
