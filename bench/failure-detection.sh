#!/usr/bin/env bash
# How long a local cluster takes to see a killed node DOWN. Starts NODES (3) nodes from the built
# jar with the default gossip settings (1 s interval, phi threshold 8), then RUNS (5) times: kills
# the last node with SIGKILL, measures until every other node reports it DOWN at
# /v1/cluster/members (polled every 100 ms), restarts it on its data directory and waits until all
# see it UP again; SETTLE (5) seconds pass before the next kill. Prints each time, the median and
# the maximum. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"; NODES="${NODES:-3}"; RUNS="${RUNS:-5}"; PORT="${PORT:-18500}"; SETTLE="${SETTLE:-5}"
jar="$(ls target/ringkv-*.jar | grep -v original | head -n 1)"
data="$(mktemp -d)"
declare -a pids
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$data"' EXIT

seeds=""
for ((i = 0; i < NODES; i++)); do seeds+="${seeds:+,}localhost:$((PORT + i))"; done
start() {
    "$JAVA" -Xms256m -Xmx512m -jar "$jar" --server.port=$((PORT + $1)) --ringkv.node-id="d$1" \
        --ringkv.data-dir="$data/d$1" --ringkv.seeds="$seeds" \
        --ringkv.cluster.advertised-address="localhost:$((PORT + $1))" > "$data/d$1.log" 2>&1 &
    pids[$1]=$!
}
status_at() { # status of node $2 as node $1 sees it
    curl -sf "localhost:$((PORT + $1))/v1/cluster/members" 2>/dev/null | python3 -c "
import json, sys
members = {m['id']: m['status'] for m in json.load(sys.stdin)['members']}
print(members.get('$2', 'UNKNOWN'))" 2>/dev/null || echo UNREACHABLE
}
all_see() { # all_see <victim> <status>
    for ((o = 0; o < NODES - 1; o++)); do
        [[ "$(status_at "$o" "d$1")" == "$2" ]] || return 1
    done
}
now_ms() { date +%s%3N; }

for ((i = 0; i < NODES; i++)); do start "$i"; done
victim=$((NODES - 1))
until all_see "$victim" UP; do sleep 0.2; done
echo "# $("$JAVA" -version 2>&1 | head -n 1); $NODES nodes, gossip every 1 s, phi threshold 8, ${SETTLE} s between a restart and the next kill"
times=()
for ((run = 1; run <= RUNS; run++)); do
    sleep "$SETTLE" # seconds for the detectors to learn the restarted node's rhythm
    kill -9 "${pids[$victim]}"
    t0=$(now_ms)
    until all_see "$victim" DOWN; do sleep 0.1; done
    t=$(( $(now_ms) - t0 ))
    times+=("$t")
    echo "run $run: ${t} ms until every other node saw d$victim DOWN"
    start "$victim"
    until all_see "$victim" UP; do sleep 0.2; done
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median $(( sorted[RUNS / 2] )) ms, max $(( sorted[RUNS - 1] )) ms over $RUNS runs"
