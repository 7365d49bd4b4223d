# install.sh --lvmlockd HOST_ID (with --host or --frontend): this node takes part in shared VGs
# (vgcreate --shared, lock type sanlock; docs/lvmlockd.md). lvm.conf gets global/use_lvmlockd = 1
# (and, on a host, no locking_type = 4: LVM's --readonly mode skips lvmlockd's locks, so a host
# of a shared VG activates through lvmlockd; the sudoers file still allows only activation and
# reports), lvmlocal.conf gets local/host_id = HOST_ID (sanlock's host id, 1-2000, unique among
# every node that uses the VG), --lock-timeout SECONDS writes a systemd drop-in passing
# --sanlock-timeout to lvmlockd, and wdmd, sanlock, lvmlockd and lvmlocks (which starts the
# lockspaces at boot) are enabled and started, then the lockspaces of the --vg VGs that are shared.
# Every line we add ends in "# storage-drivers"; a line we change keeps its original after
# "# storage-drivers-was:", so --uninstall gives the files back byte for byte.

lvmlockd_paths() {
    LVM_DIR=${LVM_SYSTEM_DIR:-$DESTDIR/etc/lvm}
    LVM_CONF=$LVM_DIR/lvm.conf
    LVMLOCAL_CONF=$LVM_DIR/lvmlocal.conf
    LVMLOCKD_DROPIN_DIR=$DESTDIR/etc/systemd/system/lvmlockd.service.d
    LVMLOCKD_DROPIN=$LVMLOCKD_DROPIN_DIR/storage-drivers.conf
}

# "<line of 'SECTION {'> <line of its KEY> <value>" (0 when absent) of an LVM config file ($1).
# Quoted strings and comments are ignored when counting braces.
lvm_conf_scan() {
    awk -v sec="$2" -v key="$3" '
        { code = $0; gsub(/"[^"]*"/, "\"\"", code); sub(/#.*/, "", code) }
        depth == 0 && g == 0 && code ~ ("^[ \t]*" sec "[ \t]*\\{") { g = NR; insec = 1 }
        insec && depth == 1 && l == 0 && code ~ ("^[ \t]*" key "[ \t]*=") {
            l = NR; v = code; sub(/^[^=]*=[ \t]*/, "", v); gsub(/[ \t]/, "", v)
        }
        { depth += gsub(/\{/, "{", code) - gsub(/\}/, "}", code); if (depth == 0) insec = 0 }
        END { print g + 0, l + 0, (v == "" ? "-" : v) }
    ' "$1"
}

# Writes to stdout the LVM config file $1 with SECTION/KEY = VALUE ($2 $3 $4), marked as ours.
lvm_conf_set_text() {
    _f=$1 _s=$2 _k=$3 _val=$4
    set -- $(lvm_conf_scan "$_f" "$_s" "$_k")
    if [ "$3" = "$_val" ]; then
        cat "$_f"
    elif [ "$2" -gt 0 ]; then
        awk -v l="$2" -v kv="$_k = $_val" 'NR == l { ind = $0; sub(/[^ \t].*/, "", ind); print ind kv "  # storage-drivers-was:" $0; next } { print }' "$_f"
    elif [ "$1" -gt 0 ]; then
        awk -v g="$1" -v kv="$_k = $_val" '{ print } NR == g { print "\t" kv "  # storage-drivers" }' "$_f"
    else
        cat "$_f"
        printf '%s {  # storage-drivers\n\t%s = %s  # storage-drivers\n}  # storage-drivers\n' "$_s" "$_k" "$_val"
    fi
}

lvmlockd_check_args() {
    case $LOCKD_HOST_ID in
        ''|*[!0-9]*|0*) die "--lvmlockd takes this node's sanlock host_id, a number from 1 to 2000, not '$LOCKD_HOST_ID'" ;;
    esac
    [ "$LOCKD_HOST_ID" -le 2000 ] || die "--lvmlockd takes a host_id from 1 to 2000, not $LOCKD_HOST_ID"
    case $LOCK_TIMEOUT in
        '') ;;
        *[!0-9]*|0*) die "--lock-timeout takes whole seconds (sanlock's I/O timeout, e.g. 10), not '$LOCK_TIMEOUT'" ;;
        *) [ "$LOCK_TIMEOUT" -ge 2 ] && [ "$LOCK_TIMEOUT" -le 300 ] || die "--lock-timeout takes 2 to 300 seconds, not $LOCK_TIMEOUT" ;;
    esac
}

# lvm.conf: use_lvmlockd = 1 (and our locking_type = 4 taken back on a host); lvmlocal.conf:
# host_id; the lvmlockd drop-in for --lock-timeout. Each file is rebuilt from its original, so a
# second run with other values changes only what differs.
lvmlockd_config() {
    lvmlockd_check_args
    lvmlockd_paths
    [ -f "$LVM_CONF" ] || die "no lvm.conf at $LVM_CONF (set LVM_SYSTEM_DIR to the directory that holds it)"
    _t=$(mktemp)
    lvm_restore_text "$LVM_CONF" > "$_t.orig"
    lvm_conf_set_text "$_t.orig" global use_lvmlockd 1 > "$_t"
    replace_file "$LVM_CONF" "$_t" || log "$LVM_CONF: global/use_lvmlockd is already 1"
    if [ -f "$LVMLOCAL_CONF" ]; then
        lvm_restore_text "$LVMLOCAL_CONF" > "$_t.orig"
        lvm_conf_set_text "$_t.orig" local host_id "$LOCKD_HOST_ID" > "$_t"
        replace_file "$LVMLOCAL_CONF" "$_t" || log "$LVMLOCAL_CONF: local/host_id is already $LOCKD_HOST_ID"
    else
        : > "$_t.orig"
        lvm_conf_set_text "$_t.orig" local host_id "$LOCKD_HOST_ID" > "$_t"
        put_file "$_t" "$LVMLOCAL_CONF" 0644 && log "installed $LVMLOCAL_CONF (host_id $LOCKD_HOST_ID)"
    fi
    if [ -n "$LOCK_TIMEOUT" ]; then
        printf '%s\n' "# Installed by storage-drivers install.sh --lvmlockd --lock-timeout $LOCK_TIMEOUT; --uninstall removes it." \
            "# sanlock's I/O timeout for the leases lvmlockd takes (docs/lvmlockd.md, \"Timeouts\")." \
            "[Service]" "ExecStart=" "ExecStart=/sbin/lvmlockd --foreground --sanlock-timeout $LOCK_TIMEOUT" > "$_t"
        make_dir "$LVMLOCKD_DROPIN_DIR"
        put_file "$_t" "$LVMLOCKD_DROPIN" 0644 && log "installed $LVMLOCKD_DROPIN (sanlock timeout ${LOCK_TIMEOUT}s)"
    elif [ -e "$LVMLOCKD_DROPIN" ]; then
        remove_path "$LVMLOCKD_DROPIN"
        remove_empty_dirs "$LVMLOCKD_DROPIN_DIR"
    fi
    rm -f "$_t" "$_t.orig"
    if [ "$DRY_RUN" != 1 ] && command -v lvmconfig >/dev/null 2>&1; then
        _ul=$(LVM_SYSTEM_DIR=$LVM_DIR LVM_SUPPRESS_FD_WARNINGS=1 lvmconfig --type full global/use_lvmlockd 2>/dev/null)
        [ "$_ul" = use_lvmlockd=1 ] || die "LVM still reports '$_ul' from $LVM_CONF; check the file by hand"
    fi
}

# The daemons (not under DESTDIR, --dry-run or --only files: a real node only), then the
# lockspaces of the shared VGs among --vg.
lvmlockd_start() {
    if [ -n "$DESTDIR" ] || [ "$DRY_RUN" = 1 ]; then
        log "would enable and start wdmd, sanlock, lvmlockd, lvmlocks and run vgchange --lock-start"
        return 0
    fi
    for _c in sanlock lvmlockd; do
        command -v "$_c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$_c" >/dev/null 2>&1 \
            || die "$_c not found: install the Debian packages sanlock and lvm2-lockd first"
    done
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
        systemctl enable --now wdmd sanlock lvmlockd lvmlocks || die "could not start wdmd, sanlock, lvmlockd (see journalctl)"
    else
        warn "no systemd here: start wdmd, sanlock and lvmlockd yourself, then vgchange --lock-start"
        return 0
    fi
    for _v in $VGS; do
        _lt=$(LVM_SUPPRESS_FD_WARNINGS=1 vgs --noheadings -o lock_type "$_v" 2>/dev/null | tr -d ' ')
        case $_lt in
            sanlock|dlm) LVM_SUPPRESS_FD_WARNINGS=1 vgchange --lock-start "$_v" \
                    && log "lockspace of $_v started" || die "vgchange --lock-start $_v failed" ;;
            '') log "$_v is a plain VG (or not visible here): no lockspace to start" ;;
        esac
    done
}

lvmlockd_install() {
    if does_config; then
        lvmlockd_config
        lvmlockd_start
    fi
}

# Gives lvm.conf and lvmlocal.conf back as they were, removes the drop-in. The daemons stay
# enabled: other shared VGs on this node may need them (systemctl disable them by hand).
lvmlockd_uninstall() {
    lvmlockd_paths
    _t=$(mktemp)
    for _f in "$LVM_CONF" "$LVMLOCAL_CONF"; do
        if [ -f "$_f" ] && grep -q '# storage-drivers' "$_f"; then
            lvm_restore_text "$_f" > "$_t"
            if [ ! -s "$_t" ] && [ "$_f" = "$LVMLOCAL_CONF" ]; then
                remove_path "$_f"       # we created it
            else
                replace_file "$_f" "$_t" || true
            fi
        fi
    done
    rm -f "$_t"
    remove_path "$LVMLOCKD_DROPIN"
    remove_empty_dirs "$LVMLOCKD_DROPIN_DIR"
}
