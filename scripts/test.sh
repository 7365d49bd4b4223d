#!/usr/bin/env bash
# =============================================================================
# scripts/test.sh - every test of the project, as CI runs it (.ci/run).
#
# Runs as root on a fresh Debian 12 machine, no stdin needed:
#   0. installs missing apt packages (JDK, Maven, LVM, OpenSSH, qemu, ...)
#   1. unit     `mvn verify` outside any namespace: builds the jars, runs every
#               *Test, and resolves every Maven artifact the offline runs need
#   2. it       brings up its OWN test bed (pid-based names: never collides with
#               another instance) and runs every *IT of the reactor inside the
#               frontend namespace: `mvn -o verify -DskipITs=false -DskipUTs=true
#               -DexcludedGroups=vmhost` with the test-bed env exported and
#               STORAGE_DRIVERS_TESTBED_REQUIRED=1
#   3. test.d   every executable scripts/test.d/*.sh, inside the frontend
#               namespace, same env, cwd = repository root
#   4. vmhost   boots the device-mapper VM host (testbed.sh vm-up), runs
#               testbed.sh vm-selftest, the *IT classes tagged @Tag("vmhost")
#               and every executable scripts/test.d/vmhost/*.sh, with
#               TB_VMHOST=vmhost exported as well
#   5. lockd    boots the lvmlockd + sanlock VM hosts vm1, vm2 (testbed.sh
#               lockd-up: a shared VG on a second LUN image they share), runs
#               testbed.sh lockd-selftest, the *IT classes tagged
#               @Tag("lockd") and every executable scripts/test.d/lockd/*.sh,
#               with TB_LOCKD_* exported; 1200 s budget (~5 min on an idle
#               2-core machine); skipped with the reason when this machine
#               cannot run them (testbed.sh lockd-check: no sanlock/lvm2-lockd,
#               no softdog in the VM kernel)
#   6. deb      scripts/test-deb.sh, right after the build, outside the test
#               bed (apt needs the mirror), 1800 s budget (3-4 min on an idle
#               2-core machine, ~3 more the first time: debootstrap and the
#               dependencies, then cached): the Debian packages built
#               (lintian), installed into a clean Debian 12 frontend root and
#               host root joined by a test bed of its own, lifecycles through
#               OpenNebula's runners (linstor DS; shared_lvm TM and DS against
#               the host root's sshd), upgraded, removed, purged
# The test bed (and the VM) is torn down on every exit: success, failure,
# Ctrl-C.  Exit status 0 only if every tier passed; the last lines are one
# "tests: <tier> N passed, N failed" line per tier and a total.
#
# Environment: TEST_TIERS (default "unit deb it test.d vmhost lockd") picks tiers;
# TB_VM_CACHE (see testbed.sh) holds the VM kernel/initramfs between runs.
# =============================================================================
set -Euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
TEST_TIERS=${TEST_TIERS:-"unit deb it test.d vmhost lockd"}
. scripts/lib/packages.sh
MVN=(mvn -B -ntp -Dstyle.color=never)

log() { printf '[test] %s\n' "$*" >&2; }
secs() { awk "BEGIN{printf \"%.0f\", $EPOCHREALTIME - $1}"; }
[[ $EUID -eq 0 ]] || { echo "test.sh must run as root (namespaces, loop devices, qemu)" >&2; exit 2; }
exec </dev/null

T_START=$EPOCHREALTIME
declare -a SUMMARY=()
ANY_FAILED=0
# record TIER PASSED FAILED SKIPPED START
record() {
    SUMMARY+=("$(printf 'tests: %-11s %4d passed, %d failed, %d skipped  (%s s)' "$1" "$2" "$3" "$4" "$(secs "$5")")")
    if (($3 > 0)); then ANY_FAILED=1; fi
    log "${SUMMARY[-1]}"
}
enabled() { [[ " $TEST_TIERS " == *" $1 "* ]]; }

# --- test bed of this run: unique names derived from our pid -----------------
export TB_DIR=/tmp/sd-test-$$ TB_PREFIX=sdt$$ TB_VG=sdtvg$$ TB_NET=10.232.$(($$ % 250 + 1))
TESTBED_UP=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if ((TESTBED_UP)); then scripts/testbed.sh down >/dev/null 2>&1 || log "WARNING: testbed down failed"; fi
    printf '%s\n' "${SUMMARY[@]}"
    printf 'tests: total       %s s, %s\n' "$(secs "$T_START")" "$( ((ANY_FAILED || rc)) && echo FAILED || echo passed)"
    ((ANY_FAILED)) && rc=1
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; ANY_FAILED=1; exit 130' INT TERM

# --- 0. packages -------------------------------------------------------------

# --- report counting -----------------------------------------------------------
# counts PLUGIN: "passed failed skipped" over */target/<PLUGIN>-reports/TEST-*.xml
counts() {
    python3 - "$1" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
t = f = s = 0
for p in glob.glob(f"*/target/{sys.argv[1]}-reports/TEST-*.xml"):
    r = ET.parse(p).getroot()
    t += int(r.get("tests", 0)); s += int(r.get("skipped", 0))
    f += int(r.get("failures", 0)) + int(r.get("errors", 0))
print(t - f - s, f, s)
EOF
}
clear_reports() { rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports; }

# run_maven_tier TIER PLUGIN MAVEN-ARGS... : a failed build without failed
# tests (compile error, offline resolution) still counts as one failure
run_maven_tier() {
    local tier=$1 plugin=$2 t0=$EPOCHREALTIME rc=0 p f s; shift 2
    clear_reports
    "$@" || rc=$?
    read -r p f s < <(counts "$plugin" || echo 0 0 0)
    if ((rc != 0 && f == 0)); then log "$tier: maven failed (exit $rc) without a failed test"; f=1; fi
    record "$tier" "$p" "$f" "$s" "$t0"
    return "$rc"
}

# in_fe CMD... : run CMD in the frontend namespace with the test-bed env
in_fe() {
    (set -a; . "$TB_DIR/env.sh"; STORAGE_DRIVERS_TESTBED_REQUIRED=1
     exec ip netns exec "$TB_FE_NS" "$@")
}

# run_scripts TIER DIR : every executable DIR/*.sh in the frontend namespace
run_scripts() {
    local tier=$1 dir=$2 t0=$EPOCHREALTIME p=0 f=0 script rc
    for script in "$dir"/*.sh; do
        [[ -f $script && -x $script ]] || continue
        log "$tier: $script"
        rc=0; in_fe timeout --foreground -k 10 1200 "$script" || rc=$?
        if ((rc == 0)); then p=$((p + 1)); else f=$((f + 1)); log "$tier: FAILED $script (exit $rc)"; fi
    done
    record "$tier" "$p" "$f" 0 "$t0"
}

# run_selftest TIER ARGS... : testbed.sh ARGS, each "  ok"/"  FAIL" line is one test
run_selftest() {
    local tier=$1 t0=$EPOCHREALTIME out; shift
    out=$(scripts/testbed.sh "$@" 2>&1); echo "$out"
    record "$tier" "$(grep -c '^  ok ' <<<"$out")" "$(grep -c '^  FAIL ' <<<"$out")" 0 "$t0"
}

# run_vm_tier TAG : with the tier's VMs up, the *IT classes tagged @Tag("TAG") (only the modules
# that have such tests, and what they depend on; 1200 s), then scripts/test.d/TAG/*.sh (tier TAG.d)
run_vm_tier() {
    local tag=$1 modules
    modules=$(grep -rl "@Tag(\"$tag\")" --include='*IT.java' ./*/src/test 2>/dev/null \
        | cut -d/ -f2 | sort -u | paste -sd, -)
    if [[ -n $modules ]]; then
        run_maven_tier "$tag" failsafe in_fe timeout --foreground -k 10 1200 "${MVN[@]}" -o verify \
            -pl "$modules" -am -DskipITs=false -DskipUTs=true -Dgroups="$tag" || true
    fi
    run_scripts "$tag.d" "scripts/test.d/$tag"
}

# --- the tiers -------------------------------------------------------------------
t0=$EPOCHREALTIME
if ! install_packages; then record packages 0 1 0 "$t0"; exit 1; fi

BUILD_OK=1
if enabled unit; then
    run_maven_tier unit surefire "${MVN[@]}" verify || BUILD_OK=0
else
    "${MVN[@]}" -q verify -DskipUTs=true || BUILD_OK=0
fi
((BUILD_OK)) || { log "the build failed: no test bed tiers"; exit 1; }

# the packages need no test bed (a chroot of their own), but apt needs the mirror: outside any netns
if enabled deb; then
    t0=$EPOCHREALTIME
    rc=0; out=$(timeout --foreground -k 10 1800 scripts/test-deb.sh 2>&1) || rc=$?; echo "$out"
    p=0 f=0
    read -r p f < <(sed -n 's/^deb: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out" | tail -n 1) || true
    if ((rc != 0 && f == 0)); then log "deb: scripts/test-deb.sh exit $rc"; f=1; fi
    record deb "$p" "$f" 0 "$t0"
fi

t0=$EPOCHREALTIME
TESTBED_UP=1   # from here on, cleanup runs `down` (idempotent, also after a half-done up)
if ! scripts/testbed.sh up >/dev/null; then record testbed 0 1 0 "$t0"; exit 1; fi
log "test bed $TB_PREFIX up in $(secs "$t0") s ($TB_DIR)"
run_selftest testbed selftest

if enabled it; then
    run_maven_tier it failsafe in_fe timeout --foreground -k 10 1800 "${MVN[@]}" -o verify \
        -DskipITs=false -DskipUTs=true -DexcludedGroups=vmhost,lockd || true
fi
if enabled test.d; then run_scripts test.d scripts/test.d; fi

if enabled vmhost; then
    t0=$EPOCHREALTIME
    if scripts/testbed.sh vm-up; then
        run_selftest vm-selftest vm-selftest
        run_vm_tier vmhost
    else
        record vmhost 0 1 0 "$t0"
    fi
fi
# the device-mapper VM host is done: its CPU goes to the lockd VMs
if enabled vmhost; then scripts/testbed.sh vm-down >/dev/null 2>&1 || true; fi

if enabled lockd; then
    t0=$EPOCHREALTIME
    if why=$(scripts/testbed.sh lockd-check 2>&1); then
        if timeout --foreground -k 10 600 scripts/testbed.sh lockd-up; then
            run_selftest lockd-selftest lockd-selftest
            run_vm_tier lockd
        else
            record lockd 0 1 0 "$t0"
        fi
        scripts/testbed.sh lockd-down >/dev/null 2>&1 || true
    else
        log "lockd: skipped: $why"
        record lockd 0 0 1 "$t0"
    fi
fi
