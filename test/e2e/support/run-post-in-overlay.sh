#!/bin/bash
# Runs a kickstart %post script the way Anaconda does (its interpreter, chrooted into the new
# system) in a throwaway root, and reports what it wrote. Must run as root in a private mount
# namespace:
#   unshare --mount --propagation private run-post-in-overlay.sh POST_SCRIPT PACKAGED_UNITS RESULT_DIR
# The root is a fresh tmpfs holding only what a minimal installed system has before %post: the
# accounts files and useradd's settings copied from this machine, and /usr as an overlay over this
# machine's /usr (bash, coreutils, useradd, systemctl; writes land in the overlay). Nothing else of
# this machine's /etc or /var is visible, so what the script leaves behind is exactly its own work.
# PACKAGED_UNITS lists units the config enables but does not ship (their packages come from
# %packages): each gets a stand-in unit file so `systemctl enable` can find it.
# RESULT_DIR receives:
#   post.log     the script's output
#   changed.tsv  every path the script created or replaced: type, octal mode, owner, group, path
#                (owner names resolved by the new root's own passwd and group)
#   root/        those paths' contents
set -euo pipefail

post=${1:?usage: run-post-in-overlay.sh POST_SCRIPT PACKAGED_UNITS RESULT_DIR}
packaged=${2:?}
result=${3:?}
interpreter=${INTERPRETER:-/bin/bash}

scratch=$(mktemp -d)
mount -t tmpfs -o mode=0755 tmpfs "$scratch"
root=$scratch/root
mkdir -p "$root"/{etc/default,var/tmp,root,home,tmp,proc,dev,run,usr} "$scratch/usr-upper" "$scratch/usr-work"
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"
for dir in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$dir" ]; then
    ln -s "$(readlink "/$dir")" "$root/$dir"
  elif [ -d "/$dir" ]; then
    mkdir "$root/$dir"
    mount --bind -o ro "/$dir" "$root/$dir"
  fi
done
mount -t overlay overlay -o "lowerdir=/usr,upperdir=$scratch/usr-upper,workdir=$scratch/usr-work" "$root/usr"
for file in passwd group shadow gshadow login.defs nsswitch.conf default/useradd; do
  if [ -e "/etc/$file" ]; then cp -a "/etc/$file" "$root/etc/$file"; fi
done
if [ -d /etc/skel ]; then cp -a /etc/skel "$root/etc/skel"; fi
mount --bind /proc "$root/proc"
mount --bind /dev "$root/dev"

mkdir -p "$root/usr/lib/systemd/system"
while IFS= read -r unit; do
  if [ -n "$unit" ]; then
    printf '[Unit]\nDescription=stand-in for packaged %s\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' \
      "$unit" >"$root/usr/lib/systemd/system/$unit"
  fi
done <"$packaged"

# Everything present before the script, by path and change time: what the script must not be
# credited with unless it replaced it.
snapshot() {
  (cd "$root" && find . -xdev -mindepth 1 -printf '/%P\t%C@\n' | LC_ALL=C sort)
}
snapshot >"$scratch/before"
(cd "$scratch/usr-upper" && find . -mindepth 1 -printf '/usr/%P\n') >"$scratch/usr-before"

mkdir -p "$result"
status=0
chroot "$root" "$interpreter" -s <"$post" >"$result/post.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "%post exited $status" >>"$result/post.log"
  exit "$status"
fi

{
  snapshot | LC_ALL=C comm -13 "$scratch/before" - | cut -f1
  (cd "$scratch/usr-upper" && find . -mindepth 1 -printf '/usr/%P\n') | grep -vxF -f "$scratch/usr-before" || true
} >"$result/changed.txt"
# shellcheck disable=SC2016 # the loop runs in the new root's shell
chroot "$root" /bin/bash -c 'while IFS= read -r p; do stat -c "%F	%a	%U	%G	%n" "$p"; done' \
  <"$result/changed.txt" >"$result/changed.tsv"
mkdir -p "$result/root"
sed 's|^/||' "$result/changed.txt" | tar -C "$root" --no-recursion -cf - -T - | tar -C "$result/root" -xf -
