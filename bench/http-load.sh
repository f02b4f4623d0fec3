#!/usr/bin/env bash
# A simple local load on one node over HTTP, with wrk (Debian: apt-get install wrk).
# Starts the node from target/ringkv-*.jar on a fresh data dir, makes bucket "load" last-write-wins
# (random blind writes to the same keys would otherwise pile up siblings), then runs:
#   put: 100-byte values to random keys of $KEYS, $CONNECTIONS connections, $DURATION
#   get: the same keys (all written by a preload pass first; non-2xx answers are reported by wrk)
# Environment: NODES (1; with more, a local cluster whose first node takes the load and
# coordinates), JAVA (java binary), SYNC (commit log policy, default always), KEYS (50000),
# CONNECTIONS (16), THREADS (2), DURATION (30s), PRELOAD (20s), PORT (18181).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/ringkv-jvm-options
JAVA="${JAVA:-java}"; SYNC="${SYNC:-always}"; export KEYS="${KEYS:-50000}"
CONNECTIONS="${CONNECTIONS:-16}"; THREADS="${THREADS:-2}"; DURATION="${DURATION:-30s}"; PORT="${PORT:-18181}"
NODES="${NODES:-1}"
jar="$(ls target/ringkv-*.jar | grep -v original | head -n 1)"
data="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$data"' EXIT

seeds=""
if ((NODES > 1)); then
    for ((i = 0; i < NODES; i++)); do seeds+="${seeds:+,}localhost:$((PORT + i))"; done
fi
for ((i = 0; i < NODES; i++)); do
    # shellcheck disable=SC2086
    "$JAVA" $RINGKV_JVM_OPTS -jar "$jar" --server.port=$((PORT + i)) --ringkv.node-id="load$i" \
        --ringkv.data-dir="$data/node$i" --ringkv.seeds="$seeds" --ringkv.cluster.advertised-address="localhost:$((PORT + i))" \
        --ringkv.commitlog.sync="$SYNC" --logging.level.root=warn > "$data/node$i.log" 2>&1 &
    pids+=("$!")
done
for ((i = 0; i < NODES; i++)); do
    for _ in $(seq 1 240); do
        curl -sf "localhost:$((PORT + i))/actuator/health/readiness" > /dev/null && break
        sleep 0.5
    done
done
curl -sf -X PUT -H 'Content-Type: application/json' --data '{"conflictResolution":"lww"}' \
    "localhost:$PORT/v1/buckets/load/props" > /dev/null

echo "# $("$JAVA" -version 2>&1 | head -n 1); nodes=$NODES sync=$SYNC keys=$KEYS connections=$CONNECTIONS threads=$THREADS duration=$DURATION; $(nproc) cores"
# preload: every key written at least once (one wrk thread walks the keys in order), so reads find them
preload="$(wrk -t1 -c8 -d"${PRELOAD:-20s}" -s bench/wrk/preload.lua "http://localhost:$PORT" | grep '^preload:')"
echo "# $preload"
if [[ "$preload" != "preload: $KEYS of $KEYS keys written" ]]; then
    echo "the preload did not write every key; give it longer (PRELOAD=...)" >&2
    exit 1
fi
echo "## put"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/put.lua "http://localhost:$PORT"
echo "## get"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/get.lua "http://localhost:$PORT"
if ((NODES > 1)); then
    echo "## failure detector during the run (suspicions and DOWN verdicts each node reached; none is a node that failed)"
    for ((i = 0; i < NODES; i++)); do
        echo "load$i: $(curl -sf "localhost:$((PORT + i))/actuator/prometheus" | grep '^ringkv_gossip_transitions_total' | tr '\n' ' ')"
    done
fi
