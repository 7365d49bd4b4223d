#!/usr/bin/env bash
# scripts/test-deb.sh: the Debian packages as an operator gets them (the "deb" tier of
# scripts/test.sh; runs as root, outside the test bed's namespaces: apt needs the mirror).
#
#   1. scripts/build-deb.sh twice: the changelog's version (with lintian) and VERSION+upgradetest
#   2. a clean Debian 12 root (debootstrap minbase; the finished root is cached as a tarball in
#      $SD_DEB_CACHE, default /var/cache/storage-drivers-test, so a re-run unpacks it in seconds;
#      apt reuses the machine's /var/cache/apt/archives), entered with chroot; lvm2 and sudo in it,
#      an "oneadmin" user and OpenNebula's oned.conf (the test fixture) as on a frontend
#   3. apt-get install ./….deb of the five packages; checks: versions of packages and jars,
#      oned.conf registration, lvm.conf read-only, sudoers, token/config modes, unit, Python import,
#      idempotent reconfigure, a lifecycle through the installed shims as oneadmin (linstor driver
#      against the simulated controller of the installed jar: mkfs, monitor, clone, rm)
#   4. upgrade to the second build (same checks of versions, CDS archives made again, lifecycle)
#   5. apt-get remove (oned.conf and lvm.conf back byte for byte), then purge (sudoers, token gone)
# Prints "N passed, N failed"; exits non-zero on a failure.
set -Euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
REPO=$PWD
CACHE=${SD_DEB_CACHE:-/var/cache/storage-drivers-test}
MIRROR=${SD_DEB_MIRROR:-http://deb.debian.org/debian}
WORK=$(mktemp -d /tmp/sd-deb-test.XXXXXX)
ROOT=$WORK/root
PASSED=0 FAILED=0 MOUNTS=() SIM_PID=
T0=$EPOCHREALTIME

log() { printf '[deb] %s (%ss)\n' "$*" "$(awk "BEGIN{printf \"%.0f\", $EPOCHREALTIME - $T0}")" >&2; }
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else fail "$d"; fi; }

cleanup() {
    [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }
as_oneadmin() { in_root runuser -u oneadmin -- "$@"; }
apt_in_root() { in_root apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends "$@"; }

# --- 1. two builds ---------------------------------------------------------------------------
V1=$(dpkg-parsechangelog -l debian/changelog -SVersion)
V2=$V1+upgradetest
log "building $V1 and $V2"
rc=0; scripts/build-deb.sh --out "$WORK/v1" > "$WORK/build1.log" 2>&1 || rc=$?
check "build $V1 and lintian pass (scripts/build-deb.sh exit $rc)" test "$rc" = 0
grep -q '^lintian: clean' "$WORK/build1.log" && ok "lintian: no error or warning" || { fail "lintian"; tail -20 "$WORK/build1.log"; }
rc=0; scripts/build-deb.sh --out "$WORK/v2" --version "$V2" --no-lintian > "$WORK/build2.log" 2>&1 || rc=$?
check "build $V2" test "$rc" = 0
[[ $(ls "$WORK"/v1/*.deb 2>/dev/null | wc -l) == 5 && $(ls "$WORK"/v2/*.deb 2>/dev/null | wc -l) == 5 ]] \
    || { fail "five packages per build"; tail -30 "$WORK"/build*.log; echo "$PASSED passed, $FAILED failed"; exit 1; }
ok "five packages per build"
pom=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)
py=$(sed -n 's/^version = "\(.*\)"/\1/p' cinder-bridge/python/pyproject.toml)
check "versions agree: changelog ${V1%%-*}, pom $pom, pyproject $py" test "${V1%%-*}" = "${pom%-SNAPSHOT}" -a "$py" = "${V1%%-*}"
COMMIT=$(git rev-parse --short=12 HEAD)     # as build-deb.sh names it
[[ -z $(git status --porcelain) ]] || COMMIT=$COMMIT+dirty

# --- 2. a clean Debian 12 root ---------------------------------------------------------------
mkdir -p "$CACHE" "$ROOT"
if [[ ! -s $CACHE/bookworm-root.tar ]]; then
    log "debootstrap (first run: cached in $CACHE)"
    if [[ ! -s $CACHE/bookworm-minbase.tgz ]]; then
        debootstrap --variant=minbase --make-tarball="$CACHE/bookworm-minbase.tgz.tmp" bookworm "$WORK/mk" "$MIRROR" \
            > "$WORK/debootstrap.log" 2>&1 && mv "$CACHE/bookworm-minbase.tgz.tmp" "$CACHE/bookworm-minbase.tgz"
    fi
    debootstrap --variant=minbase --unpack-tarball="$CACHE/bookworm-minbase.tgz" bookworm "$ROOT" "$MIRROR" \
        >> "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap"; exit 1; }
    tar -C "$ROOT" -cf "$CACHE/bookworm-root.tar.tmp" . && mv "$CACHE/bookworm-root.tar.tmp" "$CACHE/bookworm-root.tar"
else
    tar -C "$ROOT" -xf "$CACHE/bookworm-root.tar"
fi
log "root ready"
mount --bind /dev "$ROOT/dev" && MOUNTS+=("$ROOT/dev")
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
mount --bind /var/cache/apt/archives "$ROOT/var/cache/apt/archives" && MOUNTS+=("$ROOT/var/cache/apt/archives")
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# the machine's sources and lists: the debs it already has are the ones apt picks
rm -f "$ROOT/etc/apt/sources.list"; cp -r /etc/apt/sources.list* "$ROOT/etc/apt/" 2>/dev/null
cp -r /var/lib/apt/lists/. "$ROOT/var/lib/apt/lists/"
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"
apt_in_root install lvm2 sudo > "$WORK/apt0.log" 2>&1 \
    || { in_root apt-get update -q >/dev/null 2>&1; apt_in_root install lvm2 sudo > "$WORK/apt0.log" 2>&1; } \
    || { tail "$WORK/apt0.log"; fail "lvm2 and sudo in the root"; exit 1; }
in_root useradd --system --create-home --home-dir /var/lib/one --shell /bin/bash oneadmin
in_root groupadd --system cinder
mkdir -p "$ROOT/etc/one" "$ROOT/var/lib/one/remotes/tm/ssh" "$ROOT/var/lib/one/remotes/datastore/fs"
cp installer/src/test/resources/io/storagedrivers/install/oned.conf "$ROOT/etc/one/oned.conf"
echo '#!/bin/sh' > "$ROOT/var/lib/one/remotes/tm/ssh/clone"
mkdir -p "$WORK/before"
cp -a "$ROOT/etc/one/oned.conf" "$ROOT/etc/lvm/lvm.conf" "$ROOT/etc/sudoers" "$WORK/before/"
# entries with modes, owners, sizes and contents (-A: not "..", whose link count other packages change)
snap_sudoers() { (cd "$ROOT/etc/sudoers.d" && ls -lA --time-style=+ . | sed 1d && md5sum -- *); }
snap_sudoers > "$WORK/before/sudoers.d"
back_as_before() { # what remove/purge must give back, byte for byte
    check "$1: oned.conf byte for byte as before" cmp "$WORK/before/oned.conf" "$ROOT/etc/one/oned.conf"
    check "$1: lvm.conf byte for byte as before" cmp "$WORK/before/lvm.conf" "$ROOT/etc/lvm/lvm.conf"
    check "$1: /etc/sudoers byte for byte as before" cmp "$WORK/before/sudoers" "$ROOT/etc/sudoers"
}

# --- the lifecycle through the installed shims, as oneadmin ----------------------------------
LIFE=/var/lib/one/sd-life
lifecycle() { # $1: label
    local tag=$1 ctl
    as_oneadmin mkdir -p "$LIFE"
    in_root runuser -u oneadmin -- sh -c "cd $LIFE && exec java -jar /var/lib/one/remotes/lib/storage-drivers/linstor-driver.jar \
        sim-controller --port 0 --nodes host1,host2 --state $LIFE/sim.json > sim.log 2>&1" &
    SIM_PID=$!
    for _ in $(seq 150); do grep -q 'listening on' "$ROOT$LIFE/sim.log" 2>/dev/null && break; sleep 0.2; done
    ctl=$(sed -n 's/.*listening on \(linstor:[^ ]*\).*/\1/p' "$ROOT$LIFE/sim.log")
    check "$tag: simulated controller of the installed jar listens" test -n "$ctl"
    in_root python3 -c "import urllib.request as u, json, sys
r = u.Request('http://${ctl#linstor://}/v1/resource-groups', data=json.dumps({'name': 'one-rg', 'select_filter': {'place_count': 2}}).encode(),
              headers={'Content-Type': 'application/json'}, method='POST')
try: u.urlopen(r)
except u.HTTPError as e: sys.exit(0 if e.code == 409 else 1)" >/dev/null 2>&1
    local dsx="<DATASTORE><ID>101</ID><NAME>linstor-101</NAME><DS_MAD>linstor</DS_MAD><TM_MAD>linstor</TM_MAD><BASE_PATH>/var/lib/one/datastores/101</BASE_PATH><TYPE>0</TYPE><TEMPLATE><DISK_TYPE>BLOCK</DISK_TYPE><BRIDGE_LIST>host1 host2</BRIDGE_LIST><LINSTOR_CONTROLLERS>$ctl</LINSTOR_CONTROLLERS><LINSTOR_RESOURCE_GROUP>one-rg</LINSTOR_RESOURCE_GROUP></TEMPLATE></DATASTORE>"
    image() { echo "<IMAGE><ID>$1</ID><NAME>img$1</NAME><TYPE>0</TYPE><PERSISTENT>0</PERSISTENT><SOURCE>${2:-}</SOURCE><PATH>${3:-}</PATH><FORMAT>raw</FORMAT><FS></FS><SIZE>64</SIZE><STATE>4</STATE><CLONING_ID>-1</CLONING_ID><TARGET_SNAPSHOT>-1</TARGET_SNAPSHOT><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>"; }
    ds() { # action id image-xml: the shim's reply on stdout
        printf '%s' "<DS_DRIVER_ACTION_DATA>$3$dsx</DS_DRIVER_ACTION_DATA>" | base64 -w0 \
            | as_oneadmin "/var/lib/one/remotes/datastore/linstor/$1" "$2" 2>> "$WORK/shim.err"
    }
    local src clone mon
    src=$(ds mkfs 10 "$(image 10)") && src=${src%% *} && [[ -n $src ]] && ok "$tag: datastore/linstor/mkfs as oneadmin: $src" \
        || { fail "$tag: datastore/linstor/mkfs as oneadmin"; tail -3 "$WORK/shim.err"; }
    mon=$(ds monitor 101 "")
    check "$tag: datastore/linstor/monitor reports space" grep -q 'FREE_MB=' <<<"$mon"
    # OpenNebula passes the image to copy in IMAGE/PATH; the reply is "SOURCE FORMAT"
    clone=$(ds clone 11 "$(image 11 "" "$src")"); clone=${clone%% *}
    check "$tag: datastore/linstor/clone of the image" test -n "$clone" -a "$clone" != "$src"
    local rmok=1
    ds rm 11 "$(image 11 "$clone")" >/dev/null || rmok=0
    ds rm 10 "$(image 10 "$src")" >/dev/null || rmok=0
    check "$tag: datastore/linstor/rm of both" test "$rmok" = 1
    kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null; SIM_PID=
}

# checks of an installed version
installed() { # version
    local v=$1 p j
    for p in storage-drivers-common storage-drivers-opennebula storage-drivers-host storage-drivers-cinder-bridge \
            python3-storage-bridge-cinder; do
        check "$v: $p installed at $v" test "$(in_root dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null)" = "install ok installed $v"
    done
    for j in /var/lib/one/remotes/lib/storage-drivers/shared-lvm-driver.jar /var/lib/one/remotes/lib/storage-drivers/linstor-driver.jar \
            /usr/share/storage-drivers/cinder-bridge.jar; do
        check "$v: ${j##*/} --version says $v and commit $COMMIT" \
            test "$(in_root java -jar "$j" --version 2>&1)" = "storage-drivers $v (commit $COMMIT)"
        # the archive the postinst made is the one the JVM accepts for this jar
        check "$v: ${j##*/}: class-data-sharing archive accepted (-Xshare:on)" in_root java -XX:SharedArchiveFile="${j%.jar}.jsa" \
            -Xshare:on -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$j" --version
    done
    check "$v: oned.conf: shared_lvm's TM_MAD_CONF added once" test "$(grep -c '^# >>> storage-drivers TM_MAD_CONF shared_lvm ' "$ROOT/etc/one/oned.conf")" = 1
    check "$v: oned.conf: linstor in DATASTORE_MAD" grep -q -- '-s shared,ssh,ceph,fs_lvm,fs_lvm_ssh,qcow2,shared_lvm,linstor"' "$ROOT/etc/one/oned.conf"
    check "$v: lvm.conf: LVM reports locking_type=4" test "$(in_root lvmconfig --type full global/locking_type 2>/dev/null)" = locking_type=4
    check "$v: sudoers file 0440 root" sh -c 'test "$(chroot "$1" stat -c %a:%U /etc/sudoers.d/storage-drivers)" = 440:root' sh "$ROOT"
    check "$v: whole sudo configuration valid (visudo -c)" in_root visudo -c -q
    check "$v: sudo lets oneadmin run lvchange -ay on a datastore LV" in_root sudo -n -l -U oneadmin /usr/sbin/lvchange -ay vg-one-100/lv-one-7-0
    check "$v: sudo refuses oneadmin lvcreate" sh -c '! chroot "$1" sudo -n -l -U oneadmin /usr/sbin/lvcreate -L 4m -n x vg-one-100' sh "$ROOT"
    check "$v: token: 64 hex chars, storage-bridge:cinder 0640" sh -c 'test "$(chroot "$1" stat -c %a:%U:%G /etc/storage-drivers/cinder-bridge.token)" = 640:storage-bridge:cinder && grep -qx "[0-9a-f]\{64\}" "$1/etc/storage-drivers/cinder-bridge.token"' sh "$ROOT"
    check "$v: bridge config: conffile, root:storage-bridge 0640" sh -c 'test "$(chroot "$1" stat -c %a:%U:%G /etc/storage-drivers/cinder-bridge.conf)" = 640:root:storage-bridge && grep -q "^/etc/storage-drivers/cinder-bridge.conf " "$1/var/lib/dpkg/info/storage-drivers-cinder-bridge.conffiles"' sh "$ROOT"
    local unit=$ROOT/lib/systemd/system/storage-drivers-cinder-bridge.service
    check "$v: unit: own user, NoNewPrivileges, ProtectSystem=strict, closed device policy" sh -c \
        'grep -qx User=storage-bridge "$1" && grep -qx NoNewPrivileges=yes "$1" && grep -qx ProtectSystem=strict "$1" && grep -qx DevicePolicy=closed "$1"' sh "$unit"
    if command -v systemd-analyze >/dev/null; then
        check "$v: unit passes systemd-analyze verify" systemd-analyze verify "$unit"
    fi
    check "$v: the bridge user can read its config and token" in_root runuser -u storage-bridge -- sh -c \
        'cat /etc/storage-drivers/cinder-bridge.conf /etc/storage-drivers/cinder-bridge.token'
    check "$v: Python driver imports from /usr/lib/python3/dist-packages" sh -c \
        'chroot "$1" python3 -c "import storage_bridge_cinder.driver as d; print(d.__file__)" | grep -q "^/usr/lib/python3/dist-packages/storage_bridge_cinder/driver.py$"' sh "$ROOT"
}

# --- 3. install ------------------------------------------------------------------------------
mkdir -p "$ROOT/tmp/v1" "$ROOT/tmp/v2"
cp "$WORK"/v1/*.deb "$ROOT/tmp/v1/"; cp "$WORK"/v2/*.deb "$ROOT/tmp/v2/"
debs() { (cd "$ROOT/tmp/$1" && ls ./*.deb | sed "s|^\./|/tmp/$1/|"); }
log "apt-get install ./…deb ($V1)"
rc=0; apt_in_root install $(debs v1) > "$WORK/apt1.log" 2>&1 || rc=$?
check "apt-get install ./*.deb of $V1 into the clean root" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt1.log"
log "installed"
installed "$V1"
check "$V1: oned.conf backup kept" sh -c 'cmp -s "$1" "$2"/etc/one/oned.conf.*.storage-drivers.bak' sh "$WORK/before/oned.conf" "$ROOT"
cp "$ROOT/etc/one/oned.conf" "$WORK/oned.registered"; cp "$ROOT/etc/lvm/lvm.conf" "$WORK/lvm.ro"
in_root dpkg-reconfigure storage-drivers-opennebula storage-drivers-host storage-drivers-cinder-bridge > "$WORK/reconf.log" 2>&1
check "configure again changes nothing (oned.conf, lvm.conf)" sh -c 'cmp -s "$1" "$2/etc/one/oned.conf" && cmp -s "$3" "$2/etc/lvm/lvm.conf"' \
    sh "$WORK/oned.registered" "$ROOT" "$WORK/lvm.ro"
lifecycle "$V1"

# a local change to a conffile survives the upgrade
echo "# local edit" >> "$ROOT/etc/storage-drivers/cinder-bridge.conf"
cp "$ROOT/etc/storage-drivers/cinder-bridge.token" "$WORK/token"

# --- 4. upgrade ------------------------------------------------------------------------------
log "upgrade to $V2"
rc=0; apt_in_root -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install $(debs v2) \
    > "$WORK/apt2.log" 2>&1 || rc=$?
check "apt-get install ./*.deb of $V2 (upgrade)" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt2.log"
installed "$V2"
check "$V2: the edited bridge config is kept" grep -qx '# local edit' "$ROOT/etc/storage-drivers/cinder-bridge.conf"
check "$V2: the token is kept" cmp -s "$WORK/token" "$ROOT/etc/storage-drivers/cinder-bridge.token"
check "$V2: oned.conf unchanged by the upgrade" cmp -s "$WORK/oned.registered" "$ROOT/etc/one/oned.conf"
lifecycle "$V2"

# --- 5. remove, purge ------------------------------------------------------------------------
log "remove"
rc=0; apt_in_root remove storage-drivers-opennebula storage-drivers-host storage-drivers-cinder-bridge \
    python3-storage-bridge-cinder storage-drivers-common > "$WORK/apt3.log" 2>&1 || rc=$?
check "apt-get remove" test "$rc" = 0
back_as_before remove
check "remove: no shim, jar or CDS archive left in remotes" sh -c \
    'test ! -e "$1/var/lib/one/remotes/tm/shared_lvm" && test ! -e "$1/var/lib/one/remotes/lib/storage-drivers"' sh "$ROOT"
check "remove: token and config kept until purge" test -f "$ROOT/etc/storage-drivers/cinder-bridge.token"
log "purge"
rc=0; apt_in_root purge storage-drivers-opennebula storage-drivers-host storage-drivers-cinder-bridge \
    python3-storage-bridge-cinder storage-drivers-common > "$WORK/apt4.log" 2>&1 || rc=$?
check "apt-get purge" test "$rc" = 0
back_as_before purge
check "purge: /etc/sudoers.d as before (listing, modes, contents)" diff "$WORK/before/sudoers.d" <(snap_sudoers)
check "purge: no token, config, backups or package files left" sh -c \
    'test ! -e "$1/etc/storage-drivers" && ! ls "$1"/etc/one/*.storage-drivers.bak "$1"/etc/lvm/*.storage-drivers.bak 2>/dev/null && test ! -e "$1/usr/share/storage-drivers" && test ! -e "$1/usr/lib/python3/dist-packages/storage_bridge_cinder"' sh "$ROOT"

log "done"
echo "deb: $PASSED passed, $FAILED failed"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
