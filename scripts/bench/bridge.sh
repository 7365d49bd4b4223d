#!/usr/bin/env bash
# scripts/bench/bridge.sh - cinder-bridge latency on the simulated LINSTOR controller.
#
# Starts the simulated controller and the bridge (with the JVM flags of the installed systemd
# unit), warms the bridge up, then runs create+delete volume pairs for 10 s at 1 and at 50
# clients and prints "clients requests/s p50_ms p99_ms requests errors" per line.
# Needs no test bed; scripts/bench.sh runs it as its "bridge" section.
#
#   BRIDGE_JARS=dir          where linstor-driver.jar and cinder-bridge.jar are (default: target/)
#   BRIDGE_JAVA_OPTS="..."   the bridge's JVM flags (default: the unit's, scripts/install/cinder.sh)
#   BRIDGE_WARMUP="C S"      warm-up: C clients for S seconds (default "4 5")
#   BRIDGE_SECONDS=10        seconds per measured run
set -Euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$ROOT/scripts/install/cinder.sh"
JARS=${BRIDGE_JARS:-}
LS_JAR=${JARS:+$JARS/linstor-sim.jar}; LS_JAR=${LS_JAR:-$ROOT/linstor-sim/target/linstor-sim.jar}   # the simulated controller
BR_JAR=${JARS:+$JARS/cinder-bridge.jar}; BR_JAR=${BR_JAR:-$ROOT/cinder-bridge/target/cinder-bridge.jar}
JAVA_OPTS=${BRIDGE_JAVA_OPTS-$CINDER_BRIDGE_JVM_FLAGS}
read -r WU_C WU_S <<<"${BRIDGE_WARMUP:-4 5}"
SECS=${BRIDGE_SECONDS:-10}
PY=/usr/bin/python3
d=$(mktemp -d /tmp/bridge-bench.XXXXXX); chmod 700 "$d"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$d"' EXIT
port=$((20000 + $$ % 10000))
head -c 32 /dev/urandom | base64 | tr -d '=+/' > "$d/token"; chmod 600 "$d/token"
java -jar "$LS_JAR" sim-controller --port "$port" --nodes node1,node2,node3 > "$d/sim.log" 2>&1 &
pids+=($!)
printf 'listen = 127.0.0.1:0\ntoken_file = token\nthreads = 16\nbackend.ls.uri = linstor://127.0.0.1:%s\n' "$port" > "$d/bridge.conf"
for _ in $(seq 100); do grep -q 'listening on' "$d/sim.log" && break; sleep 0.1; done
# shellcheck disable=SC2086 # flags are words
java $JAVA_OPTS -jar "$BR_JAR" serve --config "$d/bridge.conf" > "$d/bridge.out" 2> "$d/bridge.log" &
pids+=($!)
url=
for _ in $(seq 100); do
    url=$(grep -o 'listening on https\?://[^ ]*' "$d/bridge.log" 2>/dev/null | head -1 | sed 's/.*listening on //')
    [[ -n $url ]] && break; sleep 0.1
done
[[ -n $url ]] || { echo "bridge did not start: $(tail -1 "$d/bridge.log")" >&2; exit 1; }
$PY "$ROOT/scripts/bench/bridge-load.py" "$url" ls "$d/token" "$WU_C" "$WU_S" >/dev/null
for c in 1 50; do
    echo "$c $($PY "$ROOT/scripts/bench/bridge-load.py" "$url" ls "$d/token" "$c" "$SECS")"
done
