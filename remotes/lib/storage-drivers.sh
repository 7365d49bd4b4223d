# Sourced by every action shim in remotes/{datastore,tm}/<driver>/<action>.
# Finds java and the driver's fat jar, then execs it; nothing else happens in shell.
#
#   exec_driver <jar-name> <ds|tm> <action> "$@"
#
# Jar lookup, first match wins:
#   $STORAGE_DRIVERS_JAR_DIR/<jar>.jar        (tests, custom installs)
#   <remotes>/lib/storage-drivers/<jar>.jar   (installed by install.sh)
#   <repo>/<jar>/target/<jar>.jar             (running from a source checkout)
# A class-data-sharing archive <jar>.jsa next to the jar is used when present.

exec_driver() {
    _sd_jar_name=$1
    shift
    _sd_lib=$(CDPATH= cd -- "$(dirname -- "$0")/../../lib" && pwd)
    # the remotes tree: premigrate & co. call the other TMs of a VM's disks from it
    STORAGE_DRIVERS_REMOTES=$(CDPATH= cd -- "$_sd_lib/.." && pwd)
    export STORAGE_DRIVERS_REMOTES
    for _sd_jar in "${STORAGE_DRIVERS_JAR_DIR:+$STORAGE_DRIVERS_JAR_DIR/$_sd_jar_name.jar}" \
                   "$_sd_lib/storage-drivers/$_sd_jar_name.jar" \
                   "$_sd_lib/../../$_sd_jar_name/target/$_sd_jar_name.jar"; do
        [ -n "$_sd_jar" ] && [ -f "$_sd_jar" ] && break
        _sd_jar=
    done
    if [ -z "$_sd_jar" ]; then
        echo "$_sd_jar_name.jar not found (run install.sh or build with mvn package)" >&2
        exit 1
    fi
    _sd_java=${STORAGE_DRIVERS_JAVA:-java}
    if [ -n "$JAVA_HOME" ] && [ -z "$STORAGE_DRIVERS_JAVA" ]; then
        _sd_java=$JAVA_HOME/bin/java
    fi
    set -- -jar "$_sd_jar" "$@"
    if [ -f "${_sd_jar%.jar}.jsa" ]; then
        set -- -XX:SharedArchiveFile="${_sd_jar%.jar}.jsa" "$@"
    fi
    # C1 only and the serial GC: these processes live for well under a second. JVM warnings
    # (e.g. a stale CDS archive) go to stderr: stdout is the action's reply to oned.
    LC_ALL=C exec "$_sd_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:all=warning:stderr \
        $STORAGE_DRIVERS_JAVA_OPTS "$@"
}
