#!/usr/bin/env bash
# The cluster-change commands of the admin command line, as docs/admin.md shows them: starts 3 nodes
# from the built jar (64 partitions, scheduled repair off) on PORT.. (18490) and a fourth with the
# same seeds, writes 300 keys, then runs: commit with nothing staged, join node4, plan, commit, plan
# again (a transition under way), operations at node4 and the ring after WAIT seconds (20), a leave
# and clear. Prints each command, its output and its exit code. Needs curl. Wrap it in
# `flock /tmp/ringkv-bench.lock` on a shared machine.
set -uo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18490}"; WAIT="${WAIT:-20}"
export RINGKV_JAR="${RINGKV_JAR:-$(ls target/ringkv-*.jar | grep -v original | head -n 1)}"
export RINGKV_NODE="localhost:$PORT"
data="$(mktemp -d)"
seeds="localhost:$PORT,localhost:$((PORT + 1)),localhost:$((PORT + 2))"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$data"' EXIT
for i in 1 2 3 4; do
    port=$((PORT + i - 1))
    java -Xmx256m -XX:+UseSerialGC -jar "$RINGKV_JAR" --server.port="$port" --ringkv.node-id="node$i" \
        --ringkv.data-dir="$data/node$i" --ringkv.seeds="$seeds" --ringkv.cluster.advertised-address="localhost:$port" \
        --ringkv.ring.partitions=64 --ringkv.repair.enabled=false >"$data/node$i.log" 2>&1 &
    pids+=("$!")
done
for i in 0 1 2 3; do
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null "http://localhost:$((PORT + i))/actuator/health/readiness" 2>/dev/null && break
        sleep 0.5
    done
done
sleep 3
run() { echo "\$ ringkv-admin $*"; bin/ringkv-admin "$@" 2>&1; echo "[exit $?]"; echo; }
for i in $(seq 1 300); do curl -s -o /dev/null -X PUT --data "v$i" "localhost:$PORT/v1/buckets/users/keys/user$i"; done

run commit
run join node4
run plan
run commit
run plan
sleep "$WAIT"
run operations --node "localhost:$((PORT + 3))"
run ring
run leave node2
run clear
