/**
 * iPXE does not run the body of an error response: it prints a bare error code and the machine
 * falls through silently. For what iPXE asks for, bootforge answers errors with status 200 and a
 * script that prints the reason on the console, waits so a person can read it, and exits
 * (`exit 1`), which hands the machine back to the firmware's next boot device. The real status is
 * kept in the X-Bootforge-Status header, the access log and the metrics.
 */

/** Keeps the reason on one line and out of iPXE's `${...}` expansion. */
function sanitize(reason: string): string {
  return reason.replace(/[\r\n]+/g, ' ').replace(/\$/g, '');
}

export function ipxeErrorScript(status: number, reason: string): string {
  return [
    '#!ipxe',
    `echo bootforge: ${sanitize(reason)} (HTTP ${status})`,
    'echo bootforge: leaving network boot in 10 seconds',
    'sleep 10',
    'exit 1',
    '',
  ].join('\n');
}
