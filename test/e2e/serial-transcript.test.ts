/** The reader of the initramfs' serial markers: exact bytes back, and broken runs reported, not lost. */
import { describe, expect, it } from 'vitest';
import { parseSerialTranscript, sha256Hex } from './support/serial-transcript.js';

const body = Buffer.from('#cloud-config\r\nhostname: a\n\x00');
const b64 = body.toString('base64');

describe('parseSerialTranscript', () => {
  it('decodes files between markers amid firmware noise and carriage returns', () => {
    const serial = [
      'iPXE 1.0.0 -- Open Source Network Boot Firmware',
      '\x1b[2JBOOTFORGE cmdline ds=nocloud;s=http://10.0.2.2:1/hosts/a/ quiet\r',
      'BOOTFORGE address 10.0.2.15/24\r',
      'BOOTFORGE begin kind=user-data url=http://10.0.2.2:1/hosts/a/user-data\r',
      `${b64.slice(0, 10)}\r`,
      `${b64.slice(10)}\r`,
      `BOOTFORGE end kind=user-data size=${body.length} sha256=${sha256Hex(body)}\r`,
      'BOOTFORGE fetch-failed kind=network-config url=http://10.0.2.2:1/hosts/a/network-config',
      'BOOTFORGE done',
    ].join('\n');
    const transcript = parseSerialTranscript(serial);
    expect(transcript.problems).toEqual([]);
    expect(transcript.cmdline).toBe('ds=nocloud;s=http://10.0.2.2:1/hosts/a/ quiet');
    expect(transcript.address).toBe('10.0.2.15/24');
    expect(transcript.files).toHaveLength(1);
    expect(transcript.files[0]?.bytes.equals(body)).toBe(true);
    expect(transcript.failedFetches).toEqual(['network-config http://10.0.2.2:1/hosts/a/network-config']);
    expect(transcript.done).toBe(true);
  });

  it('reports a file whose bytes do not match the hash the VM printed', () => {
    const serial = `BOOTFORGE begin kind=ks url=u\n${b64}\nBOOTFORGE end kind=ks size=${body.length} sha256=${'0'.repeat(64)}\n`;
    expect(parseSerialTranscript(serial).problems).toEqual([
      'ks: the bytes on the serial line differ from what the VM hashed',
    ]);
  });

  it('reports output cut off inside a file, and failures of the VM itself', () => {
    const serial = 'BOOTFORGE dhcp-failed\nBOOTFORGE begin kind=ignition url=u\nAAAA\n';
    const transcript = parseSerialTranscript(serial);
    expect(transcript.problems).toEqual([
      'the VM got no DHCP lease',
      'file ignition never ended (output cut off?)',
    ]);
    expect(transcript.done).toBe(false);
  });
});
