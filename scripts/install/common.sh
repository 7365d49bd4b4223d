# Helpers shared by install.sh's parts (sourced, not run). Every change to the system goes through
# put_file / replace_file / make_dir so that --dry-run can show it instead and a second run that
# finds everything in place changes nothing (not even a timestamp).

log()  { printf '%s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die()  { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

CHANGED=0          # set to 1 by any function that changed something

# does_files / does_config: whether this run does the files half / the configuration half of its
# mode (both unless --only says one; a Debian package ships the files and configures in postinst)
does_files()  { [ "${ONLY:-}" != config ]; }
does_config() { [ "${ONLY:-}" != files ]; }

# run CMD...: run it, or only print it under --dry-run
run() {
    if [ "$DRY_RUN" = 1 ]; then
        log "would run: $*"
    else
        "$@"
    fi
}

# The OpenNebula user: --user, else oneadmin when it exists, else nobody to chown to.
resolve_user() {
    if [ -z "$SD_USER" ] && getent passwd oneadmin >/dev/null 2>&1; then
        SD_USER=oneadmin
    fi
    SD_GROUP=
    if [ -n "$SD_USER" ] && getent passwd "$SD_USER" >/dev/null 2>&1; then
        SD_GROUP=$(id -gn "$SD_USER")
    fi
}

# chown_user PATH...: give paths to the OpenNebula user when we are root and the user exists
chown_user() {
    if [ -n "$SD_GROUP" ] && [ "$(id -u)" = 0 ]; then
        run chown -h "$SD_USER:$SD_GROUP" "$@"
    fi
}

# make_dir DIR: create it (and parents) unless it exists
make_dir() {
    [ -d "$1" ] && return 0
    run mkdir -p "$1"
    CHANGED=1
}

# same SRC DST: true when DST already is what SRC would install (file content or symlink target)
same() {
    if [ -L "$1" ]; then
        [ -L "$2" ] && [ "$(readlink "$1")" = "$(readlink "$2")" ]
    else
        [ -f "$2" ] && [ ! -L "$2" ] && cmp -s "$1" "$2"
    fi
}

# put_file SRC DST MODE: install SRC as DST (a symlink stays a symlink) when it differs.
# Prints DST on stdout-free channel; returns 0 if it changed something, 1 if DST was up to date.
put_file() {
    if same "$1" "$2"; then
        return 1
    fi
    if [ "$DRY_RUN" = 1 ]; then
        log "would install $2"
    elif [ -L "$1" ]; then
        rm -f "$2"
        cp -P "$1" "$2"
    else
        # write next to the target, then rename: a reader never sees half a file
        cp "$1" "$2.sd-new.$$"
        chmod "$3" "$2.sd-new.$$"
        mv -f "$2.sd-new.$$" "$2"
    fi
    CHANGED=1
    return 0
}

# backup FILE: copy FILE to FILE.<timestamp>.storage-drivers.bak (mode and owner kept); prints the name
backup() {
    _b="$1.$(date +%Y%m%d-%H%M%S).storage-drivers.bak"
    _n=1
    while [ -e "$_b" ]; do _b="${_b%.storage-drivers.bak}"; _b="${_b%.[0-9]*}.$_n.storage-drivers.bak"; _n=$((_n + 1)); done
    cp -p "$1" "$_b"
    printf '%s' "$_b"
}

# replace_file FILE NEW: make FILE's content NEW's (keeping FILE's mode and owner, with a
# backup); under --dry-run print the diff instead. Nothing happens when they are equal.
replace_file() {
    if cmp -s "$1" "$2"; then
        return 1
    fi
    if [ "$DRY_RUN" = 1 ]; then
        diff -u --label "$1" --label "$1 (after install.sh)" "$1" "$2" || true
    else
        _bak=$(backup "$1")
        cp -p "$1" "$1.sd-new.$$"
        cat "$2" > "$1.sd-new.$$"
        mv -f "$1.sd-new.$$" "$1"
        log "changed $1 (backup: $_bak)"
    fi
    CHANGED=1
    return 0
}

# remove_path PATH: delete a file or symlink we installed
remove_path() {
    if [ -e "$1" ] || [ -L "$1" ]; then
        run rm -f "$1"
        [ "$DRY_RUN" = 1 ] || log "removed $1"
        CHANGED=1
    fi
}

# remove_empty_dirs DIR...: rmdir each if it is empty (children first when given in that order)
remove_empty_dirs() {
    for _d in "$@"; do
        if [ -d "$_d" ] && [ -z "$(ls -A "$_d")" ]; then
            run rmdir "$_d"
            CHANGED=1
        fi
    done
}

# Java 17 or newer: sets JAVA (command) and JAVA_VERSION; returns 1 when there is none.
find_java() {
    JAVA=${STORAGE_DRIVERS_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
    JAVA=${JAVA:-java}
    command -v "$JAVA" >/dev/null 2>&1 || return 1
    JAVA_VERSION=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
    _major=${JAVA_VERSION%%.*}
    case $_major in
        ''|*[!0-9]*) return 1 ;;
    esac
    [ "$_major" -ge 17 ]
}

# The jar NAME (a driver's <name>-driver, cinder-bridge): from --jars DIR or the build.
jar_path() {
    if [ -n "$JARS_DIR" ]; then
        printf '%s/%s.jar' "$JARS_DIR" "$1"
    else
        printf '%s/%s/target/%s.jar' "$REPO" "$1" "$1"
    fi
}

# Build the jars unless --jars was given (or they are already built and --no-build)
ensure_jars() {
    if [ -z "$JARS_DIR" ] && [ "$NO_BUILD" != 1 ]; then
        command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven or pass --jars DIR with built jars"
        log "building the jars (mvn package -DskipTests)"
        (cd "$REPO" && mvn -q -B package -DskipTests) || die "build failed"
    fi
    for _j in "$@"; do
        [ -f "$(jar_path "$_j")" ] || die "$(jar_path "$_j") not found (build with mvn package or pass --jars DIR)"
    done
}

# cds_archive JAR: (re)create JAR's class-data-sharing archive (<jar>.jsa) by running it once with
# the flags the shims use, needed after every change of the jar (the JVM ignores, with a warning,
# an archive made for another jar). A driver jar trains with its hidden verb `cds-train`: in one
# JVM, the ds and tm actions on canned OpenNebula documents with canned command answers (nothing
# runs, no host or controller is reached), the process launcher and the SSH client's handshake
# classes, i.e. what cold actions load (docs/performance.md, "Cold start"); it writes nothing but
# the archive. Other jars run --help.
cds_archive() {
    [ "$NO_CDS" = 1 ] && return 0
    _jsa="${1%.jar}.jsa"
    if [ "$DRY_RUN" = 1 ]; then
        log "would create $_jsa"
        return 0
    fi
    rm -f "$_jsa"
    case ${1##*/} in
        *-driver.jar) set -- "$1" cds-train ;;
        *) set -- "$1" --help ;;
    esac
    "$JAVA" -XX:ArchiveClassesAtExit="$_jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$@" </dev/null >/dev/null 2>&1 || true
    if [ -s "$_jsa" ]; then
        chmod 0644 "$_jsa"
        chown_user "$_jsa"
        log "created $_jsa"
    else
        rm -f "$_jsa"
        warn "could not create $_jsa (the driver still works, it only starts slower)"
    fi
    CHANGED=1
}

# cds_refresh JAR: the archive of a jar someone else put in place (a package) is made again when
# missing or when the JVM refuses it for this jar (a package's files carry the changelog's date,
# so an upgraded jar can be older than the archive of the jar it replaced)
cds_refresh() {
    [ -f "$1" ] || return 0
    _jsa="${1%.jar}.jsa"
    if [ -s "$_jsa" ] && "$JAVA" -XX:SharedArchiveFile="$_jsa" -Xshare:on -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
            -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$1" --version >/dev/null 2>&1; then
        return 0
    fi
    cds_archive "$1"
}

# in_list WORD LIST...: true when WORD is one of LIST
in_list() {
    _w=$1
    shift
    for _x in "$@"; do
        [ "$_x" = "$_w" ] && return 0
    done
    return 1
}
