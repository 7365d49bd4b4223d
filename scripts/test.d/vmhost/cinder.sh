#!/bin/sh
# Cinder driver tests on the test bed's shared VG with the device-mapper VM host
# (TB_VMHOST): attaches through the bridge make real /dev/<vg>/<lv> nodes on the VM and
# detaches remove them. Copies and wiping (clone, image import, zero on delete) also run there
# when CINDER_BRIDGE_TEST_DATA_PATH=1: off by default, because the VM's busybox tools lack
# `dd conv=sparse` and `blkdiscard -z`, which the shared-LVM data path uses.
# Run by scripts/test.sh's vmhost tier; prints "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/../../.."
if [ -z "${TB_VMHOST:-}" ] || [ -z "${TB_VG:-}" ]; then
    echo "cinder.sh (vmhost): TB_VMHOST and TB_VG must be set (scripts/test.sh vmhost tier)" >&2
    exit 1
fi
cd cinder-bridge/python
exec /usr/bin/python3 tests/run.py lvm
