#!/bin/sh
# The admin CLI's snapshot verbs on the lvmlockd VMs' shared VG ($TB_LOCKD_VG) with thin volumes
# (docs/lvmlockd.md): `storage` of shared-lvm-driver.jar, its config file saying LVM_THIN_ENABLE
# and HOSTS (the lockd VMs that run), its own LVM on the first of them (scripts/lib/lvm-on-node.sh
# first on its PATH: this machine cannot be an lvmlockd node). volume-create makes a thin volume in
# its own pool; snapshot-create, snapshot-list, snapshot-revert, snapshot-delete, volume-delete;
# every node's LVM shows what it should after each step. Run by scripts/test.sh's lockd tier;
# prints "N passed, N failed".
set -u
cd "$(dirname "$0")/../../.."
[ -n "${TB_LOCKD_VMS:-}" ] && [ -n "${TB_LOCKD_VG:-}" ] || { echo "cli.sh: TB_LOCKD_VMS/TB_LOCKD_VG unset (testbed.sh lockd-up)" >&2; exit 1; }
JAR=shared-lvm-driver/target/shared-lvm-driver.jar
[ -f "$JAR" ] || { echo "cli.sh: no $JAR (mvn package first)" >&2; exit 1; }
SSHCFG=$STORAGE_DRIVERS_SSH_CONFIG
VMS=""
for v in $TB_LOCKD_VMS; do
    # SharedVgLockdIT kills one and boots it again; a node that is down cannot be asked
    ssh -F "$SSHCFG" -o ConnectTimeout=20 "$v" true 2>/dev/null && VMS="$VMS $v"
done
VMS=${VMS# }
NODE=${VMS%% *}
W=$(mktemp -d /tmp/sd-lockd-cli.XXXXXX)
trap 'for s in "$W"/bin/ssh-*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit x >/dev/null 2>&1; done; rm -rf "$W"' EXIT
mkdir "$W/bin"
for t in lvcreate lvremove lvextend lvrename lvchange vgchange lvs vgs vgck lvmconfig lvmlockctl; do
    ln -s "$PWD/scripts/lib/lvm-on-node.sh" "$W/bin/$t"
done
printf 'uri = lvm://%s\nLVM_THIN_ENABLE = yes\nHOSTS = %s\n' "$TB_LOCKD_VG" "$VMS" > "$W/storage.conf"
PASSED=0 FAILED=0
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
st() { PATH="$W/bin:$PATH" LVM_ON_NODE=$NODE timeout 300 java -jar "$JAR" storage --config "$W/storage.conf" "$@" 2>&1; }
# LV names of the shared VG on every running node, each node's list on one line
lvs_everywhere() {
    for v in $VMS; do
        ssh -F "$SSHCFG" "$v" lvs --noheadings -o lv_name "$TB_LOCKD_VG" 2>/dev/null | awk -v p="$V" 'index($1, p) == 1 { print $1 }' \
            | sort | paste -sd' ' -
    done | sort -u
}
# expect WHAT EXPECTED: every node lists exactly EXPECTED (names starting with $V)
expect() {
    got=$(lvs_everywhere)
    if [ "$got" = "$2" ]; then ok "$1 (every node: ${2:-nothing})"; else fail "$1: nodes list: $got; want: $2"; fi
}
V=cli$$
echo "storage CLI on the shared VG $TB_LOCKD_VG, its LVM on $NODE, hosts $VMS"
out=$(st volume-create --name "$V" --size 16M) || fail "volume-create: $out"
expect "volume-create makes a thin volume in its own pool" "$V $V.pool"
out=$(st snapshot-create --name "$V" --snapshot s1) || fail "snapshot-create: $out"
expect "snapshot-create" "$V $V.pool $V.snap.s1"
out=$(st --csv snapshot-list --name "$V")
if printf '%s\n' "$out" | tr -d '\r' | grep -qx "$TB_LOCKD_VG,$V,s1"; then ok "snapshot-list shows s1"; else fail "snapshot-list: $out"; fi
out=$(st snapshot-revert --name "$V" --snapshot s1 --force) || fail "snapshot-revert: $out"
expect "snapshot-revert keeps the snapshot, leaves no temporary LV" "$V $V.pool $V.snap.s1"
out=$(st snapshot-delete --name "$V" --snapshot s1 --force) || fail "snapshot-delete: $out"
expect "snapshot-delete" "$V $V.pool"
out=$(st volume-delete --name "$V" --force) || fail "volume-delete: $out"
expect "volume-delete removes volume and pool" ""
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
