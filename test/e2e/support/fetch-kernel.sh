#!/bin/sh
# Fetch a Debian kernel for the network-boot test: `apt-get download linux-image-amd64`, follow its
# dependency to the versioned linux-image-6.x package, unpack that with `dpkg -x`, and keep only what
# the test needs in CACHE_DIR:
#   CACHE_DIR/vmlinuz        the kernel iPXE downloads and boots
#   CACHE_DIR/e1000.ko       the driver of QEMU's e1000 NIC (a module in Debian's kernel, no dependencies)
#   CACHE_DIR/qemu_fw_cfg.ko QEMU's fw_cfg in sysfs (a module, no dependencies): how the test hands the
#                            VM the sha256 values it must check
#   CACHE_DIR/kernel-version the versioned package name and version, for the test log
# Runs without root in any writable directory; reuses CACHE_DIR when it already holds all three.
set -eu

CACHE_DIR=${1:?usage: fetch-kernel.sh CACHE_DIR}
mkdir -p "$CACHE_DIR"
CACHE_DIR=$(cd "$CACHE_DIR" && pwd)
if [ -s "$CACHE_DIR/vmlinuz" ] && [ -s "$CACHE_DIR/e1000.ko" ] && [ -s "$CACHE_DIR/qemu_fw_cfg.ko" ] &&
  [ -s "$CACHE_DIR/kernel-version" ]; then
  exit 0
fi

WORK=$(mktemp -d "$CACHE_DIR/fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

if ! apt-get download -q linux-image-amd64 >&2; then
  echo "fetch-kernel: apt-get download failed; stale or missing package lists? run apt-get update" >&2
  exit 1
fi
META_DEB=$(ls linux-image-amd64_*.deb)
# Depends: linux-image-6.1.0-NN-amd64 (= 6.1.x-y)  ->  linux-image-6.1.0-NN-amd64
IMAGE_PKG=$(dpkg-deb -f "$META_DEB" Depends | tr ',' '\n' | sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
if [ -z "$IMAGE_PKG" ]; then
  echo "fetch-kernel: cannot find the versioned kernel package in $META_DEB's Depends" >&2
  exit 1
fi
if ! apt-get download -q "$IMAGE_PKG" >&2; then
  echo "fetch-kernel: cannot download $IMAGE_PKG; stale package lists? run apt-get update" >&2
  exit 1
fi
IMAGE_DEB=$(ls "$IMAGE_PKG"_*.deb)
dpkg -x "$IMAGE_DEB" root

VMLINUZ=$(ls root/boot/vmlinuz-*)
keep() {
  if [ ! -s "$1" ]; then
    echo "fetch-kernel: $IMAGE_PKG has no $2 (expected an uncompressed module)" >&2
    exit 1
  fi
  cp "$1" "$CACHE_DIR/$2.tmp" && mv "$CACHE_DIR/$2.tmp" "$CACHE_DIR/$2"
}
keep "$(find root/lib/modules -name e1000.ko -path '*/intel/e1000/*')" e1000.ko
keep "$(find root/lib/modules -name qemu_fw_cfg.ko)" qemu_fw_cfg.ko
cp "$VMLINUZ" "$CACHE_DIR/vmlinuz.tmp" && mv "$CACHE_DIR/vmlinuz.tmp" "$CACHE_DIR/vmlinuz"
echo "$IMAGE_PKG $(dpkg-deb -f "$IMAGE_DEB" Version)" > "$CACHE_DIR/kernel-version"
