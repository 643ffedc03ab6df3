#!/bin/sh
# Build the e2e initramfs (gzip'd newc cpio): Debian's static busybox, the /init from
# initramfs-init.sh, the udhcpc hook and the two modules fetched by fetch-kernel.sh (e1000, qemu_fw_cfg).
#   build-initramfs.sh KERNEL_CACHE_DIR OUTPUT_FILE
set -eu

KERNEL_DIR=${1:?usage: build-initramfs.sh KERNEL_CACHE_DIR OUTPUT_FILE}
OUTPUT=${2:?usage: build-initramfs.sh KERNEL_CACHE_DIR OUTPUT_FILE}
HERE=$(cd "$(dirname "$0")" && pwd)
BUSYBOX=/bin/busybox
# The initramfs has no libraries: busybox must be the static build (package busybox-static).
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "build-initramfs: $BUSYBOX is dynamically linked; install busybox-static" >&2
  exit 1
fi
if ! "$BUSYBOX" --list | grep -qx udhcpc; then
  echo "build-initramfs: $BUSYBOX has no udhcpc; install busybox-static" >&2
  exit 1
fi

ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/lib/modules" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
ln -s busybox "$ROOT/bin/sh"
cp "$HERE/initramfs-init.sh" "$ROOT/init"
cp "$HERE/udhcpc.script" "$ROOT/etc/udhcpc.script"
cp "$KERNEL_DIR/e1000.ko" "$KERNEL_DIR/qemu_fw_cfg.ko" "$ROOT/lib/modules/"
chmod 0755 "$ROOT/init" "$ROOT/etc/udhcpc.script" "$ROOT/bin/busybox"

mkdir -p "$(dirname "$OUTPUT")"
# Fixed mtimes and a sorted file list: the same inputs give the same image.
find "$ROOT" -exec touch -h -d @0 {} +
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -9 >"$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
