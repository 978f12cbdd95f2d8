#!/usr/bin/env bash
# Side-by-side benchmark: Switchboard's standalone server and the tutorial's Node server, each
# pinned to CPU 0, the load generator pinned to CPU 1, the same scenarios in the same run.
# Prints a table of medians over REPEATS runs and the ratio Switchboard/tutorial.
#
#   bench/run.sh                        (the tutorial server from ../shared/anchors/seed-node)
#   SEED_DIR=/path/to/seed-node SECONDS_PER_RUN=10 REPEATS=3 IDLE_CONNECTIONS=10000 bench/run.sh
#
# Every load loop is bounded in time; only 127.0.0.1 is used; servers are stopped by their PID.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED_DIR=${SEED_DIR:-../shared/anchors/seed-node}
RUN_SECONDS=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP_SECONDS:-3}
REPEATS=${REPEATS:-3}
IDLE=${IDLE_CONNECTIONS:-10000}
WORK=target/bench
mkdir -p "$WORK"

[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 CPUs (server on one, generator on the other)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

echo "building..." >&2
mvn -q -B -pl signaling-bench,signaling-example -am install -DskipTests
mvn -q -B -pl signaling-example dependency:build-classpath -Dmdep.outputFile="$PWD/$WORK/classpath.txt" >/dev/null
SERVER_CP="signaling-example/target/classes:$(cat "$WORK/classpath.txt")"
GEN=(taskset -c 1 java -cp signaling-bench/target/classes dev.switchboard.bench.LoadGenerator)

rm -rf "$WORK/seed" && mkdir -p "$WORK/seed"
cp "$SEED_DIR/server.js" "$SEED_DIR/package.json" "$SEED_DIR/package-lock.json" "$WORK/seed/"
(cd "$WORK/seed" && npm ci --silent --no-audit --no-fund >/dev/null)

PORT=19090
server_pid=""
start_server() { # $1 = switchboard | tutorial
    if [ "$1" = switchboard ]; then
        # the limits stay in the path; only the rate and connection caps are raised for load
        SWITCHBOARD_MESSAGES_PER_SECOND=100000000 SWITCHBOARD_MESSAGE_BURST=100000000 \
        SWITCHBOARD_MAX_CONNECTIONS=200000 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=200000 \
            taskset -c 0 java -cp "$SERVER_CP" dev.switchboard.example.SwitchboardServer \
            --host 127.0.0.1 --port $PORT > "$WORK/server.log" 2>&1 &
    else
        (cd "$WORK/seed" && PORT=$PORT HOST=127.0.0.1 exec taskset -c 0 node server.js) > "$WORK/server.log" 2>&1 &
    fi
    server_pid=$!
    for _ in $(seq 1 100); do grep -q listening "$WORK/server.log" && return 0; sleep 0.1; done
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
    "relay-offer-100x16|--scenario relay --pairs 100 --window 16 --payload offer"
    "connect-login-c32|--scenario connect --concurrency 32"
)
results="$WORK/results.txt"
: > "$results"
for repeat in $(seq 1 "$REPEATS"); do
    for server in switchboard tutorial; do
        for entry in "${SCENARIOS[@]}"; do
            name=${entry%%|*}; args=${entry#*|}
            start_server $server
            # shellcheck disable=SC2086
            line=$(timeout 300 "${GEN[@]}" --url ws://127.0.0.1:$PORT/ $args --seconds "$RUN_SECONDS" --warmup "$WARMUP" --server-pid "$server_pid")
            stop_server
            echo "$server $name $line" | tee -a "$results" >&2
        done
    done
done
for server in switchboard tutorial; do
    start_server $server
    extra=""; [ $server = switchboard ] && extra="--java"
    line=$(timeout 600 "${GEN[@]}" --url ws://127.0.0.1:$PORT/ --scenario idle --connections "$IDLE" --server-pid "$server_pid" $extra)
    stop_server
    echo "$server idle-$IDLE $line" | tee -a "$results" >&2
done

python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(sys.argv[1]):
    server, name, *pairs = line.split()
    values = dict(p.split("=", 1) for p in pairs)
    if name not in order:
        order.append(name)
    for key in ("msgs_per_s", "p50_us", "p99_us", "logins_per_s", "rss_kb_per_conn", "heap_kb_per_conn", "generator_bound"):
        if key in values and values[key] != "-":
            rows[(name, key)][server].append(values[key])
print(f"{'scenario':26} {'metric':18} {'switchboard':>12} {'tutorial':>12} {'ratio':>7}")
for name in order:
    for key in ("msgs_per_s", "p50_us", "p99_us", "logins_per_s", "rss_kb_per_conn", "heap_kb_per_conn"):
        cell = rows.get((name, key))
        if not cell:
            continue
        med = {s: statistics.median(float(v) for v in cell[s]) if cell.get(s) else None for s in ("switchboard", "tutorial")}
        ratio = f"{med['switchboard'] / med['tutorial']:.2f}" if med["switchboard"] is not None and med["tutorial"] else "-"
        fmt = lambda v: "-" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")
        print(f"{name:26} {key:18} {fmt(med['switchboard']):>12} {fmt(med['tutorial']):>12} {ratio:>7}")
    bound = [v for s in ("switchboard", "tutorial") for v in rows.get((name, "generator_bound"), {}).get(s, [])]
    if "true" in bound:
        print(f"{'':26} (generator-bound in some runs: those numbers measure the generator)")
PY
