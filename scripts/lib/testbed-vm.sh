# shellcheck shell=bash
# =============================================================================
# testbed-vm.sh - the device-mapper VM host of the test bed (sourced by
# scripts/testbed.sh, which provides TB_*, FE_NS, VM_NAME, VM_DIR, log, die,
# tb_ssh, fe, alive, node_identity, sshd_config, lvm_conf, check).
#
# The machine's kernel has no device-mapper, so LV activation, /dev/<vg>/<lv>
# and every data path (dd between LVs, lvchange --refresh, thin pools) need a
# kernel of their own: a qemu VM under software emulation (TCG; /dev/kvm on
# these machines cannot boot stock kernels).
#
#   kernel     Debian's linux-image-<ver>-cloud-amd64 (apt-get download, once)
#   initramfs  busybox-static + this machine's lvm, dmsetup, sshd, bash and a
#              few GNU tools with their libraries; modules virtio_pci,
#              virtio_blk, virtio_net, virtio-rng, dm-mod (+ snapshot, thin)
#              loaded with insmod by /init.  Built once into $TB_VM_CACHE,
#              keyed by the kernel version, the recipe below and the binaries.
#   per run    a second cpio appended to the cached one (the kernel unpacks
#              concatenated archives) carries the host key, authorized_keys,
#              sshd_config and the host-style read-only lvm.conf.
#   disk       the LUN file of the frontend's loop device, cache=none (O_DIRECT)
#              while the loop device also uses direct I/O: no stale page cache
#              on either side.
#   network    qemu runs INSIDE the frontend namespace with user-mode
#              networking (restrict=on: the guest reaches nothing); the
#              namespace's 127.0.0.1:22 is forwarded to the guest's sshd, so
#              `ssh vmhost` from the frontend works like ssh to host1.
# =============================================================================

# Modules /init loads (dependencies are resolved at build time).
VM_MODULES="virtio_pci virtio_blk virtio_net virtio-rng dm-mod dm-snapshot dm-thin-pool dm-zero"
# Loaded only by the lvmlockd VM hosts (testbed-lockd.sh): the watchdog wdmd arms for sanlock.
VM_LOCKD_MODULES="softdog"
# Real binaries copied with their libraries; busybox supplies everything else.
# GNU tools where a driver may use options busybox lacks (dd conv=sparse, ...),
# and what the drivers run on hosts (qemu-img, mkfs, tar).
# A Debian host's sudo (the OpenNebula user reaches the VM host as itself: LVM through sudo -n, as
# install.sh --host's sudoers file allows), getent/usermod/gpasswd/visudo for install.sh --host.
VM_BINARIES="lvm dmsetup sshd bash dd sync blockdev lsblk blkdiscard cmp sha256sum md5sum stat truncate
 fallocate tar qemu-img mkfs mkfs.ext4 mkswap sudo visudo getent usermod gpasswd"
# LVM commands that exist on a real host (all are the one lvm binary).
# The lvmlockd VM hosts' daemons (Debian's sanlock and lvm2-lockd): copied when this machine has
# them; without them only the lockd VMs cannot run (testbed-lockd.sh says so).
VM_LOCKD_BINARIES="sanlock wdmd lvmlockd lvmlockctl"
VM_LVM_LINKS="lvs vgs pvs lvchange vgchange lvdisplay vgdisplay pvdisplay lvscan vgscan pvscan
 lvcreate lvremove lvresize lvextend lvreduce lvrename vgck vgmknodes vgcreate vgremove lvmconfig"

# -----------------------------------------------------------------------------
# Identity: host key, known_hosts line and ssh_config entry.  Done by `up`, so
# the frontend's ssh files are complete before any test starts; vm-up only
# boots the VM.
# -----------------------------------------------------------------------------
vm_prepare_identity() {
    node_identity "$VM_NAME" "$VM_DIR" 127.0.0.1 22
}

# -----------------------------------------------------------------------------
# Build cache
# -----------------------------------------------------------------------------
vm_build() {
    [[ $EUID -eq 0 ]] || die "must run as root"
    local c
    for c in qemu-system-x86_64 cpio apt-get apt-cache dpkg-deb ldd sha256sum flock; do
        command -v "$c" >/dev/null || die "missing $c (apt-get install qemu-system-x86 cpio)"
    done
    [[ -x /bin/busybox ]] || die "missing /bin/busybox (apt-get install busybox-static)"
    mkdir -p "$TB_VM_CACHE"
    # several test beds may build at once: one builder, the others wait and reuse
    exec {lockfd}>"$TB_VM_CACHE/.lock"
    flock -w 900 "$lockfd" || die "timeout waiting for $TB_VM_CACHE/.lock"
    # leftovers of a build that was killed (only builders holding the lock write these)
    find "$TB_VM_CACHE" -maxdepth 1 \( -name 'tmp.*' -o -name 'root.*' -o -name '*.tmp' \) -exec rm -rf {} +
    vm_fetch_kernel
    local key
    key=$(vm_recipe_key)
    VM_INITRD="$TB_VM_CACHE/initramfs-$VM_KVER-$key.cpio"
    if [[ ! -s $VM_INITRD ]]; then
        local t0=$EPOCHREALTIME
        vm_build_initramfs "$VM_INITRD.tmp"
        mv "$VM_INITRD.tmp" "$VM_INITRD"
        # older builds are useless now, unless a test bed of another checkout still boots one
        # (used within the last day: vm_up touches the one it boots)
        find "$TB_VM_CACHE" -maxdepth 1 -name 'initramfs-*.cpio' ! -name "${VM_INITRD##*/}" -mmin +1440 -delete
        log "VM initramfs built in $(vm_secs "$t0") s: $VM_INITRD ($(du -h "$VM_INITRD" | cut -f1))"
    fi
    exec {lockfd}>&-
}

# Sets VM_KVER and VM_KDIR ($TB_VM_CACHE/kernel-<kver>: vmlinuz, modules/,
# modules/load-order).  Downloads Debian's cloud kernel only when no cached
# kernel exists.
vm_fetch_kernel() {
    VM_KDIR=$(find "$TB_VM_CACHE" -maxdepth 1 -name 'kernel-*' -type d 2>/dev/null | sort -V | tail -n 1)
    # a kernel cached before a module joined the lists is fetched again (same version, new dir)
    if [[ -n $VM_KDIR && -s $VM_KDIR/vmlinuz && -s $VM_KDIR/modules/load-order.lockd ]]; then
        VM_KVER=${VM_KDIR##*/kernel-}; return
    fi
    local pkg tmp t0=$EPOCHREALTIME
    vm_kernel_package() { apt-cache depends linux-image-cloud-amd64 2>/dev/null \
        | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'; }
    pkg=$(vm_kernel_package)
    if [[ -z $pkg ]]; then
        log "no package lists know linux-image-cloud-amd64: apt-get update"
        apt-get update -qq >&2
        pkg=$(vm_kernel_package)
    fi
    [[ -n $pkg ]] || die "cannot find Debian's linux-image-*-cloud-amd64 package"
    tmp=$(mktemp -d "$TB_VM_CACHE/tmp.XXXXXX")
    # root-owned temp dir: tell apt not to switch to the _apt user for it
    (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2) || { rm -rf "$tmp"; die "apt-get download $pkg failed"; }
    dpkg-deb -x "$tmp"/*.deb "$tmp/x"
    VM_KVER=$(ls "$tmp/x/lib/modules")
    mkdir -p "$tmp/k/modules"
    cp "$tmp/x/boot/vmlinuz-$VM_KVER" "$tmp/k/vmlinuz"
    vm_collect_modules "$tmp/x/lib/modules/$VM_KVER" "$tmp/k/modules"
    VM_KDIR="$TB_VM_CACHE/kernel-$VM_KVER"
    # replace an older cache of the same version in two renames (a VM that boots now already
    # opened its vmlinuz)
    [[ -e $VM_KDIR ]] && mv "$VM_KDIR" "$tmp/old"
    mv "$tmp/k" "$VM_KDIR"
    rm -rf "$tmp"
    log "kernel $VM_KVER ($pkg) cached in $VM_KDIR in $(vm_secs "$t0") s"
}

# $1 = unpacked /lib/modules/<kver>, $2 = destination.  Copies VM_MODULES and
# their dependencies (read from each .ko's modinfo "depends=" field, so no kmod
# tools are needed) and writes load-order, dependencies first; VM_LOCKD_MODULES
# (and what they need beyond VM_MODULES) go to load-order.lockd.
vm_collect_modules() {
    local src=$1 dst=$2 f
    declare -A file_of=() seen=()
    while IFS= read -r f; do
        local n=${f##*/}; n=${n%.ko}; file_of[${n//-/_}]=$f
    done < <(find "$src/kernel" -name '*.ko')
    local order=load-order
    visit() {
        local key=${1//-/_} dep
        [[ -n ${seen[$key]:-} ]] && return
        seen[$key]=1
        [[ -n ${file_of[$key]:-} ]] || die "kernel module $1 not found in $src"
        for dep in $(tr '\0' '\n' < "${file_of[$key]}" | sed -n 's/^depends=//p' | tr ',' ' '); do visit "$dep"; done
        cp "${file_of[$key]}" "$dst/"
        echo "${file_of[$key]##*/}" >> "$dst/$order"
    }
    for f in $VM_MODULES; do visit "$f"; done
    order=load-order.lockd
    : > "$dst/$order"
    for f in $VM_LOCKD_MODULES; do visit "$f"; done
}

# Cache key of the initramfs: kernel, this recipe, the binaries it copies.
vm_recipe_key() {
    local b
    {
        echo "$VM_KVER $VM_MODULES $VM_LOCKD_MODULES $VM_BINARIES $VM_LOCKD_BINARIES $VM_LVM_LINKS"
        declare -f vm_build_initramfs vm_copy_binary vm_add_sudo vm_init_script
        for b in /bin/busybox $VM_BINARIES; do sha256sum "$(readlink -f "$(command -v "$b")")"; done
        for b in $VM_LOCKD_BINARIES; do b=$(command -v "$b") && sha256sum "$(readlink -f "$b")"; done
    } | sha256sum | cut -c1-16
}

# Copy a binary and the shared libraries ldd lists for it into root $1, at
# their real paths (the tree mirrors Debian's merged /usr).
vm_copy_binary() {
    local root=$1 bin=$2 lib real
    mkdir -p "$root$(dirname "$bin")"
    cp -L "$bin" "$root$bin"
    # ldd names each library by the path the loader looks for (a soname
    # symlink, /lib64/ld-linux-x86-64.so.2): copy the real file, link that path
    for lib in $(ldd "$bin" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
        real=$(readlink -f "$lib")
        if [[ ! -e $root$real ]]; then
            mkdir -p "$root$(dirname "$real")"
            cp -L "$real" "$root$real"
        fi
        if [[ $lib != "$real" && ! -e $root$lib ]]; then
            mkdir -p "$root$(dirname "$lib")"
            ln -s "$real" "$root$lib"
        fi
    done
}

# $1 = output file (uncompressed newc cpio: under emulation the kernel copies
# it faster than it could gunzip a smaller one).
vm_build_initramfs() {
    local out=$1 root b path real a
    root=$(mktemp -d "$TB_VM_CACHE/root.XXXXXX")
    mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{dev,proc,sys,run,tmp,root,etc/ssh,etc/lvm,var/empty}
    ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
    chmod 700 "$root/root"; chmod 1777 "$root/tmp"
    for b in $VM_BINARIES; do
        path=$(command -v "$b") || die "missing $b on this machine"
        real=$(readlink -f "$path")
        vm_copy_binary "$root" "$real"
        # keep the name: mkfs.ext4 -> mke2fs decides by argv[0]
        [[ $path == "$real" || -e $root$path || -L $root$path ]] || ln -s "$real" "$root$path"
    done
    for b in $VM_LOCKD_BINARIES; do
        path=$(command -v "$b") || continue
        vm_copy_binary "$root" "$(readlink -f "$path")"
        [[ -e $root$path || -L $root$path ]] || ln -s "$(readlink -f "$path")" "$root$path"
    done
    # OpenSSH >= 9.8 splits sshd into helpers that sshd execs
    for b in /usr/lib/openssh/sshd-session /usr/lib/openssh/sshd-auth; do
        [[ -x $b ]] && vm_copy_binary "$root" "$b"
    done
    for b in $VM_LVM_LINKS; do ln -s lvm "$root/usr/sbin/$b"; done
    vm_add_sudo "$root"
    vm_copy_binary "$root" "$(readlink -f /bin/busybox)"
    for a in $(/bin/busybox --list-full); do
        [[ -e $root/$a || -L $root/$a ]] || { mkdir -p "$root/$(dirname "$a")"; ln -s "$(readlink -f /bin/busybox)" "$root/$a"; }
    done
    mkdir -p "$root/lib/modules"
    cp "$VM_KDIR"/modules/* "$root/lib/modules/"
    # root's login shell runs every ssh command: busybox sh starts in 0.07 s
    # under emulation, bash (dynamically linked) in 0.45 s.  bash is there too.
    printf 'root:*:0:0:root:/root:/bin/sh\nsshd:*:100:65534::/run/sshd:/usr/sbin/nologin\n' > "$root/etc/passwd"
    # group disk (gid 6, as on Debian): libdevmapper makes /dev/mapper/<vg>-<lv> root:disk 0660
    # without udev, as udev's rules do on a real host
    printf 'root:x:0:\ndisk:x:6:\nnogroup:x:65534:\n' > "$root/etc/group"
    printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' > "$root/etc/nsswitch.conf"
    printf '127.0.0.1 localhost %s\n' "$VM_NAME" > "$root/etc/hosts"
    printf '/bin/sh\n/bin/bash\n' > "$root/etc/shells"
    vm_init_script > "$root/init"
    chmod 755 "$root/init"
    (cd "$root" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) > "$out"
    rm -rf "$root"
}

# sudo as Debian installs it (setuid root, its sudoers plugin), with a PAM stack that permits
# (the VM has no PAM configuration of its own; rules are NOPASSWD) and Debian's sudoers defaults:
# secure_path (LVM is in /usr/sbin, which a non-root SSH session's PATH lacks), /etc/sudoers.d.
vm_add_sudo() {
    local root=$1 f
    for f in /usr/libexec/sudo/sudoers.so /usr/libexec/sudo/libsudo_util.so.0 \
            "$(dirname "$(readlink -f /usr/lib/x86_64-linux-gnu/libpam.so.0)")/security/pam_permit.so"; do
        [[ -e $f ]] || die "missing $f (apt-get install sudo libpam-modules)"
        vm_copy_binary "$root" "$(readlink -f "$f")"
        [[ -e $root$f || -L $root$f ]] || ln -s "$(readlink -f "$f")" "$root$f"
    done
    chmod 4755 "$root$(readlink -f "$(command -v sudo)")"
    mkdir -p "$root/etc/pam.d" "$root/etc/sudoers.d"
    printf 'auth sufficient pam_permit.so\naccount required pam_permit.so\nsession required pam_permit.so\n' \
        > "$root/etc/pam.d/sudo"
    printf 'Defaults env_reset\nDefaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n' \
        > "$root/etc/sudoers"
    chmod 440 "$root/etc/sudoers"
}

vm_init_script() {
    cat <<'EOF'
#!/bin/sh
# /init of the test bed's device-mapper VM host (generated by testbed-vm.sh)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=755 run /run
mkdir -p /run/sshd /run/lock/lvm
while read -r m; do insmod "/lib/modules/$m" || echo "tb-vm: insmod $m failed"; done < /lib/modules/load-order
hostname "$(cat /etc/hostname 2>/dev/null || echo vmhost)"
ip link set lo up
ip link set eth0 up
# qemu user-mode networking: guest 10.0.2.15, qemu's gateway 10.0.2.2
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
# an lvmlockd VM host (testbed-lockd.sh: its overlay brings /etc/tb-lockd.conf) starts what
# lvmlockd.service, sanlock.service, wdmd.service and lvmlocks.service start on a Debian host
if [ -r /etc/tb-lockd.conf ]; then
    . /etc/tb-lockd.conf
    while read -r m; do insmod "/lib/modules/$m" || echo "tb-vm: insmod $m failed"; done < /lib/modules/load-order.lockd
    mkdir -p /run/sanlock /run/wdmd /run/lvm /var/log /etc/wdmd.d
    ln -sfn /run /var/run
    wdmd || echo "tb-vm: FAILED: wdmd did not start"
    sanlock daemon -U root -G root || echo "tb-vm: FAILED: sanlock did not start"
    lvmlockd --sanlock-timeout "$TB_LOCKD_IO_TIMEOUT" || echo "tb-vm: FAILED: lvmlockd did not start"
    # lvmlocks.service: start the lockspace of every shared VG, in the background (acquiring a
    # host_id a dead VM left takes host_dead_seconds). Twice if need be: without udev the node of
    # a VG's lvmlock LV appears only after the command that activated it (testbed-lockd.sh,
    # lockd_wait_lockspace)
    (vgchange --lock-start >/run/lock-start.log 2>&1 || vgchange --lock-start >>/run/lock-start.log 2>&1 \
        || echo "tb-vm: lock-start failed (see /run/lock-start.log)") &
    echo "tb-vm: lvmlockd host_id $TB_LOCKD_HOST_ID ready at $(cut -d' ' -f1 /proc/uptime) s"
fi
echo "tb-vm: modules and network ready at $(cut -d' ' -f1 /proc/uptime) s"
# What a Debian host's boot does for LVM: autoactivation of every VG it sees (udev's pvscan
# events, or lvm2-activation's `vgchange -aay` without them). -aay honours the VG's own
# autoactivation flag and lvm.conf's activation/auto_activation_volume_list, so a reboot test
# sees what a real host would activate at boot.
vgchange -aay >/run/boot-autoactivation.log 2>&1 || echo "tb-vm: boot autoactivation failed (see /run/boot-autoactivation.log)"
echo "tb-vm: LVM autoactivation done: $(lvs --noheadings -o lv_name -S lv_active=active 2>/dev/null | wc -l) LV(s) active"
# -r: no re-exec per connection; under emulation loading sshd's libraries
# costs ~1.4 s, so this halves the cost of every new ssh connection.
# (OpenSSH >= 9.8 dropped -r: start it without then.)
if /usr/sbin/sshd -r -f /etc/ssh/sshd_config -E /run/sshd.log || /usr/sbin/sshd -f /etc/ssh/sshd_config -E /run/sshd.log; then
    echo "tb-vm: ready ($(cut -d' ' -f1 /proc/uptime) s after kernel start)"
else
    echo "tb-vm: FAILED: sshd did not start"; cat /run/sshd.log
fi
# PID 1 must never exit (panic=-1 would power the VM off)
while :; do sleep 3600; done
EOF
}

# -----------------------------------------------------------------------------
# Per-run files: a second cpio with this test bed's keys and configs.
# -----------------------------------------------------------------------------
vm_write_overlay() {
    local o="$VM_DIR/overlay"
    rm -rf "$o"
    mkdir -p "$o/etc/ssh" "$o/etc/lvm"
    cp "$VM_DIR/ssh/ssh_host_ed25519_key" "$VM_DIR/ssh/ssh_host_ed25519_key.pub" "$o/etc/ssh/"
    chmod 600 "$o/etc/ssh/ssh_host_ed25519_key"
    cp "$TB_DIR/frontend/ssh/authorized_keys" "$o/etc/ssh/authorized_keys"
    echo "$VM_NAME" > "$o/etc/hostname"
    sshd_config "$VM_NAME" 0.0.0.0:22 /etc/ssh/ssh_host_ed25519_key /run/sshd.pid /etc/ssh/authorized_keys \
        /etc/lvm > "$o/etc/ssh/sshd_config"
    # a host's lvm.conf: read-only metadata (locking_type=4), real activation,
    # no udev in the VM (LVM creates /dev/<vg>/<lv> itself)
    lvm_conf host /dev/vda /run/lock/lvm 1 0 > "$o/etc/lvm/lvm.conf"
    # an lvmlockd VM host adds its own files (testbed-lockd.sh)
    if [[ -n ${VM_OVERLAY_HOOK:-} ]]; then "$VM_OVERLAY_HOOK" "$o"; fi
    (cd "$o" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) > "$VM_DIR/overlay.cpio"
}

# -----------------------------------------------------------------------------
vm_up() {
    [[ $EUID -eq 0 ]] || die "must run as root"
    [[ -s $TB_DIR/loopdev && -d $VM_DIR/ssh ]] || die "test bed is not up ($TB_DIR): run '$0 up' first"
    vm_running && die "$VM_NAME already runs (pid $(cat "$VM_DIR/qemu.pid"))"
    vm_build
    vm_write_overlay
    vm_start
    vm_wait_ready || die "$VM_NAME did not become reachable over ssh (console above)"
    echo "export TB_VMHOST=$VM_NAME" > "$VM_DIR/env.sh"
}

# vm_start: boots the VM of VM_NAME / VM_DIR with the overlay written and returns at once.
# VM_FWD (default 127.0.0.1) is the frontend namespace's address forwarded to the guest's sshd;
# VM_DRIVES (default: the LUN as the one virtio disk) the qemu drive options.
vm_start() {
    local drives=("${VM_DRIVES[@]:-}")
    [[ -n ${drives[0]} ]] || drives=(-drive "file=$TB_DIR/lun0.img,format=raw,if=virtio,cache=none,aio=threads")
    VM_T0=$EPOCHREALTIME
    touch "$VM_INITRD"
    cat "$VM_INITRD" "$VM_DIR/overlay.cpio" > "$VM_DIR/initrd.img"
    rm -f "$VM_DIR/console.log" "$VM_DIR/qemu.pid"
    # +rdrand: the guest kernel trusts it, so its RNG is ready at once (sshd
    # would otherwise wait ~10 s for entropy under emulation)
    ip netns exec "$FE_NS" qemu-system-x86_64 \
        -name "$TB_PREFIX-$VM_NAME" -accel tcg -cpu "${TB_VM_CPU:-qemu64,+rdrand}" -m "$TB_VM_MEM" -smp 1 \
        -nodefaults -display none -no-reboot \
        -serial "file:$VM_DIR/console.log" \
        -kernel "$VM_KDIR/vmlinuz" -initrd "$VM_DIR/initrd.img" \
        -append "console=ttyS0 quiet panic=-1" \
        "${drives[@]}" \
        -netdev "user,id=n0,restrict=on,hostfwd=tcp:${VM_FWD:-127.0.0.1}:22-:22" -device virtio-net-pci,netdev=n0 \
        -device virtio-rng-pci \
        -pidfile "$VM_DIR/qemu.pid" -daemonize \
        || die "qemu did not start"
}

# vm_wait_ready: waits for the VM vm_start booted to answer over ssh; on failure prints the
# console's tail, stops the VM and returns 1.
vm_wait_ready() {
    local pid ok=0
    pid=$(cat "$VM_DIR/qemu.pid")
    local deadline=$((SECONDS + TB_VM_BOOT_TIMEOUT))
    while ((SECONDS < deadline)); do
        alive "$pid" || break
        grep -q '^tb-vm: FAILED' "$VM_DIR/console.log" 2>/dev/null && break
        if grep -q '^tb-vm: ready' "$VM_DIR/console.log" 2>/dev/null && tb_ssh "$VM_NAME" true 2>/dev/null; then ok=1; break; fi
        sleep 0.2
    done
    if ((ok == 0)); then
        tail -n 30 "$VM_DIR/console.log" >&2 2>/dev/null || true
        vm_down
        return 1
    fi
    # qemu's CPU time so far: what the boot costs without other load on the machine
    local cpu
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$pid/stat")
    log "$VM_NAME up in $(vm_secs "$VM_T0") s, qemu used $cpu s of CPU ($(grep -a '^tb-vm: ready' "$VM_DIR/console.log"))"
}

# vm-reboot: the VM host boots again with the same disk and initramfs. qemu runs with -no-reboot
# (a guest reboot under TCG would only stop it), so this is a power cycle: what a host sees after
# a crash or a hard reset, and after a clean reboot too as far as LVM goes (no state survives in
# RAM; the boot autoactivation of /init runs again).
vm_reboot() {
    vm_running || die "$VM_NAME is not running: '$0 vm-up' first"
    vm_down
    vm_up
}

vm_running() {
    local pid
    pid=$(cat "$VM_DIR/qemu.pid" 2>/dev/null) || return 1
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */qemu-system-x86_64 ]] && alive "$pid"
}

vm_down() {
    rm -f "$VM_DIR/env.sh"
    vm_running || return 0
    local pid
    pid=$(cat "$VM_DIR/qemu.pid")
    # the VM holds nothing worth a clean shutdown: its disk is the test LUN
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 200); do alive "$pid" || break; sleep 0.02; done
    alive "$pid" && kill -9 "$pid" 2>/dev/null
    log "$VM_NAME stopped"
}

vm_status() {
    if vm_running; then echo "$VM_NAME qemu pid=$(cat "$VM_DIR/qemu.pid") running"; else echo "$VM_NAME stopped"; fi
}

vm_secs() { awk "BEGIN{printf \"%.2f\", $EPOCHREALTIME - $1}"; }

# -----------------------------------------------------------------------------
# vm-selftest: what the data-path tests rely on.
# -----------------------------------------------------------------------------
vm_selftest() {
    local fails=0 lv=tb_vmprobe dev pe_start seg mark out
    vm_running || die "$VM_NAME is not running: '$0 vm-up' first"
    dev="/dev/$TB_VG/$lv"
    echo "vm-selftest on $VM_NAME, VG $TB_VG"
    check "$VM_NAME sees VG over ssh" tb_ssh "$VM_NAME" vgs "$TB_VG"
    check "$VM_NAME has device-mapper" tb_ssh "$VM_NAME" dmsetup version
    # what the runner tier's non-root user there relies on: a working sudo, group disk
    check "$VM_NAME: sudo runs (sudoers plugin, PAM)" tb_ssh "$VM_NAME" sudo -n true
    check "$VM_NAME: group disk exists" tb_ssh "$VM_NAME" getent group disk
    fe lvcreate -q -L 8m -n "$lv" "$TB_VG" >/dev/null 2>&1
    check "$VM_NAME sees LV the frontend just created" tb_ssh "$VM_NAME" lvs "$TB_VG/$lv"
    check "$VM_NAME: lvcreate refused (read-only locking)" ! tb_ssh "$VM_NAME" lvcreate -L 8m -n tb_evil "$TB_VG"
    check "$VM_NAME: lvchange -ay allowed" tb_ssh "$VM_NAME" lvchange -ay "$TB_VG/$lv"
    check "$VM_NAME: $dev is a block device" tb_ssh "$VM_NAME" test -b "$dev"
    # data written by the VM through dm is what the frontend reads from the
    # loop device at the LV's offset (and back): the two sides share the LUN
    pe_start=$(fe pvs --noheadings --units b --nosuffix -o pe_start "$(cat "$TB_DIR/loopdev")" 2>/dev/null | tr -d ' ')
    seg=$(fe lvs --noheadings --units b --nosuffix -o seg_start_pe,seg_pe_ranges "$TB_VG/$lv" 2>/dev/null | awk '{split($2, r, "[:-]"); print r[2]}')
    local extent; extent=$(fe vgs --noheadings --units b --nosuffix -o vg_extent_size "$TB_VG" 2>/dev/null | tr -d ' ')
    local off=$(( (pe_start + seg * extent) / 512 ))
    mark="tb-vm-$$-$RANDOM"
    tb_ssh "$VM_NAME" "printf '%-512s' $mark | dd of=$dev bs=512 count=1 oflag=direct" >/dev/null 2>&1
    out=$(dd if="$(cat "$TB_DIR/loopdev")" bs=512 skip="$off" count=1 iflag=direct 2>/dev/null | tr -d ' ')
    check "frontend reads what $VM_NAME wrote to the LV" test "$out" = "$mark"
    mark="tb-fe-$$-$RANDOM"
    printf '%-512s' "$mark" | dd of="$(cat "$TB_DIR/loopdev")" bs=512 seek="$off" count=1 oflag=direct conv=notrunc 2>/dev/null
    out=$(tb_ssh "$VM_NAME" dd if="$dev" bs=512 count=1 iflag=direct 2>/dev/null | tr -d ' ')
    check "$VM_NAME reads what the frontend wrote" test "$out" = "$mark"
    check "$VM_NAME: lvchange -an allowed" tb_ssh "$VM_NAME" lvchange -an "$TB_VG/$lv"
    check "$VM_NAME: $dev gone after deactivation" tb_ssh "$VM_NAME" test ! -e "$dev"
    fe lvremove -q -y "$TB_VG/$lv" >/dev/null 2>&1
    check "$VM_NAME no longer sees removed LV" ! tb_ssh "$VM_NAME" lvs "$TB_VG/$lv"
    echo "vm-selftest: $fails failure(s)"
    return "$fails"
}
