#!/bin/sh
# Test bed only: an LVM program of this machine that runs on an lvmlockd VM instead
# (scripts/testbed.sh lockd-up). The test bed's frontend is this machine, whose kernel has no
# device-mapper and cannot be an lvmlockd node, so a test that wants "this machine's" LVM on a
# shared VG links lvcreate, lvs, ... to this script in a directory first on the PATH of the
# process under test: hosts it reaches over SSH keep their own, real LVM (LVM_COMMAND_PREFIX
# would be put before those too). The program is this link's name; each argument is quoted for
# the remote shell; one SSH connection is shared (a new one to an emulated VM costs ~1 s).
#   LVM_ON_NODE         the VM (a Host of the SSH config)
#   LVM_ON_NODE_CONFIG  the ssh_config (default $STORAGE_DRIVERS_SSH_CONFIG)
#   LVM_ON_NODE_CONTROL the shared connection's socket directory (default: this link's directory)
tool=$(basename -- "$0")
cmd=$tool
for a in "$@"; do
    q=$(printf '%s\n' "$a" | sed "s/'/'\\\\''/g")
    cmd="$cmd '$q'"
done
exec ssh -F "${LVM_ON_NODE_CONFIG:-$STORAGE_DRIVERS_SSH_CONFIG}" -o ControlMaster=auto -o ControlPersist=120 \
    -o "ControlPath=${LVM_ON_NODE_CONTROL:-$(dirname -- "$0")}/ssh-%C" "${LVM_ON_NODE:?LVM_ON_NODE unset}" "$cmd"
