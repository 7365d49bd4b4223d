#!/bin/sh
# install.sh tests: the frontend install into a temporary root with a realistic oned.conf
# (dry run, idempotency, byte-identical uninstall, refusals), the host setup on the test bed's
# hosts followed by `doctor` (failing while a host's LVM is read-write, passing after
# install.sh --host), the sudoers rules as sudo itself judges them, and --cinder into a temporary
# root. Run by scripts/test.sh (cwd = repo root, inside the frontend namespace, test-bed env
# exported). Prints "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
REPO=$PWD
FIXTURE=installer/src/test/resources/io/storagedrivers/install/oned.conf
WORK=$(mktemp -d /tmp/sd-install-test.XXXXXX)
PASSED=0 FAILED=0
HOST_LVM_SAVED=

cleanup() {
    if [ -n "$HOST_LVM_SAVED" ]; then
        cp "$HOST_LVM_SAVED" "$TB_DIR/host1/lvm/lvm.conf"
        rm -f "$TB_DIR"/host1/lvm/lvm.conf.*.storage-drivers.bak
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
check() { _d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$_d"; else fail "$_d"; fi; }
check_not() { _d=$1; shift; if "$@" >/dev/null 2>&1; then fail "$_d"; else ok "$_d"; fi; }

# every path with type, mode, size, mtime, link target and content hash (backups left out)
snapshot() {
    (cd "$1" && find . -not -name '*.storage-drivers.bak' -printf '%p %y %m %s %T@ %l\n' | sort \
        && find . -type f -not -name '*.storage-drivers.bak' -exec md5sum {} + | sort)
}
# the same without mtimes: what an uninstall must give back
contents() {
    (cd "$1" && find . -not -name '*.storage-drivers.bak' -printf '%p %y %m %s %l\n' | sort \
        && find . -type f -not -name '*.storage-drivers.bak' -exec md5sum {} + | sort)
}

if [ ! -f shared-lvm-driver/target/shared-lvm-driver.jar ] || [ ! -f linstor-driver/target/linstor-driver.jar ] \
        || [ ! -f cinder-bridge/target/cinder-bridge.jar ]; then
    mvn -B -q -o package -DskipTests || { echo "build failed"; exit 1; }
fi
JARS=$WORK/jars
mkdir -p "$JARS"
cp shared-lvm-driver/target/shared-lvm-driver.jar linstor-driver/target/linstor-driver.jar \
    cinder-bridge/target/cinder-bridge.jar "$JARS/"

echo "jar contents (jar tf)"
# the bridge ships the backends, the admin CLI and doctor, never the OpenNebula layer or the installer
check_not "cinder-bridge.jar: no OpenNebula-layer or installer classes" \
    sh -c 'jar tf "$1" | grep -E "^io/storagedrivers/(one|install|sharedlvm/one|linstor/one)/|^io/storagedrivers/(sharedlvm|linstor)/[A-Za-z]*Main"' sh "$JARS/cinder-bridge.jar"
# the simulated LINSTOR controller is test support (linstor-sim.jar): in no installed jar
for j in cinder-bridge linstor-driver; do
    check_not "$j.jar: no simulated LINSTOR controller" sh -c 'jar tf "$1" | grep -q "^io/storagedrivers/linstor/sim/"' sh "$JARS/$j.jar"
done
check "cinder-bridge.jar: the SPI, both backends, the simulator and the admin CLI" sh -c \
    'c=$(jar tf "$1"); for k in spi/VolumeBackend sharedlvm/SharedLvmBackendProvider linstor/backend/LinstorBackendProvider sim/SimBackendProvider cli/storage/StorageCommand doctor/DoctorCommand cinderbridge/CinderBridgeMain; do printf "%s\n" "$c" | grep -qx "io/storagedrivers/$k.class" || exit 1; done' sh "$JARS/cinder-bridge.jar"
for j in shared-lvm-driver linstor-driver; do
    check "$j.jar: OpenNebula actions, installer and its adapter" sh -c \
        'c=$(jar tf "$1"); for k in one/tm/TmClone install/OnedConfCommand "$2"; do printf "%s\n" "$c" | grep -qx "io/storagedrivers/$k.class" || exit 1; done' \
        sh "$JARS/$j.jar" "$([ $j = linstor-driver ] && echo linstor/one/LinstorProfile || echo sharedlvm/one/SharedLvmProfile)"
done

# scripts/storage picks a jar by its scheme entries; doctor finds each driver's checks (ServiceLoader)
for jk in "shared-lvm-driver lvm sim" "linstor-driver linstor linstor+ssl sim" "cinder-bridge lvm linstor linstor+ssl sim"; do
    j=${jk%% *}
    # shellcheck disable=SC2086 # the schemes are a word list
    check "$j.jar: an entry per URI scheme of its backends (${jk#* })" sh -c \
        'c=$(jar tf "$1"); shift; for s; do printf "%s\n" "$c" | grep -qxF "META-INF/storage-drivers/schemes/$s" || exit 1; done' \
        sh "$JARS/$j.jar" ${jk#* }
done
for j in shared-lvm-driver cinder-bridge; do
    check "$j.jar: shared LVM's doctor checks registered" sh -c \
        'cd "$2" && jar xf "$1" META-INF/services/io.storagedrivers.checks.DoctorChecks && grep -qx io.storagedrivers.sharedlvm.doctor.SharedLvmDoctorChecks META-INF/services/io.storagedrivers.checks.DoctorChecks' \
        sh "$JARS/$j.jar" "$(mktemp -d "$WORK/svc.XXXXXX")"
done

# a root that looks like a frontend with OpenNebula installed
new_root() {
    mkdir -p "$1/etc/one" "$1/var/lib/one/remotes/lib" "$1/var/lib/one/remotes/tm/ssh" \
        "$1/var/lib/one/remotes/datastore/fs"
    cp "$FIXTURE" "$1/etc/one/oned.conf"
    echo '#!/bin/sh' > "$1/var/lib/one/remotes/tm/ssh/clone"
}

echo "frontend (DESTDIR)"
# install.sh names no driver: a third one with its shims in remotes/tm/ is known, its jar by the naming rule
T3=$WORK/third-repo
mkdir -p "$T3/scripts" "$T3/remotes/tm/third"
cp install.sh "$T3/" && cp -r scripts/install "$T3/scripts/" && cp -r remotes/tm/shared_lvm remotes/tm/linstor "$T3/remotes/tm/"
cp remotes/tm/shared_lvm/clone "$T3/remotes/tm/third/clone"
new_root "$WORK/third-root"
out=$(DESTDIR=$WORK/third-root "$T3/install.sh" --frontend --jars "$JARS" --drivers nosuch --dry-run 2>&1)
check "an unknown driver is refused, naming the known ones (from remotes/tm/)" sh -c \
    'printf "%s" "$1" | grep -q "unknown driver .nosuch. (known: linstor, shared_lvm, third)"' sh "$out"
out=$(DESTDIR=$WORK/third-root "$T3/install.sh" --frontend --jars "$JARS" --drivers third --dry-run 2>&1)
check "a third driver's jar is third-driver.jar" sh -c 'printf "%s" "$1" | grep -q "third-driver.jar not found"' sh "$out"

R=$WORK/fe
new_root "$R"
snapshot "$R" > "$WORK/before"
contents "$R" > "$WORK/before-contents"
out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" --dry-run 2>&1)
snapshot "$R" > "$WORK/after-dry"
check "--dry-run changes nothing" cmp -s "$WORK/before" "$WORK/after-dry"
check "--dry-run prints the oned.conf diff" sh -c 'printf "%s" "$1" | grep -q "^+    NAME = \"shared_lvm\","' sh "$out"

out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" 2>&1); rc=$?
check "--frontend succeeds" test "$rc" = 0
F=$R/var/lib/one/remotes
# the drivers are the ones with shims in remotes/tm/, in that order
check "oned.conf lists shared_lvm in TM_MAD -d" grep -q 'ARGUMENTS = "-t 15 -d dummy,.*,iscsi_libvirt,linstor,shared_lvm"' "$R/etc/one/oned.conf"
check "oned.conf lists both in DATASTORE_MAD -s" grep -q -- '-s shared,ssh,ceph,fs_lvm,fs_lvm_ssh,qcow2,linstor,shared_lvm"' "$R/etc/one/oned.conf"
check "oned.conf has TM_MAD_CONF for shared_lvm" grep -q '^    NAME = "shared_lvm",' "$R/etc/one/oned.conf"
check "a backup of oned.conf was kept" sh -c 'cmp -s "$1" "$2"/etc/one/oned.conf.*.storage-drivers.bak' sh "$FIXTURE" "$R"
check "shims copied, executable" test -x "$F/tm/shared_lvm/clone"
check "helper copied" cmp -s remotes/lib/storage-drivers.sh "$F/lib/storage-drivers.sh"
check "jars copied" cmp -s "$JARS/shared-lvm-driver.jar" "$F/lib/storage-drivers/shared-lvm-driver.jar"
check "CDS archive created" test -s "$F/lib/storage-drivers/shared-lvm-driver.jsa"
# the archives as the shims use them: the JVM accepts them with the shims' flags (-Xshare:on fails
# otherwise), and a cold action loads (nearly) all its classes from them, not from the jar
SHIM_JVM="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:all=warning:stderr"
for j in shared-lvm-driver linstor-driver; do
    check "$j: CDS archive accepted with the shims' JVM flags (-Xshare:on)" \
        java -XX:SharedArchiveFile="$F/lib/storage-drivers/$j.jsa" -Xshare:on $SHIM_JVM -jar "$F/lib/storage-drivers/$j.jar" --version
    # a ds stat of an image that does not exist: XML, validation, the profile, an error reply
    printf '%s' '<DS_DRIVER_ACTION_DATA><IMAGE><ID>5</ID><PATH>/nonexistent/x.img</PATH></IMAGE><DATASTORE><ID>1</ID><NAME>d</NAME><DS_MAD>d</DS_MAD><TM_MAD>d</TM_MAD><BASE_PATH>/nonexistent</BASE_PATH><TYPE>0</TYPE><TEMPLATE></TEMPLATE></DATASTORE></DS_DRIVER_ACTION_DATA>' \
        | base64 -w0 | java -XX:SharedArchiveFile="$F/lib/storage-drivers/$j.jsa" -Xshare:on $SHIM_JVM -Xlog:class+load \
            -jar "$F/lib/storage-drivers/$j.jar" ds stat 5 2>/dev/null | grep 'class,load' | grep -v 'source: shared objects file' \
        > "$WORK/cold-classes"
    n=$(wc -l < "$WORK/cold-classes")
    # lambdas spun at run time count too (their source is the class that made them, not jrt: or file:)
    check "$j: a cold action loads at most 5 classes outside the archive ($n)" test "$n" -le 5
    check "$j: a cold action loads none of the drivers' or picocli's classes outside the archive (lambdas included)" \
        sh -c '! grep -q -e " io\.storagedrivers\." -e " picocli\." "$1"' sh "$WORK/cold-classes"
done
# the training run (cds-train, run as scripts/install/common.sh cds_archive runs it) runs no program (the one exec
# it tries is of a program that does not exist), opens no network connection and writes nothing
# but the archive (its lock directory is a temporary one it removes)
if command -v strace >/dev/null 2>&1; then
    for j in shared-lvm-driver linstor-driver; do
        mkdir -p "$WORK/cds-tmp"
        strace -f -qq -o "$WORK/cds.strace" -e trace=execve,connect,openat,creat,mkdir,rename,link,symlink,truncate \
            java -Djava.io.tmpdir="$WORK/cds-tmp" -XX:-UsePerfData -XX:ArchiveClassesAtExit="$WORK/cds.jsa" \
            -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$F/lib/storage-drivers/$j.jar" cds-train </dev/null >"$WORK/cds.out" 2>&1
        rc=$?
        check "$j: cds-train exits 0 and prints nothing" sh -c '[ "$1" = 0 ] && [ ! -s "$2" ]' sh "$rc" "$WORK/cds.out"
        check "$j: cds-train made an archive" test -s "$WORK/cds.jsa"
        check "$j: cds-train runs no program" sh -c \
            '! grep "execve(" "$1" | grep -v "= -1 ENOENT" | grep -v "execve(\"[^\"]*/java\"" | grep -q .' sh "$WORK/cds.strace"
        check "$j: cds-train tried only the program that does not exist" sh -c \
            '! grep "execve(" "$1" | grep "= -1 ENOENT" | grep -v "/nonexistent/storage-drivers-cds-training" | grep -v "execve(\"[^\"]*/java\"" | grep -q .' sh "$WORK/cds.strace"
        check "$j: cds-train opens no network connection" sh -c '! grep "connect(" "$1" | grep -q "AF_INET"' sh "$WORK/cds.strace"
        check "$j: cds-train writes only the archive and its own lock directory" sh -c \
            '! grep -E "O_WRONLY|O_RDWR|O_CREAT|creat\(|mkdir\(|rename\(|link\(|truncate\(" "$1" | grep -v " = -1 E" \
                | grep -v -e "\"$2\"" -e "\"$3/storage-drivers-cds-[0-9]*[\"/]" -e "/proc/self/" | grep -q .' \
            sh "$WORK/cds.strace" "$WORK/cds.jsa" "$WORK/cds-tmp"
        check "$j: cds-train leaves nothing behind" sh -c '[ -z "$(ls -A "$1")" ]' sh "$WORK/cds-tmp"
        rm -rf "$WORK/cds-tmp" "$WORK/cds.jsa"
    done
else
    fail "strace missing (scripts/lib/packages.sh installs it): cds-train's harmlessness not checked"
fi
check "restart hint printed" sh -c 'printf "%s" "$1" | grep -q "onehost sync --force"' sh "$out"
check "frontend sudoers installed (0440)" test "$(stat -c %a "$R/etc/sudoers.d/storage-drivers-frontend" 2>/dev/null)" = 440
check "frontend sudoers passes visudo -c" visudo -c -q -f "$R/etc/sudoers.d/storage-drivers-frontend"
check "frontend sudoers names only LVM programs" sh -c 'test -z "$(grep -o " /[a-z/]*/[a-z]* ^" "$1" | grep -v "/\(lvcreate\|lvremove\|lvextend\|lvrename\|lvchange\|vgchange\|lvs\|vgs\|vgck\|lvmlockctl\) ^")"' sh "$R/etc/sudoers.d/storage-drivers-frontend"
check "driver config files installed (0640)" test "$(stat -c %a "$F/etc/storage-drivers/shared_lvm.conf")$(stat -c %a "$F/etc/storage-drivers/linstor.conf")" = 640640
check "linstor secrets registered as DATASTORE_ENCRYPTED_ATTR" grep -q '^DATASTORE_ENCRYPTED_ATTR = "LINSTOR_PASSWORD"' "$R/etc/one/oned.conf"
if [ -L remotes/tm/shared_lvm/prebackup ]; then
    check "symlinked actions stay symlinks" test -L "$F/tm/shared_lvm/prebackup"
fi
# the installed shim finds the installed jar (and its archive) without the source tree
err=$(env -u STORAGE_DRIVERS_JAR_DIR "$F/tm/shared_lvm/delete" 2>&1 >/dev/null)
check_not "installed shim runs the installed jar" sh -c 'printf "%s" "$1" | grep -qi "jar not found\|CDS\|shared archive"' sh "$err"

snapshot "$R" > "$WORK/once"
out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" 2>&1)
snapshot "$R" > "$WORK/twice"
check "second run changes nothing (no byte, no mtime)" cmp -s "$WORK/once" "$WORK/twice"
check "second run says so" sh -c 'printf "%s" "$1" | grep -q "already up to date"' sh "$out"
cp "$F/etc/storage-drivers/shared_lvm.conf" "$WORK/conf.orig"
echo 'DD=/usr/local/bin/dd' >> "$F/etc/storage-drivers/shared_lvm.conf"
out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" 2>&1)
check "an edited driver config file is kept on upgrade" grep -qx 'DD=/usr/local/bin/dd' "$F/etc/storage-drivers/shared_lvm.conf"
check "... and install.sh says so" sh -c 'printf "%s" "$1" | grep -q "kept .*shared_lvm.conf"' sh "$out"
cp "$WORK/conf.orig" "$F/etc/storage-drivers/shared_lvm.conf"
touch -r "$WORK/conf.orig" "$F/etc/storage-drivers/shared_lvm.conf"
snapshot "$R" > "$WORK/twice"

out=$(DESTDIR=$R ./install.sh --frontend --uninstall --dry-run 2>&1)
snapshot "$R" > "$WORK/after-dry"
check "--uninstall --dry-run changes nothing" cmp -s "$WORK/twice" "$WORK/after-dry"
DESTDIR=$R ./install.sh --frontend --uninstall >/dev/null 2>&1
check "--uninstall: oned.conf byte-identical to before" cmp -s "$FIXTURE" "$R/etc/one/oned.conf"
contents "$R" > "$WORK/after-un"
check "--uninstall: the tree is as before (every installed file removed)" cmp -s "$WORK/before-contents" "$WORK/after-un"

# the two halves a Debian package runs: --only files at build time (into DESTDIR), --only config
# in postinst; the frontend sudoers is one of the files (a conffile), so config leaves it alone
R=$WORK/halves
new_root "$R"
contents "$R" > "$WORK/before-contents"
DESTDIR=$R ./install.sh --frontend --jars "$JARS" --only files >/dev/null 2>&1; rc=$?
check "--only files: the files and the frontend sudoers, oned.conf untouched" sh -c \
    '[ "$1" = 0 ] && test -x "$2/var/lib/one/remotes/tm/shared_lvm/clone" && test "$(stat -c %a "$2/etc/sudoers.d/storage-drivers-frontend")" = 440 && cmp -s "$3" "$2/etc/one/oned.conf" && test ! -e "$2/var/lib/one/remotes/lib/storage-drivers/shared-lvm-driver.jsa"' \
    sh "$rc" "$R" "$FIXTURE"
cp "$R/etc/sudoers.d/storage-drivers-frontend" "$WORK/fe-sudoers"
echo "# local edit" >> "$R/etc/sudoers.d/storage-drivers-frontend"
DESTDIR=$R ./install.sh --frontend --only config >/dev/null 2>&1; rc=$?
check "--only config: drivers registered, CDS archives made, the (edited) sudoers file left alone" sh -c \
    '[ "$1" = 0 ] && grep -q "^    NAME = \"shared_lvm\"," "$2/etc/one/oned.conf" && test -s "$2/var/lib/one/remotes/lib/storage-drivers/shared-lvm-driver.jsa" && grep -qx "# local edit" "$2/etc/sudoers.d/storage-drivers-frontend"' \
    sh "$rc" "$R"
DESTDIR=$R ./install.sh --frontend --uninstall --only config >/dev/null 2>&1; rc=$?
check "--uninstall --only config: oned.conf back byte for byte, no archive; files and sudoers stay (the package's)" sh -c \
    '[ "$1" = 0 ] && cmp -s "$3" "$2/etc/one/oned.conf" && test ! -e "$2/var/lib/one/remotes/lib/storage-drivers/shared-lvm-driver.jsa" && test -x "$2/var/lib/one/remotes/tm/shared_lvm/clone" && test -f "$2/etc/sudoers.d/storage-drivers-frontend"' \
    sh "$rc" "$R" "$FIXTURE"

R=$WORK/addon
new_root "$R"
mkdir -p "$R/var/lib/one/remotes/tm/linstor"
echo '#!/usr/bin/env python3' > "$R/var/lib/one/remotes/tm/linstor/clone"
snapshot "$R" > "$WORK/before"
out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" 2>&1); rc=$?
snapshot "$R" > "$WORK/after"
check "addon-linstor's files are not overwritten (refused)" test "$rc" != 0
check "refusal says why" sh -c 'printf "%s" "$1" | grep -q "install.sh did not install"' sh "$out"
check "refusal changed nothing" cmp -s "$WORK/before" "$WORK/after"
check "--drivers shared_lvm installs next to it" sh -c 'DESTDIR=$1 ./install.sh --frontend --jars "$2" --drivers shared_lvm' \
    sh "$R" "$JARS"
check "... and leaves linstor alone" sh -c '! grep -q "^    NAME = \"linstor\"," "$1/etc/one/oned.conf" && test -f "$1/var/lib/one/remotes/tm/linstor/clone"' sh "$R"

R=$WORK/bad
new_root "$R"
printf 'TM_MAD = [\n  EXECUTABLE = "one_tm"\n  ARGUMENTS = "-t 15 -d dummy"\n]\n' > "$R/etc/one/oned.conf"
snapshot "$R" > "$WORK/before"
out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" 2>&1); rc=$?
snapshot "$R" > "$WORK/after"
check "malformed oned.conf: refused with the line number" sh -c '[ "$1" != 0 ] && printf "%s" "$2" | grep -q "oned.conf line 3:"' sh "$rc" "$out"
check "malformed oned.conf: nothing installed" cmp -s "$WORK/before" "$WORK/after"

R=$WORK/selfcontained
mkdir -p "$R/one/etc" "$R/one/var/remotes/lib"
cp "$FIXTURE" "$R/one/etc/oned.conf"
check "ONE_LOCATION: installs into \$ONE_LOCATION/var/remotes" sh -c \
    'DESTDIR=$1 ONE_LOCATION=/one ./install.sh --frontend --jars "$2" --no-cds >/dev/null && test -x "$1/one/var/remotes/tm/shared_lvm/clone" && grep -q "NAME = \"linstor\"" "$1/one/etc/oned.conf"' \
    sh "$R" "$JARS"

if [ -z "${TB_DIR:-}" ] || [ ! -f "${TB_SSH_CONFIG:-/nonexistent}" ]; then
    if [ "${STORAGE_DRIVERS_TESTBED_REQUIRED:-0}" = 1 ]; then
        fail "test bed required but not available (TB_DIR, TB_SSH_CONFIG)"
    else
        echo "  (test bed not up: host and doctor tests skipped)"
    fi
else
    echo "host setup and doctor on the test bed ($TB_HOSTS, VG $TB_VG)"
    export STORAGE_DRIVERS_SSH_CONFIG=$TB_SSH_CONFIG LVM_SYSTEM_DIR=$TB_FE_LVM_SYSTEM_DIR LVM_SUPPRESS_FD_WARNINGS=1
    HOSTS=$(echo $TB_HOSTS | tr ' ' ',')
    tbssh() { ssh -F "$TB_SSH_CONFIG" "$@"; }
    HOST_LVM_SAVED=$WORK/host1-lvm.conf.orig
    cp "$TB_DIR/host1/lvm/lvm.conf" "$HOST_LVM_SAVED"
    rm -f "$TB_DIR"/host1/lvm/lvm.conf.*.storage-drivers.bak
    # host1 starts read-write, as a host does before install.sh --host
    sed -i 's/^\([[:space:]]*\)locking_type = 4/\1locking_type = 1/' "$TB_DIR/host1/lvm/lvm.conf"
    cp "$TB_DIR/host1/lvm/lvm.conf" "$WORK/host1-rw.conf"

    out=$(java -jar "$JARS/shared-lvm-driver.jar" doctor --vg "$TB_VG" --host "$HOSTS" 2>&1); rc=$?
    check "doctor fails while host1 is read-write" test "$rc" = 1
    check "... on host1's lvcreate probe" sh -c 'printf "%s" "$1" | grep -q "^FAIL host1: lvcreate of probe .* SUCCEEDED"' sh "$out"
    check "... host2 still passes" sh -c 'printf "%s" "$1" | grep -q "^ok   host2: metadata change refused"' sh "$out"
    check "... and leaves no probe LV behind" sh -c 'names=$(lvs --noheadings -o lv_name "$1") && ! printf "%s" "$names" | grep -q sd-doctor' sh "$TB_VG"

    H=$WORK/host1root
    # the hosts' sshd sessions see a private /root: run install.sh --host from a copy under $WORK
    mkdir -p "$WORK/repo/scripts"
    cp install.sh "$WORK/repo/" && cp -r scripts/install "$WORK/repo/scripts/"
    out=$(tbssh host1 env DESTDIR="$H" "$WORK/repo/install.sh" --host --user nobody --vg "$TB_VG" 2>&1); rc=$?
    check "install.sh --host on host1 succeeds" test "$rc" = 0
    check "host1 lvm.conf now has locking_type = 4" sh -c \
        'test "$(ssh -F "$1" host1 lvmconfig --type full global/locking_type 2>/dev/null)" = locking_type=4' sh "$TB_SSH_CONFIG"
    check "lvm.conf backup kept" sh -c 'cmp -s "$1" "$2".*.storage-drivers.bak' sh "$WORK/host1-rw.conf" "$TB_DIR/host1/lvm/lvm.conf"
    check_not "metadata_read_only is not used" grep -q metadata_read_only "$TB_DIR/host1/lvm/lvm.conf"
    check "sudoers file installed, mode 0440" test "$(stat -c %a "$H/etc/sudoers.d/storage-drivers" 2>/dev/null)" = 440
    check "sudoers file validates (visudo -c)" visudo -c -q -f "$H/etc/sudoers.d/storage-drivers"

    out=$(java -jar "$JARS/shared-lvm-driver.jar" doctor --vg "$TB_VG" --host "$HOSTS" 2>&1); rc=$?
    check "doctor passes after install.sh --host" test "$rc" = 0
    check "... with a line per check, none failing" sh -c 'printf "%s\n" "$1" | grep -c "^ok   " | grep -qx "1[0-9]" && ! printf "%s" "$1" | grep -q "^FAIL"' sh "$out"
    [ "$rc" = 0 ] || printf '%s\n' "$out" | sed 's/^/      /'

    cp "$TB_DIR/host1/lvm/lvm.conf" "$WORK/host1-ro.conf"
    out=$(tbssh host1 env DESTDIR="$H" "$WORK/repo/install.sh" --host --user nobody --vg "$TB_VG" 2>&1)
    check "second --host run changes nothing" sh -c 'cmp -s "$1" "$2" && printf "%s" "$3" | grep -q "already"' \
        sh "$WORK/host1-ro.conf" "$TB_DIR/host1/lvm/lvm.conf" "$out"
    tbssh host1 env DESTDIR="$H" "$WORK/repo/install.sh" --host --uninstall >/dev/null 2>&1
    check "--host --uninstall: lvm.conf byte-identical to before" cmp -s "$WORK/host1-rw.conf" "$TB_DIR/host1/lvm/lvm.conf"
    check "--host --uninstall: sudoers file removed" test ! -e "$H/etc/sudoers.d/storage-drivers"

    # the whole frontend install with doctor at its end, on a VG that still autoactivates (as a
    # new one does): the install turns that off, and the hosts' doctor sees it off
    cp "$HOST_LVM_SAVED" "$TB_DIR/host1/lvm/lvm.conf"
    vgchange -q --setautoactivation y "$TB_VG" >/dev/null 2>&1
    out=$(java -jar "$JARS/shared-lvm-driver.jar" doctor --vg "$TB_VG" --host "$HOSTS" 2>&1)
    check "doctor: a VG with autoactivation on fails on the hosts" sh -c \
        'printf "%s" "$1" | grep -q "^FAIL host2: VG .* visible, but its autoactivation is ON"' sh "$out"
    R=$WORK/fe-doctor
    new_root "$R"
    out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" --no-cds --hosts "$HOSTS" --vg "$TB_VG" 2>&1); rc=$?
    check "--frontend runs doctor at the end, passing" sh -c '[ "$1" = 0 ] && printf "%s" "$2" | grep -q "^ok   host2: metadata change refused"' sh "$rc" "$out"
    check "--frontend --vg turned the VG's autoactivation off" sh -c \
        'printf "%s" "$1" | grep -q "autoactivation turned off" && [ -z "$(vgs --noheadings -o autoactivation "$2" | tr -d " ")" ]' sh "$out" "$TB_VG"
    check "... and doctor on the hosts says so" sh -c 'printf "%s" "$1" | grep -q "^ok   host2: VG .* visible, autoactivation off"' sh "$out"
    sed -i 's/^\([[:space:]]*\)locking_type = 4/\1locking_type = 1/' "$TB_DIR/host1/lvm/lvm.conf"
    out=$(DESTDIR=$R ./install.sh --frontend --jars "$JARS" --no-cds --hosts "$HOSTS" --vg "$TB_VG" 2>&1); rc=$?
    check "--frontend exits non-zero when doctor fails" test "$rc" != 0
    cp "$HOST_LVM_SAVED" "$TB_DIR/host1/lvm/lvm.conf"
fi

# sudo's own judgement of the generated rules, for a real non-root user, in a private mount
# namespace where /etc/sudoers.d holds only our file (the machine's sudo config is untouched)
if command -v sudo >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1 && getent passwd nobody >/dev/null; then
    echo "sudoers rules as sudo judges them (user nobody)"
    S=$WORK/sudoers-root
    mkdir -p "$WORK/lvm-rw" && printf 'global {\n}\n' > "$WORK/lvm-rw/lvm.conf"
    LVM_SYSTEM_DIR=$WORK/lvm-rw DESTDIR=$S ./install.sh --host --user nobody --vg vg_data >/dev/null 2>&1
    cat > "$WORK/sudo-judge.sh" <<'JUDGE'
mount --bind "$1" /etc/sudoers.d || exit 99
shift
exec sudo -n -l -U nobody "$@"
JUDGE
    judge() { unshare -m sh "$WORK/sudo-judge.sh" "$S/etc/sudoers.d" "$@" >/dev/null 2>&1; }
    allowed() { _d=$1; shift; if judge "$@"; then ok "sudo allows: $_d"; else fail "sudo allows: $_d"; fi; }
    refused() { _d=$1; shift; if judge "$@"; then fail "sudo refuses: $_d"; else ok "sudo refuses: $_d"; fi; }
    allowed "lvs with report options" lvs --noheadings --nosuffix --units b -o lv_name,lv_size vg_data
    allowed "lvscan" lvscan
    allowed "lvchange -ay on a datastore VG's LV" lvchange -ay vg_data/lv-one-7-0
    allowed "lvchange -a n" lvchange -a n vg-one-101/img-one-3
    allowed "lvchange --refresh" lvchange --refresh vg_data/lv-one-7-0
    allowed "vgchange --refresh (how a read-only host sees a new size)" vgchange --refresh vg_data
    refused "vgchange on another VG" vgchange -an rootvg
    # the data path runs as the user (group disk), never through sudo
    refused "dd into an LV (no sudo rule: group disk)" dd if=/dev/zero of=/dev/vg_data/lv-one-7-0 bs=1M count=16 oflag=direct
    refused "blkdiscard of an LV (no sudo rule: group disk)" blkdiscard /dev/vg-one-100/lv-one-7-0
    refused "lvchange --config override" lvchange --config 'global{locking_type=1}' -ay vg_data/x
    refused "lvchange --conf abbreviation" lvchange --conf 'global{locking_type=1}' -ay vg_data/x
    refused "lvs --profile" lvs --profile x vg_data
    refused "lvchange on another VG (root LV)" lvchange -an rootvg/root
    refused "lvcreate" lvcreate -L 4m -n x vg_data
    refused "lvremove" lvremove -y vg_data/lv-one-7-0
    refused "dd onto a file" dd if=/dev/zero of=/etc/passwd
    refused "dd onto a device outside the VGs" dd if=/dev/zero of=/dev/mapper/root
    refused "blkdiscard of a disk" blkdiscard /dev/sda
else
    fail "sudoers rules as sudo judges them: sudo, unshare or user nobody missing (scripts/lib/packages.sh installs sudo)"
fi

echo "cinder node (DESTDIR)"
C=$WORK/cinder
mkdir -p "$C"
out=$(DESTDIR=$C ./install.sh --cinder --jars "$JARS" --no-cds --backend lvm://cinder-vg 2>&1); rc=$?
check "--cinder succeeds" test "$rc" = 0
check "Python package importable from the install" sh -c \
    'PYTHONPATH=$1/usr/lib/python3/dist-packages /usr/bin/python3 -c "import storage_bridge_cinder.driver"' sh "$C"
check "systemd unit runs the bridge with the config" grep -q 'cinder-bridge.jar serve --config /etc/storage-drivers/cinder-bridge.conf' \
    "$C/etc/systemd/system/storage-drivers-cinder-bridge.service"
check "token file: mode 0640, 64 hex chars" sh -c 'test "$(stat -c %a "$1")" = 640 && grep -qx "[0-9a-f]\{64\}" "$1"' sh "$C/etc/storage-drivers/cinder-bridge.token"
check "config names the backend and the token" sh -c 'grep -qx "backend.default.uri = lvm://cinder-vg" "$1" && grep -q "^token_file = /etc/storage-drivers/cinder-bridge.token" "$1"' sh "$C/etc/storage-drivers/cinder-bridge.conf"
check "cinder.conf stanza printed" sh -c 'printf "%s" "$1" | grep -q "^volume_driver = storage_bridge_cinder.driver.BridgeVolumeDriver"' sh "$out"
check "config: only comments and key = value lines (no bare URI line)" \
    sh -c '! grep -v -e "^#" -e "^[A-Za-z0-9_.-]* = [^ #]*$" "$1"' sh "$C/etc/storage-drivers/cinder-bridge.conf"
check "cinder.conf stanza: no comment after a value (oslo.config would keep it)" \
    sh -c '! printf "%s\n" "$1" | grep -E "^[a-z_]+ = .*#"' sh "$out"
snapshot "$C" > "$WORK/c1"
DESTDIR=$C ./install.sh --cinder --jars "$JARS" --no-cds >/dev/null 2>&1
snapshot "$C" > "$WORK/c2"
check "second --cinder run changes nothing" cmp -s "$WORK/c1" "$WORK/c2"
DESTDIR=$C ./install.sh --cinder --uninstall >/dev/null 2>&1
check "--cinder --uninstall keeps only config and token" sh -c \
    'test "$(cd "$1" && find . -type f | sort | tr "\n" " ")" = "./etc/storage-drivers/cinder-bridge.conf ./etc/storage-drivers/cinder-bridge.token "' sh "$C"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
