/**
 * Reads back what the e2e initramfs (initramfs-init.sh) printed on the serial port: the kernel
 * command line, the address it got, and every file it fetched, decoded from base64 to exact bytes.
 * Lines that are not markers (firmware, kernel, iPXE) are ignored.
 */
import { createHash } from 'node:crypto';

export interface FetchedFile {
  kind: string;
  url: string;
  bytes: Buffer;
  /** What the VM computed: busybox sha256sum and wc -c of the bytes it downloaded. */
  vmSha256: string;
  vmSize: number;
}

/** The VM's own check of one downloaded kind against the sha256 the test handed it. */
export interface Verification {
  kind: string;
  result: 'ok' | 'mismatch' | 'missing';
  expected?: string;
  actual?: string;
}

export interface SerialTranscript {
  cmdline?: string;
  /** `static ip=.. gateway=.. netmask=..` (from the kernel's ip= argument) or `dhcp`. */
  network?: string;
  address?: string;
  files: FetchedFile[];
  /** `kind url` of every fetch that failed in the VM. */
  failedFetches: string[];
  /** Marker lines the parser did not expect (a broken run shows up here instead of vanishing). */
  problems: string[];
  verifications: Verification[];
  /** The VM's overall verdict; absent when no expected hashes were handed in. */
  verdict?: 'ok' | 'fail';
  noConfigUrl: boolean;
  /** `phase status` of each install report the VM sent (`BOOTFORGE report phase=.. status=..`). */
  reports: string[];
  done: boolean;
}

const MARKER = 'BOOTFORGE ';

function fields(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(' ')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseSerialTranscript(serial: string): SerialTranscript {
  const transcript: SerialTranscript = {
    files: [],
    failedFetches: [],
    problems: [],
    verifications: [],
    noConfigUrl: false,
    reports: [],
    done: false,
  };
  let open: { kind: string; url: string; base64: string[] } | undefined;
  for (const rawLine of serial.split('\n')) {
    const line = rawLine.replaceAll('\r', '');
    if (open !== undefined && !line.startsWith(MARKER)) {
      open.base64.push(line.trim());
      continue;
    }
    const at = line.indexOf(MARKER);
    if (at < 0) continue;
    const body = line.slice(at + MARKER.length);
    const space = body.indexOf(' ');
    const word = space < 0 ? body : body.slice(0, space);
    const rest = space < 0 ? '' : body.slice(space + 1);
    const values = fields(rest);
    switch (word) {
      case 'cmdline':
        transcript.cmdline = rest;
        break;
      case 'network':
        transcript.network = rest;
        break;
      case 'address':
        transcript.address = rest;
        break;
      case 'begin':
        open = { kind: values.get('kind') ?? '', url: values.get('url') ?? '', base64: [] };
        break;
      case 'end': {
        if (open === undefined || values.get('kind') !== open.kind) {
          transcript.problems.push(`end without begin: ${line}`);
          break;
        }
        transcript.files.push({
          kind: open.kind,
          url: open.url,
          bytes: Buffer.from(open.base64.join(''), 'base64'),
          vmSha256: values.get('sha256') ?? '',
          vmSize: Number(values.get('size')),
        });
        open = undefined;
        break;
      }
      case 'fetch-failed':
        transcript.failedFetches.push(`${values.get('kind') ?? '?'} ${values.get('url') ?? '?'}`);
        break;
      case 'verify': {
        const result = rest.split(' ')[1];
        if (result !== 'ok' && result !== 'mismatch' && result !== 'missing') {
          transcript.problems.push(`unknown verification: ${line}`);
          break;
        }
        const expected = values.get('expected');
        const actual = values.get('actual');
        transcript.verifications.push({
          kind: values.get('kind') ?? '',
          result,
          ...(expected === undefined ? {} : { expected }),
          ...(actual === undefined ? {} : { actual }),
        });
        break;
      }
      case 'verdict':
        if (rest === 'ok' || rest === 'fail') transcript.verdict = rest;
        else transcript.problems.push(`unknown verdict: ${line}`);
        break;
      case 'no-config-url':
        transcript.noConfigUrl = true;
        break;
      case 'insmod-failed':
        transcript.problems.push(`the VM could not load the ${rest} NIC driver`);
        break;
      case 'dhcp-failed':
        transcript.problems.push('the VM got no DHCP lease');
        break;
      case 'report':
        transcript.reports.push(`${values.get('phase') ?? '?'} ${values.get('status') ?? '?'}`);
        break;
      case 'done':
        transcript.done = true;
        break;
      default:
        transcript.problems.push(`unknown marker: ${line}`);
    }
  }
  if (open !== undefined) transcript.problems.push(`file ${open.kind} never ended (output cut off?)`);
  for (const file of transcript.files) {
    if (sha256Hex(file.bytes) !== file.vmSha256 || file.bytes.length !== file.vmSize) {
      transcript.problems.push(`${file.kind}: the bytes on the serial line differ from what the VM hashed`);
    }
  }
  return transcript;
}
