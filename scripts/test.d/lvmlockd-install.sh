#!/bin/sh
# install.sh --lvmlockd (docs/lvmlockd.md) into a temporary root: lvm.conf use_lvmlockd = 1 and no
# locking_type = 4 on a host, lvmlocal.conf host_id, the lvmlockd drop-in for --lock-timeout, as
# LVM's own lvmconfig reads them; a second run changes nothing; a new host_id changes one line;
# --uninstall gives every file back byte for byte (also after a plain --host install first);
# refusals of bad values (a Cinder node takes --lvmlockd the same way). The daemons are not started under DESTDIR (the vmhost tier starts them).
# Prints "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d /tmp/sd-lvmlockd-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PASSED=0 FAILED=0
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
check() { _d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$_d"; else fail "$_d"; fi; }
check_not() { _d=$1; shift; if "$@" >/dev/null 2>&1; then fail "$_d"; else ok "$_d"; fi; }
# every file with mode, size and content hash (backups left out)
contents() {
    (cd "$1" && find . -type f -not -name '*.storage-drivers.bak' -printf '%p %m %s\n' | sort \
        && find . -type f -not -name '*.storage-drivers.bak' -exec md5sum {} + | sort)
}
lvmconf() { LVM_SYSTEM_DIR=$R/etc/lvm LVM_SUPPRESS_FD_WARNINGS=1 lvmconfig --type full "$@" 2>/dev/null; }

R=$WORK/root
unset LVM_SYSTEM_DIR   # the test bed gives this namespace its own: the files here are under DESTDIR
mkdir -p "$R/etc/lvm"
cp /etc/lvm/lvm.conf "$R/etc/lvm/lvm.conf"
printf '# site file\nlocal {\n\t# host_id = 0\n}\n' > "$R/etc/lvm/lvmlocal.conf"
contents "$R" > "$WORK/before"

echo "install.sh --host --lvmlockd"
out=$(DESTDIR=$R ./install.sh --host --user nobody --lvmlockd 7 --lock-timeout 5 2>&1); rc=$?
check "install succeeds" test "$rc" = 0
check "lvmconfig: use_lvmlockd=1" test "$(lvmconf global/use_lvmlockd)" = use_lvmlockd=1
check "lvmconfig: host_id=7" test "$(lvmconf local/host_id)" = host_id=7
check_not "no locking_type = 4 (LVM's read-only mode skips lvmlockd)" test "$(lvmconf global/locking_type)" = locking_type=4
check "drop-in passes --sanlock-timeout 5 to lvmlockd" grep -qx 'ExecStart=/sbin/lvmlockd --foreground --sanlock-timeout 5' \
    "$R/etc/systemd/system/lvmlockd.service.d/storage-drivers.conf"
check "daemons not touched under DESTDIR" sh -c 'printf "%s" "$1" | grep -q "would enable and start wdmd, sanlock, lvmlockd"' sh "$out"
contents "$R" > "$WORK/after1"
DESTDIR=$R ./install.sh --host --user nobody --lvmlockd 7 --lock-timeout 5 >/dev/null 2>&1
contents "$R" > "$WORK/after2"
check "second run changes nothing" cmp -s "$WORK/after1" "$WORK/after2"
cp "$R/etc/lvm/lvmlocal.conf" "$WORK/local7"
DESTDIR=$R ./install.sh --host --user nobody --lvmlockd 12 >/dev/null 2>&1
check "a new host_id changes that one line" sh -c 'test "$(diff "$1" "$2" | grep -c "^[<>]")" = 2' sh "$WORK/local7" "$R/etc/lvm/lvmlocal.conf"
check "lvmconfig: host_id=12" test "$(lvmconf local/host_id)" = host_id=12
check "no --lock-timeout: the drop-in is gone" test ! -e "$R/etc/systemd/system/lvmlockd.service.d/storage-drivers.conf"
DESTDIR=$R ./install.sh --host --uninstall >/dev/null 2>&1
contents "$R" > "$WORK/after3"
check "--uninstall: lvm.conf and lvmlocal.conf byte-identical to before" sh -c \
    'grep "etc/lvm" "$1" > "$3.a"; grep "etc/lvm" "$2" > "$3.b"; cmp -s "$3.a" "$3.b"' sh "$WORK/before" "$WORK/after3" "$WORK/cmp"

echo "a plain --host install first, then --lvmlockd"
DESTDIR=$R ./install.sh --host --user nobody >/dev/null 2>&1
check "plain host: locking_type=4" test "$(lvmconf global/locking_type)" = locking_type=4
DESTDIR=$R ./install.sh --host --user nobody --lvmlockd 3 >/dev/null 2>&1
check "--lvmlockd takes our locking_type = 4 back" test "$(lvmconf global/locking_type)" != locking_type=4
rm "$R/etc/lvm/lvmlocal.conf"
DESTDIR=$R ./install.sh --host --user nobody --lvmlockd 3 >/dev/null 2>&1
check "no lvmlocal.conf: one is written with host_id=3" test "$(lvmconf local/host_id)" = host_id=3
DESTDIR=$R ./install.sh --host --uninstall >/dev/null 2>&1
check "--uninstall: the lvmlocal.conf we wrote is removed" test ! -e "$R/etc/lvm/lvmlocal.conf"
check "--uninstall: lvm.conf byte-identical to before" cmp -s /etc/lvm/lvm.conf "$R/etc/lvm/lvm.conf"

echo "refusals"
for bad in 0 2001 07 abc ""; do
    check_not "--lvmlockd '$bad' refused" env DESTDIR="$R" ./install.sh --host --user nobody --lvmlockd "$bad"
done
check_not "--lock-timeout 1 refused" env DESTDIR="$R" ./install.sh --host --user nobody --lvmlockd 3 --lock-timeout 1
check_not "--lock-timeout without --lvmlockd refused" env DESTDIR="$R" ./install.sh --host --user nobody --lock-timeout 5
check_not "--uninstall --lvmlockd refused" env DESTDIR="$R" ./install.sh --host --uninstall --lvmlockd 3
out=$(DESTDIR=$R ./install.sh --host --user nobody --lvmlockd abc 2>&1)
check "a refusal is one line" test "$(printf '%s\n' "$out" | wc -l)" = 1

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
