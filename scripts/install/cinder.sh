# install.sh --cinder: the Python Cinder volume driver, the bridge jar, its systemd unit, config and
# token file, and the bridge's own system user. Files installed are listed in /usr/share/storage-drivers/MANIFEST-cinder; the config
# and the token are created once and never overwritten (an operator may have edited them).

# The bridge's JVM flags (the unit's, and scripts/bench/bridge.sh's), measured in
# docs/performance.md: the serial collector (the bridge's live data is a few MB: young pauses of
# a few ms where G1's took 30-60 ms on a busy 2-core machine) and the C1 compiler only (the bridge
# waits on its backends; C2's compile threads competed with requests for the 2 cores).
CINDER_BRIDGE_JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"

cinder_paths() {
    PY_DEST=$DESTDIR${PYTHON_DIST_DIR:-/usr/lib/python3/dist-packages}
    SHARE=$DESTDIR/usr/share/storage-drivers
    ETC=$DESTDIR/etc/storage-drivers
    UNIT=$DESTDIR${SYSTEMD_UNIT_DIR:-/etc/systemd/system}/storage-drivers-cinder-bridge.service
    CINDER_MANIFEST=$SHARE/MANIFEST-cinder
    # paths as the running system sees them (inside the unit and the config)
    RUN_SHARE=/usr/share/storage-drivers
    RUN_ETC=/etc/storage-drivers
    BRIDGE_USER=storage-bridge
    BRIDGE_HOME=/var/lib/storage-drivers-bridge
}

# Lines "<source> <absolute destination> <mode>": every Python package under cinder-bridge/python
# (a directory with __init__.py, tests left out) and the jar.
cinder_files() {
    [ "$NO_PYTHON" = 1 ] || for _init in $(find "$REPO/cinder-bridge/python" -name __init__.py -not -path "$REPO/cinder-bridge/python/tests/*" 2>/dev/null | sort); do
        _pkgdir=$(dirname "$_init")
        _top=${_pkgdir#"$REPO/cinder-bridge/python/"}
        case $_top in */*) continue ;; esac           # only top-level packages; subpackages come along
        find "$_pkgdir" -type f -name '*.py' -not -path "$_pkgdir/tests/*" -not -path '*/__pycache__/*' | sort \
            | while read -r _f; do echo "$_f $PY_DEST/${_f#"$REPO/cinder-bridge/python/"} 0644"; done
    done
    echo "$(jar_path cinder-bridge) $SHARE/cinder-bridge.jar 0644"
}

# The unit runs the bridge as its own user, with a read-only system and only block devices.
# LVM 2.03 refuses to scan devices as any user but root (even with CAP_SYS_ADMIN): a node with an
# lvm:// backend adds the drop-in printed by cinder_lvm_dropin (docs/operator-guide.md says how).
cinder_unit() {
    cat <<UNIT
# Installed by storage-drivers (install.sh --cinder or the storage-drivers-cinder-bridge package).
# Local changes: systemctl edit storage-drivers-cinder-bridge (a drop-in; this file is replaced).
[Unit]
Description=storage-drivers Cinder bridge (shared LVM / LINSTOR volumes for cinder-volume)
Documentation=file:/usr/share/doc/storage-drivers-cinder-bridge/operator-guide.md
After=network-online.target
Wants=network-online.target
Before=cinder-volume.service

[Service]
Type=simple
User=$BRIDGE_USER
Group=$BRIDGE_USER
SupplementaryGroups=disk
ExecStart=$JAVA_RUN $CINDER_BRIDGE_JVM_FLAGS -XX:SharedArchiveFile=$RUN_SHARE/cinder-bridge.jsa -Xshare:auto -jar $RUN_SHARE/cinder-bridge.jar serve --config $RUN_ETC/cinder-bridge.conf
Restart=on-failure
RestartSec=5
# SSH keys and known_hosts of the bridge's user (hosts it activates volumes on)
StateDirectory=storage-drivers-bridge
StateDirectoryMode=0700
# listen = unix:/run/storage-drivers/cinder-bridge.sock
RuntimeDirectory=storage-drivers
RuntimeDirectoryMode=0755
NoNewPrivileges=yes
CapabilityBoundingSet=
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
ProtectProc=invisible
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
# image_dir (optional) and LVM's own state: the only writable paths
ReadWritePaths=-/var/lib/cinder/bridge-images -/etc/lvm/archive -/etc/lvm/backup -/run/lock/lvm -/run/lvm
DevicePolicy=closed
DeviceAllow=block-* rw
DeviceAllow=/dev/mapper/control rw
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectKernelTunables=yes
RemoveIPC=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
UMask=0027

[Install]
WantedBy=multi-user.target
UNIT
}

# Drop-in for a node with an lvm:// backend: root (LVM needs it), with only the capabilities LVM,
# dd and blkdiscard use; every other setting of the unit stays.
cinder_lvm_dropin() {
    cat <<DROPIN
# /etc/systemd/system/storage-drivers-cinder-bridge.service.d/lvm.conf: the bridge serves an
# lvm:// backend, and LVM 2.03 works for root only.
[Service]
User=root
Group=root
CapabilityBoundingSet=CAP_SYS_ADMIN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_CHOWN CAP_IPC_LOCK CAP_SYS_RAWIO CAP_MKNOD
SystemCallFilter=@privileged @raw-io
DROPIN
}

cinder_config() {
    cat <<CONF
# storage-drivers Cinder bridge (install.sh --cinder wrote this once; it is yours to edit).
# Java properties: key = value; a comment is a line of its own (after a value it would be part
# of the value). Every key: docs/reference.md of storage-drivers, "Bridge config file".
listen = 127.0.0.1:7390
token_file = $RUN_ETC/cinder-bridge.token
# a backend: lvm://<vg>, or linstor://controller:3370 with backend.<name>.default_pool = <resource group>
CONF
    if [ -n "$BACKEND_URI" ]; then
        echo "backend.default.uri = $BACKEND_URI"
        case $BACKEND_URI in lvm:*)
            echo "# lvm:// is served only on the one machine that changes the VG's metadata (the OpenNebula"
            echo "# frontend): name it, then check with: cinder-bridge.jar doctor --config <this file>"
            echo "#backend.default.metadata_host = <the OpenNebula frontend's host name>" ;;
        esac
    else
        echo "#backend.default.uri = lvm://cinder-vg"
    fi
}

cinder_install() {
    cinder_paths
    find_java || die "Java 17 or newer is needed on a Cinder node (Debian: apt-get install openjdk-17-jre-headless)"
    JAVA_RUN=$(command -v "$JAVA")
    if does_files; then cinder_install_files; fi
    if does_config; then
        cinder_user
        cinder_token
        does_files || cds_refresh "$SHARE/cinder-bridge.jar"
        if [ "$DRY_RUN" != 1 ] && [ -z "$DESTDIR" ] && [ "$CHANGED" = 1 ] && command -v systemctl >/dev/null 2>&1 \
                && [ -d /run/systemd/system ]; then
            systemctl daemon-reload || warn "systemctl daemon-reload failed"
        fi
    fi
    # a bridge that writes a shared VG itself (docs/lvmlockd.md)
    [ -z "$LOCKD_HOST_ID" ] || lvmlockd_install
    [ "$ONLY" = config ] || cinder_stanza
}

cinder_install_files() {
    ensure_jars cinder-bridge
    [ "$NO_PYTHON" = 1 ] || ls "$REPO"/cinder-bridge/python/*/__init__.py >/dev/null 2>&1 \
        || warn "no Python package in cinder-bridge/python yet: only the bridge is installed"
    _tmp=$(mktemp)
    trap 'rm -f "$_tmp" "$_tmp".*' EXIT
    : > "$_tmp.manifest"
    cinder_files > "$_tmp.files"
    while read -r _src _dst _mode; do
        make_dir "$(dirname "$_dst")"
        if put_file "$_src" "$_dst" "$_mode"; then
            [ "$DRY_RUN" = 1 ] || log "installed $_dst"
            case $_dst in *.jar) cds_archive "$_dst" ;; esac
        elif [ "${_dst%.jar}" != "$_dst" ] && [ "$NO_CDS" != 1 ] && [ ! -f "${_dst%.jar}.jsa" ]; then
            cds_archive "$_dst"
        fi
        echo "${_dst#"$DESTDIR"}" >> "$_tmp.manifest"
    done < "$_tmp.files"
    cinder_unit > "$_tmp.unit"
    make_dir "$(dirname "$UNIT")"
    put_file "$_tmp.unit" "$UNIT" 0644 && [ "$DRY_RUN" != 1 ] && log "installed $UNIT"
    echo "${UNIT#"$DESTDIR"}" >> "$_tmp.manifest"
    cinder_lvm_dropin > "$_tmp.dropin"
    put_file "$_tmp.dropin" "$SHARE/cinder-bridge-lvm.conf" 0644 || true
    echo "${SHARE#"$DESTDIR"}/cinder-bridge-lvm.conf" >> "$_tmp.manifest"
    sort "$_tmp.manifest" -o "$_tmp.manifest"
    put_file "$_tmp.manifest" "$CINDER_MANIFEST" 0644 || true
    # the Python package directories we created, for --uninstall
    grep "^${PY_DEST#"$DESTDIR"}/" "$_tmp.manifest" | while read -r _p; do
        _d=$(dirname "$_p")
        while [ "$_d" != "${PY_DEST#"$DESTDIR"}" ] && [ "$_d" != / ]; do echo "$_d"; _d=$(dirname "$_d"); done
    done | sort -u > "$_tmp.dirs"
    put_file "$_tmp.dirs" "$CINDER_MANIFEST.dirs" 0644 || true

    make_dir "$ETC"
    if [ ! -f "$ETC/cinder-bridge.conf" ]; then
        cinder_config > "$_tmp.conf"
        put_file "$_tmp.conf" "$ETC/cinder-bridge.conf" 0644 && [ "$DRY_RUN" != 1 ] && log "created $ETC/cinder-bridge.conf"
    fi
    rm -f "$_tmp" "$_tmp".*
    trap - EXIT
}

# The bridge's system user (home: its state directory, for SSH keys and known_hosts).
cinder_user() {
    getent passwd "$BRIDGE_USER" >/dev/null 2>&1 && return 0
    if [ "$DRY_RUN" = 1 ] || [ -n "$DESTDIR" ]; then
        log "would create system user $BRIDGE_USER"
        return 0
    fi
    if command -v adduser >/dev/null 2>&1; then
        adduser --system --group --quiet --home "$BRIDGE_HOME" --no-create-home \
            --gecos "storage-drivers Cinder bridge" "$BRIDGE_USER"
    else
        useradd --system --user-group --home-dir "$BRIDGE_HOME" --shell /usr/sbin/nologin "$BRIDGE_USER"
    fi
    log "created system user $BRIDGE_USER"
    CHANGED=1
}

# A random bearer token, owned by the bridge's user and readable by cinder-volume (group cinder) only.
cinder_token() {
    _tok=$ETC/cinder-bridge.token
    [ -f "$_tok" ] && return 0
    if [ "$DRY_RUN" = 1 ]; then
        log "would create $_tok (random token, mode 0640, group cinder)"
        return 0
    fi
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$_tok")
    chmod 0640 "$_tok"
    [ -n "$DESTDIR" ] || ! getent passwd "$BRIDGE_USER" >/dev/null 2>&1 || chown "$BRIDGE_USER" "$_tok"
    if getent group cinder >/dev/null 2>&1; then
        chgrp cinder "$_tok"
    else
        warn "no group 'cinder' here: chgrp cinder $_tok once cinder-volume is installed"
    fi
    log "created $_tok"
    CHANGED=1
}

cinder_stanza() {
    _drv=$(sed -n 's/^class \([A-Za-z0-9_]*\)(.*VolumeDriver.*/\1/p' $(find "$REPO/cinder-bridge/python" -name '*.py' \
        -not -path "$REPO/cinder-bridge/python/tests/*" 2>/dev/null) /dev/null 2>/dev/null | head -n 1)
    _mod=$(grep -l "^class $_drv(" $(find "$REPO/cinder-bridge/python" -name '*.py' -not -path "$REPO/cinder-bridge/python/tests/*" 2>/dev/null) \
        /dev/null 2>/dev/null | head -n 1)
    _mod=${_mod#"$REPO/cinder-bridge/python/"}
    _mod=$(printf '%s' "${_mod%.py}" | tr / .)
    cat <<STANZA
Next steps:
  1. name a backend in $RUN_ETC/cinder-bridge.conf (backend.<name>.uri = lvm://<vg> or linstor://...)
  2. systemctl enable --now storage-drivers-cinder-bridge
  3. add to /etc/cinder/cinder.conf, then restart cinder-volume:

[DEFAULT]
# keep your other backends in this list
enabled_backends = storage-drivers

[storage-drivers]
volume_driver = ${_mod:-<module>}.${_drv:-<VolumeDriver class>}
volume_backend_name = storage-drivers
bridge_url = http://127.0.0.1:7390
bridge_token_file = $RUN_ETC/cinder-bridge.token
bridge_backend = default
STANZA
}

cinder_uninstall() {
    cinder_paths
    if ! does_files; then
        remove_path "$SHARE/cinder-bridge.jsa"      # --only config: the package removes its files
    elif [ -f "$CINDER_MANIFEST" ]; then
        while read -r _p; do
            remove_path "$DESTDIR$_p"
            case $_p in *.jar) remove_path "$DESTDIR${_p%.jar}.jsa" ;; esac
        done < "$CINDER_MANIFEST"
        remove_path "$CINDER_MANIFEST"
        # our package directories, deepest first, once empty (Python's __pycache__ goes with them)
        grep "^${PY_DEST#"$DESTDIR"}/" "$CINDER_MANIFEST.dirs" 2>/dev/null | sort -r | while read -r _d; do
            run rm -rf "$DESTDIR$_d/__pycache__"
            remove_empty_dirs "$DESTDIR$_d"
        done
        remove_path "$CINDER_MANIFEST.dirs"
        remove_empty_dirs "$SHARE"
    fi
    lvmlockd_uninstall
    log "kept $ETC (config and token: remove by hand if no longer needed)"
    [ "$DRY_RUN" != 1 ] && [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && systemctl daemon-reload
    return 0
}
