#!/usr/bin/env bash
# The admin command line against a local cluster, as docs/admin.md shows it: starts 3 nodes from the
# built jar (64 partitions, scheduled repair off) on PORT.. (18480), writes 300 keys, users/alice and
# two concurrent versions of carts/c1 (at two nodes), times `bin/ringkv-admin status` and
# `--version` (5 runs each), runs every command, then kills the third node (SIGKILL) and runs
# status, describe-key and a repair again. Prints each command, its output and its exit code. Needs
# curl and GNU time (/usr/bin/time). Wrap it in `flock /tmp/ringkv-bench.lock` on a shared machine.
set -uo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18480}"
export RINGKV_JAR="${RINGKV_JAR:-$(ls target/ringkv-*.jar | grep -v original | head -n 1)}"
export RINGKV_NODE="localhost:$PORT"
data="$(mktemp -d)"
seeds="localhost:$PORT,localhost:$((PORT + 1)),localhost:$((PORT + 2))"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$data"' EXIT
for i in 1 2 3; do
    port=$((PORT + i - 1))
    java -Xmx256m -XX:+UseSerialGC -jar "$RINGKV_JAR" --server.port="$port" --ringkv.node-id="node$i" \
        --ringkv.data-dir="$data/node$i" --ringkv.seeds="$seeds" --ringkv.cluster.advertised-address="localhost:$port" \
        --ringkv.ring.partitions=64 --ringkv.repair.enabled=false >"$data/node$i.log" 2>&1 &
    pids+=("$!")
done
for i in 0 1 2; do
    until curl -fsS -o /dev/null "http://localhost:$((PORT + i))/actuator/health/readiness" 2>/dev/null; do sleep 0.5; done
done
sleep 3
run() { echo "\$ ringkv-admin $*"; bin/ringkv-admin "$@" 2>&1; echo "[exit $?]"; echo; }
for i in $(seq 1 300); do curl -s -o /dev/null -X PUT --data "v$i" "localhost:$PORT/v1/buckets/users/keys/user$i"; done
curl -s -X PUT -H 'Content-Type: application/json' --data '{"name":"Alice"}' "localhost:$PORT/v1/buckets/users/keys/alice"
curl -s -X PUT -H 'Content-Type: text/plain' --data 'apples' "localhost:$PORT/v1/buckets/carts/keys/c1"
curl -s -X PUT -H 'Content-Type: text/plain' --data 'pears' "localhost:$((PORT + 1))/v1/buckets/carts/keys/c1"

echo "== start time: bin/ringkv-admin status (5 runs), then --version (5 runs, no HTTP)"
for i in 1 2 3 4 5; do /usr/bin/time -f "status %e s" bin/ringkv-admin status >/dev/null; done 2>&1
for i in 1 2 3 4 5; do /usr/bin/time -f "version %e s" bin/ringkv-admin --version >/dev/null; done 2>&1
echo
run status
run status --json
run members
run ring
run describe-key users alice
run describe-key carts c1
run repair --wait --interval 200ms
run operations
kill -9 "${pids[2]}"
sleep 15
run status
run status --json
run describe-key users alice
run describe-key users alice --json
run repair --bucket users --wait --interval 200ms
run operations repair-0
run members --node "localhost:$((PORT + 2))"
run describe-key users
