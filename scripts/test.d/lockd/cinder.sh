#!/bin/sh
# Debian's Cinder (python3-cinder) drives the Python Cinder driver against a cinder-bridge on the
# lvmlockd VMs' shared VG ($TB_LOCKD_VG) with thin volumes (LVM_THIN_ENABLE): create_snapshot,
# create_volume_from_snapshot, revert_to_snapshot after an extend, delete_snapshot, the bytes
# checked on the first VM through attaches (cinder-bridge/python/tests/test_thin_snapshots.py,
# backend `lvmlockd` of tests/bridge.py). The bridge's own LVM runs on the second VM when it is up
# (a second writer next to the tests' frontends; SharedVgLockdIT leaves it dead), else on the
# first. Run by scripts/test.sh's lockd tier; prints "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/../../.."
if [ -z "${TB_LOCKD_VMS:-}" ] || [ -z "${TB_LOCKD_VG:-}" ]; then
    echo "cinder.sh (lockd): TB_LOCKD_VMS/TB_LOCKD_VG unset (testbed.sh lockd-up)" >&2
    exit 1
fi
first=${TB_LOCKD_VMS%% *}
second=$(echo "$TB_LOCKD_VMS" | awk '{print $2}')
node=$first
if [ -n "$second" ] && ssh -F "$STORAGE_DRIVERS_SSH_CONFIG" -o ConnectTimeout=20 "$second" true 2>/dev/null; then
    node=$second
fi
echo "Cinder on the shared VG $TB_LOCKD_VG: the bridge's LVM on $node, attaches and copies on $first"
cd cinder-bridge/python
CINDER_BRIDGE_TEST_LVM_NODE=$node CINDER_BRIDGE_TEST_PATTERN=test_thin_snapshots.py \
    exec /usr/bin/python3 tests/run.py lvmlockd
