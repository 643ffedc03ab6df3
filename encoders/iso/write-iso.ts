/**
 * A small, deterministic ISO 9660 image writer: one root directory of regular files, with a
 * Joliet tree and Rock Ridge entries so readers see the names exactly as given (`user-data`, not
 * `USER_DAT.;1`). Enough for a NoCloud seed; no subdirectories, no El Torito.
 *
 * Layout (2048-byte sectors):
 *   0-15 system area (zero) | 16 primary VD | 17 Joliet SVD | 18 terminator
 *   19/20 primary path tables (L/M) | 21/22 Joliet path tables (L/M)
 *   primary root directory | Rock Ridge continuation area (ER) | Joliet root directory | file data
 * The same file extents are shared by both trees. Every timestamp is the fixed `recorded` date.
 */
import { SECTOR_SIZE, putBE16, putBE32, putLE16, putLE32, sectorsFor, ucs2 } from './bytes.js';
import { concatBytes, directoryRecord } from './directory-record.js';
import { checkJolietName, compareJoliet, compareLevel1, level1Identifiers } from './names.js';
import { S_IFDIR, S_IFREG, ceEntry, erEntry, nmEntry, pxEntry, rrEntry, spEntry } from './rock-ridge.js';
import { terminatorDescriptor, volumeDescriptor } from './volume-descriptor.js';

export interface IsoFile {
  /** Name in the root directory, e.g. `user-data`. */
  name: string;
  content: Uint8Array;
  /** Permission bits recorded in Rock Ridge (e.g. 0o644). */
  mode: number;
}

export interface IsoImage {
  /** Volume label, at most 16 characters (the Joliet limit), e.g. `cidata`. */
  volumeId: string;
  files: readonly IsoFile[];
  /** Every timestamp in the image; defaults to ISO_FIXED_DATE so output is reproducible. */
  recorded?: Date;
}

/** 1980-01-01T00:00:00Z: a constant, so the same files always give the same bytes. */
export const ISO_FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

const APPLICATION_ID = 'BOOTFORGE';
const FIRST_TABLE_SECTOR = 19;
const ROOT_SECTOR = 23;

interface PlacedFile extends IsoFile {
  level1: string;
  extent: number;
}

/** Packs directory records into whole sectors; a record never crosses a sector boundary. */
function packRecords(records: readonly Uint8Array[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let used = 0;
  for (const record of records) {
    if (used + record.length > SECTOR_SIZE) {
      chunks.push(new Uint8Array(SECTOR_SIZE - used));
      used = 0;
    }
    chunks.push(record);
    used += record.length;
  }
  if (used > 0 && used < SECTOR_SIZE) chunks.push(new Uint8Array(SECTOR_SIZE - used));
  return concatBytes(chunks);
}

function pathTable(rootExtent: number, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(10);
  out[0] = 1;
  if (littleEndian) {
    putLE32(out, 2, rootExtent);
    putLE16(out, 6, 1);
  } else {
    putBE32(out, 2, rootExtent);
    putBE16(out, 6, 1);
  }
  return out;
}

function validate(image: IsoImage): void {
  if (image.volumeId.length === 0 || image.volumeId.length > 16 || !/^[\x20-\x7e]+$/.test(image.volumeId)) {
    throw new Error(`ISO volume label must be 1-16 printable ASCII characters: ${image.volumeId}`);
  }
  const seen = new Set<string>();
  for (const file of image.files) {
    const problem = checkJolietName(file.name);
    if (problem !== null) throw new Error(`ISO file name ${JSON.stringify(file.name)} has ${problem}`);
    if (seen.has(file.name)) throw new Error(`ISO file name ${file.name} appears twice`);
    seen.add(file.name);
  }
}

/**
 * Everything of an image but its file data: a function of the label, the date and each file's
 * name, mode and length only. The seed ISOs of a cluster's hosts mostly share those (same names,
 * same modes, the same lengths), so each layout is made once per thread and its bytes copied.
 */
interface Layout {
  /** Sectors 0 up to the first file's extent. */
  header: Uint8Array;
  totalSectors: number;
  /** Each file's first sector, by name. */
  extents: ReadonlyMap<string, number>;
}

/** Layouts remembered before the memo starts over (each holds a few sectors). */
const LAYOUTS_KEPT = 64;
const layouts = new Map<string, Layout>();

function layoutOf(image: IsoImage): Layout {
  const recorded = image.recorded ?? ISO_FIXED_DATE;
  const key = JSON.stringify([
    image.volumeId,
    recorded.getTime(),
    image.files.map((f) => [f.name, f.mode, f.content.length]),
  ]);
  let layout = layouts.get(key);
  if (layout === undefined) {
    layout = layOut(image, recorded);
    if (layouts.size >= LAYOUTS_KEPT) layouts.clear();
    layouts.set(key, layout);
  }
  return layout;
}

export function buildIso(image: IsoImage): Uint8Array {
  const layout = layoutOf(image);
  const out = new Uint8Array(layout.totalSectors * SECTOR_SIZE);
  out.set(layout.header, 0);
  for (const f of image.files) out.set(f.content, layout.extents.get(f.name)! * SECTOR_SIZE);
  return out;
}

function layOut(image: IsoImage, recorded: Date): Layout {
  validate(image);
  // Everything is derived from the name-sorted list, so the given order does not matter.
  const sorted = [...image.files].sort((a, b) => compareJoliet(a.name, b.name));
  const ids = level1Identifiers(sorted.map((f) => f.name));
  const files = sorted.map((f, i) => ({ ...f, level1: ids[i]!, extent: 0 }));

  const primaryOrder = [...files].sort((a, b) => compareLevel1(a.level1, b.level1));
  const jolietOrder = [...files].sort((a, b) => compareJoliet(a.name, b.name));

  const continuation = erEntry();
  const primaryDirectory = (
    rootExtent: number,
    size: number,
    ceSector: number,
    placed: readonly PlacedFile[],
  ) =>
    packRecords([
      directoryRecord({
        identifier: Uint8Array.of(0),
        extent: rootExtent,
        dataLength: size,
        directory: true,
        recorded,
        systemUse: concatBytes([
          spEntry(),
          rrEntry({ px: true, nm: false }),
          pxEntry(S_IFDIR | 0o755, 2),
          ceEntry(ceSector, 0, continuation.length),
        ]),
      }),
      directoryRecord({
        identifier: Uint8Array.of(1),
        extent: rootExtent,
        dataLength: size,
        directory: true,
        recorded,
        systemUse: concatBytes([rrEntry({ px: true, nm: false }), pxEntry(S_IFDIR | 0o755, 2)]),
      }),
      ...placed.map((f) =>
        directoryRecord({
          identifier: new TextEncoder().encode(f.level1),
          extent: f.extent,
          dataLength: f.content.length,
          directory: false,
          recorded,
          systemUse: concatBytes([
            rrEntry({ px: true, nm: true }),
            pxEntry(S_IFREG | (f.mode & 0o7777), 1),
            nmEntry(f.name),
          ]),
        }),
      ),
    ]);
  const jolietDirectory = (rootExtent: number, size: number, placed: readonly PlacedFile[]) =>
    packRecords([
      directoryRecord({
        identifier: Uint8Array.of(0),
        extent: rootExtent,
        dataLength: size,
        directory: true,
        recorded,
      }),
      directoryRecord({
        identifier: Uint8Array.of(1),
        extent: rootExtent,
        dataLength: size,
        directory: true,
        recorded,
      }),
      ...placed.map((f) =>
        directoryRecord({
          identifier: ucs2(f.name),
          extent: f.extent,
          dataLength: f.content.length,
          directory: false,
          recorded,
        }),
      ),
    ]);

  // Record sizes do not depend on extents: measure first, then lay out.
  const primarySize = primaryDirectory(0, 0, 0, primaryOrder).length;
  const jolietSize = jolietDirectory(0, 0, jolietOrder).length;
  const primaryRoot = ROOT_SECTOR;
  const ceSector = primaryRoot + primarySize / SECTOR_SIZE;
  const jolietRoot = ceSector + 1;
  const firstFileSector = jolietRoot + jolietSize / SECTOR_SIZE;
  let next = firstFileSector;
  // Extents in name order, so the bytes do not depend on the order files were given in.
  for (const f of jolietOrder) {
    f.extent = next;
    next += Math.max(1, sectorsFor(f.content.length));
  }
  const totalSectors = next;

  const image_ = new Uint8Array(firstFileSector * SECTOR_SIZE);
  const at = (sector: number, bytes: Uint8Array): void => image_.set(bytes, sector * SECTOR_SIZE);

  const primaryBytes = primaryDirectory(primaryRoot, primarySize, ceSector, primaryOrder);
  const jolietBytes = jolietDirectory(jolietRoot, jolietSize, jolietOrder);
  // The root record in a volume descriptor is the "." record without system use fields.
  const rootRecord = (extent: number, size: number) =>
    directoryRecord({ identifier: Uint8Array.of(0), extent, dataLength: size, directory: true, recorded });
  const common = {
    applicationId: APPLICATION_ID,
    volumeSpaceSize: totalSectors,
    pathTableSize: 10,
    created: recorded,
  };
  at(
    16,
    volumeDescriptor({
      ...common,
      kind: 'primary',
      volumeId: image.volumeId,
      pathTableL: FIRST_TABLE_SECTOR,
      pathTableM: FIRST_TABLE_SECTOR + 1,
      rootRecord: rootRecord(primaryRoot, primarySize),
    }),
  );
  at(
    17,
    volumeDescriptor({
      ...common,
      kind: 'joliet',
      volumeId: image.volumeId,
      pathTableL: FIRST_TABLE_SECTOR + 2,
      pathTableM: FIRST_TABLE_SECTOR + 3,
      rootRecord: rootRecord(jolietRoot, jolietSize),
    }),
  );
  at(18, terminatorDescriptor());
  at(FIRST_TABLE_SECTOR, pathTable(primaryRoot, true));
  at(FIRST_TABLE_SECTOR + 1, pathTable(primaryRoot, false));
  at(FIRST_TABLE_SECTOR + 2, pathTable(jolietRoot, true));
  at(FIRST_TABLE_SECTOR + 3, pathTable(jolietRoot, false));
  at(primaryRoot, primaryBytes);
  at(ceSector, continuation);
  at(jolietRoot, jolietBytes);
  return { header: image_, totalSectors, extents: new Map(files.map((f) => [f.name, f.extent])) };
}
