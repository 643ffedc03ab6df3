#!/bin/bash
# Builds the Debian 12 disk image the first-boot test boots (test/e2e/debian-first-boot.test.ts),
# from Debian packages only: mmdebstrap installs systemd, Debian's cloud-init, curl, a kernel and
# what bootforge's user-data asks apt for, into a directory that becomes an ext4 file system (no
# partition table, no boot loader: QEMU boots the image's own kernel and initrd, copied out
# beside it). Usage: build.sh OUTDIR. Writes OUTDIR/{root.img,vmlinuz,initrd.img} and
# OUTDIR/apt-mirror/ (see below), nothing else.
#
# Stand-ins for what a real cloud image has or does (all in the image, none in bootforge's output):
#   - the Debian archive: the VMs are offline, so the test serves, on the mirror its inventory names
#     (serve --assets), an empty archive for the suites bootforge's user-data lists
#     (apt-mirror/deb.debian.org/{debian,debian-security}/dists/<suite>/), signed with a key made
#     here that the image trusts in place of Debian's. `apt-get update` (cloud-init's package
#     module) fetches it for real; the packages the user-data lists are already installed.
#   - cloud-init looks only for NoCloud (as a NoCloud-only image would) and does not resize the
#     root file system (it is not on a partition).
#   - e2e-report.service, the test's agent: once cloud-init is done and etcd is up, it prints what
#     the host has (see e2e-report) on the serial console.
set -euo pipefail

out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
# Built outside the repository (a chroot with /proc mounted would trip tools that walk the tree),
# then moved into place.
work=$(mktemp -d "${TMPDIR:-/tmp}/bootforge-debian-image.XXXXXX")
trap 'GNUPGHOME=$work/gnupg gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$work"' EXIT

packages=(
  # the OS: init, devices, kernel, network (cloud-init renders network-config for netplan)
  systemd-sysv udev kmod linux-image-amd64 netplan.io iproute2
  # Debian's cloud-init with what Debian cloud images carry beside it
  cloud-init openssh-server locales ca-certificates curl python3
  # what bootforge's debian12 user-data installs (os/debian12.ts hostPackages)
  chrony tar conntrack socat iptables
)

mmdebstrap --variant=apt --include="$(IFS=,; echo "${packages[*]}")" bookworm "$work/root"

root=$work/root
rm -f "$root"/etc/apt/sources.list.d/*
: > "$root"/etc/apt/sources.list

# The empty archive: one Release per suite (Packages empty), clear-signed as InRelease.
export GNUPGHOME=$work/gnupg
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'bootforge e2e archive' ed25519 sign never
gpg --batch --quiet --export > "$root"/etc/apt/trusted.gpg.d/bootforge-e2e.gpg
chmod 0644 "$root"/etc/apt/trusted.gpg.d/bootforge-e2e.gpg
mirror=$work/apt-mirror
for archive_suite in debian:bookworm debian:bookworm-updates debian-security:bookworm-security; do
  archive=${archive_suite%%:*}
  suite=${archive_suite#*:}
  dists=$mirror/deb.debian.org/$archive/dists/$suite
  mkdir -p "$dists/main/binary-amd64"
  : > "$dists/main/binary-amd64/Packages"
  {
    echo "Origin: bootforge-e2e"
    echo "Label: bootforge-e2e"
    echo "Suite: $suite"
    echo "Codename: $suite"
    echo "Date: Sat, 10 Jun 2023 00:00:00 UTC"
    echo "Architectures: amd64"
    echo "Components: main"
    echo "SHA256:"
    echo " $(sha256sum < "$dists/main/binary-amd64/Packages" | cut -d' ' -f1) 0 main/binary-amd64/Packages"
  } > "$dists/Release"
  gpg --batch --quiet --yes --clearsign -o "$dists/InRelease" "$dists/Release"
done
echo "en_US.UTF-8 UTF-8" > "$root"/etc/locale.gen
chroot "$root" locale-gen > /dev/null
install -m 0644 "$here/99-e2e-image.cfg" "$root"/etc/cloud/cloud.cfg.d/99-e2e-image.cfg
install -m 0755 "$here/e2e-report" "$root"/usr/local/sbin/e2e-report
install -m 0644 "$here/e2e-report.service" "$root"/etc/systemd/system/e2e-report.service
chroot "$root" systemctl enable --quiet e2e-report.service
echo "/dev/vda / ext4 defaults 0 1" > "$root"/etc/fstab
# A new machine: systemd makes its machine-id on first boot; cloud-init sets the host name.
rm -f "$root"/etc/hostname
: > "$root"/etc/machine-id

cp "$work"/root/boot/vmlinuz-* "$work/vmlinuz"
cp "$work"/root/boot/initrd.img-* "$work/initrd.img"
truncate -s 3G "$work/root.img"
mkfs.ext4 -q -F -L root -d "$work/root" "$work/root.img"
mkdir -p "$out.part"
mv "$work/root.img" "$work/vmlinuz" "$work/initrd.img" "$mirror" "$out.part/"
rm -rf "$out"
mv "$out.part" "$out"
