#!/bin/sh
# A second cinder-bridge next to the frontend, on a node of the lvmlockd VMs (docs/lvmlockd.md):
# its lvm:// backend on the plain VG ($TB_VG, lock type none) whose metadata host is another
# machine is refused by `serve` and failed by `doctor --config`; the same bridge on the shared VG
# ($TB_LOCKD_VG, lock type sanlock) passes `doctor --config` as a writer under LVM's VG lock.
# The bridge's own LVM runs on the first lockd VM (backend setting LVM_COMMAND_PREFIX = ssh ...
# vm1: this machine's kernel cannot be an lvmlockd node), so the lock type it decides on is what
# a real lvmlockd node's LVM reports. With LVM_THIN_ENABLE, doctor --config checks
# thin-provisioning-tools there. Run by scripts/test.sh's lockd tier; prints "N passed, N failed".
set -u
cd "$(dirname "$0")/../../.."
[ -n "${TB_LOCKD_VMS:-}" ] && [ -n "${TB_LOCKD_VG:-}" ] || { echo "bridge.sh: TB_LOCKD_VMS/TB_LOCKD_VG unset (testbed.sh lockd-up)" >&2; exit 1; }
JAR=cinder-bridge/target/cinder-bridge.jar
[ -f "$JAR" ] || { echo "bridge.sh: no $JAR (mvn package first)" >&2; exit 1; }
VM=${TB_LOCKD_VMS%% *}
W=$(mktemp -d /tmp/sd-lockd-bridge.XXXXXX)
trap 'rm -rf "$W"' EXIT
PASSED=0 FAILED=0
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$W/token"; chmod 600 "$W/token"
# config NAME VG [metadata_host]
config() {
    {
        echo "listen = 127.0.0.1:0"
        echo "token_file = $W/token"
        echo "backend.$1.uri = lvm://$2"
        echo "backend.$1.LVM_COMMAND_PREFIX = ssh -F $TB_SSH_CONFIG $VM"
        [ -z "${3:-}" ] || echo "backend.$1.metadata_host = $3"
    } > "$W/$1.conf"
}

echo "cinder-bridge whose LVM runs on $VM (lvmlockd host)"
config plain "$TB_VG" frontend-elsewhere
out=$(timeout 300 java -jar "$JAR" serve --config "$W/plain.conf" 2>&1); rc=$?
if [ "$rc" != 0 ] && printf '%s' "$out" | grep -q "is not \"*frontend-elsewhere\"*, the VG's metadata host"; then
    ok "serve refuses an lvm:// backend on the plain VG $TB_VG whose metadata host is another machine"
else
    fail "serve on the plain VG: exit $rc: $out"
fi
out=$(timeout 300 java -jar "$JAR" doctor --config "$W/plain.conf" 2>&1)
if printf '%s' "$out" | grep -q "FAIL.*backend plain: this machine"; then
    ok "doctor --config fails the plain VG's backend"
else
    fail "doctor --config on the plain VG: $out"
fi
config shared "$TB_LOCKD_VG"
out=$(timeout 300 java -jar "$JAR" doctor --config "$W/shared.conf" 2>&1)
if printf '%s' "$out" | grep -q "backend shared: $TB_LOCKD_VG is a shared VG (lvmlockd)"; then
    ok "doctor --config accepts the shared VG $TB_LOCKD_VG without a metadata host (lvmlockd reports sanlock on $VM)"
else
    fail "doctor --config on the shared VG: $out"
fi
# thin volumes on the shared VG: the node its LVM runs on needs thin-provisioning-tools, which the
# lockd VMs lack (LVM warns and activates pools unchecked there): doctor says what to install
config thin "$TB_LOCKD_VG"
echo "backend.thin.LVM_THIN_ENABLE = yes" >> "$W/thin.conf"
out=$(timeout 300 java -jar "$JAR" doctor --config "$W/thin.conf" 2>&1)
if printf '%s' "$out" | grep -q "FAIL.*backend thin: thin pools (LVM_THIN_ENABLE) need /usr/sbin/thin_check, which is not here (.*): apt-get install thin-provisioning-tools"; then
    ok "doctor --config on a thin backend names thin-provisioning-tools, missing where its LVM runs ($VM)"
else
    fail "doctor --config on the thin backend: $out"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
