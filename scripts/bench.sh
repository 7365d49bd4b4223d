#!/usr/bin/env bash
# =============================================================================
# scripts/bench.sh - what the drivers cost, measured the way operators feel it.
#
# Prints one table: figure, value, how it was measured. Nothing here fails because
# the machine is slow; a step that cannot run (e.g. no VM host) prints "n/a" and why.
# These machines have 2 noisy cores: compare the ratios of one run, not runs.
#
#   scripts/bench.sh            # as root; brings up its own test bed (+ the VM host)
#   BENCH_VM=0 scripts/bench.sh # skip the device-mapper VM (no data-path figures)
#   BENCH_RUNS=10               # repetitions for start-up figures (default 10)
#   BENCH_SECTIONS="vm clone"   # a subset of: startup compare sysmon vm monitor clone copy linstor bridge admin
#   BENCH_COMPARE_RUNS=5        # interleaved runs per implementation in compare / sysmon
#   BENCH_COPY_MB=256 BENCH_COPY_RUNS=3  # image size and interleaved runs of the copy section
#
# Sections: shim start-up (bash baseline, JVM without/with the CDS archive, JVM start to
# the first LVM call); a 4-disk VM (tm clone, premigrate, postmigrate, tm delete: wall time,
# LVM commands, SSH connections per host from sshd's logs); DS monitor at 100/2,000/10,000
# LVs; clone throughput vs plain dd (dense and 90 % holes) on the VM host; LINSTOR REST
# calls per operation; cinder-bridge requests/s and p50/p99 at 1 and 50 clients; the admin
# CLI's `storage volumes` on shared LVM asking 0, 2 and 3 hosts where LVs are active.
# =============================================================================
set -Euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROOT=$PWD
BENCH_RUNS=${BENCH_RUNS:-10}
BENCH_VM=${BENCH_VM:-1}
PY=/usr/bin/python3
log() { printf '[bench] %s\n' "$*" >&2; }
# the failure line of an action (OpenNebula's rule: stderr lines that are not INFO:/ERROR: logs)
why() { grep -v -E '^(INFO|ERROR|WARN|DEBUG):' "$1" | tail -1 | cut -c1-110; cat "$1" >&2; }

# ---------------------------------------------------------------------------
# outside: build, test bed up, re-run this script inside the frontend namespace
# ---------------------------------------------------------------------------
if [[ ${1:-} != --inside ]]; then
    [[ $EUID -eq 0 ]] || { echo "bench.sh must run as root (namespaces, loop devices)" >&2; exit 2; }
    . scripts/lib/packages.sh && install_packages || exit 1
    for j in shared-lvm-driver linstor-driver linstor-sim cinder-bridge; do
        [[ -f $j/target/$j.jar ]] || { log "building jars"; mvn -B -q -ntp package -DskipTests || exit 1; break; }
    done
    # the VG is named as OpenNebula's fs_lvm expects it: vg-one-<system DS id> (compare section)
    export BENCH_SYSDS=$((7000 + $$ % 1000))
    export TB_DIR=/tmp/sd-bench-$$ TB_PREFIX=sdb$$ TB_VG=vg-one-$BENCH_SYSDS TB_NET=10.233.$(($$ % 250 + 1))
    trap 'scripts/testbed.sh down >/dev/null 2>&1' EXIT
    scripts/testbed.sh up >/dev/null || exit 1
    if [[ " ${BENCH_SECTIONS:-compare} " == *" compare "* || " ${BENCH_SECTIONS:-sysmon} " == *" sysmon "* ]]; then
        # fs_lvm changes LVM metadata on the hosts: make their LVM writable (ours never writes there)
        sed -i 's/locking_type = 4/locking_type = 1/' "$TB_DIR"/host*/lvm/lvm.conf
    fi
    if [[ $BENCH_VM == 1 ]]; then
        scripts/testbed.sh vm-up >/dev/null 2>&1 || { log "VM host did not come up: no data-path figures"; BENCH_VM=0; }
    fi
    (set -a; . "$TB_DIR/env.sh"; BENCH_VM=$BENCH_VM
     exec ip netns exec "$TB_FE_NS" "$ROOT/scripts/bench.sh" --inside)
    exit $?
fi

# ---------------------------------------------------------------------------
# inside the frontend namespace
# ---------------------------------------------------------------------------
W=$TB_DIR/bench
mkdir -p "$W"/{bin,lvmwrap,jars,stubs,datastores,locks}
# the stand-ins answer for oned (never a real oned this machine's root may have credentials for);
# compare.sh gives our shims its stand-in oned's API
export BENCH_LVM_LOG=$W/lvm.log ONE_STUB_DIR=$W/stubs STORAGE_DRIVERS_LOCK_DIR=$W/locks STORAGE_DRIVERS_ONE_API=0
export STORAGE_DRIVERS_JAR_DIR=$W/jars STORAGE_DRIVERS_WARM=${STORAGE_DRIVERS_WARM:-0}
for t in lvcreate lvremove lvextend lvrename lvchange vgchange lvs vgs vgck; do
    ln -sf "$ROOT/scripts/bench/lvm-wrapper" "$W/lvmwrap/$t"
done
cp "$ROOT"/core/src/test/resources/one-stubs/{onevm,onedatastore} "$W/bin/"
export PATH=$W/lvmwrap:$W/bin:$PATH
for j in shared-lvm-driver linstor-driver linstor-sim cinder-bridge; do cp "$ROOT/$j/target/$j.jar" "$W/jars/"; done
LOC=$W/datastores
: > "$BENCH_LVM_LOG"

ROWS=()
row() { ROWS+=("$(printf '%-58s %14s   %s' "$1" "$2" "$3")"); log "$1: $2"; }
now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f", (b - a) * 1000}'; }
median() { sort -n | awk '{v[NR]=$1} END{if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)]}'; }
b64() { base64 -w0; }
lvm_count() { wc -l < "$BENCH_LVM_LOG"; }
# grep -c prints 0 itself when nothing matches (and exits 1): never a second "0"
accepted() { grep -c 'Accepted publickey' "$TB_DIR/$1/sshd.log" 2>/dev/null || true; }
vm_accepted() { # the VM's sshd log, minus the connection that reads it
    if [[ $BENCH_VM == 1 ]]; then
        ssh -F "$TB_SSH_CONFIG" vmhost cat /run/sshd.log 2>/dev/null | grep -c 'Accepted publickey' || true
    else echo 0; fi
}

ds_xml() { # ID TYPE VG EXTRA-TEMPLATE-XML
    printf '<DATASTORE><ID>%s</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>ds%s</NAME>' "$1" "$1"
    printf '<DS_MAD><![CDATA[%s]]></DS_MAD><TM_MAD><![CDATA[shared_lvm]]></TM_MAD>' "$([[ $2 == 1 ]] && echo - || echo shared_lvm)"
    printf '<BASE_PATH><![CDATA[/var/lib/one//datastores/%s]]></BASE_PATH><TYPE>%s</TYPE><DISK_TYPE>2</DISK_TYPE>' "$1" "$2"
    printf '<STATE>0</STATE><CLUSTERS><ID>0</ID></CLUSTERS><TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB>'
    printf '<TEMPLATE><VG_NAME><![CDATA[%s]]></VG_NAME><DISK_TYPE><![CDATA[BLOCK]]></DISK_TYPE>%s</TEMPLATE></DATASTORE>' "$3" "$4"
}
image_xml() { # ID SIZE_MB
    printf '<IMAGE><ID>%s</ID><UID>0</UID><GID>0</GID><NAME>img%s</NAME><TYPE>2</TYPE><DISK_TYPE>2</DISK_TYPE>' "$1" "$1"
    printf '<PERSISTENT>0</PERSISTENT><SOURCE></SOURCE><PATH></PATH><FORMAT><![CDATA[raw]]></FORMAT><FS></FS>'
    printf '<SIZE>%s</SIZE><STATE>4</STATE><CLONING_ID>-1</CLONING_ID><DATASTORE_ID>101</DATASTORE_ID>' "$2"
    printf '<DATASTORE>images</DATASTORE><TEMPLATE></TEMPLATE></IMAGE>'
}
vm_xml() { # VMID CLONE(YES|NO) HOST...   (4 disks from images 20..23, running)
    local id=$1 clone=$2 h seq=0; shift 2
    printf '<VM><ID>%s</ID><UID>0</UID><GID>0</GID><NAME>bench</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE>' "$id"
    printf '<DEPLOY_ID>one-%s</DEPLOY_ID><TEMPLATE>' "$id"
    for d in 0 1 2 3; do
        printf '<DISK><DISK_ID>%s</DISK_ID><IMAGE_ID>%s</IMAGE_ID><SOURCE><![CDATA[%s/img-one-%s]]></SOURCE>' "$d" $((20 + d)) "$TB_VG" $((20 + d))
        printf '<CLONE>%s</CLONE>' "$clone"; printf '<CLONE_TARGET>SELF</CLONE_TARGET><LN_TARGET>NONE</LN_TARGET><DATASTORE_ID>101</DATASTORE_ID>'
        printf '<TM_MAD>shared_lvm</TM_MAD><DISK_TYPE>BLOCK</DISK_TYPE><DRIVER>raw</DRIVER><SIZE>8</SIZE><TARGET>vd%s</TARGET><TYPE>BLOCK</TYPE></DISK>' "$d"
    done
    printf '</TEMPLATE><HISTORY_RECORDS>'
    for h in "$@"; do
        printf '<HISTORY><OID>%s</OID><SEQ>%s</SEQ><HOSTNAME>%s</HOSTNAME><VM_MAD>kvm</VM_MAD><TM_MAD>shared_lvm</TM_MAD><DS_ID>100</DS_ID></HISTORY>' "$id" "$seq" "$h"
        seq=$((seq + 1))
    done
    printf '</HISTORY_RECORDS></VM>'
}
want() { [[ " ${BENCH_SECTIONS:-startup compare sysmon vm monitor clone copy linstor bridge admin} " == *" $1 "* ]]; }
ds_action() { printf '<DS_DRIVER_ACTION_DATA>%s</DS_DRIVER_ACTION_DATA>' "$*"; }

DS=$ROOT/remotes/datastore/shared_lvm
TM=$ROOT/remotes/tm/shared_lvm
COPY_ATTR=
# the VM host's shell is busybox: name the GNU tools (busybox dd has no conv=sparse)
# (programs come from the driver's environment/config file, never from a datastore template)
[[ $BENCH_VM == 1 ]] && COPY_ATTR='<COPY_HOST><![CDATA[vmhost]]></COPY_HOST>' && export DD=/usr/bin/dd BLKDISCARD=/usr/sbin/blkdiscard
ds_xml 101 0 "$TB_VG" "$COPY_ATTR" > "$ONE_STUB_DIR/ds-101.xml"
ds_xml 100 1 "$TB_VG" "$COPY_ATTR" > "$ONE_STUB_DIR/ds-100.xml"
MONITOR_IN=$(ds_action "$(ds_xml 101 0 "$TB_VG" "")" | b64)

# --- 1. start-up ---------------------------------------------------------------------------
if want startup; then
startup() { # LABEL: median of BENCH_RUNS runs of the DS monitor shim: wall and JVM->first LVM call
    local i t0 t1 walls=() firsts=()
    for ((i = 0; i < BENCH_RUNS; i++)); do
        : > "$BENCH_LVM_LOG"
        t0=$(now)
        "$DS/monitor" 101 <<<"$MONITOR_IN" >/dev/null 2>&1 || { echo "n/a n/a"; return; }
        t1=$(now)
        walls+=("$(ms "$t0" "$t1")")
        firsts+=("$(ms "$t0" "$(head -1 "$BENCH_LVM_LOG" | cut -d' ' -f1)")")
    done
    echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${firsts[@]}" | median)"
}
base=()
for ((i = 0; i < BENCH_RUNS; i++)); do t0=$(now); bash -c true; base+=("$(ms "$t0" "$(now)")"); done
row "baseline: bash -c true" "$(printf '%s\n' "${base[@]}" | median) ms" "median of $BENCH_RUNS"
ver=()
for ((i = 0; i < BENCH_RUNS; i++)); do t0=$(now); java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$W/jars/shared-lvm-driver.jar" --version >/dev/null; ver+=("$(ms "$t0" "$(now)")"); done
row "JVM: shared-lvm-driver.jar --version" "$(printf '%s\n' "${ver[@]}" | median) ms" "median of $BENCH_RUNS, no app CDS archive"
rm -f "$W/jars/"*.jsa
read -r wall first < <(startup)
row "ds monitor shim, no CDS archive: wall" "$wall ms" "median of $BENCH_RUNS, shim start to exit"
row "ds monitor shim, no CDS archive: start to 1st LVM call" "$first ms" "lvm wrapper timestamp on PATH"
# the archive is made the way install.sh makes it (scripts/install/common.sh cds_archive)
if [[ -f $ROOT/scripts/install/common.sh ]]; then
    (set +eu; JAVA=java; . "$ROOT/scripts/install/common.sh"; cds_archive "$W/jars/shared-lvm-driver.jar") >/dev/null 2>&1 || true
fi
if [[ -f $W/jars/shared-lvm-driver.jsa ]]; then
    read -r wall first < <(startup)
    row "ds monitor shim, with CDS archive: wall" "$wall ms" "same, <jar>.jsa made as install.sh makes it"
    row "ds monitor shim, with CDS archive: start to 1st LVM call" "$first ms" "lvm wrapper timestamp on PATH"
else
    row "ds monitor shim, with CDS archive" "n/a" "install.sh's cds_archive did not produce an archive"
fi
fi

# --- 1b. OpenNebula's fs_lvm against our shims, cold and warm (scripts/bench/compare.sh) --------
if want compare || want sysmon; then
    . "$ROOT/scripts/bench/compare.sh"
fi

# --- 2. a VM with 4 disks ------------------------------------------------------------------
if want vm; then
vm_step() { # LABEL HOSTS-TO-COUNT -- COMMAND...: wall, LVM commands, SSH connections per host
    local label=$1 hosts=$2 h before=() after=() t0 t1 n0 rc=0 conns=""; shift 3
    for h in $hosts; do if [[ $h == vmhost ]]; then before+=("$(vm_accepted)"); else before+=("$(accepted "$h")"); fi; done
    n0=$(lvm_count); t0=$(now)
    "$@" >/dev/null 2>"$W/step.err" || rc=$?
    t1=$(now)
    local i=0
    for h in $hosts; do
        if [[ $h == vmhost ]]; then after=$(( $(vm_accepted) - 1 )); else after=$(accepted "$h"); fi
        conns+="$h=$((after - before[i])) "; i=$((i + 1))
    done
    if ((rc)); then row "$label" "failed" "$(why "$W/step.err")"; return 1; fi
    row "$label" "$(ms "$t0" "$t1") ms" "LVM cmds $(($(lvm_count) - n0)); SSH conns ${conns% }"
}
for img in 20 21 22 23; do
    "$DS/mkfs" "$img" <<<"$(ds_action "$(image_xml "$img" 8)$(ds_xml 101 0 "$TB_VG" "$COPY_ATTR")" | b64)" >/dev/null 2>&1 \
        || log "mkfs of image $img failed"
done
SYS=$LOC/100/42
CLONE=NO; [[ $BENCH_VM == 1 ]] && CLONE=YES
vm_xml 42 $CLONE host1 > "$ONE_STUB_DIR/vm-42.xml"
if [[ $BENCH_VM == 1 ]]; then
    clone_first=""; clone_total=0
    for d in 0 1 2 3; do
        : > "$BENCH_LVM_LOG"; t0=$(now)
        if "$TM/clone" "fe:$TB_VG/img-one-$((20 + d))" "host1:$SYS/disk.$d" 42 101 >/dev/null 2>"$W/step.err"; then
            t1=$(now); clone_total=$((clone_total + $(ms "$t0" "$t1")))
            # metadata part: shim start to the end of its lvcreate
            [[ -z $clone_first ]] && clone_first=$(ms "$t0" "$(awk '$3 == "lvcreate" {print $2; exit}' "$BENCH_LVM_LOG")")
        else
            row "tm clone (disk $d)" "failed" "$(why "$W/step.err")"; clone_total=-1; break
        fi
    done
    if ((clone_total >= 0)); then
        row "tm clone, 4 disks, 8 MiB each: total wall" "$clone_total ms" "4 shim runs; copies on vmhost (COPY_HOST)"
        row "tm clone, metadata part (start to lvcreate done)" "$clone_first ms" "first disk; lvm wrapper timestamps"
    fi
else
    row "tm clone" "n/a" "needs the device-mapper VM host for the copy (BENCH_VM=1)"
    # ln the images instead so the migration/delete figures still have 4 LVs on a VM
    for d in 0 1 2 3; do
        "$TM/ln" "fe:$TB_VG/img-one-$((20 + d))" "host1:$SYS/disk.$d" 42 101 >/dev/null 2>&1 || log "ln disk $d failed"
    done
fi
VMB64=$(vm_xml 42 $CLONE host1 | b64)
vm_step "premigrate host1 -> host2, 4 disks" "host1 host2" -- sh -c '"$1" host1 host2 "$2" 42 100 <<EOF
$3
EOF' sh "$TM/premigrate" "$SYS" "$VMB64" || true
vm_xml 42 $CLONE host1 host2 > "$ONE_STUB_DIR/vm-42.xml"
vm_step "postmigrate host1 -> host2, 4 disks" "host1 host2" -- sh -c '"$1" host1 host2 "$2" 42 100 <<EOF
$3
EOF' sh "$TM/postmigrate" "$SYS" "$VMB64" || true
if [[ $BENCH_VM == 1 ]]; then
    del_hosts="host2 vmhost"
    vm_step "tm delete, 4 disks + VM dir (zeroing on vmhost)" "$del_hosts" -- sh -c '
        for d in 0 1 2 3; do "$1" "host2:$2/disk.$d" 42 100 || exit 1; done; "$1" "host2:$2" 42 100' sh "$TM/delete" "$SYS" || true
else
    vm_step "tm delete, VM dir (ln disks are kept)" "host2" -- "$TM/delete" "host2:$SYS" 42 100 || true
fi
fi

# --- 3. DS monitor at 100 / 2,000 / 10,000 LVs ---------------------------------------------
if want monitor; then
# A VG of its own on a second sparse loop device (1 MiB extents, 64 MiB metadata area), with
# one-extent LVs written by vgcfgrestore of generated metadata.
MLOOP=""
monitor_bench() {
    truncate -s 24G "$W/monitor.img"
    MLOOP=$(losetup --find --show "$W/monitor.img") || return 1
    mkdir -p "$W/mlvm"
    sed -e "s#a|^$TB_LOOP\\\$|#a|^$MLOOP\$|#g" "$LVM_SYSTEM_DIR/lvm.conf" > "$W/mlvm/lvm.conf"
    local env=(env LVM_SYSTEM_DIR="$W/mlvm")
    local mvg=sdbmon$$
    "${env[@]}" /usr/sbin/vgcreate -q -s 1m --metadatasize 64m "$mvg" "$MLOOP" >/dev/null 2>&1 || return 1
    "${env[@]}" /usr/sbin/vgcfgbackup -q -f "$W/empty.vg" "$mvg" >/dev/null 2>&1 || return 1
    local in n t0 walls cmds
    in=$(ds_action "$(ds_xml 102 0 "$mvg" "")" | b64)
    for n in 100 2000 10000; do
        $PY "$ROOT/scripts/bench/gen-lvs.py" "$W/empty.vg" "$W/gen.vg" "$n"
        "${env[@]}" /usr/sbin/vgcfgrestore -q -f "$W/gen.vg" "$mvg" >/dev/null 2>&1 || { row "DS monitor, $n LVs" "n/a" "vgcfgrestore failed"; continue; }
        walls=()
        for i in 1 2 3 4 5; do
            : > "$BENCH_LVM_LOG"; t0=$(now)
            LVM_SYSTEM_DIR=$W/mlvm "$DS/monitor" 102 <<<"$in" >/dev/null 2>&1 || { walls=(); break; }
            walls+=("$(ms "$t0" "$(now)")")
        done
        cmds=$(lvm_count)
        if ((${#walls[@]})); then
            row "DS monitor, $n LVs in the VG" "$(printf '%s\n' "${walls[@]}" | median) ms" "median of 5 shim runs; $cmds LVM command(s) per run"
        else
            row "DS monitor, $n LVs in the VG" "failed" "$(LVM_SYSTEM_DIR=$W/mlvm "$DS/monitor" 102 <<<"$in" 2>&1 | head -c 100)"
        fi
        "${env[@]}" /usr/sbin/vgcfgrestore -q -f "$W/empty.vg" "$mvg" >/dev/null 2>&1
    done
    "${env[@]}" /usr/sbin/vgremove -q -f "$mvg" >/dev/null 2>&1
}
monitor_bench || row "DS monitor at 100/2,000/10,000 LVs" "n/a" "could not make the monitor VG"
[[ -n $MLOOP ]] && losetup -d "$MLOOP" 2>/dev/null
fi

# --- 4. clone throughput on the VM host ----------------------------------------------------
if want clone; then
vm() { ssh -F "$TB_SSH_CONFIG" vmhost "$@"; }
clone_bench() { # LABEL FILL(dense|holes)
    local label=$1 fill=$2 mb=64 img=30 t0 t1 dd_ms drv_ms
    "$DS/mkfs" "$img" <<<"$(ds_action "$(image_xml "$img" "$mb")$(ds_xml 101 0 "$TB_VG" "$COPY_ATTR")" | b64)" >/dev/null 2>&1 || return 1
    vm lvchange -ay "$TB_VG/img-one-$img" >/dev/null 2>&1 || return 1
    if [[ $fill == dense ]]; then
        vm /usr/bin/dd if=/dev/urandom of="/dev/$TB_VG/img-one-$img" bs=1M count=$mb oflag=direct status=none
    else  # 10 % data: one MiB of random data in every 10, zeros elsewhere
        vm /usr/bin/dd if=/dev/zero of="/dev/$TB_VG/img-one-$img" bs=1M count=$mb oflag=direct status=none
        for ((i = 0; i < mb; i += 10)); do vm /usr/bin/dd if=/dev/urandom of="/dev/$TB_VG/img-one-$img" bs=1M seek=$i count=1 oflag=direct status=none; done
    fi
    # plain dd of the same data between two LVs on the same device
    lvcreate -q -an -Zn -L ${mb}m -n bench-dd "$TB_VG" >/dev/null 2>&1
    vm lvchange -ay "$TB_VG/bench-dd" >/dev/null 2>&1
    t0=$(now); vm /usr/bin/dd if="/dev/$TB_VG/img-one-$img" of="/dev/$TB_VG/bench-dd" bs=1M oflag=direct status=none; t1=$(now)
    dd_ms=$(ms "$t0" "$t1")
    vm lvchange -an "$TB_VG/bench-dd" >/dev/null 2>&1; lvremove -q -f "$TB_VG/bench-dd" >/dev/null 2>&1
    vm lvchange -an "$TB_VG/img-one-$img" >/dev/null 2>&1
    # the driver: DS clone of the image (new LV + sparse-aware copy on vmhost)
    local in
    in=$(ds_action "<IMAGE><ID>31</ID><NAME>c</NAME><TYPE>0</TYPE><PERSISTENT>0</PERSISTENT><PATH><![CDATA[$TB_VG/img-one-$img]]></PATH><SOURCE></SOURCE><FORMAT>raw</FORMAT><SIZE>$mb</SIZE><CLONING_ID>$img</CLONING_ID><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>$(ds_xml 101 0 "$TB_VG" "$COPY_ATTR")" | b64)
    t0=$(now); "$DS/clone" 31 <<<"$in" >/dev/null 2>"$W/step.err" || { row "$label" "failed" "$(why "$W/step.err")"; return 0; }; t1=$(now)
    drv_ms=$(ms "$t0" "$t1")
    row "$label: plain dd" "$((mb * 1000 / (dd_ms > 0 ? dd_ms : 1))) MiB/s" "$mb MiB LV to LV on vmhost, dd bs=1M, $dd_ms ms"
    row "$label: driver ds clone" "$((mb * 1000 / (drv_ms > 0 ? drv_ms : 1))) MiB/s" "$mb MiB, shim start to exit (incl. lvcreate, SSH), $drv_ms ms"
    for i in 30 31; do
        "$DS/rm" "$i" <<<"$(ds_action "<IMAGE><ID>$i</ID><SOURCE><![CDATA[$TB_VG/img-one-$i]]></SOURCE><PERSISTENT>0</PERSISTENT><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>$(ds_xml 101 0 "$TB_VG" "$COPY_ATTR")" | b64)" >/dev/null 2>&1
    done
}
if [[ $BENCH_VM == 1 ]]; then
    clone_bench "clone 64 MiB dense image" dense || row "clone throughput" "n/a" "VM host steps failed"
    clone_bench "clone 64 MiB image, 90 % holes" holes || row "clone throughput (holes)" "n/a" "VM host steps failed"
else
    row "clone throughput" "n/a" "needs the device-mapper VM host (BENCH_VM=1)"
fi
fi

# --- 4b. copy engine vs plain dd (BENCH_SECTIONS=copy) -------------------------------------
# One image LV (BENCH_COPY_MB, default 256 MiB) filled from the frontend through the loop device
# at the LV's offset (host speed), dense (random) or 90 % zeros (1 MiB of random data in every 10).
# Each run, interleaved, timed from the frontend the same way for both: a new ssh connection and
# the activation of source and target are counted.
#   plain dd:   ssh vmhost 'lvchange -ay SRC DST; dd if=SRC of=DST bs=1M oflag=direct; lvchange -an DST SRC'
#   strong dd:  the same with bs=4M iflag=direct oflag=direct (what the engine's dd uses)
#   driver:     the DS clone shim (lvcreate of the target, copy engine on vmhost, COPY_SPARSE yes|no)
if want copy; then
copy_fill() { # LV FILL(dense|holes) MB: write the LV's data through the frontend's loop device
    local lv=$1 fill=$2 mb=$3 pe_start extent seg off i
    pe_start=$(pvs --noheadings --units b --nosuffix -o pe_start "$TB_LOOP" 2>/dev/null | tr -d ' ')
    extent=$(vgs --noheadings --units b --nosuffix -o vg_extent_size "$TB_VG" 2>/dev/null | tr -d ' ')
    seg=$(lvs --noheadings -o seg_pe_ranges "$TB_VG/$lv" 2>/dev/null | tr -d ' ')
    [[ $seg =~ ^[^:]+:([0-9]+)-[0-9]+$ ]] || { log "copy: $lv is not one segment ($seg)"; return 1; }
    off=$(( (pe_start + BASH_REMATCH[1] * extent) / 1048576 ))
    if [[ $fill == dense ]]; then
        head -c $((mb * 1048576)) /dev/urandom | dd of="$TB_LOOP" bs=1M seek="$off" oflag=direct iflag=fullblock status=none
    else
        dd if=/dev/zero of="$TB_LOOP" bs=1M seek="$off" count="$mb" oflag=direct status=none
        for ((i = 0; i < mb; i += 10)); do
            head -c 1048576 /dev/urandom | dd of="$TB_LOOP" bs=1M seek=$((off + i)) oflag=direct iflag=fullblock status=none
        done
    fi
}
copy_bench() { # FILL
    local fill=$1 mb=${BENCH_COPY_MB:-256} runs=${BENCH_COPY_RUNS:-3} img=40 r t0 in plain=() strong=() sparse=() dense=() dsa
    local plaincm=() warm=() v=vmhost src="$TB_VG/img-one-40" dst="$TB_VG/bench-copy-dd"
    # the warm pair: plain dd over an ssh ControlMaster already open, the driver through its warm
    # service (its SSH session to the host already open): both without a new connection
    local cm=(-o ControlMaster=auto -o "ControlPath=$W/copy-cm" -o ControlPersist=600)
    local warm_env=(STORAGE_DRIVERS_WARM=1 "STORAGE_DRIVERS_RUN_DIR=$W/copy-run")
    mkdir -p -m 700 "$W/copy-run"
    ssh -F "$TB_SSH_CONFIG" "${cm[@]}" $v true >/dev/null 2>&1
    dsa="$COPY_ATTR<ZERO_LVM_ON_CREATE>yes</ZERO_LVM_ON_CREATE>"
    ds_xml 101 0 "$TB_VG" "$dsa" > "$ONE_STUB_DIR/ds-101.xml"
    "$DS/mkfs" "$img" <<<"$(ds_action "$(image_xml "$img" "$mb")$(ds_xml 101 0 "$TB_VG" "$dsa")" | b64)" >/dev/null 2>"$W/step.err" \
        || { row "copy $mb MiB $fill" "failed" "$(why "$W/step.err")"; return 0; }
    copy_fill "img-one-$img" "$fill" "$mb" || { row "copy $mb MiB $fill" "n/a" "could not fill the image"; return 0; }
    lvcreate -q -an -Zn -L "${mb}m" -n bench-copy-dd "$TB_VG" >/dev/null 2>&1
    for ((r = 0; r < runs; r++)); do
        t0=$(now)
        ssh -F "$TB_SSH_CONFIG" $v "lvchange -ay $src $dst && /usr/bin/dd if=/dev/$src of=/dev/$dst bs=1M oflag=direct status=none && lvchange -an $dst $src" >/dev/null 2>&1
        plain+=("$(ms "$t0" "$(now)")")
        t0=$(now)
        ssh -F "$TB_SSH_CONFIG" $v "lvchange -ay $src $dst && /usr/bin/dd if=/dev/$src of=/dev/$dst bs=4M iflag=direct oflag=direct status=none && lvchange -an $dst $src" >/dev/null 2>&1
        strong+=("$(ms "$t0" "$(now)")")
        t0=$(now)
        ssh -F "$TB_SSH_CONFIG" "${cm[@]}" $v "lvchange -ay $src $dst && /usr/bin/dd if=/dev/$src of=/dev/$dst bs=1M oflag=direct status=none && lvchange -an $dst $src" >/dev/null 2>&1
        plaincm+=("$(ms "$t0" "$(now)")")
        for mode in yes no warm; do
            in=$(ds_action "<IMAGE><ID>41</ID><NAME>c</NAME><TYPE>0</TYPE><PERSISTENT>0</PERSISTENT><PATH><![CDATA[$src]]></PATH><SOURCE></SOURCE><FORMAT>raw</FORMAT><SIZE>$mb</SIZE><CLONING_ID>$img</CLONING_ID><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>$(ds_xml 101 0 "$TB_VG" "$dsa<COPY_SPARSE>${mode/warm/yes}</COPY_SPARSE>")" | b64)
            if [[ $mode == warm && ! -S $W/copy-run/shared-lvm-driver.sock ]]; then
                # the service started by a monitor (its first clone then opens the session to the host)
                env "${warm_env[@]}" "$DS/monitor" 101 <<<"$MONITOR_IN" >/dev/null 2>&1
                for _ in $(seq 100); do [[ -S $W/copy-run/shared-lvm-driver.sock ]] && break; sleep 0.1; done
            fi
            t0=$(now)
            if [[ $mode == warm ]]; then
                env "${warm_env[@]}" "$DS/clone" 41 <<<"$in" >/dev/null 2>"$W/step.err"
            else
                "$DS/clone" 41 <<<"$in" >/dev/null 2>"$W/step.err"
            fi || { row "copy $mb MiB $fill: driver ($mode)" "failed" "$(why "$W/step.err")"; return 0; }
            case $mode in
                yes) sparse+=("$(ms "$t0" "$(now)")") ;;
                no) dense+=("$(ms "$t0" "$(now)")") ;;
                warm) warm+=("$(ms "$t0" "$(now)")") ;;
            esac
            lvremove -q -f "$TB_VG/img-one-41" >/dev/null 2>&1
        done
    done
    lvremove -q -f "$dst" "$src" >/dev/null 2>&1
    ssh -F "$TB_SSH_CONFIG" "${cm[@]}" -O exit $v >/dev/null 2>&1
    local p s sp de pc wa
    p=$(printf '%s\n' "${plain[@]}" | median); s=$(printf '%s\n' "${strong[@]}" | median)
    sp=$(printf '%s\n' "${sparse[@]}" | median); de=$(printf '%s\n' "${dense[@]}" | median)
    pc=$(printf '%s\n' "${plaincm[@]}" | median); wa=$(printf '%s\n' "${warm[@]}" | median)
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a / b}'; }
    row "copy $mb MiB $fill: plain dd bs=1M oflag=direct" "$p ms" "median of $runs; new ssh + lvchange -ay/-an of both counted"
    row "copy $mb MiB $fill: dd bs=4M direct both ways" "$s ms" "same; the engine's dd flags"
    row "copy $mb MiB $fill: driver ds clone, COPY_SPARSE=yes" "$sp ms" "shim start to exit; speed vs plain dd $(ratio "$p" "$sp"), vs 4M dd $(ratio "$s" "$sp")"
    row "copy $mb MiB $fill: driver ds clone, COPY_SPARSE=no" "$de ms" "shim start to exit; speed vs plain dd $(ratio "$p" "$de"), vs 4M dd $(ratio "$s" "$de")"
    row "copy $mb MiB $fill: plain dd, ssh ControlMaster open" "$pc ms" "median of $runs; lvchange -ay/-an of both counted, no new connection"
    row "copy $mb MiB $fill: driver ds clone, warm, COPY_SPARSE=yes" "$wa ms" "median of $runs (the first opens the service's session to the host); speed vs plain dd over the ControlMaster $(ratio "$pc" "$wa")"
}
if [[ $BENCH_VM == 1 ]]; then
    copy_bench dense
    copy_bench holes
    for pid in "$W"/copy-run/*.sock.pid; do [[ -f $pid ]] && kill "$(cat "$pid")" 2>/dev/null; done
else
    row "copy engine vs dd" "n/a" "needs the device-mapper VM host (BENCH_VM=1)"
fi
fi

# --- 5. LINSTOR REST calls per operation -----------------------------------------------------
if want linstor; then
calls=$(cd "$ROOT" && mvn -o -B -ntp -pl linstor-backend -am -Dtest=RestCallCountTest -Dsurefire.failIfNoSpecifiedTests=false \
        -DskipITs test 2>/dev/null | grep -o 'REST calls per operation: {.*}' | sed 's/REST calls per operation: //')
if [[ -n $calls ]]; then
    tr -d '{}' <<<"$calls" | tr ',' '\n' | while IFS='=' read -r op n; do
        [[ -n $op ]] && echo "$(echo "$op" | xargs)|$n"
    done > "$W/rest.txt"
    while IFS='|' read -r op n; do row "LINSTOR REST calls: $op" "$n" "counted at the simulated controller (RestCallCountTest)"; done < "$W/rest.txt"
else
    row "LINSTOR REST calls per operation" "n/a" "RestCallCountTest did not run"
fi
fi

# --- 6. cinder-bridge on the simulated LINSTOR controller ----------------------------------
if want bridge; then
bridge_bench() { # scripts/bench/bridge.sh: warmed up, the installed unit's JVM flags
    local c rps p50 p99 n err
    if ! BRIDGE_JARS=$W/jars "$ROOT/scripts/bench/bridge.sh" > "$W/bridge-bench.txt" 2> "$W/bridge-bench.err"; then
        row "cinder-bridge" "n/a" "$(tail -1 "$W/bridge-bench.err")"; return
    fi
    while read -r c rps p50 p99 n err; do
        row "cinder-bridge, $c client(s): requests/s" "$rps" "create+delete volume pairs for 10 s on simulated LINSTOR; $n requests, $err errors"
        row "cinder-bridge, $c client(s): p50 / p99 latency" "$p50 / $p99 ms" "per request, client side (scripts/bench/bridge.sh)"
    done < "$W/bridge-bench.txt"
}
bridge_bench
fi

# --- 7. admin CLI: where LVs are active costs one lvs per host, asked in parallel ------------
if want admin; then
admin_bench() { # LABEL HOSTS-SETTING SSH-CONFIG: median of 5 `storage volumes` on the test-bed VG
    local label=$1 hosts=$2 cfg=$3 i t0 walls=() cmds
    for i in 1 2 3 4 5; do
        : > "$BENCH_LVM_LOG"; t0=$(now)
        HOSTS=$hosts STORAGE_DRIVERS_SSH_CONFIG=$cfg "$ROOT/scripts/storage" --uri "lvm://$TB_VG" volumes --csv \
            >/dev/null 2>"$W/step.err" || { row "$label" "failed" "$(why "$W/step.err")"; return; }
        walls+=("$(ms "$t0" "$(now)")")
    done
    cmds=$(lvm_count)
    row "$label" "$(printf '%s\n' "${walls[@]}" | median) ms" "median of 5 launcher runs; $cmds LVM command(s) on the frontend + one lvs per host asked"
}
: > "$W/empty_ssh_config"
admin_bench "storage volumes, no host asked" "" "$W/empty_ssh_config"
admin_bench "storage volumes, 2 hosts asked (host1 host2)" "host1 host2" "$TB_SSH_CONFIG"
if [[ $BENCH_VM == 1 ]]; then
    admin_bench "storage volumes, 3 hosts asked (+ the emulated VM)" "host1 host2 vmhost" "$TB_SSH_CONFIG"
fi
fi

# --- the table -------------------------------------------------------------------------------
printf '\n%-58s %14s   %s\n' "figure" "value" "how measured"
printf '%s\n' "${ROWS[@]}"
printf '\n(one run on %s, %s cores, %s; compare ratios within this run)\n' "$(hostname)" "$(nproc)" "$(date -u +%FT%TZ)"
