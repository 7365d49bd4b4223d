# install.sh --cinder: the Python Cinder volume driver, the bridge jar, its systemd unit, config and
# token file. Files installed are listed in /usr/share/storage-drivers/MANIFEST-cinder; the config
# and the token are created once and never overwritten (an operator may have edited them).

# The bridge's JVM flags (the unit's, and scripts/bench/bridge.sh's): the serial collector, as
# the bridge's live data is a few MB: its young pauses are a few ms where G1's took 30-60 ms on a
# busy 2-core machine, the bridge's p99 (docs/performance.md).
CINDER_BRIDGE_JVM_FLAGS="-XX:+UseSerialGC"

cinder_paths() {
    PY_DEST=$DESTDIR${PYTHON_DIST_DIR:-/usr/lib/python3/dist-packages}
    SHARE=$DESTDIR/usr/share/storage-drivers
    ETC=$DESTDIR/etc/storage-drivers
    UNIT=$DESTDIR/etc/systemd/system/storage-drivers-cinder-bridge.service
    CINDER_MANIFEST=$SHARE/MANIFEST-cinder
    # paths as the running system sees them (inside the unit and the config)
    RUN_SHARE=/usr/share/storage-drivers
    RUN_ETC=/etc/storage-drivers
}

# Lines "<source> <absolute destination> <mode>": every Python package under cinder-bridge/python
# (a directory with __init__.py, tests left out) and the jar.
cinder_files() {
    for _init in $(find "$REPO/cinder-bridge/python" -name __init__.py -not -path "$REPO/cinder-bridge/python/tests/*" 2>/dev/null | sort); do
        _pkgdir=$(dirname "$_init")
        _top=${_pkgdir#"$REPO/cinder-bridge/python/"}
        case $_top in */*) continue ;; esac           # only top-level packages; subpackages come along
        find "$_pkgdir" -type f -name '*.py' -not -path "$_pkgdir/tests/*" -not -path '*/__pycache__/*' | sort \
            | while read -r _f; do echo "$_f $PY_DEST/${_f#"$REPO/cinder-bridge/python/"} 0644"; done
    done
    echo "$(jar_path cinder-bridge) $SHARE/cinder-bridge.jar 0644"
}

cinder_unit() {
    cat <<UNIT
# Installed by storage-drivers install.sh --cinder; install.sh --cinder --uninstall removes it.
[Unit]
Description=storage-drivers Cinder bridge (shared LVM / LINSTOR volumes for cinder-volume)
After=network-online.target
Wants=network-online.target
Before=cinder-volume.service

[Service]
Type=simple
ExecStart=$JAVA_RUN $CINDER_BRIDGE_JVM_FLAGS -XX:SharedArchiveFile=$RUN_SHARE/cinder-bridge.jsa -Xshare:auto -jar $RUN_SHARE/cinder-bridge.jar serve --config $RUN_ETC/cinder-bridge.conf
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
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
    ensure_jars cinder-bridge
    ls "$REPO"/cinder-bridge/python/*/__init__.py >/dev/null 2>&1 \
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
    cinder_token
    rm -f "$_tmp" "$_tmp".*
    trap - EXIT
    if [ "$DRY_RUN" != 1 ] && [ -z "$DESTDIR" ] && [ "$CHANGED" = 1 ] && command -v systemctl >/dev/null 2>&1; then
        systemctl daemon-reload || warn "systemctl daemon-reload failed"
    fi
    cinder_stanza
}

# A random bearer token, readable by the bridge (root) and cinder-volume (group cinder) only.
cinder_token() {
    _tok=$ETC/cinder-bridge.token
    [ -f "$_tok" ] && return 0
    if [ "$DRY_RUN" = 1 ]; then
        log "would create $_tok (random token, mode 0640, group cinder)"
        return 0
    fi
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$_tok")
    chmod 0640 "$_tok"
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
    if [ -f "$CINDER_MANIFEST" ]; then
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
    log "kept $ETC (config and token: remove by hand if no longer needed)"
    [ "$DRY_RUN" != 1 ] && [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && systemctl daemon-reload
    return 0
}
