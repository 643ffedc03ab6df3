/**
 * iPXE does not run the body of an error response: it prints a bare error code and the machine
 * falls through silently. For what iPXE asks for, errors are answered with status 200 and a script
 * that prints the reason on the console, waits so a person can read it, and exits (`exit 1`),
 * which hands the machine back to the firmware's next boot device.
 */

/** Keeps the reason on one line and out of iPXE's `${...}` expansion. */
function sanitize(reason: string): string {
  return reason.replace(/[\r\n]+/g, ' ').replace(/\$/g, '');
}

function script(message: string): string {
  return [
    '#!ipxe',
    `echo bootforge: ${message}`,
    'echo bootforge: leaving network boot in 10 seconds',
    'sleep 10',
    'exit 1',
    '',
  ].join('\n');
}

/** The script for an error with `status` and a reason (any text: `$` and newlines are removed). */
export function ipxeErrorScript(status: number, reason: string): string {
  return script(`${sanitize(reason)} (HTTP ${status})`);
}

/**
 * The answer to a machine asking for the iPXE script of a MAC the inventory does not have. iPXE
 * prints its own `${mac}`, so the console shows the machine's address whichever spelling it asked
 * with; the same bytes come from `bootforge serve` and from nginx.
 */
export const UNKNOWN_MAC_SCRIPT = script('no host with MAC ${mac} in this inventory (HTTP 404)');
