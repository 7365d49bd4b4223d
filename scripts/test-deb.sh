#!/usr/bin/env bash
# scripts/test-deb.sh: the Debian packages as an operator gets them (the "deb" tier of
# scripts/test.sh; runs as root, outside the test bed's namespaces: apt needs the mirror).
#
#   1. scripts/build-deb.sh once: the changelog's version VERSION, with lintian; the upgrade's
#      VERSION+upgradetest is that build repacked (dpkg-deb): package versions, the jars' manifest
#      version, and a line added upstream to three conffiles (a second Maven build would only
#      take time: the maintainer scripts and files are the same code either way)
#   2. a clean Debian 12 root (debootstrap minbase and `apt-get satisfy` of the packages' declared
#      dependencies, plus ruby and genisoimage for OpenNebula's runners and openssh-server for the
#      hosts; cached per dependency set as a tarball in $SD_DEB_CACHE, default
#      /var/cache/storage-drivers-test, so a re-run unpacks it in seconds; apt reuses the machine's
#      /var/cache/apt/archives), twice as an overlay: the frontend's root (an "oneadmin" user and
#      OpenNebula's oned.conf, the test fixture) and a host's, both entered with chroot; the test
#      bed (scripts/testbed.sh: namespaces, a LUN whose VG is named vg-one-<n> as the packaged
#      sudoers expect) joins them: see scripts/lib/deb-shared-lvm.sh
#   3. apt-get install ./….deb: the frontend's four packages in the frontend root, common and host
#      in the host root; checks: versions of packages and jars,
#      oned.conf registration, lvm.conf read-only, both sudoers files and the driver configs
#      (conffiles, modes), token/config modes, unit, Python import, idempotent reconfigure, a
#      lifecycle through OpenNebula's own datastore runner (../shared/opennebula, laid out in the
#      root as OpenNebula's packages lay it out), started as oneadmin with the arguments the
#      installed oned.conf registers, running the installed shims (linstor driver against the
#      simulated LINSTOR controller of the build tree: MKFS, MONITOR, CLONE, RM), and shared_lvm's
#      TM and DS lifecycle through one_tm, one_datastore and OpenNebula's VMM migration steps, as
#      oneadmin in the test bed's frontend namespace, against the host root's sshd on both test
#      bed hosts (deploy, live and cold migration, resize, terminate; after each step the VG's LVs
#      and an lvs sweep of active LVs on the hosts)
#   4. upgrade to VERSION+upgradetest (same checks, CDS archives made again, lifecycle): conffiles
#      edited here are kept (the new ones land beside them as .dpkg-dist), an unedited one follows
#   5. apt-get remove in both roots (oned.conf, the host's lvm.conf, both /etc/sudoers back byte
#      for byte), then purge (sudoers files, token, conffiles gone)
# Environment: SD_DEB_BUILT (a directory with the five packages of an earlier build of this
# version: no build, no lintian; for re-running the install tests by hand), SD_DEB_CACHE (above), SD_DEB_MIRROR (debootstrap's mirror), SD_ONE_PEER (OpenNebula's
# runners, default ../shared/opennebula beside the repository, as in CI).
# Prints "N passed, N failed"; exits non-zero on a failure.
set -Euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
REPO=$PWD
CACHE=${SD_DEB_CACHE:-/var/cache/storage-drivers-test}
MIRROR=${SD_DEB_MIRROR:-http://deb.debian.org/debian}
WORK=$(mktemp -d /tmp/sd-deb-test.XXXXXX)
BASE=$WORK/base ROOT=$WORK/root HROOT=$WORK/host    # the root made once; the frontend's and a host's on it
PASSED=0 FAILED=0 MOUNTS=() SIM_PID= RUNNER_IN= RUNNER_OUT=
T0=$EPOCHREALTIME

log() { printf '[deb] %s (%ss)\n' "$*" "$(awk "BEGIN{printf \"%.0f\", $EPOCHREALTIME - $T0}")" >&2; }
ok()   { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else fail "$d"; fi; }

unmount_all() { local i; for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null; done; MOUNTS=(); }
cleanup() {
    stop_runner 2>/dev/null
    stop_sim
    sl_bed_down
    unmount_all
    # never into a bind mount a failed umount left (the machine's /dev, its apt archives)
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. scripts/lib/deb-shared-lvm.sh
LIFE=/var/lib/one/sd-life
# the simulated controller: runuser does not pass a signal on to it, so it is stopped by its own pid
stop_sim() {
    local p
    p=$(cat "$ROOT$LIFE/sim.pid" 2>/dev/null) && [[ $p =~ ^[0-9]+$ ]] && kill "$p" 2>/dev/null
    if [[ -n $SIM_PID ]]; then kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null; fi
    SIM_PID=
    rm -f "$ROOT$LIFE/sim.pid"
}
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }
as_oneadmin() { in_root runuser -u oneadmin -- "$@"; }
apt_in_root() { chroot "${AROOT:-$ROOT}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get -y -q -o Dpkg::Use-Pty=0 -o Acquire::Retries=3 --no-install-recommends "$@"; }
# apt_install LOG ARGS...: apt-get ARGS install in the root; the machine's package lists may be
# older than the mirror (a download 404s): then once more after apt-get update in the root
apt_install() {
    local logf=$1; shift
    apt_in_root "$@" > "$logf" 2>&1 && return 0
    chroot "${AROOT:-$ROOT}" apt-get update -q >> "$logf" 2>&1
    apt_in_root "$@" >> "$logf" 2>&1
}

# --- 1. one build, and the same build repacked as the upgrade ------------------------------
V1=$(dpkg-parsechangelog -l debian/changelog -SVersion)
V2=$V1+upgradetest
if [[ -n ${SD_DEB_BUILT:-} ]]; then    # a developer's re-run against an earlier build's packages
    log "using the packages in $SD_DEB_BUILT (no build, no lintian)"
    mkdir -p "$WORK/v1" && cp "$SD_DEB_BUILT"/*_"$V1"_all.deb "$WORK/v1/"
else
    log "building $V1"
    rc=0; scripts/build-deb.sh --out "$WORK/v1" > "$WORK/build1.log" 2>&1 || rc=$?
    check "build $V1 and lintian pass (scripts/build-deb.sh exit $rc)" test "$rc" = 0
    grep -q '^lintian: clean' "$WORK/build1.log" && ok "lintian: no error or warning" || { fail "lintian"; tail -20 "$WORK/build1.log"; }
fi
[[ $(ls "$WORK"/v1/*.deb 2>/dev/null | wc -l) == 5 ]] \
    || { fail "five packages"; tail -30 "$WORK"/build1.log; echo "deb: $PASSED passed, $FAILED failed"; exit 1; }
ok "five packages"
log "built; repacking as $V2"
UPSTREAM_LINE="# changed upstream in $V2"
CHANGED_CONFFILES=(var/lib/one/remotes/etc/storage-drivers/shared_lvm.conf var/lib/one/remotes/etc/storage-drivers/linstor.conf
    etc/sudoers.d/storage-drivers-frontend)
repack() { # deb: the same package at V2, its jars saying V2, a line added to CHANGED_CONFFILES
    local d=$WORK/repack/${1##*/} f
    dpkg-deb -R "$1" "$d" || return 1
    sed -i -e "s/^Version: .*/Version: $V2/" -e "s/(= $V1)/(= $V2)/g" "$d/DEBIAN/control"
    while IFS= read -r -d '' f; do
        python3 - "$f" "$V1" "$V2" <<'EOF_PY' || return 1
import sys, zipfile, os
jar, old, new = sys.argv[1], "Implementation-Version: " + sys.argv[2] + "\r\n", "Implementation-Version: " + sys.argv[3] + "\r\n"
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(jar + ".new", "w") as dst:
    for i in src.infolist():
        data = src.read(i)
        if i.filename == "META-INF/MANIFEST.MF":
            if old.encode() not in data:
                sys.exit("no " + old.strip() + " in " + jar)
            data = data.replace(old.encode(), new.encode())
        dst.writestr(i, data)
os.replace(jar + ".new", jar)
EOF_PY
    done < <(find "$d" -name '*.jar' -print0)
    for f in "${CHANGED_CONFFILES[@]}"; do if [[ -f $d/$f ]]; then echo "$UPSTREAM_LINE" >> "$d/$f"; fi; done
    (cd "$d" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums) || return 1
    dpkg-deb --root-owner-group -Zgzip -b "$d" "$WORK/v2/" >/dev/null
}
mkdir -p "$WORK/repack" "$WORK/v2"
rc=0; for deb in "$WORK"/v1/*.deb; do repack "$deb" > "$WORK/repack.log" 2>&1 || { rc=1; cat "$WORK/repack.log"; }; done
check "$V1 repacked as $V2 (five packages)" test "$rc" = 0 -a "$(ls "$WORK"/v2/*_"$V2"_*.deb 2>/dev/null | wc -l)" = 5
pom=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)
py=$(sed -n 's/^version = "\(.*\)"/\1/p' cinder-bridge/python/pyproject.toml)
check "versions agree: changelog ${V1%%-*}, pom $pom, pyproject $py" test "${V1%%-*}" = "${pom%-SNAPSHOT}" -a "$py" = "${V1%%-*}"
COMMIT=$(git rev-parse --short=12 HEAD)     # as build-deb.sh names it
[[ -z $(git status --porcelain) ]] || COMMIT=$COMMIT+dirty

# --- 2. a clean Debian 12 root with what the packages depend on -----------------------------
# debootstrap minbase, then `apt-get satisfy` of the five packages' Depends as built (and lvm2,
# sudo): exactly what `apt-get install ./….deb` would pull in, so a dependency the packages fail
# to declare is missing either way. The finished root is cached per dependency set in $CACHE
# (python3-cinder's ~340 packages take a minute to unpack); apt reuses the machine's archives.
DEPS=$(for d in "$WORK"/v1/*.deb; do dpkg-deb -f "$d" Depends; done | tr ',' '\n' | sed 's/^ *//; s/ *$//' \
    | grep -v -e '^$' -e '^storage-drivers' -e '^python3-storage-bridge' | sort -u | paste -sd , - | sed 's/,/, /g')
DEPS="lvm2, sudo, $DEPS"
# the test's, not dependencies: ruby (OpenNebula's runners), genisoimage (OpenNebula's, for the
# context ISO), openssh-server (the hosts' sshd)
ROOT_PKGS="$DEPS, ruby, genisoimage, openssh-server"
ROOT_TAR=$CACHE/bookworm-deps-$(printf '%s' "$ROOT_PKGS" | md5sum | cut -c1-12).tar
mkdir -p "$CACHE" "$BASE" "$ROOT" "$HROOT"
mount_root() { # DIR [archives]
    mount --bind /dev "$1/dev" && MOUNTS+=("$1/dev")
    mount -t proc proc "$1/proc" && MOUNTS+=("$1/proc")
    # the machine's downloads only while the cached root is made: apt in a root would otherwise
    # share their lock with every apt-get on the machine (another run's, an operator's) and fail
    if [[ ${2:-} == archives ]]; then
        mount --bind /var/cache/apt/archives "$1/var/cache/apt/archives" && MOUNTS+=("$1/var/cache/apt/archives")
    fi
    cp /etc/resolv.conf "$1/etc/resolv.conf"
    # the machine's sources and lists: the debs it already has are the ones apt picks
    rm -f "$1/etc/apt/sources.list"; cp -r /etc/apt/sources.list* "$1/etc/apt/" 2>/dev/null
    cp -r /var/lib/apt/lists/. "$1/var/lib/apt/lists/"
    printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"; chmod 755 "$1/usr/sbin/policy-rc.d"
}
if [[ -s $ROOT_TAR ]]; then
    tar -C "$BASE" -xf "$ROOT_TAR" || { fail "unpack $ROOT_TAR"; exit 1; }
else
    log "debootstrap and the dependencies (first run for this set: cached in $CACHE)"
    if [[ ! -s $CACHE/bookworm-minbase.tgz ]]; then
        debootstrap --variant=minbase --make-tarball="$CACHE/bookworm-minbase.tgz.tmp" bookworm "$WORK/mk" "$MIRROR" \
            > "$WORK/debootstrap.log" 2>&1 && mv "$CACHE/bookworm-minbase.tgz.tmp" "$CACHE/bookworm-minbase.tgz"
    fi
    debootstrap --variant=minbase --unpack-tarball="$CACHE/bookworm-minbase.tgz" bookworm "$BASE" "$MIRROR" \
        >> "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap"; exit 1; }
    mount_root "$BASE" archives
    AROOT=$BASE apt_install "$WORK/apt0.log" satisfy "$ROOT_PKGS" || { tail "$WORK/apt0.log"; fail "the dependencies in the root: $ROOT_PKGS"; exit 1; }
    unmount_all
    # older sets go, but the newest other one stays (another checkout's run may use it)
    rm -f "$CACHE/bookworm-root.tar"; ls -t "$CACHE"/bookworm-deps-*.tar 2>/dev/null | tail -n +2 | xargs -r rm -f
    tar -C "$BASE" --exclude=./dev/* --exclude=./proc/* --exclude=./var/cache/apt/archives/* -cf "$ROOT_TAR.tmp" . \
        && mv "$ROOT_TAR.tmp" "$ROOT_TAR"
fi
# the frontend's root and a host's: each an overlay on the same base
for r in "$ROOT" "$HROOT"; do
    mkdir -p "$r.upper" "$r.work"
    mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$r.upper,workdir=$r.work" "$r" && MOUNTS+=("$r") \
        || { fail "overlay $r"; exit 1; }
    mount_root "$r"
done
log "roots ready"
sl_bed_up && ok "test bed up (namespaces, the LUN with VG $SL_VG)" || { fail "test bed up"; exit 1; }
for r in "$ROOT" "$HROOT"; do sl_machine_lvm "$r"; done
check "the packages' dependencies are all in the root (apt-get satisfy: nothing to do)" \
    sh -c 'chroot "$1" apt-get -s -q satisfy "$2" 2>&1 | grep -q "^0 upgraded, 0 newly installed"' sh "$ROOT" "$DEPS"
in_root useradd --system --create-home --home-dir /var/lib/one --shell /bin/bash oneadmin
in_root groupadd --system cinder
mkdir -p "$ROOT/etc/one" "$ROOT/var/lib/one/remotes/tm/ssh" "$ROOT/var/lib/one/remotes/datastore/fs"
cp installer/src/test/resources/io/storagedrivers/install/oned.conf "$ROOT/etc/one/oned.conf"
echo '#!/bin/sh' > "$ROOT/var/lib/one/remotes/tm/ssh/clone"
sl_hosts_up && ok "the hosts: oneadmin reaches the host root's sshd in each host namespace with its own key" \
    || { fail "the hosts' sshd"; exit 1; }
mkdir -p "$WORK/before/fe" "$WORK/before/host"
cp -a "$ROOT/etc/one/oned.conf" "$ROOT/etc/sudoers" "$WORK/before/fe/"
cp -a "$HROOT/etc/lvm/lvm.conf" "$HROOT/etc/sudoers" "$WORK/before/host/"
# entries with modes, owners, sizes and contents (-A: not "..", whose link count other packages change)
snap_sudoers() { (cd "$1/etc/sudoers.d" && ls -lA --time-style=+ . | sed 1d && md5sum -- *); }
snap_sudoers "$ROOT" > "$WORK/before/fe/sudoers.d"; snap_sudoers "$HROOT" > "$WORK/before/host/sudoers.d"
back_as_before() { # what remove/purge must give back, byte for byte
    check "$1: frontend: oned.conf byte for byte as before" cmp "$WORK/before/fe/oned.conf" "$ROOT/etc/one/oned.conf"
    check "$1: frontend: /etc/sudoers byte for byte as before" cmp "$WORK/before/fe/sudoers" "$ROOT/etc/sudoers"
    check "$1: host: lvm.conf byte for byte as before" cmp "$WORK/before/host/lvm.conf" "$HROOT/etc/lvm/lvm.conf"
    check "$1: host: /etc/sudoers byte for byte as before" cmp "$WORK/before/host/sudoers" "$HROOT/etc/sudoers"
}

# --- the lifecycle through OpenNebula's datastore runner and the installed shims, as oneadmin ---
# OpenNebula's own runners (../shared/opennebula: a test peer, never part of the packages) laid out
# where OpenNebula's packages put them: /usr/lib/one/{mads,ruby,sh}, /usr/share/one/gems, /etc/one
ONE_PEER=${SD_ONE_PEER:-$REPO/../shared/opennebula}
lay_out_opennebula() {
    cp -a "$ONE_PEER" "$ROOT/tmp/one-peer" && in_root bash /tmp/one-peer/layout.sh /tmp/one-layout > "$WORK/layout.log" 2>&1 \
        || { cat "$WORK/layout.log"; return 1; }
    mkdir -p "$ROOT/usr/lib/one" "$ROOT/usr/share/one" "$ROOT/var/log/one"
    mv "$ROOT"/tmp/one-layout/lib/{mads,ruby,sh} "$ROOT/usr/lib/one/" && mv "$ROOT/tmp/one-layout/share/gems" "$ROOT/usr/share/one/gems" \
        && cp "$ROOT/tmp/one-layout/var/config" "$ROOT/var/lib/one/config" || return 1
    : > "$ROOT/etc/one/tmrc"
    printf 'ONE_MAD_DEBUG=1\n' > "$ROOT/etc/one/defaultrc"     # the runner's stderr into /var/log/one
    in_root chown oneadmin:oneadmin /var/log/one /var/lib/one/config
    rm -rf "$ROOT/tmp/one-peer" "$ROOT/tmp/one-layout"
}
# one_datastore as oned starts it: as oneadmin, in oned's environment, with the ARGUMENTS that the
# installed oned.conf registers for DATASTORE_MAD; requests on its stdin, answers on its stdout
start_runner() {
    local args
    args=$(sed -n '/^DATASTORE_MAD *= *\[/,/\]/s/^ *ARGUMENTS *= *"\(.*\)".*/\1/p' "$ROOT/etc/one/oned.conf")
    [[ -n $args ]] || return 1
    # shellcheck disable=SC2086 # the registered arguments, split as oned splits them
    coproc RUNNER { in_root runuser -u oneadmin -- env -i HOME=/var/lib/one USER=oneadmin LOGNAME=oneadmin LANG=C.UTF-8 \
        RUBYLIB=/usr/lib/one/ruby PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin \
        /usr/lib/one/mads/one_datastore $args 2>> "$WORK/runner.err"; }
    RUNNER_IN=${RUNNER[1]} RUNNER_OUT=${RUNNER[0]}
}
stop_runner() {
    [[ -n ${RUNNER_PID:-} ]] || return 0
    local fd=$RUNNER_IN pid=$RUNNER_PID
    { echo FINALIZE >&"$fd"; exec {fd}>&-; } 2>/dev/null
    wait "$pid" 2>/dev/null
    RUNNER_IN= RUNNER_OUT=
}
lifecycle() { # $1: label
    local tag=$1 ctl
    as_oneadmin mkdir -p "$LIFE"
    rm -f "$ROOT$LIFE/sim.log"     # the last run's line must not pass for this one's
    # the simulated controller is test support, in no package: its jar comes from the build tree
    [ -f "$REPO/linstor-sim/target/linstor-sim.jar" ] \
        || (cd "$REPO" && mvn -B -q -o -Dstyle.color=never -pl linstor-sim -am package -DskipTests > "$WORK/sim-build.log" 2>&1) \
        || tail -20 "$WORK/sim-build.log"
    cp "$REPO/linstor-sim/target/linstor-sim.jar" "$ROOT$LIFE/linstor-sim.jar"
    in_root runuser -u oneadmin -- sh -c "cd $LIFE && echo \$\$ > sim.pid && exec java -jar $LIFE/linstor-sim.jar \
        sim-controller --port 0 --nodes host1,host2 --state $LIFE/sim.json > sim.log 2>&1" &
    SIM_PID=$!
    # until it says where it listens or exits (the bound only a stall reaches)
    for _ in $(seq 1500); do
        grep -q 'listening on' "$ROOT$LIFE/sim.log" 2>/dev/null && break
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.2
    done
    ctl=$(sed -n 's/.*listening on \(linstor:[^ ]*\).*/\1/p' "$ROOT$LIFE/sim.log")
    check "$tag: simulated LINSTOR controller (linstor-sim.jar, test support) listens" test -n "$ctl"
    [[ -n $ctl ]] || tail -5 "$ROOT$LIFE/sim.log"
    in_root python3 -c "import urllib.request as u, json, sys
r = u.Request('http://${ctl#linstor://}/v1/resource-groups', data=json.dumps({'name': 'one-rg', 'select_filter': {'place_count': 2}}).encode(),
              headers={'Content-Type': 'application/json'}, method='POST')
try: u.urlopen(r)
except u.HTTPError as e: sys.exit(0 if e.code == 409 else 1)" >/dev/null 2>&1
    local dsx="<DATASTORE><ID>101</ID><NAME>linstor-101</NAME><DS_MAD>linstor</DS_MAD><TM_MAD>linstor</TM_MAD><BASE_PATH>/var/lib/one/datastores/101</BASE_PATH><TYPE>0</TYPE><TEMPLATE><DISK_TYPE>BLOCK</DISK_TYPE><BRIDGE_LIST>host1 host2</BRIDGE_LIST><LINSTOR_CONTROLLERS>$ctl</LINSTOR_CONTROLLERS><LINSTOR_RESOURCE_GROUP>one-rg</LINSTOR_RESOURCE_GROUP></TEMPLATE></DATASTORE>"
    image() { echo "<IMAGE><ID>$1</ID><NAME>img$1</NAME><TYPE>0</TYPE><PERSISTENT>0</PERSISTENT><SOURCE>${2:-}</SOURCE><PATH>${3:-}</PATH><FORMAT>raw</FORMAT><FS></FS><SIZE>64</SIZE><STATE>4</STATE><CLONING_ID>-1</CLONING_ID><TARGET_SNAPSHOT>-1</TARGET_SNAPSHOT><DATASTORE_ID>101</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>"; }
    ds() { # action id image-xml: through the runner; prints the info of "<ACTION> SUCCESS <id> <info>"
        local a=${1^^} line
        [[ -n ${RUNNER_IN:-} ]] || return 1
        printf '%s %s %s\n' "$a" "$2" "$(printf '%s' "<DS_DRIVER_ACTION_DATA>$3$dsx</DS_DRIVER_ACTION_DATA>" | base64 -w0)" \
            2>/dev/null >&"$RUNNER_IN" || return 1
        while IFS= read -r -t 300 line <&"$RUNNER_OUT"; do     # the bound only a stall reaches
            case $line in
                "$a SUCCESS $2"*) line=${line#"$a SUCCESS $2"}; printf '%s\n' "${line# }"; return 0 ;;
                "$a FAILURE $2"*) printf '%s\n' "$line" >> "$WORK/runner.log"; return 1 ;;
                *) printf '%s\n' "$line" >> "$WORK/runner.log" ;;
            esac
        done
        return 1
    }
    local src clone mon rmok=1
    start_runner
    check "$tag: one_datastore started as oneadmin with the DATASTORE_MAD arguments of the installed oned.conf" test -n "${RUNNER_PID:-}"
    src=$(ds mkfs 10 "$(image 10)") && src=${src%% *} && [[ -n $src ]] && ok "$tag: runner MKFS -> datastore/linstor/mkfs: $src" \
        || { fail "$tag: runner MKFS -> datastore/linstor/mkfs"; tail -5 "$WORK/runner.log" "$WORK/runner.err" "$ROOT/var/log/one/one_datastore.log" 2>/dev/null; }
    # (ds in a command substitution, never in a pipeline: bash closes the runner's pipes there)
    mon=$(ds monitor 101 ""); mon=$(printf '%s' "$mon" | base64 -d 2>/dev/null)
    check "$tag: runner MONITOR -> datastore/linstor/monitor reports space" grep -q 'FREE_MB=' <<<"$mon"
    grep -q 'FREE_MB=' <<<"$mon" || tail -3 "$WORK/runner.log" 2>/dev/null
    # OpenNebula passes the image to copy in IMAGE/PATH; the reply is "SOURCE FORMAT"
    clone=$(ds clone 11 "$(image 11 "" "$src")"); clone=${clone%% *}
    check "$tag: runner CLONE -> datastore/linstor/clone of the image" test -n "$clone" -a "$clone" != "$src"
    ds rm 11 "$(image 11 "$clone")" >/dev/null || rmok=0
    ds rm 10 "$(image 10 "$src")" >/dev/null || rmok=0
    check "$tag: runner RM -> datastore/linstor/rm of both" test "$rmok" = 1
    stop_runner
    stop_sim
}

# conffile PACKAGE PATH MODE:USER:GROUP: PATH is one of PACKAGE's conffiles, with that mode and owner
# (in the host root for the host package, else in the frontend's)
conffile() {
    local r=$ROOT; [[ $1 != storage-drivers-host ]] || r=$HROOT
    grep -qx "$2" "$r/var/lib/dpkg/info/$1.conffiles" && test "$(chroot "$r" stat -c %a:%U:%G "$2")" = "$3"
}
FE_PKGS=(storage-drivers-common storage-drivers-opennebula storage-drivers-cinder-bridge python3-storage-bridge-cinder)
HOST_PKGS=(storage-drivers-common storage-drivers-host)
# checks of an installed version
installed() { # version
    local v=$1 p j
    for p in "${FE_PKGS[@]}"; do
        check "$v: frontend: $p installed at $v" test "$(in_root dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null)" = "install ok installed $v"
    done
    for p in "${HOST_PKGS[@]}"; do
        check "$v: host: $p installed at $v" test "$(in_host dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null)" = "install ok installed $v"
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
    check "$v: oned.conf: linstor in DATASTORE_MAD" grep -q -- '-s shared,ssh,ceph,fs_lvm,fs_lvm_ssh,qcow2,linstor,shared_lvm"' "$ROOT/etc/one/oned.conf"
    check "$v: host: lvm.conf: LVM reports locking_type=4" test "$(in_host lvmconfig --type full global/locking_type 2>/dev/null)" = locking_type=4
    check "$v: frontend: LVM read-write (no host package there)" test "$(in_root lvmconfig --type full global/locking_type 2>/dev/null)" = locking_type=1
    check "$v: host sudoers: conffile, 0440 root" conffile storage-drivers-host /etc/sudoers.d/storage-drivers 440:root:root
    check "$v: frontend sudoers: conffile, 0440 root" conffile storage-drivers-opennebula /etc/sudoers.d/storage-drivers-frontend 440:root:root
    for j in shared_lvm linstor; do
        check "$v: $j.conf: conffile, oneadmin's, 0640" conffile storage-drivers-opennebula /var/lib/one/remotes/etc/storage-drivers/$j.conf 640:oneadmin:oneadmin
    done
    check "$v: whole sudo configuration valid (visudo -c), frontend and host" sh -c 'chroot "$1" visudo -c -q && chroot "$2" visudo -c -q' sh "$ROOT" "$HROOT"
    check "$v: host sudo lets oneadmin run lvchange -ay on a datastore LV" in_host sudo -n -l -U oneadmin /usr/sbin/lvchange -ay vg-one-100/lv-one-7-0
    check "$v: sudo lets oneadmin run lvcreate as the driver builds it" in_root sudo -n -l -U oneadmin /usr/sbin/lvcreate \
        --wipesignatures n -L 1073741824b -n lv-one-7-0 -an -Zn -y vg-one-100
    check "$v: sudo refuses oneadmin another lvcreate" sh -c '! chroot "$1" sudo -n -l -U oneadmin /usr/sbin/lvcreate -L 4m -n x vg-one-100' sh "$ROOT"
    check "$v: token: 64 hex chars, storage-bridge:cinder 0640" sh -c 'test "$(chroot "$1" stat -c %a:%U:%G /etc/storage-drivers/cinder-bridge.token)" = 640:storage-bridge:cinder && grep -qx "[0-9a-f]\{64\}" "$1/etc/storage-drivers/cinder-bridge.token"' sh "$ROOT"
    check "$v: bridge config: conffile, root:storage-bridge 0640" sh -c 'test "$(chroot "$1" stat -c %a:%U:%G /etc/storage-drivers/cinder-bridge.conf)" = 640:root:storage-bridge && grep -qx /etc/storage-drivers/cinder-bridge.conf "$1/var/lib/dpkg/info/storage-drivers-cinder-bridge.conffiles"' sh "$ROOT"
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

if lay_out_opennebula; then ok "OpenNebula's runners laid out in the root as its packages lay them out"
else fail "OpenNebula's runners laid out in the root ($ONE_PEER)"; fi

# --- 3. install ------------------------------------------------------------------------------
for r in "$ROOT" "$HROOT"; do mkdir -p "$r/tmp/v1" "$r/tmp/v2"; cp "$WORK"/v1/*.deb "$r/tmp/v1/"; cp "$WORK"/v2/*.deb "$r/tmp/v2/"; done
debs() { local d=$1 p; shift; for p in "$@"; do ls "$ROOT/tmp/$d/${p}_"*.deb | sed "s|^$ROOT||"; done; }
log "apt-get install ./…deb ($V1)"
rc=0; apt_install "$WORK/apt1.log" install $(debs v1 "${FE_PKGS[@]}") || rc=$?
check "frontend: apt-get install ./*.deb of $V1 (${FE_PKGS[*]}) into the clean root" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt1.log"
rc=0; AROOT=$HROOT apt_install "$WORK/apt1h.log" install $(debs v1 "${HOST_PKGS[@]}") || rc=$?
check "host: apt-get install ./*.deb of $V1 (${HOST_PKGS[*]}) into the clean root" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt1h.log"
log "installed"
installed "$V1"
check "$V1: oned.conf backup kept" sh -c 'cmp -s "$1" "$2"/etc/one/oned.conf.*.storage-drivers.bak' sh "$WORK/before/fe/oned.conf" "$ROOT"
cp "$ROOT/etc/one/oned.conf" "$WORK/oned.registered"; cp "$HROOT/etc/lvm/lvm.conf" "$WORK/lvm.ro"
in_root dpkg-reconfigure storage-drivers-opennebula storage-drivers-cinder-bridge > "$WORK/reconf.log" 2>&1
in_host dpkg-reconfigure storage-drivers-host >> "$WORK/reconf.log" 2>&1
check "configure again changes nothing (oned.conf, the host's lvm.conf)" sh -c 'cmp -s "$1" "$2/etc/one/oned.conf" && cmp -s "$3" "$4/etc/lvm/lvm.conf"' \
    sh "$WORK/oned.registered" "$ROOT" "$WORK/lvm.ro" "$HROOT"
lifecycle "$V1"
# no setting for hosts reached as oneadmin: the driver puts sudo -n before LVM there itself
sl_lifecycle "$V1"

# local changes to conffiles survive the upgrade: the bridge config (unchanged upstream), the
# shared_lvm config and the frontend sudoers (both changed upstream: dpkg keeps ours, puts the
# new one beside it as .dpkg-dist); linstor.conf, not edited here, follows upstream
LOCAL_EDITS=(/etc/storage-drivers/cinder-bridge.conf /var/lib/one/remotes/etc/storage-drivers/shared_lvm.conf
    /etc/sudoers.d/storage-drivers-frontend)
for f in "${LOCAL_EDITS[@]}"; do echo "# local edit" >> "$ROOT$f"; done
cp "$ROOT/etc/storage-drivers/cinder-bridge.token" "$WORK/token"

# --- 4. upgrade ------------------------------------------------------------------------------
log "upgrade to $V2"
UPGRADE=(-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install)
rc=0; apt_install "$WORK/apt2.log" "${UPGRADE[@]}" $(debs v2 "${FE_PKGS[@]}") || rc=$?
check "frontend: apt-get install ./*.deb of $V2 (upgrade)" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt2.log"
rc=0; AROOT=$HROOT apt_install "$WORK/apt2h.log" "${UPGRADE[@]}" $(debs v2 "${HOST_PKGS[@]}") || rc=$?
check "host: apt-get install ./*.deb of $V2 (upgrade)" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt2h.log"
installed "$V2"
for f in "${LOCAL_EDITS[@]}"; do
    check "$V2: edited $f kept" sh -c 'grep -qx "# local edit" "$1" && ! grep -qxF "$2" "$1"' sh "$ROOT$f" "$UPSTREAM_LINE"
done
for f in /var/lib/one/remotes/etc/storage-drivers/shared_lvm.conf /etc/sudoers.d/storage-drivers-frontend; do
    check "$V2: the new ${f##*/} beside it as .dpkg-dist" grep -qxF "$UPSTREAM_LINE" "$ROOT$f.dpkg-dist"
done
check "$V2: unedited linstor.conf follows upstream (still oneadmin's 0640)" sh -c 'grep -qxF "$2" "$1" && test ! -e "$1.dpkg-dist"' \
    sh "$ROOT/var/lib/one/remotes/etc/storage-drivers/linstor.conf" "$UPSTREAM_LINE"
check "$V2: the token is kept" cmp -s "$WORK/token" "$ROOT/etc/storage-drivers/cinder-bridge.token"
check "$V2: oned.conf unchanged by the upgrade" cmp -s "$WORK/oned.registered" "$ROOT/etc/one/oned.conf"
lifecycle "$V2"
sl_lifecycle "$V2"

# --- 5. remove, purge ------------------------------------------------------------------------
log "remove"
rc=0; apt_in_root remove "${FE_PKGS[@]}" > "$WORK/apt3.log" 2>&1 || rc=$?
AROOT=$HROOT apt_in_root remove "${HOST_PKGS[@]}" >> "$WORK/apt3.log" 2>&1 || rc=$?
check "apt-get remove (frontend, host)" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt3.log"
back_as_before remove
check "remove: no shim, jar or CDS archive left in remotes" sh -c \
    'test ! -e "$1/var/lib/one/remotes/tm/shared_lvm" && test ! -e "$1/var/lib/one/remotes/lib/storage-drivers"' sh "$ROOT"
check "remove: token and config kept until purge" test -f "$ROOT/etc/storage-drivers/cinder-bridge.token"
log "purge"
rc=0; apt_in_root purge "${FE_PKGS[@]}" > "$WORK/apt4.log" 2>&1 || rc=$?
AROOT=$HROOT apt_in_root purge "${HOST_PKGS[@]}" >> "$WORK/apt4.log" 2>&1 || rc=$?
check "apt-get purge (frontend, host)" test "$rc" = 0
((rc == 0)) || tail -30 "$WORK/apt4.log"
back_as_before purge
check "purge: frontend /etc/sudoers.d as before (listing, modes, contents)" diff "$WORK/before/fe/sudoers.d" <(snap_sudoers "$ROOT")
check "purge: host /etc/sudoers.d as before (listing, modes, contents)" diff "$WORK/before/host/sudoers.d" <(snap_sudoers "$HROOT")
check "purge: no token, config, backups or package files left" sh -c \
    'test ! -e "$1/etc/storage-drivers" && test ! -e "$1/var/lib/one/remotes/etc/storage-drivers" && ! ls "$1"/etc/one/*.storage-drivers.bak "$2"/etc/lvm/*.storage-drivers.bak 2>/dev/null && test ! -e "$1/usr/share/storage-drivers" && test ! -e "$1/usr/lib/python3/dist-packages/storage_bridge_cinder"' sh "$ROOT" "$HROOT"

check "purge: no dpkg-statoverride left" sh -c '! chroot "$1" dpkg-statoverride --list | grep -q storage-drivers' sh "$ROOT"
log "done"
echo "deb: $PASSED passed, $FAILED failed"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
