#!/usr/bin/env bash
# A VM's life on the linstor driver against the simulated LINSTOR controller, every step through
# the shipped remotes/ shims exactly as oned runs them (onevm/onedatastore answered by stand-ins).
# The two "hosts" are this machine under two names (localhost and its host name), so the host-side
# steps (VM directory, /dev/drbd links) run here without SSH; with DEMO_HOSTS="host1 host2" inside
# the test bed's frontend namespace they run on the test bed over SSH.
#
#   scripts/demo-linstor.sh     (builds linstor-driver.jar and linstor-sim.jar first when missing)
set -euo pipefail

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
jar=$repo/linstor-driver/target/linstor-driver.jar
sim_jar=$repo/linstor-sim/target/linstor-sim.jar   # test support: the simulated controller
if [ ! -f "$jar" ] || [ ! -f "$sim_jar" ]; then
    (cd "$repo" && mvn -q -B -o -DskipTests -pl linstor-driver,linstor-sim -am package >/dev/null)
fi
read -r -a hosts <<< "${DEMO_HOSTS:-localhost $(hostname -s)}"
h1=${hosts[0]} h2=${hosts[1]}
work=$(mktemp -d /tmp/sd-demo-linstor.XXXXXX)
sim_pid=
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# the simulated controller: the two hosts plus a storage-only node, 100 GiB thin pools
java -jar "$sim_jar" sim-controller --port 0 --nodes "$h1,$h2,store3" 2> "$work/sim.log" &
sim_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/sim.log" && break; sleep 0.1; done
ctl=$(sed -n 's/.*listening on \(linstor:[^ ]*\).*/\1/p' "$work/sim.log")
[ -n "$ctl" ] || { echo "demo-linstor: the simulated controller did not start" >&2; cat "$work/sim.log" >&2; exit 1; }
api=http://${ctl#linstor://}
curl -sf -X POST -H 'Content-Type: application/json' "$api/v1/resource-groups" \
    -d '{"name":"one-rg","select_filter":{"place_count":2}}' > /dev/null

# OpenNebula stand-ins: "onevm show -x ID" / "onedatastore show -x ID" print XML files
mkdir -p "$work/bin"
for t in onevm:vm onedatastore:ds; do
    printf '#!/bin/sh\ncat "%s/%s-$3.xml"\n' "$work" "${t#*:}" > "$work/bin/${t%:*}"
    chmod +x "$work/bin/${t%:*}"
done
export PATH=$work/bin:$PATH
loc=$work/datastores
for ds in 100:1 101:0; do
    id=${ds%:*} type=${ds#*:}
    cat > "$work/ds-$id.xml" <<XML
<DATASTORE><ID>$id</ID><NAME>linstor-$id</NAME><DS_MAD>linstor</DS_MAD><TM_MAD>linstor</TM_MAD><BASE_PATH>$loc/$id</BASE_PATH><TYPE>$type</TYPE><TEMPLATE><DISK_TYPE>BLOCK</DISK_TYPE><BRIDGE_LIST>$h1 $h2</BRIDGE_LIST><LINSTOR_CONTROLLERS>$ctl</LINSTOR_CONTROLLERS><LINSTOR_RESOURCE_GROUP>one-rg</LINSTOR_RESOURCE_GROUP></TEMPLATE></DATASTORE>
XML
done
image() { # id persistent(0|1) format size_mb
    echo "<IMAGE><ID>$1</ID><NAME>img$1</NAME><TYPE>0</TYPE><PERSISTENT>$2</PERSISTENT><SOURCE>OpenNebula-Image-$1</SOURCE><PATH></PATH><FORMAT>$3</FORMAT><FS></FS><SIZE>${4:-64}</SIZE><STATE>4</STATE><CLONING_ID>-1</CLONING_ID><TARGET_SNAPSHOT>-1</TARGET_SNAPSHOT><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>"
}
vm() { # lcm_state hosts...
    local lcm=$1; shift
    {
        echo "<VM><ID>42</ID><NAME>demo</NAME><STATE>3</STATE><LCM_STATE>$lcm</LCM_STATE><TEMPLATE>"
        echo "<DISK><DISK_ID>0</DISK_ID><IMAGE_ID>10</IMAGE_ID><SOURCE>OpenNebula-Image-10</SOURCE><CLONE>YES</CLONE><PERSISTENT>NO</PERSISTENT><DATASTORE_ID>101</DATASTORE_ID><TM_MAD>linstor</TM_MAD><SIZE>128</SIZE><TYPE>BLOCK</TYPE></DISK>"
        echo "<DISK><DISK_ID>1</DISK_ID><IMAGE_ID>11</IMAGE_ID><SOURCE>OpenNebula-Image-11</SOURCE><CLONE>NO</CLONE><PERSISTENT>YES</PERSISTENT><DATASTORE_ID>101</DATASTORE_ID><TM_MAD>linstor</TM_MAD><SIZE>64</SIZE><TYPE>BLOCK</TYPE></DISK>"
        echo "<DISK><DISK_ID>2</DISK_ID><SIZE>32</SIZE><TYPE>fs</TYPE><FORMAT>raw</FORMAT></DISK></TEMPLATE><HISTORY_RECORDS>"
        for h in "$@"; do echo "<HISTORY><HOSTNAME>$h</HOSTNAME><DS_ID>100</DS_ID></HISTORY>"; done
        echo "</HISTORY_RECORDS></VM>"
    } | tr -d '\n' > "$work/vm-42.xml"
}
step() { echo "== $*"; }
ds() { # action id image_xml: stdout is the action's reply; a failure prints its stderr and stops
    printf '%s' "<DS_DRIVER_ACTION_DATA>$3$(cat "$work/ds-101.xml")</DS_DRIVER_ACTION_DATA>" | base64 -w0 \
        | "$repo/remotes/datastore/linstor/$1" "$2" 2> "$work/ds.err" || { cat "$work/ds.err" >&2; return 1; }
}
tm() { "$repo/remotes/tm/linstor/$@" 2> "$work/tm.err" || { cat "$work/tm.err" >&2; return 1; }; }
rds() { curl -sf "$api/v1/resource-definitions" | tr ',' '\n' | sed -n 's/.*"name":"\([^"]*\)".*/\1/p' | sort | tr '\n' ' '; echo; }
dir=$loc/100/42

step "images: mkfs 10 (cloned by VMs) and 11 (persistent)"
ds mkfs 10 "$(image 10 0 raw)" >/dev/null
ds mkfs 11 "$(image 11 1 raw)" >/dev/null
step "deploy VM 42 on $h1: clone, ln, mkimage"
vm 1 "$h1"
tm clone "fe:OpenNebula-Image-10" "$h1:$dir/disk.0" 42 101
tm ln "fe:OpenNebula-Image-11" "$h1:$dir/disk.1" 42 101
tm mkimage 32 raw "$h1:$dir/disk.2" 42 100
for d in 0 1 2; do echo "   disk.$d -> $(readlink "$dir/disk.$d")"; done
step "live migration $h1 -> $h2 (two primaries only during the move)"
vm 4 "$h1" "$h2"
b64=$(base64 -w0 < "$work/vm-42.xml")
tm premigrate "$h1" "$h2" "$dir" 42 100 <<< "$b64"
tm postmigrate "$h1" "$h2" "$dir" 42 100 <<< "$b64"
vm 3 "$h1" "$h2"
step "disk snapshot 0 of disk.0, revert to it, delete it"
tm snap_create "$h2:$dir/disk.0" 0 42 101
tm snap_revert "$h2:$dir/disk.0" 0 42 101
tm snap_delete "$h2:$dir/disk.0" 0 42 101
step "resize disk.0 to 256 MiB, save it as image 12"
tm resize "$h2:$dir/disk.0" 256 42 100
ds mkfs 12 "$(image 12 0 save_as 256)" >/dev/null
tm cpds "$h2:$dir/disk.0" OpenNebula-Image-12 -1 42 101 >/dev/null
echo "   resources: $(rds)"
step "terminate: the copy and the volatile disk go, the persistent image stays"
vm 0 "$h1" "$h2"
tm delete "$h2:$dir/disk.0" 42 100
tm mvds "$h2:$dir/disk.1" OpenNebula-Image-11 42 101
tm delete "$h2:$dir/disk.2" 42 100
tm delete "$h2:$dir" 42 100
left=$(rds)
echo "   resources: $left"
[ "$left" = "OpenNebula-Image-10 OpenNebula-Image-11 OpenNebula-Image-12 " ] || { echo "demo-linstor: unexpected resources" >&2; exit 1; }
step "datastore monitor (pools of one-rg divided by its place count 2)"
echo "   $(ds monitor 101 "" 2>/dev/null)"
step "controller errors are one line: a VM disk on a group needing 4 nodes"
sed -i 's/one-rg/four/' "$work/ds-100.xml"
curl -sf -X POST -H 'Content-Type: application/json' "$api/v1/resource-groups" \
    -d '{"name":"four","select_filter":{"place_count":4}}' > /dev/null
if tm mkimage 32 raw "$h1:$dir/disk.2" 42 100 2>/dev/null; then echo "demo-linstor: expected a failure" >&2; exit 1; fi
echo "   oned shows: $(grep -v '^[A-Z]*: ' "$work/tm.err")"
echo "demo-linstor: OK"
