#!/bin/sh
# Cinder driver tests on the test bed's shared VG with the device-mapper VM host
# (TB_VMHOST): attaches through the bridge make real /dev/<vg>/<lv> nodes on the VM and
# detaches remove them; clones, image imports and wiping run on the VM (the bridge's backend
# gets COPY_HOST=vmhost and the VM's GNU dd/blkdiscard by path, DD=/usr/bin/dd
# BLKDISCARD=/usr/sbin/blkdiscard, as the VM shell's own busybox applets lack `conv=sparse` and
# `-z`) and their bytes are checked. CINDER_BRIDGE_TEST_DATA_PATH=0 leaves the data paths out.
# Run by scripts/test.sh's vmhost tier; prints "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/../../.."
if [ -z "${TB_VMHOST:-}" ] || [ -z "${TB_VG:-}" ]; then
    echo "cinder.sh (vmhost): TB_VMHOST and TB_VG must be set (scripts/test.sh vmhost tier)" >&2
    exit 1
fi
cd cinder-bridge/python
exec /usr/bin/python3 tests/run.py lvm
