# Sourced by scripts/bench.sh (inside the frontend namespace, its helpers and $W defined):
# OpenNebula's fs_lvm from ../shared/opennebula against our shims, cold and warm, on the same
# test bed, VG and fixtures, runs interleaved. Sections:
#   compare  mkimage, resize, premigrate/postmigrate of 4 disks, delete, image-DS monitor
#   sysmon   system-DS monitor with VM disks at 100 / 2,000 / 10,000 LVs
# fs_lvm runs LVM metadata commands on the hosts, so bench.sh makes the hosts' LVM writable for
# these sections (ours never writes there). fs_lvm opens a new ssh connection per call ("ssh"),
# or reuses an open ControlMaster ("ssh+CM"). Our shims: "cold" = a JVM per action
# (STORAGE_DRIVERS_WARM=0), "warm" = through the warm service.

# No LVM wrapper here (bench.sh puts it first on PATH to count LVM commands elsewhere): it costs
# five processes per LVM command, and only ours run LVM on the frontend (fs_lvm's run on the hosts).
WRAPPED_PATH=$PATH
export PATH=${PATH#"$W/lvmwrap:"}
ONE=$W/one
"$ROOT/../shared/opennebula/layout.sh" "$ONE" >/dev/null
# zeroing off on both sides (sys_xml below gives our system DS ZERO_LVM_ON_CREATE/DELETE=no too): a
# namespace test bed has no device-mapper, so neither side could zero here
sed -i 's/^ZERO_LVM_ON_CREATE=.*/ZERO_LVM_ON_CREATE=no/; s/^ZERO_LVM_ON_DELETE=.*/ZERO_LVM_ON_DELETE=no/' \
    "$ONE/var/remotes/etc/tm/fs_lvm/fs_lvm.conf"
mkdir -p /var/lock/one "$W/cm" "$W/run"
chmod 700 "$W/run"
FS=$ONE/var/remotes/tm/fs_lvm
# our cold JVMs as installed: with the class-data-sharing archive install.sh makes
if [[ ! -f $W/jars/shared-lvm-driver.jsa && -f $ROOT/scripts/install/common.sh ]]; then
    (set +eu; JAVA=java; . "$ROOT/scripts/install/common.sh"; cds_archive "$W/jars/shared-lvm-driver.jar") >/dev/null 2>&1 || true
fi
SYSDS=$BENCH_SYSDS                      # the test bed's VG is vg-one-$SYSDS, as fs_lvm names it
R=${BENCH_COMPARE_RUNS:-5}
IMPLS="fs_lvm:ssh fs_lvm:ssh+CM ours:cold ours:warm"
sys_xml() { # ID VG TM EXTRA-TEMPLATE
    printf '<DATASTORE><ID>%s</ID><UID>0</UID><GID>0</GID><NAME>sys%s</NAME><DS_MAD><![CDATA[-]]></DS_MAD>' "$1" "$1"
    printf '<TM_MAD><![CDATA[%s]]></TM_MAD><BASE_PATH><![CDATA[%s/%s]]></BASE_PATH><TYPE>1</TYPE><DISK_TYPE>2</DISK_TYPE>' "$3" "$LOC" "$1"
    printf '<STATE>0</STATE><TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB><TEMPLATE><VG_NAME><![CDATA[%s]]></VG_NAME>' "$2"
    printf '<SHARED><![CDATA[YES]]></SHARED><ZERO_LVM_ON_CREATE><![CDATA[no]]></ZERO_LVM_ON_CREATE><ZERO_LVM_ON_DELETE><![CDATA[no]]></ZERO_LVM_ON_DELETE><TM_MAD><![CDATA[%s]]></TM_MAD>%s</TEMPLATE></DATASTORE>' "$3" "$4"
}
vol_vm_xml() { # VMID TM HOST...  (4 volatile disks of 8 MiB in system DS $SYSDS)
    local id=$1 tm=$2 h seq=0; shift 2
    printf '<VM><ID>%s</ID><UID>0</UID><GID>0</GID><NAME>b</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE><DEPLOY_ID>one-%s</DEPLOY_ID><TEMPLATE>' "$id" "$id"
    for d in 0 1 2 3; do
        printf '<DISK><DISK_ID>%s</DISK_ID><SIZE>8</SIZE><TYPE>fs</TYPE><FORMAT>raw</FORMAT><TARGET>vd%s</TARGET><DISK_TYPE>BLOCK</DISK_TYPE></DISK>' "$d" "$d"
    done
    printf '</TEMPLATE><HISTORY_RECORDS>'
    for h in "$@"; do
        printf '<HISTORY><OID>%s</OID><SEQ>%s</SEQ><HOSTNAME>%s</HOSTNAME><VM_MAD>kvm</VM_MAD><TM_MAD>%s</TM_MAD><DS_ID>%s</DS_ID></HISTORY>' "$id" "$seq" "$h" "$tm" "$SYSDS"
        seq=$((seq + 1))
    done
    printf '</HISTORY_RECORDS></VM>'
}
sys_xml "$SYSDS" "vg-one-$SYSDS" shared_lvm "" > "$ONE_STUB_DIR/ds-$SYSDS.xml"

# How each side reads the VM and the datastores, as on a real frontend: our shims through oned's
# XML-RPC API (the OpenNebula user's credentials, here in ONE_AUTH, the endpoint in ONE_XMLRPC),
# served by the stand-in oned from the stand-ins' files; fs_lvm through the onevm/onedatastore
# CLI stand-ins (2 ms shell scripts where a real frontend's Ruby CLI takes 0.3-1 s).
# BENCH_ONE_API=0: ours through the CLI stand-ins too (what a frontend without credentials does).
OURS_API=""
ONED_PID=""
if [[ ${BENCH_ONE_API:-1} != 0 ]]; then
    cp "$ROOT/core/src/test/resources/one-stubs/oned-xmlrpc" "$W/bin/"
    printf 'oneadmin:bench-%s\n' "$$" > "$W/one_auth"
    chmod 600 "$W/one_auth"
    rm -f "$ONE_STUB_DIR/oned.port"
    $PY "$W/bin/oned-xmlrpc" --auth "$W/one_auth" 2>"$W/oned-xmlrpc.log" &
    ONED_PID=$!
    for _ in $(seq 200); do [[ -s $ONE_STUB_DIR/oned.port ]] && break; sleep 0.05; done
    if [[ -s $ONE_STUB_DIR/oned.port ]]; then
        OURS_API="STORAGE_DRIVERS_ONE_API=1 ONE_AUTH=$W/one_auth ONE_XMLRPC=http://127.0.0.1:$(cat "$ONE_STUB_DIR/oned.port")/RPC2"
    else
        log "the stand-in oned did not start: ours read through the CLI stand-ins ($(tail -1 "$W/oned-xmlrpc.log"))"
    fi
fi
# impl_env IMPL: the environment of our shims in that mode
impl_env() {
    case $1 in
        ours:cold) echo "STORAGE_DRIVERS_WARM=0 $OURS_API" ;;
        ours:warm) echo "STORAGE_DRIVERS_WARM=1 STORAGE_DRIVERS_RUN_DIR=$W/run $OURS_API" ;;
    esac
}
# run_impl IMPL ACTION ARGS... (stdin passed on): the fs_lvm script or our shim of ACTION
run_impl() {
    local impl=$1 action=$2; shift 2
    case $impl in
        fs_lvm:ssh) env ONE_LOCATION="$ONE" SUDO=env SSH="ssh -F $TB_SSH_CONFIG" "$FS/$action" "$@" ;;
        fs_lvm:ssh+CM) env ONE_LOCATION="$ONE" SUDO=env SSH="ssh -F $TB_SSH_CONFIG -o ControlMaster=auto -o ControlPath=$W/cm/%h -o ControlPersist=600" \
            "$FS/$action" "$@" ;;
        ours:*) env $(impl_env "$impl") "$TM/$action" "$@" ;;
    esac
}
# timed IMPL LABEL HOSTS -- ACTION ARGS... : appends "ms conns" to $W/cmp/<impl>/<label>
timed() {
    local impl=$1 label=$2 hosts=$3 h t0 t1 b=() i=0 conns=0 rc=0; shift 4
    for h in $hosts; do b+=("$(accepted "$h")"); done
    t0=$(now)
    run_impl "$impl" "$@" >/dev/null 2>"$W/step.err" || rc=$?
    t1=$(now)
    for h in $hosts; do
        local n=$(( $(accepted "$h") - b[i] )); i=$((i + 1))
        ((n > conns)) && conns=$n
    done
    mkdir -p "$W/cmp/$impl"
    if ((rc)); then echo "failed: $(why "$W/step.err")" >> "$W/cmp/$impl/$label.err"; return 0; fi
    echo "$(ms "$t0" "$t1") $conns" >> "$W/cmp/$impl/$label"
}
vm_cycle() { # IMPL VMID: one VM's 4 volatile disks through every compared action
    local impl=$1 vm=$2 tm=shared_lvm d dir=$LOC/$SYSDS/$2
    [[ $impl == fs_lvm:* ]] && tm=fs_lvm
    vol_vm_xml "$vm" "$tm" host1 > "$ONE_STUB_DIR/vm-$vm.xml"
    local b64; b64=$(vol_vm_xml "$vm" "$tm" host1 | b64)
    for d in 0 1 2 3; do timed "$impl" mkimage "host1" -- mkimage 8 raw "host1:$dir/disk.$d" "$vm" "$SYSDS" </dev/null; done
    timed "$impl" resize "host1" -- resize "host1:$dir/disk.0" 16 "$vm" "$SYSDS" </dev/null
    timed "$impl" "premigrate (4 disks)" "host1 host2" -- premigrate host1 host2 "$dir" "$vm" "$SYSDS" <<<"$b64"
    vol_vm_xml "$vm" "$tm" host1 host2 > "$ONE_STUB_DIR/vm-$vm.xml"
    b64=$(vol_vm_xml "$vm" "$tm" host1 host2 | b64)
    timed "$impl" "postmigrate (4 disks)" "host1 host2" -- postmigrate host1 host2 "$dir" "$vm" "$SYSDS" <<<"$b64"
    for d in 0 1 2 3; do timed "$impl" delete "host2" -- delete "host2:$dir/disk.$d" "$vm" "$SYSDS" </dev/null; done
    run_impl "$impl" delete "host2:$dir" "$vm" "$SYSDS" </dev/null >/dev/null 2>&1 || true
}
imgmon_cycle() { # IMPL: the image datastore monitor (fs_lvm pairs with OpenNebula's fs datastore)
    local impl=$1 in
    case $impl in
        fs_lvm:*)
            in=$(printf '<DS_DRIVER_ACTION_DATA><DATASTORE><ID>101</ID><NAME>i</NAME><DS_MAD>fs</DS_MAD><TM_MAD>fs_lvm</TM_MAD><BASE_PATH>%s/101</BASE_PATH><TYPE>0</TYPE><TEMPLATE></TEMPLATE></DATASTORE><DATASTORE_LOCATION>%s</DATASTORE_LOCATION></DS_DRIVER_ACTION_DATA>' "$LOC" "$LOC" | b64)
            mkdir -p "$W/cmp/$impl"; local t0; t0=$(now)
            env ONE_LOCATION="$ONE" "$ONE/var/remotes/datastore/fs/monitor" 101 <<<"$in" >/dev/null 2>&1 \
                && echo "$(ms "$t0" "$(now)") 0" >> "$W/cmp/$impl/image-DS monitor" ;;
        ours:*)
            mkdir -p "$W/cmp/$impl"; local t0; t0=$(now)
            env $(impl_env "$impl") "$DS/monitor" 101 <<<"$MONITOR_IN" >/dev/null 2>&1 \
                && echo "$(ms "$t0" "$(now)") 0" >> "$W/cmp/$impl/image-DS monitor" ;;
    esac
}
cmp_median() { [[ -f $1 ]] && cut -d' ' -f1 "$1" | median || echo n/a; }
cmp_conns() { [[ -f $1 ]] && cut -d' ' -f2 "$1" | sort -n | tail -1 || echo n/a; }
cmp_conns_after_first() { [[ -f $1 ]] && { tail -n +2 "$1"; echo "0 0"; } | cut -d' ' -f2 | sort -n | tail -1 || echo n/a; }
cmp_table() { # LABEL...: one row per action: medians, ratios, SSH connections
    local label a fm fc oc ow
    for label in "$@"; do
        fm=$(cmp_median "$W/cmp/fs_lvm:ssh/$label"); fc=$(cmp_median "$W/cmp/fs_lvm:ssh+CM/$label")
        oc=$(cmp_median "$W/cmp/ours:cold/$label"); ow=$(cmp_median "$W/cmp/ours:warm/$label")
        ROWS+=("$(printf '| %-22s | %7s | %7s | %7s | %7s | %6s | %6s | %3s / %3s / %3s / %3s |' "$label" "$fm" "$fc" "$oc" "$ow" \
            "$(ratio "$oc" "$fm")" "$(ratio "$ow" "$fc")" "$(cmp_conns "$W/cmp/fs_lvm:ssh/$label")" \
            "$(cmp_conns "$W/cmp/fs_lvm:ssh+CM/$label")" "$(cmp_conns "$W/cmp/ours:cold/$label")" \
            "$(cmp_conns_after_first "$W/cmp/ours:warm/$label")")")
        for a in $IMPLS; do [[ -f "$W/cmp/$a/$label.err" ]] && log "$a $label: $(tail -1 "$W/cmp/$a/$label.err")"; done
    done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
cmp_header() {
    ROWS+=("" "$1" "| action                 | fs_lvm  | fs+CM   | cold    | warm    | cold/  | warm/  | SSH conns per action (max) |"
           "|                        | ms      | ms      | ms      | ms      | fs_lvm | fs+CM  | fs / fs+CM / cold / warm*  |"
           "|---|---|---|---|---|---|---|---|")
}

if want compare; then
    # the warm service up (its first action starts it), the ControlMasters open
    env $(impl_env ours:warm) "$DS/monitor" 101 <<<"$MONITOR_IN" >/dev/null 2>&1
    for _ in $(seq 100); do [[ -S $W/run/shared-lvm-driver.sock ]] && break; sleep 0.1; done
    env $(impl_env ours:warm) "$DS/monitor" 101 <<<"$MONITOR_IN" >/dev/null 2>&1
    for h in host1 host2; do
        ssh -F "$TB_SSH_CONFIG" -o ControlMaster=auto -o ControlPath="$W/cm/%h" -o ControlPersist=600 "$h" true
    done
    vm=500
    nlv=$(lvs --noheadings "$TB_VG" 2>/dev/null | wc -l)
    for ((r = 0; r < R; r++)); do
        for impl in $IMPLS; do vm_cycle "$impl" $vm; vm=$((vm + 1)); imgmon_cycle "$impl"; done
    done
    cmp_header "fs_lvm vs our shims: median of $R interleaved runs (mkimage, delete: of 4x$R), $nlv LVs in the VG besides the VM's 4; every row: zeroing off on both sides (fs_lvm.conf and our system DS: ZERO_LVM_ON_CREATE=no, ZERO_LVM_ON_DELETE=no)"
    cmp_table mkimage resize "premigrate (4 disks)" "postmigrate (4 disks)" delete "image-DS monitor"
    ROWS+=("(* warm: the most new connections of any run after the first; fs_lvm's image DS is OpenNebula's fs datastore)")
    if [[ -n $OURS_API ]]; then
        ROWS+=("(ours read oned through its XML-RPC API: $(grep -c '^xmlrpc ' "$ONE_STUB_DIR/calls.log") calls to the stand-in oned; fs_lvm through the onevm/onedatastore stand-ins)")
    else
        ROWS+=("(ours read oned through the onevm/onedatastore stand-ins, as fs_lvm: BENCH_ONE_API=0 or no stand-in oned)")
    fi
fi

if want sysmon; then
    # system-DS monitor with VM disks: a VG of its own named as fs_lvm expects, N one-extent LVs
    truncate -s 24G "$W/sysmon.img"
    SLOOP=$(losetup --find --show "$W/sysmon.img")
    mkdir -p "$W/slvm"
    sed -e "s#a|^$TB_LOOP\\\$|#a|^$SLOOP\$|#g" "$LVM_SYSTEM_DIR/lvm.conf" > "$W/slvm/lvm.conf"
    MDS=$((SYSDS + 1)); MVG=vg-one-$MDS
    LVM_SYSTEM_DIR=$W/slvm /usr/sbin/vgcreate -q -s 1m --metadatasize 64m "$MVG" "$SLOOP" >/dev/null 2>&1
    LVM_SYSTEM_DIR=$W/slvm /usr/sbin/vgcfgbackup -q -f "$W/sempty.vg" "$MVG" >/dev/null 2>&1
    sys_xml "$MDS" "$MVG" shared_lvm "" > "$ONE_STUB_DIR/ds-$MDS.xml"
    sin=$(printf '<DS_DRIVER_ACTION_DATA>%s<DATASTORE_LOCATION>%s</DATASTORE_LOCATION><MONITOR_VM_DISKS>1</MONITOR_VM_DISKS></DS_DRIVER_ACTION_DATA>' \
        "$(sys_xml "$MDS" "$MVG" shared_lvm "")" "$LOC" | b64)
    fin=$(printf '<DS_DRIVER_ACTION_DATA>%s<DATASTORE_LOCATION>%s</DATASTORE_LOCATION><MONITOR_VM_DISKS>1</MONITOR_VM_DISKS></DS_DRIVER_ACTION_DATA>' \
        "$(sys_xml "$MDS" "$MVG" fs_lvm "")" "$LOC" | b64)
    # the warm service serves this VG's environment (LVM_SYSTEM_DIR) from a run dir of its own
    mkdir -p "$W/srun"; chmod 700 "$W/srun"
    swarm="STORAGE_DRIVERS_WARM=1 STORAGE_DRIVERS_RUN_DIR=$W/srun LVM_SYSTEM_DIR=$W/slvm"
    env $swarm "$TM/monitor" "$MDS" <<<"$sin" >/dev/null 2>&1
    for _ in $(seq 100); do [[ -S $W/srun/shared-lvm-driver.sock ]] && break; sleep 0.1; done
    cmp_header "system-DS monitor with VM disks (MONITOR_VM_DISKS=1): median of $R, VM disk lines checked"
    for n in 100 2000 10000; do
        $PY "$ROOT/scripts/bench/gen-lvs.py" "$W/sempty.vg" "$W/sgen.vg" "$n"
        LVM_SYSTEM_DIR=$W/slvm /usr/sbin/vgcfgrestore -q -f "$W/sgen.vg" "$MVG" >/dev/null 2>&1 || { log "vgcfgrestore $n failed"; continue; }
        label="sys-DS monitor $n LVs"
        for ((r = 0; r < R; r++)); do
            for impl in $IMPLS; do
                mkdir -p "$W/cmp/$impl"; t0=$(now)
                case $impl in
                    fs_lvm:ssh+CM) continue ;;  # no ssh: the same script as fs_lvm:ssh
                    fs_lvm:ssh) out=$(env LVM_SYSTEM_DIR="$W/slvm" ONE_LOCATION="$ONE" SUDO=env "$FS/monitor" "$MDS" <<<"$fin" 2>/dev/null) ;;
                    ours:cold) out=$(env STORAGE_DRIVERS_WARM=0 LVM_SYSTEM_DIR="$W/slvm" "$TM/monitor" "$MDS" <<<"$sin" 2>/dev/null) ;;
                    ours:warm) out=$(env $swarm "$TM/monitor" "$MDS" <<<"$sin" 2>/dev/null) ;;
                esac
                t1=$(now)
                echo "$(ms "$t0" "$t1") 0" >> "$W/cmp/$impl/$label"
                [[ $impl == ours:* ]] && [[ $(grep -c '^VM = ' <<<"$out") != $(((n + 3) / 4)) ]] \
                    && echo "failed: $(grep -c '^VM = ' <<<"$out") VM lines for $n LVs" >> "$W/cmp/$impl/$label.err"
            done
        done
        cp "$W/cmp/fs_lvm:ssh/$label" "$W/cmp/fs_lvm:ssh+CM/$label"
        cmp_table "$label"
        LVM_SYSTEM_DIR=$W/slvm /usr/sbin/vgcfgrestore -q -f "$W/sempty.vg" "$MVG" >/dev/null 2>&1
    done
    ROWS+=("(fs_lvm's monitor has no ssh when the DS has no BRIDGE_LIST: its two columns are one measurement)")
    LVM_SYSTEM_DIR=$W/slvm /usr/sbin/vgremove -q -f "$MVG" >/dev/null 2>&1
    losetup -d "$SLOOP" 2>/dev/null
fi
for pid in "$W"/run/*.sock.pid "$W"/srun/*.sock.pid; do [[ -f $pid ]] && kill "$(cat "$pid")" 2>/dev/null; done
[[ -n $ONED_PID ]] && kill "$ONED_PID" 2>/dev/null
export PATH=$WRAPPED_PATH
