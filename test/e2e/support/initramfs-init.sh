#!/bin/sh
# /init of the e2e initramfs: bring up the NIC, fetch the first-boot config that the kernel
# command line points to (inst.ks=, ds=nocloud;s=, ignition.config.url= or
# coreos.inst.ignition_url=), print it to the serial port between markers and power off. The test
# reads the markers back from QEMU's serial output:
#   BOOTFORGE cmdline <the kernel command line>
#   BOOTFORGE network static ip=<ip> gateway=<gw> netmask=<mask> | BOOTFORGE network dhcp
#   BOOTFORGE address <ip>/<prefix>
#   BOOTFORGE begin kind=<ks|user-data|meta-data|network-config|ignition> url=<url>
#   <the bytes, base64: the serial line adds \r, base64 keeps the bytes exact>
#   BOOTFORGE end kind=<kind> size=<bytes> sha256=<hex>
#   BOOTFORGE fetch-failed kind=<kind> url=<url>
#   BOOTFORGE verify kind=<kind> ok | BOOTFORGE verify kind=<kind> mismatch expected=<hex> actual=<hex>
#   BOOTFORGE verify kind=<kind> missing expected=<hex>
#   BOOTFORGE verdict ok|fail
#   BOOTFORGE no-config-url
#   BOOTFORGE report phase=<phase> status=<HTTP status>|no-token
#   BOOTFORGE done
# Output goes to ttyS0 directly: the generated kernel arguments need not name a serial console.
# The VM checks what it downloaded like an installer checks a pinned hash: the test passes
# `<kind> <sha256>` lines (from generate's manifest.json) in the QEMU fw_cfg file
# opt/bootforge/expected; every fetched kind must match and every listed kind must arrive.
# With the fw_cfg file opt/bootforge/report, the VM then does what an installer's %pre and %post
# do: it reads its own report token and report URL out of the kickstart it fetched
# (/etc/bootforge/report-token and report.env) and POSTs installing, then installed. The token is
# never printed.
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
insmod /lib/modules/qemu_fw_cfg.ko || say "insmod-failed qemu_fw_cfg"
EXPECTED=/sys/firmware/qemu_fw_cfg/by_name/opt/bootforge/expected/raw
REPORT=/sys/firmware/qemu_fw_cfg/by_name/opt/bootforge/report/raw
verdict=ok
ip link set lo up
ip link set eth0 up
# ip=<ip>::<gateway>:<netmask>:<hostname>:<iface>:none (dracut syntax, as the generated boot
# entries write it) sets a static address; without it, DHCP from QEMU's user-mode network.
static=
for arg in $CMDLINE; do
  case "$arg" in
    ip=*:*) static=${arg#ip=} ;;
  esac
done
if [ -n "$static" ]; then
  old_ifs=$IFS
  IFS=:
  # shellcheck disable=SC2086 # split the ip= value at its colons
  set -- $static
  IFS=$old_ifs
  addr=$1 gateway=$3 netmask=$4
  say "network static ip=$addr gateway=$gateway netmask=$netmask"
  ifconfig eth0 "$addr" netmask "$netmask" up
  [ -n "$gateway" ] && route add default gw "$gateway" eth0
else
  say "network dhcp"
  if ! udhcpc -i eth0 -s /etc/udhcpc.script -q -f -n -t 10 -T 1 >/tmp/udhcpc.log 2>&1; then
    cat /tmp/udhcpc.log
    say "dhcp-failed"
    finish
  fi
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
    echo "$kind" >>/tmp/fetched-kinds
    cp /tmp/fetched "/tmp/config-$kind"
    if [ -r "$EXPECTED" ]; then
      want=$(sed -n "s/^$kind //p" "$EXPECTED")
      if [ -z "$want" ]; then
        :
      elif [ "$want" = "$sum" ]; then
        say "verify kind=$kind ok"
      else
        say "verify kind=$kind mismatch expected=$want actual=$sum"
        verdict=fail
      fi
    fi
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
    coreos.inst.ignition_url=*)
      # CoreOS live install: coreos-installer fetches the config the installed system boots with.
      found=1
      fetch ignition "${arg#coreos.inst.ignition_url=}"
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

# ks_file PATH: the content of the file the kickstart lays down at PATH (its bf_file heredoc, base64).
ks_file() {
  sed -n "\\|^bf_file $1 |,/^BOOTFORGE_EOF\$/p" /tmp/config-ks | sed '1d;$d' | base64 -d
}
# report PHASE MESSAGE: POST the phase with the host's own token, as the installer would.
report() {
  status=$(wget -S -O /dev/null --header "Authorization: Bearer $token" \
    --header "Content-Type: application/json" \
    --post-data "{\"phase\":\"$1\",\"message\":\"$2\"}" "$report_url" 2>&1 |
    sed -n 's/^ *HTTP\/1\.[01] \([0-9]*\).*/\1/p' | tail -n 1)
  say "report phase=$1 status=${status:-none}"
}
if [ -r "$REPORT" ] && [ -r /tmp/config-ks ]; then
  token=$(ks_file /etc/bootforge/report-token)
  report_url=$(ks_file /etc/bootforge/report.env | sed -n 's/^BOOTFORGE_REPORT_URL=//p')
  if [ -n "$token" ] && [ -n "$report_url" ]; then
    report installing "e2e initramfs: kickstart fetched"
    report installed "e2e initramfs: done"
  else
    say "report phase=installing status=no-token"
  fi
fi
if [ -r "$EXPECTED" ]; then
  while read -r kind want; do
    if ! grep -qx "$kind" /tmp/fetched-kinds 2>/dev/null; then
      say "verify kind=$kind missing expected=$want"
      verdict=fail
    fi
  done <"$EXPECTED"
  say "verdict $verdict"
fi
finish
