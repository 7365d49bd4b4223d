# shellcheck shell=bash
# =============================================================================
# testbed-lockd.sh - lvmlockd + sanlock VM hosts of the test bed (sourced by
# scripts/testbed.sh after testbed-vm.sh; docs/lvmlockd.md, "Tests").
#
# `lockd-up` boots TB_LOCKD_VMS (default "vm1 vm2"; "vm1 vm2 vm3" for three)
# from the same kernel and initramfs as the device-mapper VM host, each with
#   vda  the test bed's LUN (lun0.img: the plain VG $TB_VG of the frontend)
#   vdb  a second LUN, lun1.img, shared by the lockd VMs only; it carries the
#        shared VG $TB_LOCKD_VG (vgcreate --shared, lock type sanlock).
#        qemu opens both with share-rw=on and file.locking=off: several
#        qemu processes write one image, as several hosts write one SAN LUN;
#        cache=none (O_DIRECT) so no host sees another's stale page cache.
#   lvm.conf + lvmlocal.conf written by `install.sh --host --only config
#        --lvmlockd <host_id> --lock-timeout <s>` into a scratch root, as an
#        operator's run writes them (the VM has neither systemd nor a JDK, so
#        install.sh cannot run inside it; its /init starts what the units
#        would: wdmd, sanlock, lvmlockd --sanlock-timeout S, vgchange
#        --lock-start).  host_id = 10 + the VM's position in TB_LOCKD_VMS.
#   softdog loaded (wdmd arms it for sanlock: a VM whose leases expire is reset,
#        which with qemu's -no-reboot powers it off: the fence).
#   sshd reached from the frontend namespace as `ssh vm1` (127.0.0.11:22
#        forwarded to the guest), like `ssh vmhost`.
#
# Timeouts (TB_LOCKD_IO_TIMEOUT, default 5 s, sanlock's io_timeout, passed by
# install.sh --lock-timeout): a host renews its lease every 2 x io_timeout,
# loses it after 8 x io_timeout without a renewal, and other hosts may take
# its locks host_dead_seconds = 8 x io_timeout + 60 (the watchdog's fire time,
# fixed in sanlock 3.8) after its last renewal: 100 s here, 140 s with
# sanlock's default 10 s.
# =============================================================================

TB_LOCKD_VMS=${TB_LOCKD_VMS:-"vm1 vm2"}
TB_LOCKD_VG=${TB_LOCKD_VG:-${TB_VG}lk}
TB_LOCKD_IMG_SIZE=${TB_LOCKD_IMG_SIZE:-8G}
TB_LOCKD_IO_TIMEOUT=${TB_LOCKD_IO_TIMEOUT:-5}
# the list lockd-up booted wins over the environment (lockd-down, down, lockd-kill find every VM)
if [[ -s $TB_DIR/lockd.vms ]]; then TB_LOCKD_VMS=$(cat "$TB_DIR/lockd.vms"); fi
LOCKD_REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)

# lockd_vm NAME: VM_NAME, VM_DIR, VM_FWD, VM_DRIVES, VM_OVERLAY_HOOK and LOCKD_HOST_ID of a lockd VM
lockd_vm() {
    local i=0 v
    for v in $TB_LOCKD_VMS; do i=$((i + 1)); [[ $v == "$1" ]] && break; done
    [[ $v == "$1" ]] || die "$1 is not one of TB_LOCKD_VMS ($TB_LOCKD_VMS)"
    VM_NAME=$1 VM_DIR=$TB_DIR/$1 VM_FWD=127.0.0.$((10 + i)) LOCKD_HOST_ID=$((10 + i))
    VM_OVERLAY_HOOK=lockd_overlay
    local opts="format=raw,if=none,cache=none,aio=threads,file.locking=off"
    VM_DRIVES=(-drive "file=$TB_DIR/lun0.img,id=lun0,$opts" -device virtio-blk-pci,drive=lun0,share-rw=on
               -drive "file=$TB_DIR/lun1.img,id=lun1,$opts" -device virtio-blk-pci,drive=lun1,share-rw=on)
}

# lockd_unsupported: why this machine cannot run lvmlockd VM hosts (empty: it can). Needs the VM cache.
lockd_unsupported() {
    local b
    for b in sanlock wdmd lvmlockd lvmlockctl; do
        command -v "$b" >/dev/null || { echo "no $b on this machine (apt-get install sanlock lvm2-lockd)"; return; }
    done
    [[ -s $VM_KDIR/modules/load-order.lockd ]] || echo "the VM kernel $VM_KVER has no softdog module (wdmd needs a watchdog)"
}

# Overlay hook (vm_write_overlay): install.sh's lvmlockd config and /etc/tb-lockd.conf for /init.
lockd_overlay() {
    local o=$1 r="$VM_DIR/install-root" timeout
    rm -rf "$r"; mkdir -p "$r/etc/lvm"
    # the VM host's config (vdb added) as a stock host has it, without the read-only locking a
    # plain-VG host gets from install.sh; then what the operator runs
    lvm_conf host '/dev/vd[ab]' /run/lock/lvm 1 0 | sed '/locking_type = 4/d' > "$r/etc/lvm/lvm.conf"
    env -u LVM_SYSTEM_DIR DESTDIR="$r" "$LOCKD_REPO/install.sh" --host --only config --user nobody \
        --lvmlockd "$LOCKD_HOST_ID" --lock-timeout "$TB_LOCKD_IO_TIMEOUT" > "$VM_DIR/install.log" 2>&1 \
        || { cat "$VM_DIR/install.log" >&2; die "install.sh --host --lvmlockd $LOCKD_HOST_ID failed"; }
    cp "$r/etc/lvm/lvm.conf" "$r/etc/lvm/lvmlocal.conf" "$o/etc/lvm/"
    # the timeout lvmlockd.service would pass (install.sh's drop-in)
    timeout=$(sed -n 's/^ExecStart=.*--sanlock-timeout \([0-9]*\).*/\1/p' \
        "$r/etc/systemd/system/lvmlockd.service.d/storage-drivers.conf")
    [[ -n $timeout ]] || die "install.sh wrote no --sanlock-timeout drop-in"
    printf 'TB_LOCKD_HOST_ID=%s\nTB_LOCKD_IO_TIMEOUT=%s\n' "$LOCKD_HOST_ID" "$timeout" > "$o/etc/tb-lockd.conf"
}

lockd_up() {
    [[ $EUID -eq 0 ]] || die "must run as root"
    [[ -s $TB_DIR/loopdev ]] || die "test bed is not up ($TB_DIR): run '$0 up' first"
    vm_build
    local why v t0=$EPOCHREALTIME
    why=$(lockd_unsupported)
    [[ -z $why ]] || die "cannot run lvmlockd VM hosts: $why"
    echo "$TB_LOCKD_VMS" > "$TB_DIR/lockd.vms"
    [[ -e $TB_DIR/lun1.img ]] || truncate -s "$TB_LOCKD_IMG_SIZE" "$TB_DIR/lun1.img"
    for v in $TB_LOCKD_VMS; do
        lockd_vm "$v"
        vm_running && die "$v already runs (pid $(cat "$VM_DIR/qemu.pid"))"
        # the identity survives lockd-down: a second lockd-up reuses it
        [[ -d $VM_DIR/ssh ]] || node_identity "$v" "$VM_DIR" "$VM_FWD" 22
        vm_write_overlay
        vm_start
    done
    for v in $TB_LOCKD_VMS; do
        lockd_vm "$v"
        vm_wait_ready || { lockd_down; die "$v did not become reachable over ssh (console above)"; }
    done
    local first=${TB_LOCKD_VMS%% *}
    if ! tb_ssh "$first" vgs "$TB_LOCKD_VG" >/dev/null 2>&1; then
        tb_ssh "$first" vgcreate -q --shared --setautoactivation n --metadatasize 16m "$TB_LOCKD_VG" /dev/vdb \
            >"$TB_DIR/lockd-vgcreate.log" 2>&1 || { cat "$TB_DIR/lockd-vgcreate.log" >&2; lockd_down; die "vgcreate --shared failed"; }
    fi
    for v in $TB_LOCKD_VMS; do
        lockd_wait_lockspace "$v" || { [[ -n ${TB_LOCKD_KEEP:-} ]] || lockd_down; die "the lockspace of $TB_LOCKD_VG did not start on $v"; }
    done
    cat > "$TB_DIR/lockd.env" <<EOF
# Generated by testbed.sh lockd-up (sourced by env.sh while the lvmlockd VM hosts run)
export TB_LOCKD_VMS="$TB_LOCKD_VMS" TB_LOCKD_VG=$TB_LOCKD_VG TB_LOCKD_IO_TIMEOUT=$TB_LOCKD_IO_TIMEOUT
# other hosts may take a dead host's locks this long after its last lease renewal
export TB_LOCKD_HOST_DEAD_SECONDS=$((8 * TB_LOCKD_IO_TIMEOUT + 60))
EOF
    log "lvmlockd VM hosts $TB_LOCKD_VMS up, shared VG $TB_LOCKD_VG started everywhere, in $(vm_secs "$t0") s"
}

# lockd_wait_lockspace VM: lock-start of the shared VG on VM, then wait until sanlock holds
# VM's host lease in it (acquiring it takes 2-3 io_timeouts; a host_id whose previous holder
# died without releasing it, host_dead_seconds). A lock-start that fails is sent again: the
# VM has no udev, and LVM creates the /dev/mapper node of the VG's internal lvmlock LV only at
# the end of the command that activated it, after lvmlockd looked for it ("invalid parameters
# for sanlock", "prepare_lockspace_san stat error 2" in `lvmlockctl -d`); the next one finds it.
lockd_wait_lockspace() {
    local deadline=$((SECONDS + 20 * TB_LOCKD_IO_TIMEOUT + 120)) started=0
    while ((SECONDS < deadline)); do
        if ((!started)) && tb_ssh "$1" vgchange --lock-start "$TB_LOCKD_VG" >"$TB_DIR/lockd-start-$1.log" 2>&1; then
            started=1
        fi
        lockd_has_lease "$1" "lvm_$TB_LOCKD_VG:" && return 0
        sleep 1
    done
    cat "$TB_DIR/lockd-start-$1.log" >&2
    return 1
}

lockd_has_lease() { tb_ssh "$1" sanlock client status 2>/dev/null | grep -q "^s $2"; }

lockd_down() {
    local v
    rm -f "$TB_DIR/lockd.env"
    for v in $TB_LOCKD_VMS; do lockd_vm "$v"; vm_down; done
}

# lockd-boot VM: VM boots again (after lockd-kill: the host that comes back); its /init starts the
# daemons and the lockspaces as at boot, in the background of its sshd (a host_id whose lease
# the dead VM left takes host_dead_seconds to acquire again).
lockd_boot() {
    lockd_vm "$1"
    vm_running && die "$1 already runs (pid $(cat "$VM_DIR/qemu.pid"))"
    vm_build
    vm_write_overlay
    vm_start
    vm_wait_ready || die "$1 did not become reachable over ssh (console above)"
}

# lockd-kill VM: the host dies (qemu killed, no shutdown): its leases stay on the LUN until they expire.
lockd_kill() {
    lockd_vm "$1"
    vm_running || die "$1 is not running"
    kill -9 "$(cat "$VM_DIR/qemu.pid")"
    for _ in $(seq 200); do vm_running || break; sleep 0.02; done
    log "$1 killed"
}

lockd_status() {
    local v
    for v in $TB_LOCKD_VMS; do lockd_vm "$v"; vm_status; done
}

# lockd-selftest: what the lvmlockd tests rely on.
lockd_selftest() {
    local fails=0 v lv=tb_lockprobe vg=$TB_LOCKD_VG
    local vms=($TB_LOCKD_VMS)
    local a=${vms[0]} b=${vms[1]}
    echo "lockd-selftest on $TB_LOCKD_VMS, shared VG $vg"
    for v in "${vms[@]}"; do
        lockd_vm "$v"
        check "$v: VG $vg has lock type sanlock" test "$(tb_ssh "$v" vgs --noheadings -o lock_type "$vg" 2>/dev/null | tr -d ' ')" = sanlock
        check "$v: sanlock holds host_id $LOCKD_HOST_ID in lvm_$vg" lockd_has_lease "$v" "lvm_$vg:$LOCKD_HOST_ID:"
        check "$v: wdmd armed a watchdog" tb_ssh "$v" test -c /dev/watchdog0
        check "$v: the plain VG $TB_VG is not shared" test -z "$(tb_ssh "$v" vgs --noheadings -o lock_type "$TB_VG" 2>/dev/null | tr -d ' ')"
    done
    check "$a: lvcreate -an on the shared VG" tb_ssh "$a" lvcreate -q -an -L 8m -n "$lv" "$vg"
    check "$b sees the LV $a created" tb_ssh "$b" lvs "$vg/$lv"
    check "$a: lvchange -aey" tb_ssh "$a" lvchange -aey "$vg/$lv"
    check "$b: lvchange -aey refused while $a holds the LV" ! tb_ssh "$b" lvchange -aey "$vg/$lv"
    check "$b: lvremove refused while $a holds the LV" ! tb_ssh "$b" lvremove -y "$vg/$lv"
    check "$a: lvchange -an" tb_ssh "$a" lvchange -an "$vg/$lv"
    check "$b: lvchange -aey once $a let go" tb_ssh "$b" lvchange -aey "$vg/$lv"
    check "$b: lvchange -an" tb_ssh "$b" lvchange -an "$vg/$lv"
    check "$b: lvremove" tb_ssh "$b" lvremove -q -y "$vg/$lv"
    check "$a no longer sees the LV $b removed" ! tb_ssh "$a" lvs "$vg/$lv"
    check "$a: vgck $vg" tb_ssh "$a" vgck "$vg"
    echo "lockd-selftest: $fails failure(s)"
    return "$fails"
}
