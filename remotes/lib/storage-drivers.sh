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
# user can connect) by the small perl client below (curl when there is no perl). The service
# answers with a small shell script that prints the action's stdout and stderr and exits with its
# code; it is eval'd only when the client received all of it. No service, a refusal or any
# transport failure: the cold JVM runs the action (same result), and a missing service is
# started in the background (it takes a lock: one starts).
# Every process here costs the warm action 1-10 ms, so this file starts as few as it can: no
# dirname, no `cd && pwd`, no ls, no pipeline when the action reads no stdin.

# The warm client: perl-base is on every Debian/Ubuntu system, and with core built-ins only (no
# `use`: Socket alone costs ~8 ms of start-up) it starts in ~3 ms where curl takes ~9.
#   perl -e "$_SD_PERL_CLIENT" RUN_DIR SOCKET SHIM_PID READ_STDIN(0|1) ds|tm ACTION ARGS...
# It POSTs what curl would (WarmRequest.java: multipart fields pid, remotes, arg..., stdin),
# prints the reply's body and exits 0 only for a complete HTTP 200 reply. Exit 7: nobody
# listens on the socket (the shim starts the service); any other failure: the shim runs cold.
_SD_PERL_CLIENT='
my ($run, $sock, $pid, $in) = splice @ARGV, 0, 4;
my $t = $ENV{STORAGE_DRIVERS_WARM_MAX_TIME};
$t = 3600 unless defined $t && length $t;
$t =~ /\A[0-9]*\.?[0-9]+\z/ or exit 2;
alarm(int($t) < $t ? int($t) + 1 : $t);        # the default action of ALRM ends us: cold
# the reply is run as shell code: only from a socket in a real directory that no other user
# can write to (the shell checked that we own both)
my @d = lstat $run;
exit 1 unless @d && -d _ && !($d[2] & 022) && length($sock) < 108;
# AF_UNIX and SOCK_STREAM are 1 on Linux amd64, arm64, ppc64el, s390x; elsewhere a failure: cold
socket(my $c, 1, 1, 0) or exit 1;
connect($c, pack("S Z108", 1, $sock)) or exit($! == 111 || $! == 2 ? 7 : 1); # ECONNREFUSED, ENOENT
local $/;
my $stdin = $in ? <STDIN> : "";
$stdin = "" unless defined $stdin;
my @f = (["pid", $pid], ["remotes", $ENV{STORAGE_DRIVERS_REMOTES}], (map { ["arg", $_] } @ARGV), ["stdin", $stdin]);
my $b = "storage-drivers-warm-";
$b .= "x" while grep { index($_->[1], $b) >= 0 } @f;    # a boundary that no value holds
my $body = join("", map { "--$b\r\nContent-Disposition: form-data; name=\"$_->[0]\"\r\n\r\n$_->[1]\r\n" } @f) . "--$b--\r\n";
my $req = "POST /run HTTP/1.1\r\nHost: warm\r\nContent-Type: multipart/form-data; boundary=$b\r\n"
    . "Content-Length: " . length($body) . "\r\n\r\n" . $body;
$SIG{PIPE} = "IGNORE";
for (my $o = 0; $o < length $req;) {
    my $n = syswrite($c, $req, 65536, $o);
    defined $n or exit 1;
    $o += $n;
}
my $r = "";
while (1) {
    my $n = sysread($c, $r, 65536, length $r);
    defined $n or exit 1;
    last unless $n;
}
$r =~ /\AHTTP\/1\.[01] ([0-9]{3})[^\r\n]*\r\n(.*?)\r\n\r\n/s or exit 1;
my ($status, $head, $reply) = ($1, $2, substr($r, $+[0]));
$status == 200 or exit 22;                      # e.g. 503, the service refuses: as curl -f
$head =~ /^content-length: *([0-9]+)\r?$/mi && $1 == length $reply or exit 18; # cut short
print $reply;
'

# _sd_warm JAR ds|tm ACTION ARGS... : returns only when the action must run cold
_sd_warm() {
    [ "${STORAGE_DRIVERS_WARM:-1}" != 0 ] || return 0
    # the client: perl, else curl; STORAGE_DRIVERS_WARM_CLIENT=curl chooses curl (tests run both)
    case ${STORAGE_DRIVERS_WARM_CLIENT:-perl} in
        curl) _sd_client=curl ;;
        *) _sd_client=perl; command -v perl >/dev/null 2>&1 || _sd_client=curl ;;
    esac
    command -v "$_sd_client" >/dev/null 2>&1 || return 0
    _sd_run=${STORAGE_DRIVERS_RUN_DIR:-${HOME:+$HOME/.storage-drivers}}
    [ -n "$_sd_run" ] || return 0
    _sd_sock=$_sd_run/$1.sock
    if [ ! -S "$_sd_sock" ]; then
        _sd_start "$1"
        return 0
    fi
    # The reply is run as shell code: trust only our own socket in our own directory that no
    # other user can write to (the service itself refuses a directory others can read). The
    # directory's mode: the perl client checks it, for curl it costs an ls.
    [ -O "$_sd_run" ] && [ -O "$_sd_sock" ] || return 0
    if [ "$_sd_client" = curl ]; then
        case $(ls -ld "$_sd_run" 2>/dev/null) in d????-??-?*) ;; *) return 0 ;; esac
    fi
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
    if [ "$_sd_client" = perl ]; then
        if [ -n "$_sd_has_stdin" ]; then
            _sd_reply=$(printf %s "$_sd_stdin" | perl -C0 -e "$_SD_PERL_CLIENT" -- "$_sd_run" "$_sd_sock" $$ 1 "$@" 2>/dev/null)
        else
            _sd_reply=$(perl -C0 -e "$_SD_PERL_CLIENT" -- "$_sd_run" "$_sd_sock" $$ 0 "$@" </dev/null 2>/dev/null)
        fi
    else
        _sd_n=$#
        while [ "$_sd_n" -gt 0 ]; do
            set -- "$@" --form-string "arg=$1"
            shift
            _sd_n=$((_sd_n - 1))
        done
        _sd_reply=$(printf %s "$_sd_stdin" | curl -sSf --max-time "${STORAGE_DRIVERS_WARM_MAX_TIME:-3600}" \
            -H 'Expect:' --unix-socket "$_sd_sock" --form-string "pid=$$" \
            --form-string "remotes=$STORAGE_DRIVERS_REMOTES" "$@" -F "stdin=<-" http://warm/run 2>/dev/null)
    fi
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
    # The remotes tree (premigrate & co. call the other TMs of a VM's disks from it) and its lib/.
    # oned runs a shim by its clean absolute path, <remotes>/<kind>/<driver>/<action>: cut off
    # the last three names (what `cd <shim dir>/../.. && pwd` gives, without a subshell); any
    # other path ("./x", "..", a relative one) is resolved by the shell as before.
    STORAGE_DRIVERS_REMOTES=
    case $0 in
        */./*|*/../*|*//*) ;;
        /?*/*/*/*) STORAGE_DRIVERS_REMOTES=${0%/*/*/*} ;;
    esac
    if [ -z "$STORAGE_DRIVERS_REMOTES" ]; then
        case $0 in */*) _sd_lib=${0%/*} ;; *) _sd_lib=. ;; esac
        STORAGE_DRIVERS_REMOTES=$(CDPATH= cd -- "$_sd_lib/../.." && pwd)
    fi
    export STORAGE_DRIVERS_REMOTES
    _sd_lib=$STORAGE_DRIVERS_REMOTES/lib
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
