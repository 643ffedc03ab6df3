/** ECMA-119 8.4/8.5 volume descriptors: primary, Joliet supplementary, set terminator. */
import {
  SECTOR_SIZE,
  putAscii,
  putBE32,
  putBoth16,
  putBoth32,
  putLE32,
  putUcs2,
  putVolumeDate,
} from './bytes.js';

export interface VolumeDescriptorFields {
  kind: 'primary' | 'joliet';
  volumeId: string;
  applicationId: string;
  volumeSpaceSize: number;
  pathTableSize: number;
  pathTableL: number;
  pathTableM: number;
  /** The 34-byte root directory record. */
  rootRecord: Uint8Array;
  created: Date;
}

/** UCS-2 level 3 escape sequence `%/E` (Joliet). */
const JOLIET_ESCAPE = [0x25, 0x2f, 0x45];

export function volumeDescriptor(fields: VolumeDescriptorFields): Uint8Array {
  const out = new Uint8Array(SECTOR_SIZE);
  const joliet = fields.kind === 'joliet';
  const text = joliet ? putUcs2 : putAscii;
  out[0] = joliet ? 2 : 1;
  putAscii(out, 1, 5, 'CD001');
  out[6] = 1;
  text(out, 8, 32, '');
  text(out, 40, 32, fields.volumeId);
  putBoth32(out, 80, fields.volumeSpaceSize);
  if (joliet) out.set(JOLIET_ESCAPE, 88);
  putBoth16(out, 120, 1);
  putBoth16(out, 124, 1);
  putBoth16(out, 128, SECTOR_SIZE);
  putBoth32(out, 132, fields.pathTableSize);
  putLE32(out, 140, fields.pathTableL);
  putBE32(out, 148, fields.pathTableM);
  if (fields.rootRecord.length !== 34) throw new Error('root directory record must be 34 bytes');
  out.set(fields.rootRecord, 156);
  text(out, 190, 128, '');
  text(out, 318, 128, '');
  text(out, 446, 128, '');
  text(out, 574, 128, fields.applicationId);
  text(out, 702, 37, '');
  text(out, 739, 37, '');
  text(out, 776, 37, '');
  putVolumeDate(out, 813, fields.created);
  putVolumeDate(out, 830, fields.created);
  putVolumeDate(out, 847, null);
  putVolumeDate(out, 864, fields.created);
  out[881] = 1;
  return out;
}

export function terminatorDescriptor(): Uint8Array {
  const out = new Uint8Array(SECTOR_SIZE);
  out[0] = 255;
  putAscii(out, 1, 5, 'CD001');
  out[6] = 1;
  return out;
}
