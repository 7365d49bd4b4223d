# install.sh --frontend: shims and jars into OpenNebula's remotes, drivers registered in oned.conf.
# Every file installed is listed (relative to the remotes dir) in lib/storage-drivers/MANIFEST;
# --uninstall removes exactly those and unregisters the drivers from oned.conf.

frontend_paths() {
    if [ -n "$ONE_LOCATION" ]; then
        REMOTES=$DESTDIR$ONE_LOCATION/var/remotes
        ONED_CONF=$DESTDIR$ONE_LOCATION/etc/oned.conf
    else
        REMOTES=$DESTDIR/var/lib/one/remotes
        ONED_CONF=$DESTDIR/etc/one/oned.conf
    fi
    SD_LIB=$REMOTES/lib/storage-drivers
    MANIFEST=$SD_LIB/MANIFEST
}

# The drivers this install offers, one per directory of shims (remotes/tm/<driver>/), by name:
# from the source tree when it installs the files; from OpenNebula's remotes, those with their jar,
# when a package put the files there (--only config). No driver is named in install.sh: a new one
# brings its shims and its jar.
known_drivers() {
    if does_files; then _kd_tm=$REPO/remotes/tm; else _kd_tm=$REMOTES/tm; fi
    for _kd in "$_kd_tm"/*/; do
        [ -d "$_kd" ] || continue
        _kd=${_kd%/}
        _kd=${_kd##*/}
        does_files || [ -f "$SD_LIB/$(jar_of "$_kd").jar" ] || continue
        printf '%s\n' "$_kd"
    done
}

# jar_of DRIVER: the name of its jar, by the rule every driver follows (shared_lvm ->
# shared-lvm-driver.jar, built by the Maven module of that name)
jar_of() {
    printf '%s-driver\n' "$(printf '%s' "$1" | tr _ -)"
}

# driver_jar DRIVER: jar_of, for a driver this install knows
driver_jar() {
    printf '%s\n' "$_KNOWN_DRIVERS" | grep -qxF -- "$1" \
        || die "unknown driver '$1' (known: $(printf '%s' "$_KNOWN_DRIVERS" | tr '\n' ',' | sed 's/,/, /g'))"
    jar_of "$1"
}

# DRIVERS: --drivers, or every known driver; each one checked
frontend_drivers() {
    _KNOWN_DRIVERS=$(known_drivers)
    [ -n "$DRIVERS" ] || DRIVERS=$(printf '%s' "$_KNOWN_DRIVERS" | tr '\n' ' ')
    [ -n "$DRIVERS" ] || die "no driver found to install (no shims in $REPO/remotes/tm)"
    for _d in $DRIVERS; do driver_jar "$_d" >/dev/null; done
}

# Lines "<source> <path relative to REMOTES> <mode>" for everything --frontend installs.
frontend_files() {
    echo "$REPO/remotes/lib/storage-drivers.sh lib/storage-drivers.sh 0644"
    for _drv in $DRIVERS; do
        for _kind in datastore tm; do
            for _f in "$REPO/remotes/$_kind/$_drv"/*; do
                [ -e "$_f" ] || [ -L "$_f" ] || continue
                _mode=0644
                [ -x "$_f" ] && _mode=0755
                echo "$_f $_kind/$_drv/${_f##*/} $_mode"
            done
        done
        _jar=$(driver_jar "$_drv")
        echo "$(jar_path "$_jar") lib/storage-drivers/$_jar.jar 0644"
        # the driver config file: may hold credentials, readable by the OpenNebula user only
        echo "$REPO/remotes/etc/storage-drivers/$_drv.conf etc/storage-drivers/$_drv.conf 0640"
    done
}

# Refuse to overwrite a driver directory another package put there (addon-linstor uses "linstor").
check_foreign_files() {
    for _drv in $DRIVERS; do
        for _kind in datastore tm; do
            [ -d "$REMOTES/$_kind/$_drv" ] || continue
            for _f in "$REMOTES/$_kind/$_drv"/*; do
                [ -e "$_f" ] || [ -L "$_f" ] || continue
                if ! { [ -f "$MANIFEST" ] && grep -qxF "$_kind/$_drv/${_f##*/}" "$MANIFEST"; }; then
                    die "$REMOTES/$_kind/$_drv holds files install.sh did not install (${_f##*/}; another package" \
                        "such as addon-linstor?): remove that package first, or leave the driver out (--drivers)"
                fi
            done
        done
    done
}

frontend_install() {
    frontend_paths
    frontend_drivers
    if does_config; then
        [ -f "$ONED_CONF" ] || die "no oned.conf at $ONED_CONF (is OpenNebula installed? set ONE_LOCATION or DESTDIR)"
        find_java || die "Java 17 or newer is needed on the frontend (Debian: apt-get install openjdk-17-jre-headless)"
    fi
    if does_files; then
        _jars=
        for _drv in $DRIVERS; do _jars="$_jars $(driver_jar "$_drv")"; done
        ensure_jars $_jars
        for _drv in $DRIVERS; do
            [ -d "$REPO/remotes/tm/$_drv" ] || warn "no shims in remotes/tm/$_drv yet: only the jar is installed"
        done
        check_foreign_files
    fi

    _new=$(mktemp)
    trap 'rm -f "$_new" "$_new".*' EXIT
    if does_config; then
        # oned.conf first: a file we cannot parse stops the install before anything is copied
        # (--only config: the jars are the ones already installed, e.g. by the package). Each driver
        # jar brings its own oned.conf stanzas, so every driver registered is on the class path.
        _cp=
        for _drv in $DRIVERS; do
            if does_files; then _j=$(jar_path "$(driver_jar "$_drv")"); else _j=$SD_LIB/$(driver_jar "$_drv").jar; fi
            _cp=${_cp:+$_cp:}$_j
        done
        "$JAVA" -cp "$_cp" io.storagedrivers.install.OnedConfMain oned-conf register \
            --drivers "$(echo $DRIVERS | tr ' ' ',')" "$ONED_CONF" --output "$_new" 2>"$_new.err" || die "$(cat "$_new.err")"
    fi

    if does_files; then
        frontend_files > "$_new.files"
        : > "$_new.manifest"
        while read -r _src _rel _mode; do
            make_dir "$(dirname "$REMOTES/$_rel")"
            if [ "${_rel#etc/}" != "$_rel" ] && [ -f "$REMOTES/$_rel" ]; then
                # a config file: the administrator's copy stays (like a Debian conffile)
                cmp -s "$_src" "$REMOTES/$_rel" || log "kept $REMOTES/$_rel (edited here; the shipped one is $_src)"
            elif put_file "$_src" "$REMOTES/$_rel" "$_mode"; then
                chown_user "$REMOTES/$_rel"
                [ "$DRY_RUN" = 1 ] || log "installed $REMOTES/$_rel"
                case $_rel in *.jar) cds_archive "$REMOTES/$_rel" ;; esac
            elif [ "${_rel%.jar}" != "$_rel" ] && [ "$NO_CDS" != 1 ] && [ ! -f "$REMOTES/${_rel%.jar}.jsa" ]; then
                cds_archive "$REMOTES/$_rel"
            fi
            echo "$_rel" >> "$_new.manifest"
        done < "$_new.files"
        sort "$_new.manifest" -o "$_new.manifest"
        # files an earlier install put there that this one no longer ships
        if [ -f "$MANIFEST" ]; then
            sort "$MANIFEST" | comm -23 - "$_new.manifest" > "$_new.gone"
            while read -r _rel; do
                remove_path "$REMOTES/$_rel"
                case $_rel in *.jar) remove_path "$REMOTES/${_rel%.jar}.jsa" ;; esac
            done < "$_new.gone"
        fi
        make_dir "$SD_LIB"
        put_file "$_new.manifest" "$MANIFEST" 0644 && chown_user "$MANIFEST"
    else
        for _drv in $DRIVERS; do cds_refresh "$SD_LIB/$(driver_jar "$_drv").jar"; done
    fi

    if does_config; then
        cmp -s "$ONED_CONF" "$_new" || sed 's/^/  /' "$_new.err"
        replace_file "$ONED_CONF" "$_new" || true
    fi
    rm -f "$_new" "$_new".*
    trap - EXIT
    # the sudoers file is one of the files (a package ships it as a conffile), made for --vg's VGs
    if does_files; then frontend_sudo_install; fi
    if does_config; then frontend_vg_autoactivation; fi
    [ -z "$LOCKD_HOST_ID" ] || lvmlockd_install
    if [ "$DRY_RUN" = 1 ]; then
        log "dry run: nothing was changed"
    elif ! does_config; then
        :
    elif [ "$CHANGED" = 1 ]; then
        log "done. Now restart oned and push the new remotes to the hosts (as oneadmin):"
        log "  systemctl restart opennebula"
        log "  onehost sync --force"
    else
        log "frontend already up to date: nothing changed"
    fi
    frontend_doctor
}

# The doctor, as the OpenNebula user (its SSH keys and known_hosts are the ones the drivers use),
# with every installed driver jar on the class path: each adds its own checks (DoctorChecks).
frontend_doctor() {
    [ "$NO_DOCTOR" = 1 ] || [ "$DRY_RUN" = 1 ] && return 0
    [ -z "$HOSTS$VGS" ] && { log "(no --hosts/--vg given: doctor not run)"; return 0; }
    _cp=
    for _drv in $DRIVERS; do _cp=${_cp:+$_cp:}$SD_LIB/$(driver_jar "$_drv").jar; done
    set -- "$JAVA" -cp "$_cp" io.storagedrivers.doctor.DoctorMain doctor
    for _v in $VGS; do set -- "$@" --vg "$_v"; done
    for _h in $HOSTS; do set -- "$@" --host "$_h"; done
    if [ "$(id -u)" = 0 ] && [ -n "$SD_GROUP" ] && [ "$SD_USER" != root ]; then
        # the user's own environment, as its drivers get it from oned: not root's HOME, nor
        # variables of this shell (an LVM_SYSTEM_DIR, an SSH config) that the drivers never see
        set -- runuser -u "$SD_USER" -- env -i HOME="$(getent passwd "$SD_USER" | cut -d: -f6)" \
            USER="$SD_USER" LOGNAME="$SD_USER" LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@"
    fi
    log "doctor:"
    "$@" || { DOCTOR_FAILED=1; warn "doctor found problems (FAIL lines above)"; }
}

frontend_uninstall() {
    frontend_paths
    [ -f "$ONED_CONF" ] || die "no oned.conf at $ONED_CONF"
    find_java || die "Java 17 or newer is needed to edit oned.conf"
    # any driver jar edits oned.conf: unregister removes our marked stanzas, whichever driver's
    _tool=
    for _j in "$SD_LIB"/*-driver.jar; do
        [ -f "$_j" ] && { _tool=$_j; break; }
    done
    if [ -z "$_tool" ]; then
        for _d in $(known_drivers); do
            [ -f "$(jar_path "$(jar_of "$_d")")" ] && { _tool=$(jar_path "$(jar_of "$_d")"); break; }
        done
    fi
    [ -n "$_tool" ] || die "no driver jar found to edit oned.conf (pass --jars DIR)"
    _new=$(mktemp)
    trap 'rm -f "$_new" "$_new.err"' EXIT
    "$JAVA" -jar "$_tool" oned-conf unregister "$ONED_CONF" --output "$_new" 2>"$_new.err" || die "$(cat "$_new.err")"
    cmp -s "$ONED_CONF" "$_new" || sed 's/^/  /' "$_new.err"
    replace_file "$ONED_CONF" "$_new" || true

    if ! does_files; then
        for _j in "$SD_LIB"/*-driver.jsa; do [ -e "$_j" ] && remove_path "$_j"; done
    elif [ -f "$MANIFEST" ]; then
        _dirs=
        while read -r _rel; do
            remove_path "$REMOTES/$_rel"
            case $_rel in *.jar) remove_path "$REMOTES/${_rel%.jar}.jsa" ;; esac
            case $_rel in datastore/*/* | tm/*/* | etc/storage-drivers/*) _dirs="$_dirs $REMOTES/${_rel%/*}" ;; esac
        done < "$MANIFEST"
        remove_path "$MANIFEST"
        remove_empty_dirs $(printf '%s\n' $_dirs | sort -u) "$SD_LIB" "$REMOTES/etc"
    fi
    if does_files; then frontend_sudo_uninstall; fi     # --only config: the package owns the file
    lvmlockd_uninstall
    rm -f "$_new" "$_new.err"
    trap - EXIT
    if [ "$DRY_RUN" = 1 ]; then
        log "dry run: nothing was changed"
    elif [ "$CHANGED" = 1 ]; then
        log "done. Restart oned (systemctl restart opennebula) and run onehost sync --force as oneadmin."
    else
        log "nothing to uninstall"
    fi
}

# --- sudo on the frontend ------------------------------------------------------------------------
# The driver runs as the OpenNebula user and puts `sudo -n` before every LVM command it runs on the
# frontend. This file allows exactly the command lines it builds (LvmCommands) and the ones
# `doctor` runs, on the datastore VGs (vg-one-<n> and every --vg), nothing else: no --config or
# --profile override, no other VG, no other program.

frontend_sudo_paths() {
    FE_SUDOERS=$DESTDIR/etc/sudoers.d/storage-drivers-frontend
    FE_SUDO_ENV=$DESTDIR/etc/storage-drivers/frontend-sudo.env
}

# frontend_sudoers_text USER: the file's text (sudo >= 1.9.10 regular expressions, Debian 12 has 1.9.13)
frontend_sudoers_text() {
    _vg="vg-one-[0-9]+"
    for _v in $VGS; do _vg="$_vg|$(printf '%s' "$_v" | sed 's/[.+]/[&]/g')"; done
    _vg="($_vg)"
    _lv="[A-Za-z0-9+_.][A-Za-z0-9+_.-]*"
    _tag="[A-Za-z0-9+_.][A-Za-z0-9+_.-]*"  # the tags the driver sets (sd.incomplete)
    _sz="[0-9]+b"
    _cols="[a-z_]+(,[a-z_]+)*"
    _rep="--reportformat json --units b --nosuffix -o $_cols"
    _sel="-S lv_name=[\"]$_lv[\"]( [|][|] lv_name=[\"]$_lv[\"])*"
    # sudoers needs \ before , : = and \ inside a command's arguments
    _e() { printf '%s' "$1" | sed 's/[\\,:=]/\\&/g'; }
    echo "# Installed by storage-drivers install.sh --frontend; install.sh --frontend --uninstall removes it."
    echo "# The LVM command lines the shared_lvm driver (and its doctor) run as root on this frontend"
    echo "# when OpenNebula runs it as $1. Generated for the VGs vg-one-<n>${VGS:+ and$VGS}."
    if [ -n "${LVM_SYSTEM_DIR:-}" ]; then
        echo "# LVM's configuration is not in /etc/lvm here: LVM_SYSTEM_DIR is pinned by $FE_SUDO_ENV."
    fi
    _alias=
    _add() { # tool regex...
        _p=$(host_cmd "$1")
        [ -n "$_p" ] || { warn "$1 not found on this frontend: left out of the sudoers file"; return 0; }
        shift
        for _re in "$@"; do _alias="$_alias, $_p $(_e "^$_re\$")"; done
    }
    _add lvcreate "--wipesignatures n -L $_sz -n $_lv( -an -Zn)?( --addtag $_tag)* -y $_vg"
    # thin volumes of a shared VG (LVM_THIN_ENABLE): volume + pool, and a snapshot while inactive everywhere
    _add lvcreate "--type thin-pool -an -Zy -L $_sz -n $_lv -y $_vg" "-an -V $_sz -T $_vg/$_lv -n $_lv( --addtag $_tag)* -y" \
        "-s -an -kn -n $_lv -y $_vg/$_lv"
    _add lvremove "-y $_vg/$_lv"
    _add lvextend "-L $_sz $_vg/$_lv"
    _add lvrename "$_vg $_lv $_lv"
    _add lvchange "-a[yn] $_vg/$_lv" "(--(add|del)tag $_tag )+$_vg/$_lv"
    _add vgchange "--refresh $_vg" "--(add|del)tag $_tag $_vg"   # storage host-release
    _add lvs "$_rep( $_sel)? $_vg" "--noheadings --units b --nosuffix --separator : -o lv_name,lv_size $_vg"
    _add vgs "$_rep $_vg" "--noheadings -o vg_name,autoactivation $_vg" "--noheadings -o lock_type $_vg"
    _add vgck "$_vg"
    [ -z "$(host_cmd lvmlockctl)" ] || _add lvmlockctl "--info"   # doctor: started lockspaces
    echo "Cmnd_Alias STORAGE_DRIVERS_FRONTEND = ${_alias#, }"
    if [ -n "${LVM_SYSTEM_DIR:-}" ]; then
        echo "Defaults!STORAGE_DRIVERS_FRONTEND env_file=$FE_SUDO_ENV"
    fi
    echo "$1 ALL=(root) NOPASSWD: STORAGE_DRIVERS_FRONTEND"
}

frontend_sudo_install() {
    frontend_sudo_paths
    if [ "$SD_USER" = root ]; then
        log "OpenNebula user is root: no sudoers file needed on the frontend"
        return 0
    fi
    _u=${SD_USER:-oneadmin}
    sudo_has_regex || { warn "sudo older than 1.9.10 (or missing): no frontend sudoers file installed;" \
        "allow $_u to run the LVM commands by hand (see docs/reference.md)"; return 0; }
    _t=$(mktemp)
    frontend_sudoers_text "$_u" > "$_t"
    if command -v visudo >/dev/null 2>&1; then
        visudo -c -q -f "$_t" >/dev/null || { rm -f "$_t"; die "generated frontend sudoers file does not validate (visudo -c)"; }
    fi
    if [ -n "${LVM_SYSTEM_DIR:-}" ]; then
        make_dir "$(dirname "$FE_SUDO_ENV")"
        printf 'LVM_SYSTEM_DIR=%s\n' "$LVM_SYSTEM_DIR" > "$_t.env"
        put_file "$_t.env" "$FE_SUDO_ENV" 0644 && [ "$DRY_RUN" != 1 ] && log "installed $FE_SUDO_ENV"
    else
        remove_path "$FE_SUDO_ENV"
    fi
    make_dir "$(dirname "$FE_SUDOERS")"
    if put_file "$_t" "$FE_SUDOERS" 0440; then
        [ "$DRY_RUN" = 1 ] && sed 's/^/  | /' "$_t" || log "installed $FE_SUDOERS"
    fi
    rm -f "$_t" "$_t.env"
}

frontend_sudo_uninstall() {
    frontend_sudo_paths
    remove_path "$FE_SUDOERS"
    remove_path "$FE_SUDO_ENV"
    remove_empty_dirs "$(dirname "$FE_SUDO_ENV")" "$(dirname "$FE_SUDOERS")"
}

# Autoactivation off for each --vg (vgchange --setautoactivation n, LVM 2.03.12 and newer). The flag
# lives in the VG's metadata on the shared LUN, so every host honours it at every boot while hosts
# keep LVM read-only: a host that boots activates no LV of the VG until an action asks for one
# (docs/operator-guide.md, "Host reboot"). --uninstall leaves it off: turning it on again would make
# the next boot of every host activate every LV of the VG.
frontend_vg_autoactivation() {
    command -v vgs >/dev/null 2>&1 || return 0
    for _v in $VGS; do
        _aa=$(LVM_SUPPRESS_FD_WARNINGS=1 vgs --noheadings -o autoactivation "$_v" 2>&1) || {
            warn "VG $_v: cannot read its autoactivation flag (LVM 2.03.12 or newer needed): $(printf '%s' "$_aa" | tail -n 1)"
            continue
        }
        case $_aa in
            *enabled*)
                if [ "$DRY_RUN" = 1 ]; then
                    log "would run: vgchange --setautoactivation n $_v"
                else
                    LVM_SUPPRESS_FD_WARNINGS=1 vgchange --setautoactivation n "$_v" >/dev/null \
                        || die "vgchange --setautoactivation n $_v failed"
                    log "VG $_v: autoactivation turned off (hosts activate its LVs only when a driver action asks)"
                    CHANGED=1
                fi ;;
            *) log "VG $_v: autoactivation already off" ;;
        esac
    done
}
