#!/usr/bin/env bash
# What a cluster costs: the same relay and login scenarios against
#   single      one standalone node, in-memory names (the one-node baseline)
#   same-node   one node on Redis, both users of every pair on it (names in Redis, relays local)
#   cross-node  two nodes on Redis, the users of every pair on different nodes (every relay
#               goes through Redis pub/sub)
#   tutorial    the tutorial's Node server, the anchor of every ratio
# Switchboard's nodes (both of them, for cross-node) run on CPU 0; Redis and the load generator
# on CPU 1. server_cpu is the CPU the nodes and Redis used together, in cores. Prints medians over
# REPEATS runs and each configuration's ratio to the tutorial server; then the heap each node's
# directory takes per name held elsewhere, and what a node holding N names spends putting them
# back when Redis comes back empty (ONLY=directory runs just these two).
#
#   bench/cluster.sh
#   SERVERS="single cross-node tutorial" SECONDS_PER_RUN=10 REPEATS=3 ONLY=candidate bench/cluster.sh
#
# Every load loop is bounded in time; only 127.0.0.1 is used; servers are stopped by their PID.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED_DIR=${SEED_DIR:-../shared/anchors/seed-node}
RUN_SECONDS=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP_SECONDS:-15} # two JVMs share CPU 0 in cross-node: their JIT needs longer
REPEATS=${REPEATS:-3}
read -r -a SERVER_LIST <<< "${SERVERS:-single same-node cross-node tutorial}"
WORK=target/bench-cluster
mkdir -p "$WORK"

[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 CPUs" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "bench: needs redis-server (apt-get install redis-server)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

echo "building..." >&2
mvn -q -B -pl signaling-bench,signaling-example -am install -DskipTests
mvn -q -B -pl signaling-example dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$WORK/cp.txt" >/dev/null
SERVER_CP="signaling-example/target/classes:$(cat "$WORK/cp.txt")"
mvn -q -B -pl signaling-bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$WORK/cp-bench.txt" >/dev/null
BENCH_CP="signaling-bench/target/classes:$(cat "$WORK/cp-bench.txt")"
GEN=(taskset -c 1 java -cp signaling-bench/target/classes dev.switchboard.bench.LoadGenerator)

rm -rf "$WORK/seed" && mkdir -p "$WORK/seed"
cp "$SEED_DIR/server.js" "$SEED_DIR/package.json" "$SEED_DIR/package-lock.json" "$WORK/seed/"
(cd "$WORK/seed" && npm ci --silent --no-audit --no-fund >/dev/null)

PORT_A=19190
PORT_B=19191
REDIS_PORT=19379
pids=()
await_line() { # $1 = log file
    for _ in $(seq 1 300); do grep -q listening "$1" && return 0; sleep 0.1; done
    echo "bench: a server did not start" >&2; cat "$1" >&2; exit 1
}
start_node() { # $1 = port, $2 = log; with REDIS set, a node of the cluster
    # env execs taskset, which execs java: $! is the node's own PID
    env SWITCHBOARD_MESSAGES_PER_SECOND=100000000 SWITCHBOARD_MESSAGE_BURST=100000000 \
        SWITCHBOARD_MAX_CONNECTIONS=200000 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=200000 \
        ${REDIS:+SWITCHBOARD_REDIS_URI=$REDIS} \
        taskset -c 0 java -cp "$SERVER_CP" dev.switchboard.example.SwitchboardServer --host 127.0.0.1 --port "$1" > "$2" 2>&1 &
    pids+=($!)
    await_line "$2"
}
start() { # $1 = configuration; sets URL, URL2
    pids=()
    URL="ws://127.0.0.1:$PORT_A/"; URL2=$URL
    REDIS=""
    case $1 in
        single) start_node $PORT_A "$WORK/a.log" ;;
        same-node|cross-node)
            taskset -c 1 redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no --dir "$PWD/$WORK" \
                > "$WORK/redis.log" 2>&1 &
            pids+=($!)
            for _ in $(seq 1 100); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.05; done
            REDIS="redis://127.0.0.1:$REDIS_PORT"
            start_node $PORT_A "$WORK/a.log"
            if [ "$1" = cross-node ]; then start_node $PORT_B "$WORK/b.log"; URL2="ws://127.0.0.1:$PORT_B/"; fi ;;
        tutorial)
            PORT=$PORT_A HOST=127.0.0.1 taskset -c 0 node "$WORK/seed/server.js" > "$WORK/a.log" 2>&1 &
            pids+=($!)
            await_line "$WORK/a.log" ;;
        *) echo "bench: unknown configuration $1" >&2; exit 1 ;;
    esac
}
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    pids=()
}
trap 'stop' EXIT

SCENARIOS=(
    "relay-candidate-10x1|--scenario relay --pairs 10 --window 1"
    "relay-candidate-100x16|--scenario relay --pairs 100 --window 16"
    "relay-offer-100x16|--scenario relay --pairs 100 --window 16 --payload offer"
    "connect-login-c32|--scenario connect --concurrency 32 --warmup 20"
)
results="$WORK/results.txt"
: > "$results"
for repeat in $(seq 1 "$REPEATS"); do
    for config in "${SERVER_LIST[@]}"; do
        for entry in "${SCENARIOS[@]}"; do
            name=${entry%%|*}; args=${entry#*|}
            [[ $name =~ ${ONLY:-.} ]] || continue
            start "$config"
            url2=()
            [[ $name == relay-* ]] && url2=(--url2 "$URL2")
            all_pids=$(IFS=,; echo "${pids[*]}")
            # shellcheck disable=SC2086
            line=$(timeout 300 "${GEN[@]}" --url "$URL" "${url2[@]}" --seconds "$RUN_SECONDS" --warmup "$WARMUP" $args \
                --server-pid "$all_pids") || line="failed=true"
            stop
            echo "$config $name $line" | tee -a "$results" >&2
        done
    done
done

python3 bench/table.py "$results" "${SERVER_LIST[*]}"

# What the directory costs each node: the live heap per name held on another node
if [[ directory =~ ${ONLY:-.} ]]; then
    taskset -c 1 redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no --dir "$PWD/$WORK" > "$WORK/redis.log" 2>&1 &
    pids=($!)
    for _ in $(seq 1 100); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.05; done
    for names in 100000 500000; do
        # the serial collector's heap after a full collection is exact enough to divide by N
        taskset -c 0 java -XX:+UseSerialGC -cp "$BENCH_CP" dev.switchboard.bench.DirectoryFootprint "redis://127.0.0.1:$REDIS_PORT" $names
    done
    # What a Redis that comes back empty costs a node with N names: it claims them all again
    for names in 100000 500000; do
        for _ in $(seq 1 "$REPEATS"); do
            taskset -c 0 java -cp "$BENCH_CP" dev.switchboard.bench.ReconcileCost "redis://127.0.0.1:$REDIS_PORT" $names
        done
    done
    stop
fi
