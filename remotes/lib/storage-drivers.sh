# Sourced by every action shim in remotes/{datastore,tm}/<driver>/<action>.
# Runs the action in the driver's jar; nothing else happens in shell.
#
#   exec_driver <jar-name> <ds|tm> <action> "$@"
#
# Jar lookup, first match wins:
#   $STORAGE_DRIVERS_JAR_DIR/<jar>.jar        (tests, custom installs)
#   <remotes>/lib/storage-drivers/<jar>.jar   (installed by install.sh)
#   <repo>/<jar>/target/<jar>.jar             (running from a source checkout)
# A class-data-sharing archive <jar>.jsa next to the jar is used when present.
#
# Warm mode (default; STORAGE_DRIVERS_WARM=0 turns it off; docs/operator-guide.md, "The warm
# driver service"): the action is first sent to the driver's long-lived service
# (`<jar> warm-serve`) over the Unix socket
# $STORAGE_DRIVERS_RUN_DIR/<jar>.sock (default ~/.storage-drivers, a 0700 directory: only this
# user can connect) with curl. The service answers with a small shell script that prints the
# action's stdout and stderr and exits with its code; it is eval'd only when curl received all
# of it. No service, a refusal or any transport failure: the cold JVM runs the action (same
# result), and a missing service is started in the background (it takes a lock: one starts).

# _sd_warm JAR ds|tm ACTION ARGS... : returns only when the action must run cold
_sd_warm() {
    [ "${STORAGE_DRIVERS_WARM:-1}" != 0 ] || return 0
    command -v curl >/dev/null 2>&1 || return 0
    _sd_run=${STORAGE_DRIVERS_RUN_DIR:-${HOME:+$HOME/.storage-drivers}}
    [ -n "$_sd_run" ] || return 0
    _sd_sock=$_sd_run/$1.sock
    if [ ! -S "$_sd_sock" ]; then
        _sd_start "$1"
        return 0
    fi
    # The reply is run as shell code: trust only our own socket in our own directory that no
    # other user can write to (the service itself refuses a directory others can read).
    [ -O "$_sd_run" ] && [ -O "$_sd_sock" ] || return 0
    case $(ls -ld "$_sd_run" 2>/dev/null) in d????-??-?*) ;; *) return 0 ;; esac
    _sd_name=$1
    shift
    # Only these actions read stdin (action data, VM XML): the others must not wait for an EOF
    # that a caller holding stdin open never sends. It is kept (trailing newlines too), for the
    # cold JVM if the service does not run the action.
    _sd_stdin=
    case $1/$2 in
        ds/*|tm/monitor|tm/premigrate|tm/postmigrate|tm/failmigrate)
            _sd_stdin=$(cat; echo .)
            _sd_stdin=${_sd_stdin%.}
            _sd_has_stdin=1 ;;
    esac
    _sd_n=$#
    while [ "$_sd_n" -gt 0 ]; do
        set -- "$@" --form-string "arg=$1"
        shift
        _sd_n=$((_sd_n - 1))
    done
    _sd_reply=$(printf %s "$_sd_stdin" | curl -sSf --max-time "${STORAGE_DRIVERS_WARM_MAX_TIME:-3600}" \
        -H 'Expect:' --unix-socket "$_sd_sock" --form-string "pid=$$" \
        --form-string "remotes=$STORAGE_DRIVERS_REMOTES" "$@" -F "stdin=<-" http://warm/run 2>/dev/null)
    case $? in
        0) ;;
        7) _sd_start "$_sd_name"; return 0 ;;  # nobody listens: a stale socket of a dead service
        *) return 0 ;;
    esac
    # the reply ends with its exit line: a cut reply is never run
    case $_sd_reply in
        *"
exit "[0-9]*) eval "$_sd_reply" ;;
    esac
}

# _sd_start JAR : starts the service in the background, in its own session, without our stdio.
# flock -n: while one service starts or runs (it inherits the lock), no other shim starts one.
_sd_start() {
    command -v setsid >/dev/null 2>&1 && command -v flock >/dev/null 2>&1 || return 0
    mkdir -p -m 700 "$_sd_run" 2>/dev/null || return 0
    _sd_find_jar "$1" || return 0
    ( LC_ALL=C setsid flock -n "$_sd_run/$1.start" "$_sd_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        $STORAGE_DRIVERS_JAVA_OPTS -jar "$_sd_jar" warm-serve --socket "$_sd_sock" \
        </dev/null >>"$_sd_run/$1.log" 2>&1 & ) 2>/dev/null
}

# _sd_find_jar JAR : sets _sd_jar and _sd_java, or returns 1
_sd_find_jar() {
    for _sd_jar in "${STORAGE_DRIVERS_JAR_DIR:+$STORAGE_DRIVERS_JAR_DIR/$1.jar}" \
                   "$_sd_lib/storage-drivers/$1.jar" \
                   "$_sd_lib/../../$1/target/$1.jar"; do
        [ -n "$_sd_jar" ] && [ -f "$_sd_jar" ] && break
        _sd_jar=
    done
    [ -n "$_sd_jar" ] || return 1
    _sd_java=${STORAGE_DRIVERS_JAVA:-java}
    if [ -n "$JAVA_HOME" ] && [ -z "$STORAGE_DRIVERS_JAVA" ]; then
        _sd_java=$JAVA_HOME/bin/java
    fi
}

exec_driver() {
    _sd_jar_name=$1
    shift
    # the shim's directory without a dirname process (oned runs shims by their full path)
    case $0 in */*) _sd_lib=${0%/*} ;; *) _sd_lib=. ;; esac
    _sd_lib=$(CDPATH= cd -- "$_sd_lib/../../lib" && pwd)
    # the remotes tree: premigrate & co. call the other TMs of a VM's disks from it
    STORAGE_DRIVERS_REMOTES=$(CDPATH= cd -- "$_sd_lib/.." && pwd)
    export STORAGE_DRIVERS_REMOTES
    _sd_has_stdin=
    case $1 in ds|tm) _sd_warm "$_sd_jar_name" "$@" ;; esac
    if ! _sd_find_jar "$_sd_jar_name"; then
        echo "$_sd_jar_name.jar not found (run install.sh or build with mvn package)" >&2
        exit 1
    fi
    set -- -jar "$_sd_jar" "$@"
    if [ -f "${_sd_jar%.jar}.jsa" ]; then
        set -- -XX:SharedArchiveFile="${_sd_jar%.jar}.jsa" "$@"
    fi
    # C1 only and the serial GC: these processes live for well under a second. JVM warnings
    # (e.g. a stale CDS archive) go to stderr: stdout is the action's reply to oned.
    if [ -n "$_sd_has_stdin" ]; then # the warm attempt read stdin: hand it on
        printf %s "$_sd_stdin" | LC_ALL=C exec "$_sd_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
            -Xlog:all=warning:stderr $STORAGE_DRIVERS_JAVA_OPTS "$@"
        exit $?
    fi
    LC_ALL=C exec "$_sd_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:all=warning:stderr \
        $STORAGE_DRIVERS_JAVA_OPTS "$@"
}
