/**
 * The URL scheme booting machines use, as data: where the entry script and each host's files live
 * and which names and query keys look a host up. The resolver (router.ts) and the nginx
 * configuration generator both read these, so a route exists in both or in neither.
 */

/** The iPXE entry script every machine fetches first, and where it lives in OUT. */
export const BOOT_SCRIPT_URL = '/boot.ipxe';
export const BOOT_SCRIPT_PATH = 'pxe/boot.ipxe';

/** Per-MAC iPXE scripts live here, one file per host: `<mac with hyphens>.ipxe`. */
export const HOST_SCRIPT_DIR = 'pxe/ipxe';

/** Names under which a lookup (/mac/, /self/, ?mac=, ?host=) answers the host's iPXE script. */
export const HOST_SCRIPT_NAMES: readonly string[] = ['ipxe', 'boot.ipxe', 'script.ipxe'];

/** Query keys naming a host: by MAC first, then by name. */
export const QUERY_MAC = 'mac';
export const QUERY_NAMES: readonly string[] = ['host', 'hostname'];

/** Path prefixes (first segment) of the lookup routes. */
export const BY_MAC = 'mac';
export const BY_ADDRESS = 'self';
export const HOSTS_DIR = 'hosts';
export const ASSETS = 'assets';
/** serve-only endpoints (nginx has none of these). */
export const HEALTH = 'healthz';
export const METRICS = 'metrics';
export const ADMIN = '_bootforge';
/** Install lifecycle (issue 10), serve-only: `POST /report/<host>` from hosts, the rest for operators. */
export const REPORT = 'report';
export const STATUS = 'status';
export const UI = 'ui';
/** `/ui/events`: the live page's server-sent events. */
export const UI_EVENTS = 'events';

/** `52:54:00:00:00:11` -> `pxe/ipxe/52-54-00-00-00-11.ipxe` (the PXE generator's file name). */
export function hostScriptPath(mac: string): string {
  return `${HOST_SCRIPT_DIR}/${mac.toLowerCase().replaceAll(':', '-')}.ipxe`;
}

/** A host's own file by short name: `hosts/<name>/<file>`. */
export function hostFilePath(host: string, file: string): string {
  return `${HOSTS_DIR}/${host}/${file}`;
}
