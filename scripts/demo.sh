#!/usr/bin/env bash
# scripts/demo.sh - the main job of the suite, end to end, on this machine (run as root).
#
#   1. shared_lvm: a VM disk lifecycle as OpenNebula drives it, every step through the real
#      remotes/ shims (argv and base64 stdin exactly as oned sends them), on a loop-device VG
#      shared by a frontend and two SSH hosts (scripts/testbed.sh), with onevm/onedatastore
#      answered by stubs printing realistic XML. With the device-mapper VM host (testbed vm-up)
#      the data copies are real; without it the demo uses its images in place.
#   2. LINSTOR   - see the section marked "LINSTOR" below.
#   3. Cinder    - see the section marked "Cinder" below.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { printf '\n== %s\n' "$*"; }
note() { printf '   %s\n' "$*"; }

# --- packages (a fresh Debian 12 machine has none of them) --------------------------------------
[[ $EUID -eq 0 ]] || { echo "demo.sh must run as root (namespaces, loop devices)" >&2; exit 2; }
. scripts/lib/packages.sh
say "packages: installing what is missing"
install_packages

# --- build ------------------------------------------------------------------------------------
say "building the jars (mvn package)"
mvn -q -B -DskipTests package >/dev/null
note "$ROOT/shared-lvm-driver/target/shared-lvm-driver.jar, linstor-driver.jar, cinder-bridge.jar"

# --- test bed: frontend + host1 + host2 on one loop-device VG ----------------------------------
export TB_DIR=/tmp/sd-demo-$$ TB_PREFIX=sdd$$ TB_VG=sddvg$$ TB_NET=10.233.$(($$ % 250 + 1))
WORK=$(mktemp -d /tmp/sd-demo-work.XXXXXX)
# the shims' warm service (docs/operator-guide.md, "The warm driver service") lives in the demo's own directory and stops with it
down() {
    for pid in "$WORK"/run/*.sock.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
    scripts/testbed.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"
}
trap down EXIT
say "test bed: scripts/testbed.sh up (VG $TB_VG on a loop device, hosts host1 host2)"
scripts/testbed.sh up >/dev/null
DATA=0
if [ "${DEMO_VMHOST:-1}" = 1 ] && scripts/testbed.sh vm-up >/dev/null 2>&1; then
    DATA=1
    note "device-mapper VM host 'vmhost' is up: image data is really copied there (COPY_HOST=vmhost)"
else
    note "no device-mapper VM host: images are made empty and used in place (no data copies)"
fi
# shellcheck disable=SC1091
. "$TB_DIR/env.sh"

# --- OpenNebula stand-ins -----------------------------------------------------------------------
STUBS=$WORK/one
mkdir -p "$STUBS" "$WORK/datastores"
cp core/src/test/resources/one-stubs/onevm core/src/test/resources/one-stubs/onedatastore "$STUBS/"
chmod +x "$STUBS"/*
LOC=$WORK/datastores
COPY_HOST=""
TOOLS_ENV=()
# the VM host's busybox shadows bare dd/blkdiscard: the GNU tools by path, set where an operator
# sets programs (the driver config file or oned's tmrc environment), never in a datastore template
[ "$DATA" = 1 ] && COPY_HOST="<COPY_HOST><![CDATA[vmhost]]></COPY_HOST>" && TOOLS_ENV=(DD=/usr/bin/dd BLKDISCARD=/usr/sbin/blkdiscard)

ds_xml() { # id type(0 image, 1 system)
    printf '<DATASTORE><ID>%s</ID><NAME>ds%s</NAME><DS_MAD><![CDATA[shared_lvm]]></DS_MAD><TM_MAD><![CDATA[shared_lvm]]></TM_MAD><BASE_PATH><![CDATA[%s/%s]]></BASE_PATH><TYPE>%s</TYPE><DISK_TYPE>2</DISK_TYPE><STATE>0</STATE><TEMPLATE><VG_NAME><![CDATA[%s]]></VG_NAME><SAFE_DIRS><![CDATA[%s]]></SAFE_DIRS><ZERO_LVM_ON_DELETE><![CDATA[no]]></ZERO_LVM_ON_DELETE>%s</TEMPLATE></DATASTORE>' \
        "$1" "$1" "$LOC" "$1" "$2" "$TB_VG" "$WORK" "$COPY_HOST"
}
image_xml() { # id path source size_mb format persistent(0/1)
    printf '<IMAGE><ID>%s</ID><NAME>img%s</NAME><TYPE>0</TYPE><PERSISTENT>%s</PERSISTENT><SOURCE><![CDATA[%s]]></SOURCE><PATH><![CDATA[%s]]></PATH><FORMAT><![CDATA[%s]]></FORMAT><FS></FS><SIZE>%s</SIZE><CLONING_ID>-1</CLONING_ID><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>' \
        "$1" "$1" "$6" "$3" "$2" "$5" "$4"
}
disk_xml() { # id image_id source clone persistent size type
    local img=""
    [ "$2" -ge 0 ] && img="<IMAGE_ID>$2</IMAGE_ID><SOURCE><![CDATA[$3]]></SOURCE><CLONE>$4</CLONE><PERSISTENT>$5</PERSISTENT><DATASTORE_ID>101</DATASTORE_ID><TM_MAD>shared_lvm</TM_MAD>"
    printf '<DISK><DISK_ID>%s</DISK_ID>%s<SIZE>%s</SIZE><TYPE>%s</TYPE><DRIVER>raw</DRIVER></DISK>' "$1" "$img" "$6" "$7"
}
write_vm() { # lcm_state hosts...
    local lcm=$1 seq=0 hist="" h
    shift
    for h in "$@"; do hist="$hist<HISTORY><SEQ>$seq</SEQ><HOSTNAME>$h</HOSTNAME><DS_ID>100</DS_ID></HISTORY>"; seq=$((seq + 1)); done
    printf '<VM><ID>42</ID><NAME>demo</NAME><STATE>3</STATE><LCM_STATE>%s</LCM_STATE><TEMPLATE><CONTEXT><DISK_ID>3</DISK_ID></CONTEXT>%s%s%s</TEMPLATE><HISTORY_RECORDS>%s</HISTORY_RECORDS></VM>' \
        "$lcm" "$DISK0" "$(disk_xml 1 11 "$TB_VG/img-one-11" NO YES 8 BLOCK)" "$(disk_xml 2 -1 "" "" "" 16 fs)" "$hist" > "$STUBS/vm-42.xml"
}
ds_xml 100 1 > "$STUBS/ds-100.xml"
ds_xml 101 0 > "$STUBS/ds-101.xml"

fe() {
    ip netns exec "$TB_FE_NS" env LVM_SYSTEM_DIR="$TB_FE_LVM_SYSTEM_DIR" STORAGE_DRIVERS_SSH_CONFIG="$TB_SSH_CONFIG" \
        STORAGE_DRIVERS_LOCK_DIR="$WORK/locks" STORAGE_DRIVERS_RUN_DIR="$WORK/run" ONE_STUB_DIR="$STUBS" STORAGE_DRIVERS_ONE_API=0 \
        PATH="$STUBS:$PATH" "${TOOLS_ENV[@]}" "$@"
}
ds() { # action id document-xml
    printf '   $ remotes/datastore/shared_lvm/%s %s   < base64 DS_DRIVER_ACTION_DATA\n' "$1" "$2"
    local out
    out=$(printf '<DS_DRIVER_ACTION_DATA>%s</DS_DRIVER_ACTION_DATA>' "$3" | base64 -w0 | fe "remotes/datastore/shared_lvm/$1" "$2" 2>"$WORK/err") \
        || { cat "$WORK/err"; exit 1; }
    printf '     -> %s\n' "${out:-(no output)}"
}
tm() { # action args... (stdin from $TM_STDIN)
    printf '   $ remotes/tm/shared_lvm/%s\n' "$*"
    printf '%s' "${TM_STDIN:-}" | fe "remotes/tm/shared_lvm/$@" 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
}
show_lvs() { fe lvs --noheadings -o lv_name,lv_size --units m "$TB_VG" 2>/dev/null | sed 's/^ */     lvs: /'; }
show_dir() { fe ls -l "$LOC/100/42" 2>/dev/null | sed -n 's/^.* \(disk\.[0-9]*.*\)$/     \1/p'; }
SYS=$LOC/100/42

# --- 1. shared_lvm lifecycle ----------------------------------------------------------------------
say "shared_lvm 1/7: import images into image datastore 101 (VG $TB_VG)"
if [ "$DATA" = 1 ]; then
    head -c 12M /dev/urandom > "$WORK/base.raw"
    qemu-img create -q -f qcow2 "$WORK/data.qcow2" 8M
    ds stat 900 "<IMAGE><PATH>$WORK/base.raw</PATH></IMAGE>$(ds_xml 101 0)"
    ds cp 10 "$(image_xml 10 "$WORK/base.raw" "" 12 "" 0)$(ds_xml 101 0)"
    ds cp 11 "$(image_xml 11 "$WORK/data.qcow2" "" 8 "" 1)$(ds_xml 101 0)"
    DISK0=$(disk_xml 0 10 "$TB_VG/img-one-10" YES NO 32 BLOCK)
else
    ds mkfs 10 "$(image_xml 10 "" "" 12 raw 1)$(ds_xml 101 0)"
    ds mkfs 11 "$(image_xml 11 "" "" 8 raw 1)$(ds_xml 101 0)"
    DISK0=$(disk_xml 0 10 "$TB_VG/img-one-10" NO YES 32 BLOCK)
fi
show_lvs

say "shared_lvm 2/7: deploy VM 42 on host1: disk.0 $([ "$DATA" = 1 ] && echo 'clone (32 MiB)' || echo 'image in place'), disk.1 persistent image, disk.2 volatile, disk.3 context"
write_vm 1 host1
if [ "$DATA" = 1 ]; then
    tm clone "fe:$TB_VG/img-one-10" "host1:$LOC//100/42/disk.0" 42 101
else
    tm ln "fe:$TB_VG/img-one-10" "host1:$LOC//100/42/disk.0" 42 101
fi
tm ln "fe:$TB_VG/img-one-11" "host1:$SYS/disk.1" 42 101
tm mkimage 16 raw "host1:$SYS/disk.2" 42 100
printf "ETH0_IP='10.0.0.42'\n" > "$WORK/context.sh"
tm context "$WORK/context.sh" "host1:$SYS/disk.3" 42 100
show_dir
show_lvs

say "shared_lvm 3/7: live migration host1 -> host2 (premigrate, hypervisor moves, postmigrate)"
write_vm 3 host1 host2
TM_STDIN=$(base64 -w0 < "$STUBS/vm-42.xml")
tm premigrate host1 host2 "$SYS" 42 100
tm postmigrate host1 host2 "$SYS" 42 100
TM_STDIN=""

say "shared_lvm 4/7: poweroff (no storage action), then resize disk.0 to 64 MiB"
write_vm 0 host1 host2
tm resize "host2:$SYS/disk.0" 64 42 100
show_lvs

say "shared_lvm 5/7: save-as of disk.0 into new image 12"
ds mkfs 12 "$(image_xml 12 "" "" 64 save_as 0)$(ds_xml 101 0)"
if [ "$DATA" = 1 ]; then
    tm cpds "host2:$SYS/disk.0" "$TB_VG/img-one-12" -1 42 101
else
    note "(no data copy without device-mapper: image 12 stays allocated only)"
fi

say "shared_lvm 6/7: terminate: VM-owned volumes removed, persistent images given back"
if [ "$DATA" = 1 ]; then
    tm delete "host2:$SYS/disk.0" 42 100
else
    tm mvds "host2:$SYS/disk.0" "$TB_VG/img-one-10" 42 101
fi
tm mvds "host2:$SYS/disk.1" "$TB_VG/img-one-11" 42 101
tm delete "host2:$SYS/disk.2" 42 100
tm delete "host2:$SYS" 42 100
show_lvs
note "only the images img-one-10, img-one-11, img-one-12 remain"

say "admin CLI: scripts/storage on lvm://$TB_VG (where each LV is active: one lvs per host of the SSH config)"
storage() { printf '   $ scripts/storage %s\n' "$*"; fe env STORAGE_DRIVERS_JAR_DIR="$ROOT/shared-lvm-driver/target" scripts/storage --uri "lvm://$TB_VG" "$@" 2>&1 | sed 's/^/     /'; }
if [ "$DATA" = 1 ]; then
    storage activate --name img-one-11 --host vmhost
    storage hosts
    storage volume-delete --name img-one-11 --force || true
    note "refused (exit 5): an LV active on a host is never deleted by the admin CLI"
    storage deactivate --name img-one-11 --host vmhost
else
    storage hosts
    note "(the namespace hosts have no device-mapper: nothing is ever active there; the VM host shows it)"
fi
storage volumes

say "shared_lvm 7/7: datastore monitor, then remove the images"
ds monitor 101 "$(ds_xml 101 0)"
for i in 10 11 12; do ds rm "$i" "$(image_xml "$i" "" "$TB_VG/img-one-$i" 1 raw 0)$(ds_xml 101 0)"; done
show_lvs
note "VG $TB_VG is empty again"

# --- 2. LINSTOR --------------------------------------------------------------------------------
# the same lifecycle through remotes/*/linstor against the simulated LINSTOR controller, which
# listens inside the frontend namespace; the host-side steps go to host1/host2 over SSH
ip netns exec "$TB_FE_NS" env DEMO_HOSTS="host1 host2" STORAGE_DRIVERS_RUN_DIR="$WORK/run" STORAGE_DRIVERS_SSH_CONFIG="$TB_SSH_CONFIG" scripts/demo-linstor.sh

# --- 3. Cinder ---------------------------------------------------------------------------------
# Debian's Cinder loads our volume driver by its dotted path and runs a volume's life through the
# bridge: on the simulated LINSTOR controller, then on this test bed's shared VG
say "Cinder: cinder-bridge + storage_bridge_cinder on LINSTOR (simulated) and shared LVM ($TB_VG)"
(set -a; . "$TB_DIR/env.sh"; exec ip netns exec "$TB_FE_NS" /usr/bin/python3 scripts/demo-cinder.py linstor lvm) \
    2> "$WORK/cinder.log" || { tail -20 "$WORK/cinder.log" >&2; exit 1; }

say "demo finished"
