/**
 * The kernel and initramfs a test VM boots: Debian's kernel (fetch-kernel.sh, cached) and the
 * busybox initramfs (build-initramfs.sh, rebuilt when its inputs are newer). Both land in one
 * directory that `bootforge serve --assets` serves as /assets/vmlinuz and /assets/initrd.img.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, supportDir } from './paths.js';
import { runChecked } from './run-process.js';
import { copyFile, mkdir, readFile } from 'node:fs/promises';

export interface BootAssets {
  /** Directory holding vmlinuz and initrd.img. */
  dir: string;
  /** The Debian package and version the kernel came from. */
  kernelPackage: string;
}

export const BOOT_ASSET_TOOLS = ['apt-get', 'dpkg-deb', 'busybox', 'cpio', 'gzip'] as const;

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export async function ensureBootAssets(): Promise<BootAssets> {
  const kernelDir = join(cacheDir, 'kernel');
  const dir = join(cacheDir, 'assets');
  await mkdir(dir, { recursive: true });
  await runChecked('sh', [join(supportDir, 'fetch-kernel.sh'), kernelDir], { timeoutMs: 300_000 });
  await copyFile(join(kernelDir, 'vmlinuz'), join(dir, 'vmlinuz'));

  const initrd = join(dir, 'initrd.img');
  const inputs = ['build-initramfs.sh', 'initramfs-init.sh', 'udhcpc.script'].map((name) =>
    join(supportDir, name),
  );
  const newestInput = Math.max(
    ...inputs.map(mtime),
    mtime(join(kernelDir, 'kernel-version')),
    mtime('/bin/busybox'),
  );
  if (mtime(initrd) <= newestInput) {
    await runChecked('sh', [join(supportDir, 'build-initramfs.sh'), kernelDir, initrd]);
  }
  const kernelPackage = (await readFile(join(kernelDir, 'kernel-version'), 'utf8')).trim();
  return { dir, kernelPackage };
}
