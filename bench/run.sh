#!/usr/bin/env bash
# Side-by-side benchmark: Switchboard's standalone server (Tyrus on Grizzly), Switchboard in
# tuned embedded Jetty 12 and Tomcat 11, and the tutorial's Node server; each pinned to CPU 0, the
# load generator pinned to CPU 1, the same scenarios in the same run. Prints a table of medians
# over REPEATS runs and each server's ratio to the tutorial server.
#
#   bench/run.sh                        (the tutorial server from ../shared/anchors/seed-node)
#   SERVERS="switchboard tutorial" SEED_DIR=/path/to/seed-node SECONDS_PER_RUN=10 REPEATS=3 \
#   IDLE_CONNECTIONS=10000 HISTOGRAM=1 bench/run.sh
#
# SERVERS may also name bare-jetty: a relay without JSON in the same Jetty, its ceiling (relay only).
# SERVER_CPUS=0,1 gives each server both cores (the generator still runs on CPU 1).
# ONLY=REGEX runs only the scenarios whose name matches (for example ONLY=idle or ONLY=offer).
# HISTOGRAM=1 writes, per JVM server, the classes whose live heap grew with the idle connections
# (target/bench/histogram-SERVER.txt).
#
# Every load loop is bounded in time; only 127.0.0.1 is used; servers are stopped by their PID.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED_DIR=${SEED_DIR:-../shared/anchors/seed-node}
RUN_SECONDS=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP_SECONDS:-3}
REPEATS=${REPEATS:-3}
IDLE=${IDLE_CONNECTIONS:-10000}
SERVER_CPUS=${SERVER_CPUS:-0} # SERVER_CPUS=0,1: the server may use both cores (the generator shares CPU 1)
read -r -a SERVER_LIST <<< "${SERVERS:-switchboard jetty tomcat tutorial}"
WORK=target/bench
mkdir -p "$WORK"

[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 CPUs (server on one, generator on the other)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

echo "building..." >&2
mvn -q -B -pl signaling-bench,signaling-example,signaling-it-jetty,signaling-it-tomcat -am install -DskipTests
classpath() { # $1 = module, $2 = scope
    mvn -q -B -pl "$1" dependency:build-classpath -Dmdep.includeScope="$2" -Dmdep.outputFile="$PWD/$WORK/cp-$1.txt" >/dev/null
    cat "$WORK/cp-$1.txt"
}
SERVER_CP="signaling-example/target/classes:$(classpath signaling-example runtime)"
JETTY_CP="signaling-it-jetty/target/test-classes:$(classpath signaling-it-jetty test)"
TOMCAT_CP="signaling-it-tomcat/target/test-classes:$(classpath signaling-it-tomcat test)"
GEN=(taskset -c 1 java -cp signaling-bench/target/classes dev.switchboard.bench.LoadGenerator)

rm -rf "$WORK/seed" && mkdir -p "$WORK/seed"
cp "$SEED_DIR/server.js" "$SEED_DIR/package.json" "$SEED_DIR/package-lock.json" "$WORK/seed/"
(cd "$WORK/seed" && npm ci --silent --no-audit --no-fund >/dev/null)

PORT=19090
server_pid=""
url_of() { # $1 = server
    case $1 in jetty|bare-jetty|tomcat) echo "ws://127.0.0.1:$PORT/signaling" ;; *) echo "ws://127.0.0.1:$PORT/" ;; esac
}
start_server() { # $1 = switchboard | jetty | bare-jetty | tomcat | tutorial
    # Switchboard's limits stay in the path; only the rate and connection caps are raised for load
    export SWITCHBOARD_MESSAGES_PER_SECOND=100000000 SWITCHBOARD_MESSAGE_BURST=100000000 \
        SWITCHBOARD_MAX_CONNECTIONS=200000 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=200000
    case $1 in
        switchboard) taskset -c "$SERVER_CPUS" java -cp "$SERVER_CP" dev.switchboard.example.SwitchboardServer \
                         --host 127.0.0.1 --port $PORT > "$WORK/server.log" 2>&1 & ;;
        jetty) taskset -c "$SERVER_CPUS" java -cp "$JETTY_CP" dev.switchboard.it.jetty.JettyBenchmarkHost $PORT > "$WORK/server.log" 2>&1 & ;;
        # not Switchboard: Jetty's own ceiling, a relay with no JSON (relay scenarios only)
        bare-jetty) taskset -c "$SERVER_CPUS" java -cp "$JETTY_CP" dev.switchboard.it.jetty.JettyBareRelayHost $PORT > "$WORK/server.log" 2>&1 & ;;
        # Tomcat allocates its text buffer (2 bytes per character of the message limit) for every
        # connection up front: the tuned host keeps the limit at 16 KiB, above any real SDP
        tomcat) SWITCHBOARD_MAX_MESSAGE_CHARS=16384 taskset -c "$SERVER_CPUS" java -cp "$TOMCAT_CP" dev.switchboard.it.tomcat.TomcatBenchmarkHost $PORT > "$WORK/server.log" 2>&1 & ;;
        # no subshell: $! must be the server's own PID (taskset execs node)
        tutorial) PORT=$PORT HOST=127.0.0.1 taskset -c "$SERVER_CPUS" node "$WORK/seed/server.js" > "$WORK/server.log" 2>&1 & ;;
        *) echo "bench: unknown server $1" >&2; exit 1 ;;
    esac
    server_pid=$!
    for _ in $(seq 1 300); do grep -q listening "$WORK/server.log" && return 0; sleep 0.1; done
    echo "bench: $1 did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() {
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    server_pid=""
}
trap 'stop_server' EXIT

SCENARIOS=(
    "relay-candidate-10x1|--scenario relay --pairs 10 --window 1"
    "relay-candidate-100x16|--scenario relay --pairs 100 --window 16"
    "relay-candidate-1000x4|--scenario relay --pairs 1000 --window 4"
    "relay-offer-100x16|--scenario relay --pairs 100 --window 16 --payload offer"
    # the connect path is JIT-heavy (handshake, HTTP parsing): a longer warm-up before measuring
    "connect-login-c32|--scenario connect --concurrency 32 --warmup 20"
)
results="$WORK/results.txt"
: > "$results"
for repeat in $(seq 1 "$REPEATS"); do
    for server in "${SERVER_LIST[@]}"; do
        for entry in "${SCENARIOS[@]}"; do
            name=${entry%%|*}; args=${entry#*|}
            [[ $name =~ ${ONLY:-.} ]] || continue
            start_server $server
            # shellcheck disable=SC2086
            line=$(timeout 300 "${GEN[@]}" --url "$(url_of $server)" --seconds "$RUN_SECONDS" --warmup "$WARMUP" $args --server-pid "$server_pid") \
                || line="failed=true"
            stop_server
            echo "$server $name $line" | tee -a "$results" >&2
        done
    done
done
for server in "${SERVER_LIST[@]}"; do
    [[ idle-$IDLE =~ ${ONLY:-.} ]] || continue
    start_server $server
    extra=()
    if [ $server != tutorial ]; then
        extra=(--java)
        [ -n "${HISTOGRAM:-}" ] && extra+=(--histogram "$PWD/$WORK/histogram-$server.txt")
    fi
    line=$(timeout 600 "${GEN[@]}" --url "$(url_of $server)" --scenario idle --connections "$IDLE" --server-pid "$server_pid" "${extra[@]}") \
        || line="failed=true"
    stop_server
    echo "$server idle-$IDLE $line" | tee -a "$results" >&2
done

python3 bench/table.py "$results" "${SERVER_LIST[*]}"
