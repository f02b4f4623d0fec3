#!/usr/bin/env bash
# The time to join a fourth node to three that hold DATA_MB (1024) of values, and the streaming rate
# on loopback. Starts 3 nodes from the built jar on PORT.. (18580), writes DATA_MB megabytes through
# the client API (VALUE_KB (64) values, w=all, curl in parallel), starts node4, stages its join,
# shows the plan and commits it (bin/ringkv-admin join/plan/commit), then polls every node's ring
# until all four hold the claimant's last ring of the transition (the commit's version, one more per
# transfer marked done, one to finish) with node4 a member: that wait is the join time.
# Prints the transfers' estimated bytes, the bytes node4 received, the time, the rate (bytes received
# / join time) and node4's transfer operations as it lists them. Extra node settings in NODE_ARGS (e.g. a transfer rate
# limit); MAX_WAIT (1800) bounds the wait for the stable ring, in seconds. Needs curl, jq and bc.
# Wrap it in `flock /tmp/ringkv-bench.lock` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18580}"; DATA_MB="${DATA_MB:-1024}"; VALUE_KB="${VALUE_KB:-64}"; PARTITIONS="${PARTITIONS:-64}"
NODE_ARGS="${NODE_ARGS:-}"; MAX_WAIT="${MAX_WAIT:-1800}"; export PORT
export RINGKV_JAR="${RINGKV_JAR:-$(ls target/ringkv-*.jar | grep -v original | head -n 1)}"
export RINGKV_NODE="localhost:$PORT"
data="$(mktemp -d "${TMPDIR:-/tmp}/ringkv-join.XXXXXX")"
seeds="localhost:$PORT,localhost:$((PORT + 1)),localhost:$((PORT + 2))"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$data"' EXIT

launch() { # id port
    # shellcheck disable=SC2086
    java -Xmx512m -XX:+UseSerialGC -jar "$RINGKV_JAR" --server.port="$2" --ringkv.node-id="$1" \
        --ringkv.data-dir="$data/$1" --ringkv.seeds="$seeds" --ringkv.cluster.advertised-address="localhost:$2" \
        --ringkv.ring.partitions="$PARTITIONS" --ringkv.repair.enabled=false --logging.level.root=warn \
        $NODE_ARGS >"$data/$1.log" 2>&1 &
    pids+=("$!")
}
ready() { # port
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null "http://localhost:$1/actuator/health/readiness" 2>/dev/null && return 0
        sleep 0.5
    done
    echo "the node on port $1 is not ready after 300 s" >&2
    exit 1
}
# a node is ready once it has heard from every seed: start the three, then wait for them
for i in 1 2 3; do launch "node$i" $((PORT + i - 1)); done
for i in 1 2 3; do ready $((PORT + i - 1)); done
sleep 3

echo "# $(java -version 2>&1 | head -n 1); $(nproc) cores; $PARTITIONS partitions; ${DATA_MB} MB of ${VALUE_KB} kB values"
head -c $((VALUE_KB * 1024)) /dev/urandom >"$data/value"
count=$((DATA_MB * 1024 / VALUE_KB))
loaded=$(date +%s.%N)
seq 1 "$count" | xargs -P 6 -n 200 sh -c '
    args=""; for k in "$@"; do args="$args -T '"$data"'/value http://localhost:$((PORT + k % 3))/v1/buckets/join/keys/k$k?w=all"; done
    curl -sf -o /dev/null -H "Content-Type: application/octet-stream" $args' _ 
echo "load: $count values in $(echo "$(date +%s.%N) - $loaded" | bc) s"
for i in 1 2 3; do
    echo "node$i data: $(du -sm "$data/node$i" | cut -f1) MB on disk"
done

launch node4 $((PORT + 3))
ready $((PORT + 3))
until bin/ringkv-admin members --json 2>/dev/null | jq -e '.members[] | select(.id == "node4" and .status == "UP")' >/dev/null; do
    sleep 0.5
done
bin/ringkv-admin join node4
bin/ringkv-admin plan
plan="$(bin/ringkv-admin plan --json)"
base="$(jq -r .baseVersion <<<"$plan")"
bytes="$(jq '[.transfers[].estimatedBytes] | add' <<<"$plan")"
began=$(date +%s.%N)
bin/ringkv-admin commit --plan "$(jq -r .id <<<"$plan")"
transfers="$(jq '.transfers | length' <<<"$plan")"
# the claimant's last ring of the transition: the commit (base + 1), one version per transfer marked
# done, one to finish it; every node must hold it
final=$((base + 1 + transfers + 1))
stable() {
    for i in 0 1 2 3; do
        curl -fsS "http://localhost:$((PORT + i))/v1/cluster/ring" 2>/dev/null | jq -e --argjson final "$final" \
            '(.version >= $final) and ([.members[].id] | index("node4") != null)' >/dev/null || return 1
    done
}
until stable; do
    if (($(echo "$(date +%s.%N) - $began > $MAX_WAIT" | bc))); then
        echo "no stable ring with node4 within $MAX_WAIT s of the commit" >&2
        bin/ringkv-admin operations --node "localhost:$((PORT + 3))"
        exit 1
    fi
    sleep 0.2
done
took="$(echo "$(date +%s.%N) - $began" | bc)"
echo "join: ring stable on all 4 nodes ${took} s after the commit"
received="$(curl -fsS "http://localhost:$((PORT + 3))/v1/admin/operations" \
    | jq '[.operations[] | select(.kind == "transfer") | .bytesReceived] | add')"
echo "transfers: ${bytes} bytes estimated by the plan, ${received} received by node4;" \
    "rate $(echo "scale=1; $received / $took / 1000000" | bc) MB/s received over the join time"
echo "node4 data: $(du -sm "$data/node4" | cut -f1) MB on disk"
bin/ringkv-admin operations --node "localhost:$((PORT + 3))"
