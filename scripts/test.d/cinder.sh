#!/bin/sh
# Cinder driver tests: Debian's python3-cinder drives storage_bridge_cinder
# (directly and through Cinder's VolumeManager) against the real bridge jar,
# once per backend that this checkout can run:
#   sim      always (file-backed simulator)
#   sim:unix always: the same with the bridge on a Unix socket (bridge_url unix:///...)
#   linstor  when linstor-sim.jar (the simulated controller, test support) is built
#   lvm      when the test bed is up (TB_VG set) and the bridge jar knows lvm://
# CINDER_BRIDGE_TEST_BACKENDS="sim linstor" overrides the choice.
# Run by scripts/test.sh (cwd = repo root, inside the test bed's frontend
# namespace). Prints "N passed, N failed, N skipped"; exits non-zero on failure.
set -eu
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
BRIDGE_JAR=cinder-bridge/target/cinder-bridge.jar
LINSTOR_SIM_JAR=linstor-sim/target/linstor-sim.jar

if [ ! -f "$BRIDGE_JAR" ]; then
    mvn -B -q -o -pl cinder-bridge -am package -DskipTests
fi

# Does the bridge jar have a backend for this URI's scheme?
knows() {
    ! java -jar "$BRIDGE_JAR" storage --uri "$1" pools 2>&1 | grep -q 'unknown backend scheme'
}

backends=${CINDER_BRIDGE_TEST_BACKENDS:-}
if [ -z "$backends" ]; then
    backends="sim sim:unix"
    if [ -f "$LINSTOR_SIM_JAR" ] && java -jar "$LINSTOR_SIM_JAR" --help 2>/dev/null | grep -q 'sim-controller' \
            && knows linstor://127.0.0.1:1; then
        backends="$backends linstor"
    fi
    if [ -n "${TB_VG:-}" ]; then
        if knows "lvm://$TB_VG"; then
            backends="$backends lvm"
        elif [ "${STORAGE_DRIVERS_TESTBED_REQUIRED:-0}" = 1 ]; then
            echo "cinder.sh: the bridge jar has no lvm:// backend" >&2
            exit 1
        fi
    elif [ "${STORAGE_DRIVERS_TESTBED_REQUIRED:-0}" = 1 ]; then
        echo "cinder.sh: test bed required but TB_VG is not set" >&2
        exit 1
    fi
fi

cd cinder-bridge/python
# shellcheck disable=SC2086  # one word per backend
exec "$PY" tests/run.py $backends
