#!/bin/sh
# install.sh --host and group disk, on the device-mapper VM host (TB_VMHOST), a host of its own
# (its /etc/group is not this machine's), as root there from a copy of the checkout:
#   - a user not in disk: --host adds it and says so, records it; a second run changes nothing;
#     --uninstall takes it out again and removes the record
#   - a user the operator put into disk: --host leaves it (no record), --uninstall keeps it there
#   - a user that does not exist (yet): a warning with what to do, exit 0, nothing recorded
# --only config (what the package's postinst/prerm run): the sudoers file is the package's.
# Run by scripts/test.sh's vmhost tier (scripts/test.d/vmhost/README.md); exits non-zero on a failure.
set -u
cd "$(dirname "$0")/../../.."
if [ -z "${TB_VMHOST:-}" ] || [ -z "${TB_SSH_CONFIG:-}" ]; then
    echo "install-host.sh (vmhost): TB_VMHOST and TB_SSH_CONFIG must be set (scripts/test.sh vmhost tier)" >&2
    exit 1
fi
PASSED=0 FAILED=0
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $1"; }
check() { _d=$1; shift; if "$@"; then ok "$_d"; else fail "$_d"; fi; }
vm() { ssh -F "$TB_SSH_CONFIG" "$TB_VMHOST" "$@"; }
has() { printf '%s' "$1" | grep -q -- "$2"; }

U=sdgrp$$
DIR=/run/sd-install-host-test.$$
MARK=/var/lib/storage-drivers/host-disk-group
tar -cf - install.sh scripts/install | vm "mkdir -p $DIR && tar -C $DIR -xf -" || { echo "cannot copy install.sh to $TB_VMHOST" >&2; exit 1; }
cleanup() { vm "sed -i '/^$U:/d' /etc/passwd /etc/group; gpasswd -d $U disk >/dev/null 2>&1; rm -rf $DIR $MARK" || true; }
trap cleanup EXIT
INSTALL="sh $DIR/install.sh --host --only config --user $U"
groups_of() { vm "id -nG $U"; }

echo "install.sh --host: the OpenNebula user and group disk (on $TB_VMHOST)"
out=$(vm "$INSTALL" 2>&1); rc=$?
check "a user that does not exist yet: exit 0" test "$rc" = 0
check "... with a warning saying what to do" has "$out" "warning: user $U does not exist here (yet): once it does, add it to group disk"
check "... and nothing recorded" vm "test ! -e $MARK"

vm "echo '$U:*:4711:4711::/nonexistent:/bin/sh' >> /etc/passwd; echo '$U:x:4711:' >> /etc/group"
out=$(vm "$INSTALL" 2>&1); rc=$?
check "user not in disk: --host adds it (exit 0)" test "$rc" = 0
check "... and says so" has "$out" "added $U to group disk"
check "... it is in disk now" has " $(groups_of) " " disk "
check "... recorded in $MARK" test "$(vm "cat $MARK")" = "$U"
out=$(vm "$INSTALL" 2>&1)
check "second run: already in disk, nothing changed" sh -c 'printf "%s" "$1" | grep -q "is in group disk" && printf "%s" "$1" | grep -q "nothing changed"' sh "$out"
out=$(vm "$INSTALL --uninstall" 2>&1); rc=$?
check "--uninstall: exit 0, says it took the user out" sh -c '[ "$1" = 0 ] && printf "%s" "$2" | grep -q "took $3 out of group disk again"' sh "$rc" "$out" "$U"
check "... not in disk any more" test "$(groups_of)" = "$U"
check "... record removed" vm "test ! -e $MARK"

vm "usermod -a -G disk $U"
out=$(vm "$INSTALL" 2>&1)
check "operator's own membership: --host leaves it, records nothing" sh -c 'printf "%s" "$1" | grep -q "is in group disk" && ! ssh -F "$2" "$3" test -e "$4"' sh "$out" "$TB_SSH_CONFIG" "$TB_VMHOST" "$MARK"
vm "$INSTALL --uninstall" >/dev/null 2>&1
check "... and --uninstall keeps it (install.sh did not add it)" has " $(groups_of) " " disk "

echo "install-host.sh: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
