# scripts/lib/deb-shared-lvm.sh: sourced by scripts/test-deb.sh. shared_lvm as a site runs it from
# the packages: the frontend package in the frontend root ($ROOT), the host package in the host
# root ($HROOT), joined by the test bed's network namespaces and its LUN (a loop device carrying
# the VG, seen by both roots through their /dev). OpenNebula's own one_tm and one_datastore run
# in the frontend root as oneadmin inside the test bed's frontend namespace, with the arguments
# the installed oned.conf registers; the hosts are sshd processes of the host root (one per test
# bed host namespace, each with its own /var/lib/one/datastores) that oneadmin reaches with its
# own key, and whose LVM commands pass through the host package's sudoers and read-only lvm.conf.
#
# What only the machine dictates, never the packages' files: the kernel has no device-mapper, so
# both roots get an /etc/lvm/lvmlocal.conf (lvm2's file for this machine's settings) with
# activation = 0 and a filter to the LUN, and the datastores turn zeroing off in their templates.
# Without device-mapper no data can be copied between LVs: the images are made empty (MKFS) and
# linked (LN), as the runner tier does on its namespace hosts (CP/CLONE need the VM tier).

SL_VM=42
SL_DS_IMG=101 SL_DS_SYS=100
SL_BED= SL_SSHD_PIDS=()

# sl_bed_up: the test bed's namespaces and LUN (its own sshds stop: the host root's serve instead)
sl_bed_up() {
    SL_TB=(TB_DIR="$WORK/tb" TB_PREFIX="sdd$$" TB_NET="10.233.$(($$ % 250 + 1))" TB_VG="vg-one-$((100000 + $$ % 100000))")
    env "${SL_TB[@]}" "$REPO/scripts/testbed.sh" up > "$WORK/testbed.log" 2>&1 || { tail -20 "$WORK/testbed.log"; return 1; }
    SL_BED=1
    # shellcheck disable=SC1091
    read -r SL_FE_NS SL_LOOP SL_VG SL_IP1 SL_NS1 SL_IP2 SL_NS2 < <(. "$WORK/tb/env.sh" \
        && echo "$TB_FE_NS $TB_LOOP $TB_VG $TB_IP_HOST1 $TB_NS_HOST1 $TB_IP_HOST2 $TB_NS_HOST2")
    local h p
    for h in host1 host2; do
        p=$(cat "$WORK/tb/$h/sshd.pid") && kill "$p" && while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
    done
}
sl_bed_down() {
    local p
    for p in "${SL_SSHD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    SL_SSHD_PIDS=()
    [[ -z $SL_BED ]] || env "${SL_TB[@]}" "$REPO/scripts/testbed.sh" down >> "$WORK/testbed.log" 2>&1
    SL_BED=
}

# sl_machine_lvm ROOTDIR: this machine's LVM settings (no device-mapper; only the LUN)
sl_machine_lvm() {
    printf '# this machine: no device-mapper in its kernel; the test bed LUN only\nglobal {\n\tactivation = 0\n\tuse_aio = 0\n}\ndevices {\n\tglobal_filter = [ "a|^%s$|", "r|.*|" ]\n}\n' \
        "$SL_LOOP" > "$1/etc/lvm/lvmlocal.conf"
}

in_fe() { ip netns exec "$SL_FE_NS" chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }
in_host() { chroot "$HROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }

# sl_hosts_up: oneadmin on both sides (the frontend's key in the hosts' authorized_keys, the hosts'
# key in its known_hosts), one sshd of the host root per host namespace
sl_hosts_up() {
    local h ip ns uid
    in_host useradd --system --create-home --home-dir /var/lib/one --shell /bin/bash -p '*' oneadmin || return 1
    mkdir -p "$ROOT/var/lib/one/.ssh" "$HROOT/var/lib/one/.ssh" "$HROOT/var/lib/one/datastores" "$HROOT/run/sshd" "$ROOT/var/lib/one/datastores" "$ROOT/var/lib/one/vms"
    ssh-keygen -q -t ed25519 -N '' -C oneadmin@frontend -f "$ROOT/var/lib/one/.ssh/id_ed25519" || return 1
    cp "$ROOT/var/lib/one/.ssh/id_ed25519.pub" "$HROOT/var/lib/one/.ssh/authorized_keys"
    ssh-keygen -q -t ed25519 -N '' -C host -f "$HROOT/etc/ssh/sd-test-host-key" || return 1
    : > "$ROOT/var/lib/one/.ssh/known_hosts"; : > "$ROOT/var/lib/one/.ssh/config"
    uid=$(in_host id -u oneadmin)
    for h in host1 host2; do
        if [[ $h == host1 ]]; then ip=$SL_IP1 ns=$SL_NS1; else ip=$SL_IP2 ns=$SL_NS2; fi
        echo "$h,$ip $(cut -d' ' -f1,2 "$HROOT/etc/ssh/sd-test-host-key.pub")" >> "$ROOT/var/lib/one/.ssh/known_hosts"
        printf 'Host %s\n    HostName %s\n' "$h" "$ip" >> "$ROOT/var/lib/one/.ssh/config"
        printf 'ListenAddress %s:22\nHostKey /etc/ssh/sd-test-host-key\nPidFile /run/sd-test-sshd-%s.pid\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\nAllowUsers oneadmin\nSubsystem sftp internal-sftp\n' \
            "$ip" "$h" > "$HROOT/etc/ssh/sd-test-sshd-$h.conf"
        mkdir -p "$WORK/hosts/$h/datastores" && chown "$uid:$uid" "$WORK/hosts/$h/datastores"
        # each host its own datastores directory, in its sshd's mount namespace (ip netns exec's)
        ip netns exec "$ns" sh -c 'mount --bind "$1" "$2/var/lib/one/datastores" && exec chroot "$2" /usr/sbin/sshd -f "$3" -E "/var/log/sd-test-sshd-$4.log"' \
            sh "$WORK/hosts/$h/datastores" "$HROOT" "/etc/ssh/sd-test-sshd-$h.conf" "$h" || return 1
        for _ in $(seq 200); do [[ -s $HROOT/run/sd-test-sshd-$h.pid ]] && break; sleep 0.05; done
        SL_SSHD_PIDS+=("$(cat "$HROOT/run/sd-test-sshd-$h.pid")")
    done
    printf 'Host *\n    StrictHostKeyChecking yes\n    BatchMode yes\n    ConnectTimeout 15\n' >> "$ROOT/var/lib/one/.ssh/config"
    in_root chown -R oneadmin:oneadmin /var/lib/one/.ssh /var/lib/one/datastores /var/lib/one/vms
    in_host chown -R oneadmin:oneadmin /var/lib/one/.ssh
    chmod 700 "$ROOT/var/lib/one/.ssh" "$HROOT/var/lib/one/.ssh"
    # OpenNebula's CLI (opennebula-tools puts it in /usr/bin): the test's stand-ins read the XML here
    cp "$REPO/core/src/test/resources/one-stubs/onevm" "$REPO/core/src/test/resources/one-stubs/onedatastore" "$ROOT/usr/bin/"
    cp "$REPO/core/src/test/resources/one-runners/vmm-tm.rb" "$ROOT/var/lib/one/vmm-tm.rb"
    as_oneadmin mkdir -p /var/lib/one/sd-stubs
}

# --- OpenNebula's runners in the frontend namespace, as oneadmin, in oned's environment -------
SL_ENV=(HOME=/var/lib/one USER=oneadmin LOGNAME=oneadmin LANG=C.UTF-8 RUBYLIB=/usr/lib/one/ruby
    ONE_STUB_DIR=/var/lib/one/sd-stubs PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin)
sl_start() { # one_tm|one_datastore TM_MAD|DATASTORE_MAD
    local args
    args=$(sed -n "/^$2 *= *\[/,/\]/s/^ *ARGUMENTS *= *\"\(.*\)\".*/\1/p" "$ROOT/etc/one/oned.conf")
    [[ -n $args ]] || return 1
    # shellcheck disable=SC2086 # the registered arguments, split as oned splits them
    coproc RUNNER { in_fe runuser -u oneadmin -- env -i "${SL_ENV[@]}" /usr/lib/one/mads/$1 $args 2>> "$WORK/runner.err"; }
    RUNNER_IN=${RUNNER[1]} RUNNER_OUT=${RUNNER[0]}
}
# sl_ask ACTION ID MESSAGE: sends MESSAGE, prints the info of "<ACTION> SUCCESS <ID> <info>"
sl_ask() {
    local line
    printf '%s\n' "$3" 2>/dev/null >&"$RUNNER_IN" || return 1
    while IFS= read -r -t 300 line <&"$RUNNER_OUT"; do     # the bound only a stall reaches
        case $line in
            "$1 SUCCESS $2"*) line=${line#"$1 SUCCESS $2"}; printf '%s\n' "${line# }"; return 0 ;;
            "$1 FAILURE $2"*) printf '%s\n' "$line" >> "$WORK/sl-runner.log"; return 1 ;;
            *) printf '%s\n' "$line" >> "$WORK/sl-runner.log" ;;
        esac
    done
    return 1
}

# --- the XML oned gives the drivers ---------------------------------------------------------
sl_ds_xml() { # id name type(0 image, 1 system) bridge-list
    echo "<DATASTORE><ID>$1</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>$2</NAME><DS_MAD><![CDATA[$( (($3)) && echo - || echo shared_lvm)]]></DS_MAD><TM_MAD><![CDATA[shared_lvm]]></TM_MAD><BASE_PATH><![CDATA[/var/lib/one//datastores/$1]]></BASE_PATH><TYPE>$3</TYPE><DISK_TYPE>2</DISK_TYPE><STATE>0</STATE><TOTAL_MB>0</TOTAL_MB><FREE_MB>0</FREE_MB><USED_MB>0</USED_MB><TEMPLATE><VG_NAME><![CDATA[$SL_VG]]></VG_NAME><BRIDGE_LIST><![CDATA[$4]]></BRIDGE_LIST><ZERO_LVM_ON_CREATE><![CDATA[no]]></ZERO_LVM_ON_CREATE><ZERO_LVM_ON_DELETE><![CDATA[no]]></ZERO_LVM_ON_DELETE><DISK_TYPE><![CDATA[BLOCK]]></DISK_TYPE><TM_MAD><![CDATA[shared_lvm]]></TM_MAD></TEMPLATE></DATASTORE>"
}
sl_image_xml() { # id path source size persistent(0|1)
    echo "<IMAGE><ID>$1</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>img$1</NAME><TYPE>0</TYPE><DISK_TYPE>2</DISK_TYPE><PERSISTENT>$5</PERSISTENT><SOURCE><![CDATA[$3]]></SOURCE><PATH><![CDATA[$2]]></PATH><FORMAT><![CDATA[raw]]></FORMAT><FS><![CDATA[]]></FS><SIZE>$4</SIZE><STATE>4</STATE><CLONING_ID>-1</CLONING_ID><TARGET_SNAPSHOT>-1</TARGET_SNAPSHOT><DATASTORE_ID>$SL_DS_IMG</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>"
}
sl_disk_xml() { # id image-id(-1: volatile) persistent size
    local a="<DISK_ID><![CDATA[$1]]></DISK_ID>"
    if (($2 >= 0)); then
        a+="<IMAGE_ID><![CDATA[$2]]></IMAGE_ID><SOURCE><![CDATA[$SL_VG/img-one-$2]]></SOURCE><CLONE><![CDATA[NO]]></CLONE><CLONE_TARGET><![CDATA[SELF]]></CLONE_TARGET><LN_TARGET><![CDATA[NONE]]></LN_TARGET><DATASTORE_ID><![CDATA[$SL_DS_IMG]]></DATASTORE_ID><TM_MAD><![CDATA[shared_lvm]]></TM_MAD>"
        (($3)) && a+="<PERSISTENT><![CDATA[YES]]></PERSISTENT><SAVE><![CDATA[YES]]></SAVE>"
    else
        a+="<FORMAT><![CDATA[raw]]></FORMAT>"
    fi
    echo "<DISK>$a<DISK_TYPE><![CDATA[BLOCK]]></DISK_TYPE><DRIVER><![CDATA[raw]]></DRIVER><SIZE><![CDATA[$4]]></SIZE><TARGET><![CDATA[vd$(printf "\\x$(printf %x $((97 + $1)))")]]></TARGET><TYPE><![CDATA[$( (($2 >= 0)) && echo BLOCK || echo fs)]]></TYPE></DISK>"
}
# sl_vm STATE LCM_STATE HOST...: what `onevm show -x 42` prints from now on (the HISTORY records' hosts)
sl_vm() {
    local s=$1 l=$2 seq=0 h hist=""
    shift 2
    for h in "$@"; do
        hist+="<HISTORY><OID>$SL_VM</OID><SEQ>$seq</SEQ><HOSTNAME>$h</HOSTNAME><HID>$seq</HID><CID>0</CID><VM_MAD><![CDATA[kvm]]></VM_MAD><TM_MAD><![CDATA[shared_lvm]]></TM_MAD><DS_ID>$SL_DS_SYS</DS_ID><ACTION>0</ACTION></HISTORY>"
        seq=$((seq + 1))
    done
    echo "<VM><ID>$SL_VM</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>vm$SL_VM</NAME><STATE>$s</STATE><LCM_STATE>$l</LCM_STATE><PREV_STATE>3</PREV_STATE><PREV_LCM_STATE>3</PREV_LCM_STATE><DEPLOY_ID>one-$SL_VM</DEPLOY_ID><TEMPLATE><CONTEXT><DISK_ID><![CDATA[3]]></DISK_ID><NETWORK><![CDATA[YES]]></NETWORK><TARGET><![CDATA[hda]]></TARGET></CONTEXT><CPU><![CDATA[1]]></CPU>$(sl_disk_xml 0 10 1 8)$(sl_disk_xml 1 11 1 8)$(sl_disk_xml 2 -1 0 4)<MEMORY><![CDATA[256]]></MEMORY><VMID><![CDATA[$SL_VM]]></VMID></TEMPLATE><USER_TEMPLATE/><HISTORY_RECORDS>$hist</HISTORY_RECORDS></VM>" \
        > "$ROOT/var/lib/one/sd-stubs/vm-$SL_VM.xml"
}

# --- the checks after every step ----------------------------------------------------------------
SL_DIR=/var/lib/one/datastores/$SL_DS_SYS/$SL_VM
sl_lvs() { in_fe lvs --noheadings -o lv_name "$SL_VG" 2>/dev/null | awk '{print $1}' | sort | paste -sd ' ' -; }
# sl_sweep: no LV of the VG active on either host (no device-mapper: activation is a no-op there)
sl_sweep() { ! in_host lvs --noheadings -o lv_name,lv_active "$SL_VG" 2>/dev/null | grep -q ' active'; }
# sl_step LABEL ACTION ID MESSAGE LVS: a request; then the VG holds exactly LVS and the sweep is clean
sl_step() {
    local out
    out=$(sl_ask "$2" "$3" "$4") && [[ $(sl_lvs) == "$5" ]] && sl_sweep && { ok "$SL_TAG: $1"; SL_OUT=$out; return 0; }
    fail "$SL_TAG: $1 (LVs: $(sl_lvs); want: $5)"; tail -5 "$WORK/sl-runner.log" 2>/dev/null; SL_OUT=
}
SL_T=0
sl_transfer() { # label lvs line...: a transfer file as oned writes it, TRANSFER on one_tm
    local label=$1 lvs=$2 f
    shift 2
    SL_T=$((SL_T + 1)); f=/var/lib/one/vms/$SL_VM/transfer.$SL_T
    as_oneadmin mkdir -p "/var/lib/one/vms/$SL_VM"
    printf '%s\n' "$@" > "$ROOT$f"; in_root chown oneadmin:oneadmin "$f"
    sl_step "$label" TRANSFER "$SL_VM" "TRANSFER $SL_VM $f" "$lvs"
}
sl_ds() { # label ACTION id image-xml lvs
    sl_step "$1" "$2" "$3" "$2 $3 $(printf '<DS_DRIVER_ACTION_DATA>%s%s</DS_DRIVER_ACTION_DATA>' "$4" "$(sl_ds_xml $SL_DS_IMG images 0 "")" | base64 -w0)" "$5"
}
sl_migrate() { # ACTION src dst lvs: a live migration's storage step as OpenNebula's VMM runner runs it
    local out
    out=$(base64 -w0 < "$ROOT/var/lib/one/sd-stubs/vm-$SL_VM.xml" | in_fe runuser -u oneadmin -- env -i "${SL_ENV[@]}" \
        sh -c 'cd /var/lib/one && ruby /var/lib/one/vmm-tm.rb "$@" 2>> /var/log/one/vmm-tm.log' sh "$1" shared_lvm "$2" "$3" "$SL_DIR" "$SL_VM" "$SL_DS_SYS")
    if grep -q "^$1 SUCCESS $SL_VM" <<<"$out" && [[ $(sl_lvs) == "$4" ]] && sl_sweep; then ok "$SL_TAG: $1 $2 -> $3 (vmm-tm.rb)"
    else fail "$SL_TAG: $1 $2 -> $3: $out"; fi
}
# sl_link HOST DISK: where disk.N of the VM points on HOST
sl_link() { readlink "$WORK/hosts/$1/datastores/$SL_DS_SYS/$SL_VM/disk.$2"; }

# --- the lifecycle ----------------------------------------------------------------------------------
sl_lifecycle() { # label
    SL_TAG="$1: shared_lvm"
    local vg=$SL_VG fe=localhost d f i mv=() up=() down=() raw=/var/tmp/sd-base.raw
    local imgs="img-one-10 img-one-11" all="img-one-10 img-one-11 lv-one-42-2"
    sl_ds_xml $SL_DS_IMG images 0 "" > "$ROOT/var/lib/one/sd-stubs/ds-$SL_DS_IMG.xml"
    sl_ds_xml $SL_DS_SYS system 1 host2 > "$ROOT/var/lib/one/sd-stubs/ds-$SL_DS_SYS.xml"
    in_root chown -R oneadmin:oneadmin /var/lib/one/sd-stubs
    head -c 8388608 /dev/zero > "$ROOT$raw"; in_root chown oneadmin:oneadmin "$raw"
    sl_start one_datastore DATASTORE_MAD
    sl_ds "DS STAT of an 8 MiB file" STAT 900 "<IMAGE><PATH>$raw</PATH></IMAGE>" ""
    check "$SL_TAG: STAT says 8 (MiB)" test "$SL_OUT" = 8
    sl_ds "DS MKFS persistent image 10" MKFS 10 "$(sl_image_xml 10 "" "" 8 1)" "img-one-10"
    check "$SL_TAG: MKFS answers the image's SOURCE" test "$SL_OUT" = "$vg/img-one-10"
    sl_ds "DS MKFS persistent image 11" MKFS 11 "$(sl_image_xml 11 "" "" 8 1)" "$imgs"
    sl_ds "DS MONITOR" MONITOR $SL_DS_IMG "" "$imgs"
    check "$SL_TAG: MONITOR reports USED_MB, FREE_MB, TOTAL_MB" grep -Eq '^USED_MB=[0-9]+ FREE_MB=[0-9]+ TOTAL_MB=[0-9]+' \
        <(base64 -d <<<"$SL_OUT" 2>/dev/null)
    stop_runner

    sl_start one_tm TM_MAD
    # deploy on host1: persistent images 10 and 11 linked (without device-mapper nothing can be
    # cloned: the runner tier's namespace lifecycle does the same), a volatile disk, the context ISO
    printf "ETH0_IP='10.0.0.5'\n" > "$ROOT/var/lib/one/vms/context.sh"
    sl_vm 3 1 host1
    sl_transfer "TM deploy on host1: LN, LN, MKIMAGE, CONTEXT" "$all" \
        "LN shared_lvm $fe:$vg/img-one-10 host1:$SL_DIR/disk.0 $SL_VM $SL_DS_IMG" \
        "LN shared_lvm $fe:$vg/img-one-11 host1:$SL_DIR/disk.1 $SL_VM $SL_DS_IMG" \
        "MKIMAGE shared_lvm 4 raw host1:$SL_DIR/disk.2 $SL_VM $SL_DS_SYS" \
        "CONTEXT shared_lvm /var/lib/one/vms/context.sh host1:$SL_DIR/disk.3 $SL_VM $SL_DS_SYS"
    check "$SL_TAG: on host1 disk.2 links to /dev/$vg/lv-one-42-2" test "$(sl_link host1 2)" = "/dev/$vg/lv-one-42-2"
    check "$SL_TAG: on host1 disk.3 is the context ISO (oneadmin's)" sh -c \
        'test "$(wc -c < "$1")" -ge 32768 && test "$(stat -c %u "$1")" = "$2"' sh "$WORK/hosts/host1/datastores/$SL_DS_SYS/$SL_VM/disk.3" \
        "$(in_host id -u oneadmin)"
    stop_runner

    # live migration host1 -> host2: PREMIGRATE, POSTMIGRATE as the VMM runner runs them
    sl_vm 3 4 host1 host2
    sl_migrate PREMIGRATE host1 host2 "$all"
    sl_vm 3 3 host1 host2
    sl_migrate POSTMIGRATE host1 host2 "$all"

    sl_start one_tm TM_MAD
    # poweroff (no TM action), cold migration host2 -> host1 (every disk, then the directory with
    # the context ISO: oned sends no MV for the context disk)
    sl_vm 3 43 host1 host2 host1
    for d in 0 1 2; do mv+=("MV shared_lvm host2:$SL_DIR/disk.$d host1:$SL_DIR/disk.$d $SL_VM $SL_DS_SYS"); done
    sl_transfer "TM cold migration host2 -> host1 (MV)" "$all" "${mv[@]}" "MV shared_lvm host2:$SL_DIR host1:$SL_DIR $SL_VM $SL_DS_SYS"
    check "$SL_TAG: on host1 disk.0 links to the image's LV after the move" test "$(sl_link host1 0)" = "/dev/$vg/img-one-10"
    check "$SL_TAG: the VM directory left host2" test ! -e "$WORK/hosts/host2/datastores/$SL_DS_SYS/$SL_VM"
    # resize of the persistent disk, powered off
    sl_vm 8 0 host1 host2 host1
    sl_transfer "TM RESIZE disk 1 to 16 MiB" "$all" "RESIZE shared_lvm host1:$SL_DIR/disk.1 16 $SL_VM $SL_DS_IMG"
    check "$SL_TAG: img-one-11 is 16 MiB" test "$(in_fe lvs --noheadings --units m --nosuffix -o lv_size "$vg/img-one-11" 2>/dev/null | tr -d ' ')" = 16.00
    # terminate: the persistent images given back, the volatile disk deleted, the directory gone
    sl_vm 6 0 host1 host2 host1
    sl_transfer "TM terminate: MVDS, MVDS, DELETE, DELETE of the directory" "$imgs" \
        "MVDS shared_lvm host1:$SL_DIR/disk.0 $vg/img-one-10 $SL_VM $SL_DS_IMG" "MVDS shared_lvm host1:$SL_DIR/disk.1 $vg/img-one-11 $SL_VM $SL_DS_IMG" \
        "DELETE shared_lvm host1:$SL_DIR/disk.2 $SL_VM $SL_DS_SYS" "DELETE shared_lvm host1:$SL_DIR $SL_VM $SL_DS_SYS"
    check "$SL_TAG: the VM directory is gone on host1" test ! -e "$WORK/hosts/host1/datastores/$SL_DS_SYS/$SL_VM"
    stop_runner

    sl_start one_datastore DATASTORE_MAD
    sl_ds "DS RM image 10" RM 10 "$(sl_image_xml 10 "" "$vg/img-one-10" 8 1)" "img-one-11"
    sl_ds "DS RM image 11" RM 11 "$(sl_image_xml 11 "" "$vg/img-one-11" 16 1)" ""
    stop_runner
    rm -f "$ROOT$raw"
}
