# install.sh --host: LVM metadata read-only on this host (lvm.conf global/locking_type = 4, which
# LVM 2.03 turns into --sysinit --readonly; global/metadata_read_only is ignored by LVM 2.03 and is
# not used), a sudoers file letting the OpenNebula user run only the LVM commands the drivers need
# here, and the OpenNebula user in group disk: the data path (dd, blkdiscard, mkfs, mkswap,
# qemu-img on /dev/<vg>/<lv>, whose nodes are root:disk 0660) runs without sudo, as OpenNebula's
# own LVM drivers do (its docs and packages put oneadmin in group disk on hosts).

host_paths() {
    # An explicit LVM_SYSTEM_DIR is used as given (the test bed gives each host its own);
    # the default /etc/lvm moves under DESTDIR like every other path.
    LVM_DIR=${LVM_SYSTEM_DIR:-$DESTDIR/etc/lvm}
    LVM_CONF=$LVM_DIR/lvm.conf
    SUDOERS=$DESTDIR/etc/sudoers.d/storage-drivers
    # the user install.sh put into group disk (so --uninstall takes out only a membership it added)
    DISK_GROUP_MARK=$DESTDIR/var/lib/storage-drivers/host-disk-group
}

# "<line of 'global {'> <line of its locking_type> <value>" (0 when absent) of an lvm.conf.
# Quoted strings and comments are ignored when counting braces.
lvm_global_scan() {
    awk '
        { code = $0; gsub(/"[^"]*"/, "\"\"", code); sub(/#.*/, "", code) }
        depth == 0 && g == 0 && code ~ /^[ \t]*global[ \t]*\{/ { g = NR; inglobal = 1 }
        inglobal && depth == 1 && l == 0 && code ~ /^[ \t]*locking_type[ \t]*=/ {
            l = NR; v = code; sub(/^[^=]*=[ \t]*/, "", v); gsub(/[ \t]/, "", v)
        }
        { depth += gsub(/\{/, "{", code) - gsub(/\}/, "}", code); if (depth == 0) inglobal = 0 }
        END { print g + 0, l + 0, (v == "" ? "-" : v) }
    ' "$1"
}

# Writes to stdout lvm.conf ($1) with locking_type = 4 in its global section. Lines we add end in
# "# storage-drivers"; a line we change keeps its original after "# storage-drivers-was:".
lvm_readonly_text() {
    set -- "$1" $(lvm_global_scan "$1")
    if [ "$3" -gt 0 ]; then
        awk -v l="$3" 'NR == l { ind = $0; sub(/[^ \t].*/, "", ind); print ind "locking_type = 4  # storage-drivers-was:" $0; next } { print }' "$1"
    elif [ "$2" -gt 0 ]; then
        awk -v g="$2" '{ print } NR == g { print "\tlocking_type = 4  # storage-drivers" }' "$1"
    else
        cat "$1"
        printf 'global {  # storage-drivers\n\tlocking_type = 4  # storage-drivers\n}  # storage-drivers\n'
    fi
}

# Writes to stdout lvm.conf ($1) as it was before lvm_readonly_text.
lvm_restore_text() {
    awk '
        index($0, "# storage-drivers-was:") { print substr($0, index($0, "# storage-drivers-was:") + 22); next }
        /  # storage-drivers$/ { next }
        { print }
    ' "$1"
}

# Absolute path of a command on this host (sudoers needs one), or nothing.
host_cmd() {
    PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$1" 2>/dev/null || true
}

# sudo 1.9.10 and newer match arguments against regular expressions (^...$)
sudo_has_regex() {
    _v=$(sudo -V 2>/dev/null | sed -n '1s/^Sudo version \([0-9.]*\).*/\1/p')
    [ -n "$_v" ] || return 1
    # -c, not GNU's quiet -C: busybox's sort has only -c
    printf '%s\n1.9.10\n' "$_v" | sort -V -c >/dev/null 2>&1
    [ $? -ne 0 ] || [ "$_v" = 1.9.10 ]
}

# The sudoers file for user $1. Only these command lines pass: LVM reports; lvchange/vgchange
# activation, deactivation and refresh of LVs in the datastore VGs (a read-only host picks up a
# new LV size with vgchange --refresh: LVM 2.03 refuses lvchange --refresh under locking_type 4).
# No dd or blkdiscard: the data path runs as the user itself, through group disk (host_disk_group).
# LVM options that could override the read-only lvm.conf (--config, --profile, ...) match none of
# the patterns.
sudoers_text() {
    _vgre="vg-one-[0-9]+"
    for _v in $VGS; do _vgre="$_vgre|$(printf '%s' "$_v" | sed 's/[.+]/[&]/g')"; done
    _lv="[A-Za-z0-9+_.][A-Za-z0-9+_.-]*"
    _long="activate|refresh|yes|quiet|verbose|noheadings|nosuffix|units|options|select|separator|reportformat|readonly|all|ignoreactivationskip|binary|nameprefixes|unbuffered|rows|aligned|sort|ignorelockingfailure|sysinit|monitor|poll"
    _tok="(-[A-Za-z]+|--($_long)(=[^ ]*)?|[^- ][^ ]*)"
    _chtok="(-[A-Za-z]+|--($_long)(=[^ ]*)?|[yn]|ay|($_vgre)(/$_lv)?)"
    # sudoers needs \ before , : = inside a command's arguments
    _esc() { printf '%s' "$1" | sed 's/[,:=]/\\&/g'; }
    echo "# Installed by storage-drivers install.sh --host; install.sh --host --uninstall removes it."
    echo "# What the OpenNebula user ($1) may run as root on this host for the shared_lvm/linstor drivers."
    if [ -n "${LOCKD_HOST_ID:-}" ]; then
        echo "# A node of shared VGs (lvmlockd): only a thin volume's snapshot verbs change LVM metadata here."
    else
        echo "# LVM metadata stays read-only here (lvm.conf locking_type = 4): no lvcreate/lvremove/..."
    fi
    _alias=
    for _c in lvs vgs pvs lvscan lvdisplay vgdisplay lvchange vgchange lvmlockctl; do
        _p=$(host_cmd "$_c")
        if [ "$_c" = lvmlockctl ]; then
            # only on nodes with lvm2-lockd, and only where sudo can pin its argument (--kill exists)
            [ -n "$_p" ] && [ "$SUDO_REGEX" = 1 ] || continue
        fi
        [ -n "$_p" ] || { warn "$_c not found on this host: left out of the sudoers file"; continue; }
        if [ "$SUDO_REGEX" = 1 ]; then
            case $_c in
                lvchange|vgchange) _args="^$_chtok( $_chtok)*\$" ;;
                lvmlockctl) _args="^--info\$" ;;  # doctor: which lockspaces are started
                *) _args="^($_tok( $_tok)*)?\$" ;;
            esac
            _alias="$_alias, $_p $(_esc "$_args")"
            case $_c in lvscan|lvs|vgs|pvs) _alias="$_alias, $_p \"\"" ;; esac
        else
            _alias="$_alias, $_p"
        fi
    done
    if [ -n "${LOCKD_HOST_ID:-}" ] && [ "$SUDO_REGEX" = 1 ]; then
        # a node of shared VGs: a thin volume's snapshot verbs run where its pool is active, under
        # lvmlockd's VG lock (docs/lvmlockd.md); exactly the argv the driver sends, nothing else
        _vl="($_vgre)/$_lv"
        for _rule in "lvcreate ^-s -an -kn -n $_lv -y $_vl\$" "lvremove ^-y $_vl\$" \
                "lvrename ^($_vgre) $_lv[.]revert $_lv\$" "lvextend ^-L [0-9]+b $_vl\$"; do
            _p=$(host_cmd "${_rule%% *}")
            [ -n "$_p" ] && _alias="$_alias, $_p $(_esc "${_rule#* }")"
        done
    fi
    echo "Cmnd_Alias STORAGE_DRIVERS = ${_alias#, }"
    if [ "$SUDO_REGEX" != 1 ]; then
        # sudo older than 1.9.10 cannot match arguments by pattern: deny the overriding options
        # (and their getopt abbreviations) instead
        _deny=
        for _c in lvs vgs pvs lvscan lvdisplay vgdisplay lvchange vgchange; do
            _p=$(host_cmd "$_c")
            [ -n "$_p" ] && _deny="$_deny, $_p *--c*, $_p *--pr*, $_p *--m*, $_p *--nol*, $_p *--dr*, $_p *--l*"
        done
        echo "Cmnd_Alias STORAGE_DRIVERS_DENY = ${_deny#, }"
        echo "$1 ALL=(root) NOPASSWD: STORAGE_DRIVERS, !STORAGE_DRIVERS_DENY"
    else
        echo "$1 ALL=(root) NOPASSWD: STORAGE_DRIVERS"
    fi
}

# lvm.conf: global/locking_type = 4 (checked with lvmconfig afterwards)
host_lvm_readonly() {
    [ -f "$LVM_CONF" ] || die "no lvm.conf at $LVM_CONF (set LVM_SYSTEM_DIR to the directory that holds it)"
    set -- $(lvm_global_scan "$LVM_CONF")
    if [ "$3" = 4 ]; then
        log "$LVM_CONF: global/locking_type is already 4 (metadata read-only)"
    else
        lvm_readonly_text "$LVM_CONF" > "$_tmp"
        replace_file "$LVM_CONF" "$_tmp" || true
    fi
    if [ "$DRY_RUN" != 1 ] && command -v lvmconfig >/dev/null 2>&1; then
        _lt=$(LVM_SYSTEM_DIR=$LVM_DIR LVM_SUPPRESS_FD_WARNINGS=1 lvmconfig --type full global/locking_type 2>/dev/null)
        [ "$_lt" = locking_type=4 ] || die "LVM still reports '$_lt' from $LVM_CONF; check the file by hand"
    fi
    grep -Eq '^[[:space:]]*use_lvmlockd[[:space:]]*=[[:space:]]*1' "$LVM_CONF" \
        && warn "$LVM_CONF sets use_lvmlockd = 1: the drivers expect plain shared LVM without lvmlockd"
    return 0
}

# /etc/sudoers.d/storage-drivers for the OpenNebula user (checked with visudo first)
host_sudoers() {
    if [ "$SD_USER" = root ]; then
        log "OpenNebula user is root: no sudoers file needed"
    else
        _u=${SD_USER:-oneadmin}
        SUDO_REGEX=0
        sudo_has_regex && SUDO_REGEX=1
        [ "$SUDO_REGEX" = 1 ] || warn "sudo is older than 1.9.10: sudoers rules cannot restrict arguments by pattern"
        sudoers_text "$_u" > "$_tmp.sudoers"
        if command -v visudo >/dev/null 2>&1; then
            visudo -c -q -f "$_tmp.sudoers" >/dev/null || die "generated sudoers file does not validate (visudo -c)"
        else
            warn "visudo not found: sudoers file not validated (is sudo installed?)"
        fi
        make_dir "$(dirname "$SUDOERS")"
        if put_file "$_tmp.sudoers" "$SUDOERS" 0440; then
            [ "$DRY_RUN" = 1 ] && sed 's/^/  | /' "$_tmp.sudoers" || log "installed $SUDOERS"
        fi
    fi
}

host_install() {
    host_paths
    _tmp=$(mktemp)
    trap 'rm -f "$_tmp" "$_tmp".*' EXIT
    # a node of shared VGs activates through lvmlockd, which LVM's read-only mode would skip
    if does_config && [ -z "$LOCKD_HOST_ID" ]; then host_lvm_readonly; fi
    if does_files; then host_sudoers; fi
    rm -f "$_tmp" "$_tmp".*
    trap - EXIT
    host_opennebula_sudoers
    does_config || return 0
    host_disk_group
    host_vg_autoactivation
    [ -z "$LOCKD_HOST_ID" ] || lvmlockd_install

    if find_java; then
        log "java $JAVA_VERSION found (hosts do not need Java: the drivers run on the frontend and reach hosts over SSH)"
    else
        log "no Java 17+ here: fine, hosts do not need it (the drivers run on the frontend and reach hosts over SSH)"
    fi
    if [ "$DRY_RUN" = 1 ]; then
        log "dry run: nothing was changed"
    elif [ "$CHANGED" = 1 ]; then
        log "done. Check from the frontend: install.sh --frontend --hosts <this host> --vg <vg>, or <jar> doctor"
    else
        log "host already up to date: nothing changed"
    fi
}

# The OpenNebula user in group disk, so that it opens the LVs' device nodes (root:disk 0660 on
# Debian and RHEL, udev's rule) for the data path without sudo; recorded when install.sh adds it.
host_disk_group() {
    _u=${SD_USER:-oneadmin}
    [ "$_u" != root ] || return 0
    if [ -n "$DESTDIR" ]; then
        log "DESTDIR set: group disk membership of $_u is left to the target system"
        return 0
    fi
    if ! getent passwd "$_u" >/dev/null 2>&1; then
        warn "user $_u does not exist here (yet): once it does, add it to group disk (usermod -a -G disk $_u)" \
            "or run install.sh --host again; without it dd/mkfs/qemu-img cannot open the LVs on this host"
        return 0
    fi
    getent group disk >/dev/null 2>&1 || die "no group disk on this host: LV device nodes must be group disk (udev)"
    if in_list disk $(id -nG "$_u"); then
        log "$_u is in group disk: it opens the LVs (root:disk 0660) for dd, mkfs and qemu-img without sudo"
        return 0
    fi
    run usermod -a -G disk "$_u"
    make_dir "$(dirname "$DISK_GROUP_MARK")"
    if [ "$DRY_RUN" != 1 ]; then
        printf '%s\n' "$_u" > "$DISK_GROUP_MARK"
        log "added $_u to group disk (LV device nodes are root:disk 0660: dd, mkfs, qemu-img without sudo);" \
            "--uninstall takes it out again"
    fi
    CHANGED=1
}

# Takes the user out of group disk only when install.sh put it there.
host_disk_group_undo() {
    [ -f "$DISK_GROUP_MARK" ] || return 0
    _u=$(cat "$DISK_GROUP_MARK")
    if getent passwd "$_u" >/dev/null 2>&1 && in_list disk $(id -nG "$_u"); then
        run gpasswd -d "$_u" disk >/dev/null
        [ "$DRY_RUN" = 1 ] || log "took $_u out of group disk again (install.sh had added it)"
    fi
    remove_path "$DISK_GROUP_MARK"
    remove_empty_dirs "$(dirname "$DISK_GROUP_MARK")"
}

# OpenNebula's node package (opennebula-node-kvm) installs /etc/sudoers.d/opennebula* with
# ONE_LVM: lvcreate, lvremove, lvchange... with ANY arguments. sudo rights add up, so where that
# file grants them our restricted rules restrict nothing: say so and what to do (doctor checks it).
host_opennebula_sudoers() {
    for _f in "$DESTDIR"/etc/sudoers.d/opennebula*; do
        [ -f "$_f" ] || continue
        grep -Eq '/(lvcreate|lvremove|lvchange|lvextend)([[:space:],]|$)' "$_f" 2>/dev/null || continue
        warn "$_f (OpenNebula's node package) lets oneadmin run LVM commands with any arguments as root;" \
            "sudo rights add up, so $SUDOERS restricts nothing while it does. Remove the LVM commands" \
            "(ONE_LVM) from its oneadmin rule (again after each OpenNebula upgrade), or accept that oneadmin" \
            "may change LVM metadata on this host. 'doctor --host <this host>' reports it."
    done
}

# The shared VGs' autoactivation must be off, or this host activates all their LVs when it boots.
# The flag is in the VG's metadata, which this host never changes (locking_type = 4): the frontend
# sets it (install.sh --frontend --vg VG). Here it is only checked, like `doctor` does.
host_vg_autoactivation() {
    command -v vgs >/dev/null 2>&1 || return 0
    for _v in $VGS; do
        _aa=$(LVM_SYSTEM_DIR=$LVM_DIR LVM_SUPPRESS_FD_WARNINGS=1 vgs --noheadings -o autoactivation "$_v" 2>/dev/null) || {
            warn "VG $_v is not visible here (yet): check its autoactivation later with doctor"
            continue
        }
        case $_aa in
            *enabled*) warn "VG $_v has autoactivation ON: this host activates all its LVs at boot." \
                "Run on the frontend: install.sh --frontend --vg $_v (or vgchange --setautoactivation n $_v)" ;;
            *) log "VG $_v: autoactivation off (set on the frontend; honoured here at boot)" ;;
        esac
    done
}

host_uninstall() {
    host_paths
    if [ -f "$LVM_CONF" ] && grep -q '# storage-drivers' "$LVM_CONF"; then
        _tmp=$(mktemp)
        lvm_restore_text "$LVM_CONF" > "$_tmp"
        replace_file "$LVM_CONF" "$_tmp" || true
        rm -f "$_tmp"
    fi
    if does_files; then remove_path "$SUDOERS"; fi      # --only config: the package owns the file
    does_config && host_disk_group_undo
    lvmlockd_uninstall
    if [ "$DRY_RUN" = 1 ]; then
        log "dry run: nothing was changed"
    elif [ "$CHANGED" = 1 ]; then
        log "done: this host's LVM can change metadata again"
    else
        log "nothing to uninstall"
    fi
}
