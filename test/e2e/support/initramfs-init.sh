#!/bin/sh
# /init of the e2e initramfs: bring up the NIC, fetch the first-boot config that the kernel command
# line points to (kickstart, NoCloud or Ignition), print it to the serial port between markers and
# power off. The test reads the markers back from QEMU's serial output:
#   BOOTFORGE cmdline <the kernel command line>
#   BOOTFORGE begin kind=<ks|user-data|meta-data|network-config|ignition> url=<url>
#   <the bytes, base64: the serial line adds \r, base64 keeps the bytes exact>
#   BOOTFORGE end kind=<kind> size=<bytes> sha256=<hex>
#   BOOTFORGE fetch-failed kind=<kind> url=<url>
#   BOOTFORGE no-config-url
#   BOOTFORGE done
# Output goes to ttyS0 directly: the generated kernel arguments need not name a serial console.
/bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/ttyS0 2>&1

say() { echo "BOOTFORGE $*"; }
finish() {
  say "done"
  sync
  poweroff -f
}

CMDLINE=$(cat /proc/cmdline)
say "cmdline $CMDLINE"

insmod /lib/modules/e1000.ko || say "insmod-failed e1000"
ip link set lo up
ip link set eth0 up
# QEMU's user-mode network answers DHCP; the script below only sets the address and the route.
if ! udhcpc -i eth0 -s /etc/udhcpc.script -q -f -n -t 10 -T 1 >/tmp/udhcpc.log 2>&1; then
  cat /tmp/udhcpc.log
  say "dhcp-failed"
  finish
fi
say "address $(ip -4 -o addr show dev eth0 | sed -n 's/.* inet \([^ ]*\).*/\1/p')"

# fetch KIND URL: download URL and print it between markers.
fetch() {
  kind=$1
  url=$2
  if wget -q -O /tmp/fetched "$url"; then
    say "begin kind=$kind url=$url"
    base64 /tmp/fetched
    size=$(wc -c </tmp/fetched | tr -d ' ')
    sum=$(sha256sum /tmp/fetched | sed 's/ .*//')
    say "end kind=$kind size=$size sha256=$sum"
  else
    say "fetch-failed kind=$kind url=$url"
  fi
  rm -f /tmp/fetched
}

found=0
for arg in $CMDLINE; do
  case "$arg" in
    inst.ks=*)
      found=1
      fetch ks "${arg#inst.ks=}"
      ;;
    ignition.config.url=*)
      found=1
      fetch ignition "${arg#ignition.config.url=}"
      ;;
    ds=nocloud*)
      # ds=nocloud;s=<seed url ending in />[;h=...]: the seed URL is the s= field.
      seed=$(echo "${arg#ds=}" | tr ';' '\n' | sed -n 's/^s=//p')
      if [ -n "$seed" ]; then
        found=1
        fetch meta-data "${seed}meta-data"
        fetch user-data "${seed}user-data"
        fetch network-config "${seed}network-config"
      fi
      ;;
  esac
done
[ "$found" = 1 ] || say "no-config-url"
finish
