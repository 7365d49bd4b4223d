#!/usr/bin/env bash
# =============================================================================
# testbed.sh - throw-away "shared LVM" test bed on a single Linux machine.
#
#   frontend ──┐                      (network namespace <prefix>-frontend,
#              │  bridge tbbr0         holds the bridge; runs LVM read-write,
#   host1 ─────┤  10.231.0.0/24        drives the hosts over ssh)
#   host2 ─────┘                      (namespaces <prefix>-hostN, each runs its
#                                      own OpenSSH sshd; LVM read-only locking)
#
#   All of them see the SAME block device: one sparse file attached to a loop
#   device, carrying one PV / VG ("the shared LUN").  Network namespaces do not
#   isolate block devices, so this is exactly "N hosts on one SAN LUN".
#
# What it creates (and `down` removes again):
#   * 3+ network namespaces with a bridge + veth pairs.  Addresses come from
#     the private range 10.231.0.0/24 (RFC 1918) and exist ONLY inside the
#     namespaces; the root namespace gets no interface, route or address, and
#     the namespaces get no default route, so nothing can leave them.
#     (Don't use 192.0.2.0/24 "TEST-NET-1": some CI VMs, including the one this
#     was developed on, use it for their real eth0.)
#   * one sshd per host, started directly (no systemd) with its own config,
#     ed25519 host key, pid file and log under $TB_DIR/<host>/.
#   * an ed25519 client key, known_hosts and ssh_config for the frontend
#     (StrictHostKeyChecking=yes, BatchMode=yes, key auth only).
#   * a sparse image file + loop device, a PV/VG on it (created by the frontend).
#   * one LVM config per node ($TB_DIR/<node>/lvm/lvm.conf; a host's is bind-mounted
#     on /etc/lvm in its sshd's mount namespace, the frontend's is LVM_SYSTEM_DIR):
#       frontend: read-write, file locks/backups/archives under $TB_DIR
#       hosts:    global/locking_type=4 (LVM 2.03 maps it to
#                 "--sysinit --readonly": every metadata write is refused,
#                 but lvchange/vgchange -a y|n is still allowed)
#     So `ssh host1 lvs` and `ssh host1 sudo lvs` (sudo resets the environment)
#     both use host1's config, never the machine's /etc/lvm.
#   * /run/sshd (sshd's compiled-in privilege-separation dir) only if it is
#     missing; it is removed again by `down` in that case.
#
# Nothing is written outside $TB_DIR except: the namespaces themselves
# (/run/netns/<name>), the loop device, and (maybe) /run/sshd.
# No device-mapper is needed: by default activation is disabled
# (TB_ACTIVATION=0, LVs are created with -Zn semantics automatically).
# Set TB_ACTIVATION=1 on a kernel with dm-mod to get real activation.
#
# With `vm-up`, a fourth node joins: "vmhost", a qemu VM (software emulation,
# Debian's cloud kernel, an initramfs made of busybox + this machine's lvm,
# dmsetup and sshd) that has REAL device-mapper.  It runs inside the frontend
# namespace, sees the same LUN file as a virtio disk (direct I/O on both
# sides), keeps LVM read-only (locking_type=4) and is reached from the
# frontend as `ssh vmhost` (user-mode networking, 127.0.0.1:22 of the frontend
# namespace forwarded to the VM).  See scripts/lib/testbed-vm.sh.
#
# With `lockd-up`, two (or three) more VM hosts join: vm1, vm2 [, vm3], same
# kernel and initramfs, each running wdmd + sanlock + lvmlockd with its own
# host_id, sharing a second LUN image that carries the shared VG $TB_LOCKD_VG
# (vgcreate --shared).  See scripts/lib/testbed-lockd.sh.
#
# Usage (as root):
#   testbed.sh up           # build everything (~0.65 s, 0.2 s of it setup and
#                           #   0.2 s per host for the ssh check), prints env
#   testbed.sh selftest     # checks VG visibility / read-only hosts / JSON
#   testbed.sh fe CMD...    # run CMD in the frontend netns with frontend LVM env
#   testbed.sh ssh HOST CMD # ssh from the frontend netns to HOST (host1, host2, vmhost)
#   testbed.sh vm-build     # build (or reuse) the VM kernel + initramfs cache
#   testbed.sh vm-up        # boot the device-mapper VM host (needs `up` first)
#   testbed.sh vm-selftest  # activation / block device / read-only checks on vmhost
#   testbed.sh vm-down      # stop the VM (also done by `down`)
#   testbed.sh vm-reboot    # power-cycle the VM host: same disk and initramfs, boot again
#   testbed.sh lockd-check  # prints why lockd VMs cannot run here (exit 3), or nothing
#   testbed.sh lockd-up     # boot the lvmlockd VM hosts, create + start the shared VG
#   testbed.sh lockd-selftest  # leases, lock types, exclusive activation across VMs
#   testbed.sh lockd-kill VM   # kill VM's qemu (a host that dies holding its leases)
#   testbed.sh lockd-boot VM   # boot VM again (its lockspaces start in the background)
#   testbed.sh lockd-down   # stop the lvmlockd VM hosts (also done by `down`)
#   testbed.sh status
#   testbed.sh down         # tear everything down (idempotent)
#   source $TB_DIR/env.sh   # after `up`: TB_* variables for test code
#                           #   (TB_VMHOST=vmhost only while the VM runs)
#
# Requirements (Debian 12): iproute2, openssh-server, openssh-client,
#   util-linux (losetup), lvm2.  `apt-get install openssh-server` is enough.
#   The VM also needs qemu-system-x86, busybox-static, cpio and apt access
#   to Debian's linux-image-cloud-amd64 (downloaded once, then cached).
#
# Tunables (environment):
#   TB_DIR        state dir                       default /tmp/lvmtb
#   TB_PREFIX     namespace name prefix           default lvmtb
#   TB_NET        first three octets of the /24   default 10.231.0
#   TB_HOSTS      host names (space separated)    default "host1 host2"
#   TB_VG         VG name                         default tbvg
#   TB_IMG_SIZE   sparse image size               default 20G
#   TB_MDA_SIZE   PV metadata area size           default 64m
#   TB_ACTIVATION 0|1 (global/activation)         default 0
#   TB_ARCHIVE    0|1 frontend metadata archives  default 1
#   TB_USE_AIO    0|1 global/use_aio (0 is faster) default 0
#   TB_VM_CACHE   VM kernel/initramfs cache       default /var/cache/storage-drivers-testbed
#   TB_VM_MEM     VM memory in MiB                default 512
#   TB_VM_BOOT_TIMEOUT  seconds to wait for sshd  default 300
#   TB_LOCKD_VMS  lvmlockd VM hosts               default "vm1 vm2"
#   TB_LOCKD_VG   their shared VG                 default ${TB_VG}lk
#   TB_LOCKD_IO_TIMEOUT sanlock io_timeout (s)    default 5
#   TB_LOCKD_IMG_SIZE   their shared LUN's size   default 8G
# =============================================================================
set -Eeuo pipefail

TB_DIR=${TB_DIR:-/tmp/lvmtb}
TB_PREFIX=${TB_PREFIX:-lvmtb}
TB_NET=${TB_NET:-10.231.0}
TB_HOSTS=${TB_HOSTS:-"host1 host2"}
TB_VG=${TB_VG:-tbvg}
TB_IMG_SIZE=${TB_IMG_SIZE:-20G}
TB_MDA_SIZE=${TB_MDA_SIZE:-64m}
TB_ACTIVATION=${TB_ACTIVATION:-0}
TB_ARCHIVE=${TB_ARCHIVE:-1}
TB_USE_AIO=${TB_USE_AIO:-0}
TB_VM_CACHE=${TB_VM_CACHE:-/var/cache/storage-drivers-testbed}
TB_VM_MEM=${TB_VM_MEM:-512}
TB_VM_BOOT_TIMEOUT=${TB_VM_BOOT_TIMEOUT:-300}

FE_NS="${TB_PREFIX}-frontend"
FE_IP="${TB_NET}.1"
BRIDGE=tbbr0
SSHD=/usr/sbin/sshd          # sshd must be started with an absolute path (re-exec)
VM_NAME=vmhost               # ssh name of the device-mapper VM host
VM_DIR="$TB_DIR/$VM_NAME"

# LVM prints "File descriptor N leaked" when the caller leaks fds (e.g. sshd,
# java ProcessBuilder, test runners).  Harmless, but noisy on stderr.
export LVM_SUPPRESS_FD_WARNINGS=1

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] ERROR: %s\n' "$*" >&2; exit 1; }

host_ns()  { echo "${TB_PREFIX}-$1"; }
# any live sshd on the machine? (read-only scan of /proc)
other_sshd_running() {
    local p
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/exe" 2>/dev/null) == "$SSHD" ]] && alive "${p#/proc/}" && return 0
    done
    return 1
}
# true while $1 runs and is not a zombie (the CI's pid 1 may reap late)
alive() { local st; st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [[ -n $st && $st != Z ]]; }
# host1 -> .11, host2 -> .12, ... (index in TB_HOSTS, 1-based, + 10)
host_ip() {
    local i=0 h
    for h in $TB_HOSTS; do i=$((i + 1)); [[ $h == "$1" ]] && { echo "${TB_NET}.$((10 + i))"; return; }; done
    die "unknown host $1"
}

# Run a command inside the frontend namespace with the frontend's LVM config.
fe() { ip netns exec "$FE_NS" env LVM_SYSTEM_DIR="$TB_DIR/frontend/lvm" "$@"; }
# ssh from the frontend namespace to a host (name from TB_HOSTS or its IP).
tb_ssh() { local h=$1; shift; ip netns exec "$FE_NS" ssh -F "$TB_DIR/frontend/ssh/config" "$h" "$@"; }

# -----------------------------------------------------------------------------
# lvm.conf of a node on stdout (also the VM host's, see testbed-vm.sh).
#   lvm_conf ROLE DEVICE LOCKING_DIR ACTIVATION USE_AIO [BACKUP_DIR ARCHIVE_DIR]
#   ROLE frontend: read-write, metadata backups in BACKUP_DIR and (TB_ARCHIVE)
#                  archives in ARCHIVE_DIR
#   ROLE host:     read-only metadata, no backups
# -----------------------------------------------------------------------------
lvm_conf() {
    local role=$1 dev=$2 lockdir=$3 activation=$4 aio=$5 locking backup
    if [[ $role == host ]]; then
        # locking_type=4 -> "--sysinit --readonly" in LVM 2.03: read locks are
        # granted without lock files, write locks refused except activation.
        # NOTE: global/metadata_read_only=1 does NOT work in LVM 2.03.x - the
        # config value is overwritten by the --readonly flag state in
        # tools/lvmcmdline.c, so lvcreate still succeeds.  Don't rely on it.
        locking='locking_type = 4'
        backup='backup = 0
    archive = 0'
    else
        locking='locking_type = 1'
        backup="backup = 1
    backup_dir = \"$6\"
    archive = $TB_ARCHIVE
    archive_dir = \"$7\""
    fi
    cat <<EOF
# Generated by testbed.sh ($role).
devices {
    # Only the shared test LUN is visible; the machine's real disks are ignored.
    filter = [ "a|^${dev}\$|", "r|.*|" ]
    global_filter = [ "a|^${dev}\$|", "r|.*|" ]
    scan = [ "/dev" ]
    # No /etc/lvm/devices/system.devices: with use_devicesfile=1 every node
    # would need "lvmdevices --adddev" for the LUN in its own devices file.
    use_devicesfile = 0
    # Hints live in the fixed, machine-wide /run/lvm/hints; on real shared
    # storage they can be stale anyway.  Scan every time instead.
    hints = "none"
    obtain_device_list_from_udev = 0
    external_device_info_source = "none"
}
global {
    $locking
    locking_dir = "$lockdir"
    use_lvmlockd = 0
    # LVM's libaio engine calls io_destroy() at exit, which waits for an RCU
    # grace period: ~35 ms per command on the CI kernel (lvs 45 ms -> 8 ms
    # with use_aio=0).  Only honoured from lvm.conf, not from --config.
    use_aio = $aio
    # 0 = never talk to device-mapper (the CI kernel has none; the VM host has)
    activation = $activation
    event_activation = 0
}
activation {
    udev_sync = 0
    udev_rules = 0
    monitoring = 0
}
backup {
    $backup
}
EOF
}

# write_lvm_conf frontend|host NODE_DIR LOOP_DEVICE: NODE_DIR/lvm/lvm.conf
write_lvm_conf() {
    local role=$1 dir=$2 loop=$3
    mkdir -p "$dir/lvm/lock" "$dir/lvm/backup" "$dir/lvm/archive"
    {
        echo "# Used via LVM_SYSTEM_DIR=$dir/lvm"
        lvm_conf "$role" "$loop" "$dir/lvm/lock" "$TB_ACTIVATION" "$TB_USE_AIO" "$dir/lvm/backup" "$dir/lvm/archive"
    } > "$dir/lvm/lvm.conf"
}

# sshd_config NODE LISTEN HOST_KEY PID_FILE AUTHORIZED_KEYS LVM_SYSTEM_DIR: the
# sshd_config of a test-bed node (a host or the VM host) on stdout
sshd_config() {
    cat <<EOF
# sshd of test-bed node $1 (generated by testbed.sh); started as: sshd -f <this file>
ListenAddress $2
HostKey $3
PidFile $4
# a user's own ~/.ssh/authorized_keys (the OpenNebula user's, as an operator distributes it);
# root: the test bed's key only
AuthorizedKeysFile .ssh/authorized_keys
# the keys file may lie under world-writable /tmp -> StrictModes would reject it
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
PrintLastLog no
UseDNS no
# many parallel test sessions must not be throttled
MaxStartups 200:30:400
MaxSessions 100
Subsystem sftp internal-sftp
# every session of this node uses the node's own LVM config
SetEnv LVM_SYSTEM_DIR=$6 LVM_SUPPRESS_FD_WARNINGS=1 TB_NODE=$1
LogLevel INFO
Match User root
    AuthorizedKeysFile $5
EOF
}

# node_identity NODE STATE_DIR ADDRESS [PORT]: a host key in STATE_DIR/ssh, the
# node's line in the frontend's known_hosts and its entry in the ssh_config
node_identity() {
    local node=$1 dir=$2 addr=$3 port=${4:-}
    mkdir -p "$dir/ssh"
    ssh-keygen -q -t ed25519 -N '' -C "testbed-$node" -f "$dir/ssh/ssh_host_ed25519_key"
    printf '%s,%s %s\n' "$node" "$addr" "$(cut -d' ' -f1,2 "$dir/ssh/ssh_host_ed25519_key.pub")" \
        >> "$TB_DIR/frontend/ssh/known_hosts"
    printf 'Host %s\n    HostName %s\n' "$node" "$addr" >> "$TB_DIR/frontend/ssh/config"
    if [[ -n $port ]]; then printf '    Port %s\n' "$port" >> "$TB_DIR/frontend/ssh/config"; fi
}

# check DESC [!] CMD... : one "  ok   DESC" or "  FAIL DESC" line (scripts/test.sh
# counts them); "!" expects CMD to fail; CMD's output is discarded; a failure
# increments the caller's $fails
check() {
    local desc=$1 want=0 got=0
    shift
    if [[ $1 == '!' ]]; then want=1; shift; fi
    "$@" >/dev/null 2>&1 || got=1
    if [[ $got == "$want" ]]; then echo "  ok   $desc"; else echo "  FAIL $desc"; fails=$((fails + 1)); fi
}

# -----------------------------------------------------------------------------
up() {
    [[ $EUID -eq 0 ]] || die "must run as root"
    [[ -e $TB_DIR ]] && die "$TB_DIR exists - run '$0 down' first"
    trap 'log "up failed at line $LINENO - run: $0 down"' ERR
    local t0=$EPOCHREALTIME h ns ip i loop

    for c in ip ssh ssh-keygen losetup lvm truncate; do command -v "$c" >/dev/null || die "missing $c"; done
    [[ -x $SSHD ]] || die "missing $SSHD (apt-get install openssh-server)"

    mkdir -p "$TB_DIR"/frontend/ssh
    chmod 700 "$TB_DIR"

    # --- network: frontend ns owns the bridge; each host gets a veth into it
    ip netns add "$FE_NS"
    ip -n "$FE_NS" link set lo up
    ip -n "$FE_NS" link add "$BRIDGE" type bridge
    ip -n "$FE_NS" addr add "$FE_IP/24" dev "$BRIDGE"
    ip -n "$FE_NS" link set "$BRIDGE" up
    i=0
    for h in $TB_HOSTS; do
        i=$((i + 1)); ns=$(host_ns "$h"); ip=$(host_ip "$h")
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        # create the pair inside the frontend ns, move the peer straight into the host ns
        ip -n "$FE_NS" link add "vh$i" type veth peer name eth0 netns "$ns"
        ip -n "$FE_NS" link set "vh$i" master "$BRIDGE" up
        ip -n "$ns" addr add "$ip/24" dev eth0
        ip -n "$ns" link set eth0 up
    done

    # --- ssh client identity of the frontend
    ssh-keygen -q -t ed25519 -N '' -C "testbed-frontend" -f "$TB_DIR/frontend/ssh/id_ed25519"
    cp "$TB_DIR/frontend/ssh/id_ed25519.pub" "$TB_DIR/frontend/ssh/authorized_keys"
    : > "$TB_DIR/frontend/ssh/known_hosts"
    cat > "$TB_DIR/frontend/ssh/config" <<EOF
# ssh -F $TB_DIR/frontend/ssh/config <host>   (system/user ssh configs are NOT read)
Host *
    User root
    IdentityFile $TB_DIR/frontend/ssh/id_ed25519
    IdentitiesOnly yes
    UserKnownHostsFile $TB_DIR/frontend/ssh/known_hosts
    GlobalKnownHostsFile /dev/null
    StrictHostKeyChecking yes
    UpdateHostKeys no
    BatchMode yes
    PasswordAuthentication no
    ConnectTimeout 5
    LogLevel ERROR
    # Optional connection reuse (cuts a command round trip from ~130 ms to a
    # few ms); the testbed leaves it off so tests see real connection setup.
    #ControlMaster auto
    #ControlPath $TB_DIR/frontend/ssh/cm-%C
    #ControlPersist 60
EOF

    # --- sshd privilege separation dir (compiled in as /run/sshd on Debian)
    if [[ ! -d /run/sshd ]]; then
        mkdir -m 0755 /run/sshd
        touch "$TB_DIR/.created-run-sshd"
    fi

    # --- shared LUN: sparse file + loop device
    truncate -s "$TB_IMG_SIZE" "$TB_DIR/lun0.img"
    # direct I/O: the VM host opens the same file with O_DIRECT (qemu
    # cache=none); neither side may serve the other stale page-cache data.
    loop=$(losetup --direct-io=on --find --show "$TB_DIR/lun0.img")
    echo "$loop" > "$TB_DIR/loopdev"

    # --- LVM configs
    write_lvm_conf frontend "$TB_DIR/frontend" "$loop"
    for h in $TB_HOSTS; do write_lvm_conf host "$TB_DIR/$h" "$loop"; done

    # --- per-host sshd
    for h in $TB_HOSTS; do
        local d="$TB_DIR/$h"; ns=$(host_ns "$h"); ip=$(host_ip "$h")
        node_identity "$h" "$d" "$ip"
        sshd_config "$h" "$ip:22" "$d/ssh/ssh_host_ed25519_key" "$d/sshd.pid" \
            "$TB_DIR/frontend/ssh/authorized_keys" /etc/lvm > "$d/ssh/sshd_config"
        "$SSHD" -t -f "$d/ssh/sshd_config"
        # `ip netns exec` also gives the command a private (slave) mount
        # namespace.  Inside it, bind an empty per-host home over /root so the
        # sessions don't source the CI machine's /root/.bashrc (bash sources
        # it for every `ssh host cmd`; a pyenv/nvm init there costs ~100 ms
        # per command) and each "host" has its own ~/.ssh.  The bind mount is
        # invisible outside the sshd's namespace and vanishes with the sshd.
        # Likewise each host gets its own /etc/lvm (its read-only lvm.conf: what `sudo lvm`,
        # whose environment sudo resets, reads there; never the machine's) and its own, empty
        # /etc/sudoers.d (what install.sh --host installs there is that host's alone).
        mkdir -p "$d/home" "$d/sudoers.d"; chmod 700 "$d/home"; chmod 750 "$d/sudoers.d"
        ip netns exec "$ns" sh -c 'mount --bind "$1" /root && mount --bind "$5" /etc/lvm \
            && mount --bind "$6" /etc/sudoers.d && exec "$2" -f "$3" -E "$4"' \
            sh "$d/home" "$SSHD" "$d/ssh/sshd_config" "$d/sshd.log" "$d/lvm" "$d/sudoers.d"
        # sshd writes the pid file after it started listening
        for _ in $(seq 100); do [[ -s $d/sshd.pid ]] && break; sleep 0.02; done
        [[ -s $d/sshd.pid ]] || die "sshd for $h did not start, see $d/sshd.log"
    done

    # --- the VM host's identity (the VM itself starts with `vm-up`)
    vm_prepare_identity

    # --- frontend creates the shared VG, autoactivation off as install.sh --frontend --vg leaves it
    # (docs/operator-guide.md, "Host reboot"; test.d/install.sh checks install.sh turns it off)
    fe vgcreate -q --setautoactivation n --metadatasize "$TB_MDA_SIZE" "$TB_VG" "$loop" >/dev/null 2>"$TB_DIR/vgcreate.err" \
        || { cat "$TB_DIR/vgcreate.err" >&2; die "vgcreate failed"; }

    # --- env file for test code
    cat > "$TB_DIR/env.sh" <<EOF
# source me.  Generated by testbed.sh up
export TB_DIR=$TB_DIR
# with TB_DIR, what another testbed.sh call (vm-reboot from a test) needs to find this test bed
export TB_PREFIX=$TB_PREFIX TB_NET=$TB_NET
export TB_FE_NS=$FE_NS
export TB_FE_IP=$FE_IP
export TB_HOSTS="$TB_HOSTS"
export TB_LOOP=$loop
export TB_VG=$TB_VG
export TB_FE_LVM_SYSTEM_DIR=$TB_DIR/frontend/lvm
export TB_SSH_CONFIG=$TB_DIR/frontend/ssh/config
export TB_SSH_KEY=$TB_DIR/frontend/ssh/id_ed25519
export TB_KNOWN_HOSTS=$TB_DIR/frontend/ssh/known_hosts
# what the drivers and tests read
export STORAGE_DRIVERS_SSH_CONFIG=$TB_DIR/frontend/ssh/config
export LVM_SYSTEM_DIR=$TB_DIR/frontend/lvm
export LVM_SUPPRESS_FD_WARNINGS=1
# The namespace hosts share this machine's kernel, which has no device-mapper: no machine of
# the test bed but the VM host can zero a new LV, so the drivers' ZERO_LVM_ON_CREATE (shared
# LVM; the environment is the base of every backend's settings) is off here. Tests on the VM
# host set ZERO_LVM_ON_CREATE=yes (or leave it to the default) where they prove the zeroing.
export ZERO_LVM_ON_CREATE=$( ((TB_ACTIVATION)) && echo yes || echo no)
# TB_VMHOST (= $VM_NAME) is set only while the device-mapper VM runs (vm-up)
unset TB_VMHOST
if [ -r $VM_DIR/env.sh ]; then . $VM_DIR/env.sh; fi
# TB_LOCKD_* only while the lvmlockd VM hosts run (lockd-up)
if [ -r $TB_DIR/lockd.env ]; then . $TB_DIR/lockd.env; fi
EOF
    for h in $TB_HOSTS; do
        echo "export TB_IP_${h^^}=$(host_ip "$h")  TB_NS_${h^^}=$(host_ns "$h")" >> "$TB_DIR/env.sh"
    done

    # --- prove every host answers over ssh with strict host key checking
    for h in $TB_HOSTS; do tb_ssh "$h" true || die "ssh to $h failed"; done
    log "up in $(awk "BEGIN{printf \"%.3f\", $EPOCHREALTIME - $t0}") s"
    cat "$TB_DIR/env.sh"
}

# -----------------------------------------------------------------------------
down() {
    local h ns pid loop
    lockd_down
    VM_NAME=vmhost VM_DIR="$TB_DIR/vmhost"
    vm_down
    for h in $TB_HOSTS; do
        pid=$(cat "$TB_DIR/$h/sshd.pid" 2>/dev/null || true)
        # only kill the pid we started, and only if it still is an sshd
        if [[ -n $pid ]] && [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$SSHD" ]]; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 100); do alive "$pid" || break; sleep 0.01; done
        fi
    done
    for h in $TB_HOSTS; do
        ns=$(host_ns "$h")
        ip netns pids "$ns" 2>/dev/null | grep -q . && log "WARNING: processes still in $ns: $(ip netns pids "$ns" | tr '\n' ' ')"
        ip netns del "$ns" 2>/dev/null || true
    done
    ip netns pids "$FE_NS" 2>/dev/null | grep -q . && log "WARNING: processes still in $FE_NS: $(ip netns pids "$FE_NS" | tr '\n' ' ')"
    ip netns del "$FE_NS" 2>/dev/null || true      # also removes bridge + veths
    if [[ -s $TB_DIR/loopdev ]]; then
        loop=$(cat "$TB_DIR/loopdev")
        # detach only if it is still backed by our image
        if losetup -nO BACK-FILE "$loop" 2>/dev/null | grep -qF "$TB_DIR/lun0.img"; then
            losetup -d "$loop"
        fi
    fi
    # remove /run/sshd only if we created it and no other sshd (e.g. a second
    # testbed instance with another TB_DIR/TB_PREFIX) still needs it
    if [[ -e $TB_DIR/.created-run-sshd ]] && ! other_sshd_running; then rmdir /run/sshd 2>/dev/null || true; fi
    # safety: only delete something that looks like our state dir
    if [[ -d $TB_DIR && -e $TB_DIR/frontend ]]; then rm -rf "$TB_DIR"; fi
    log "down"
}

status() {
    ip netns list | grep "^${TB_PREFIX}-" || echo "no namespaces"
    [[ -s $TB_DIR/loopdev ]] && losetup -l "$(cat "$TB_DIR/loopdev")" || true
    for h in $TB_HOSTS; do
        local pid; pid=$(cat "$TB_DIR/$h/sshd.pid" 2>/dev/null || true)
        echo "$h sshd pid=${pid:-none} $( [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo running || echo stopped)"
    done
    vm_status
    lockd_status
}

# -----------------------------------------------------------------------------
# selftest: the properties a shared-LVM driver relies on.
# -----------------------------------------------------------------------------
selftest() {
    local h rc out fails=0
    echo "selftest on $(cat "$TB_DIR/loopdev"), VG $TB_VG"

    check "frontend sees VG" fe vgs "$TB_VG"
    for h in $TB_HOSTS; do
        check "$h sees VG over ssh (lvs exit 0)" tb_ssh "$h" vgs "$TB_VG"
        # sudo resets the environment: what LVM reads there must be the host's config
        check "$h: its own /etc/lvm (read-only LVM, also without LVM_SYSTEM_DIR, as under sudo)" \
            test "$(tb_ssh "$h" env -u LVM_SYSTEM_DIR lvmconfig global/locking_type 2>/dev/null)" = "locking_type=4"
        check "$h: its own, empty /etc/sudoers.d" test -z "$(tb_ssh "$h" ls -A /etc/sudoers.d)"
    done

    fe lvcreate -q -L 8m -n tb_probe "$TB_VG" >/dev/null 2>&1
    for h in $TB_HOSTS; do
        check "$h sees LV created later by frontend, no pvscan/refresh" tb_ssh "$h" lvs "$TB_VG/tb_probe"
        out=$(tb_ssh "$h" lvcreate -L 8m -n tb_evil "$TB_VG" 2>&1) && rc=0 || rc=$?
        check "$h: lvcreate refused (read-only locking)" \
            grep -q "Operation prohibited while --readonly is set" <<<"$out"
        check "$h: lvremove refused" ! tb_ssh "$h" lvremove -y "$TB_VG/tb_probe"
        check "$h: lvchange --addtag refused" ! tb_ssh "$h" lvchange --addtag x "$TB_VG/tb_probe"
        check "$h: lvchange -ay / -an allowed" \
            tb_ssh "$h" "lvchange -ay $TB_VG/tb_probe && lvchange -an $TB_VG/tb_probe"
    done
    out=$(fe lvs --reportformat json --units b --nosuffix -o lv_name,lv_size "$TB_VG/tb_probe" 2>/dev/null)
    check "frontend: lvs JSON, bytes" grep -q '"lv_size":"8388608"' <<<"$out"
    fe lvremove -q -y "$TB_VG/tb_probe" >/dev/null 2>&1
    for h in $TB_HOSTS; do
        check "$h no longer sees removed LV" ! tb_ssh "$h" lvs "$TB_VG/tb_probe"
    done
    root_has_tb_addr() { ip -o addr show | grep -F "${TB_NET}." >/dev/null; }
    check "root namespace has no testbed address" ! root_has_tb_addr
    no_default_route() { ! ip -n "$1" route show default | grep -q .; }
    for ns in "$FE_NS" $(for h in $TB_HOSTS; do host_ns "$h"; done); do
        check "$ns has no default route (traffic cannot leave)" no_default_route "$ns"
    done
    echo "selftest: $fails failure(s)"
    return "$fails"
}

# the device-mapper VM host: vm_prepare_identity, vm_build, vm_up, vm_down, ...
# shellcheck source=lib/testbed-vm.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/testbed-vm.sh"
# the lvmlockd VM hosts: lockd_up, lockd_down, lockd_selftest, ...
# shellcheck source=lib/testbed-lockd.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/testbed-lockd.sh"

case ${1:-} in
    up) up ;;
    down) down ;;
    status) status ;;
    selftest) selftest ;;
    vm-build) vm_build ;;
    vm-up) vm_up ;;
    vm-down) vm_down ;;
    vm-reboot) vm_reboot ;;
    vm-selftest) vm_selftest ;;
    lockd-check) vm_build >/dev/null 2>&1 || { echo "the VM kernel/initramfs cannot be built"; exit 3; }
                 why=$(lockd_unsupported); [[ -z $why ]] || { echo "$why"; exit 3; } ;;
    lockd-up) lockd_up ;;
    lockd-down) lockd_down ;;
    lockd-selftest) lockd_selftest ;;
    lockd-kill) lockd_kill "${2:?lockd-kill VM}" ;;
    lockd-boot) lockd_boot "${2:?lockd-boot VM}" ;;
    fe) shift; fe "$@" ;;
    ssh) shift; tb_ssh "$@" ;;
    *) awk 'NR > 1 && /^# =====/ { if (++n == 2) exit } NR > 1' "$0"; exit 2 ;;
esac
