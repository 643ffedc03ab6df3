/**
 * The Debian 12 disk image of the first-boot test, built by support/debian-image/build.sh
 * (mmdebstrap, Debian packages only) and cached under the e2e cache directory, keyed by the
 * sha256 of the build's own files: a changed package list or agent builds a new image, a rerun
 * reuses it. A build takes about 3 minutes and downloads about 300 MB of packages.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, supportDir } from './paths.js';
import { runChecked } from './run-process.js';

export const DEBIAN_IMAGE_TOOLS = ['mmdebstrap', 'mkfs.ext4', 'qemu-img', 'gpg'] as const;

const BUILD_DIR = join(supportDir, 'debian-image');
const BUILD_FILES = ['build.sh', '99-e2e-image.cfg', 'e2e-report', 'e2e-report.service'];

export interface DebianImage {
  /** ext4 file system of the whole disk (raw); VMs boot copy-on-write overlays of it. */
  root: string;
  kernel: string;
  initrd: string;
  /**
   * The empty, signed Debian archive the image trusts (build.sh): deb.debian.org/{debian,
   * debian-security}/dists/<suite>/, to serve under the inventory's mirror.
   */
  aptMirror: string;
  /** True when this call built it (false: taken from the cache). */
  built: boolean;
}

async function present(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function debianImage(): Promise<DebianImage> {
  const hash = createHash('sha256');
  for (const name of BUILD_FILES)
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(BUILD_DIR, name)));
  const dir = join(cacheDir, `debian12-image-${hash.digest('hex').slice(0, 16)}`);
  const image = {
    root: join(dir, 'root.img'),
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
  };
  const aptMirror = join(dir, 'apt-mirror');
  const cached = (await Promise.all([...Object.values(image), aptMirror].map(present))).every(Boolean);
  if (!cached) await runChecked('bash', [join(BUILD_DIR, 'build.sh'), dir], { timeoutMs: 1_200_000 });
  return { ...image, aptMirror, built: !cached };
}
