#!/usr/bin/env bash
# Where the nodes' CPU goes, by thread: starts NODES (3) nodes from the built jar, loads one key,
# warms up with wrk on a GET of it for WARMUP seconds, then measures DURATION seconds of the same
# load and prints requests/s, the nodes' CPU per request (utime+stime from /proc) and that CPU split
# by thread group (OkHttp dispatcher, virtual thread carriers, Tomcat's poller, JIT compilers, GC,
# ...) from /proc/<pid>/task/*/stat. wrk (Debian) drives node 1 only, so node 1 coordinates.
# Environment: NODES (3), WARMUP (90), DURATION (15), CONNECTIONS (16), R (2, the read quorum),
# PATH_TO_GET (a path instead of the key read), NODE_ARGS (more node arguments), JAVA, PORT (18700).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/ringkv-jvm-options
if [[ -z "${JAVA:-}" ]]; then
    jdk="$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -n 1 || true)"
    JAVA="${jdk:+$jdk/bin/java}"
    JAVA="${JAVA:-java}"
fi
NODES="${NODES:-3}"; WARMUP="${WARMUP:-90}"; DURATION="${DURATION:-15}"; CONNECTIONS="${CONNECTIONS:-16}"
R="${R:-2}"; PORT="${PORT:-18700}"
command -v wrk > /dev/null || { apt-get update -qq > /dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null; }
jar="$(ls target/ringkv-*.jar | grep -v original | head -n 1)"
data="$(pwd)/target/cpu-by-thread"
rm -rf "$data"; mkdir -p "$data"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

seeds=""
if ((NODES > 1)); then
    for ((i = 0; i < NODES; i++)); do seeds+="${seeds:+,}localhost:$((PORT + i))"; done
fi
for ((i = 0; i < NODES; i++)); do
    # shellcheck disable=SC2086
    "$JAVA" $RINGKV_JVM_OPTS -jar "$jar" --server.port=$((PORT + i)) --ringkv.node-id="n$i" \
        --ringkv.data-dir="$data/n$i" --ringkv.seeds="$seeds" --ringkv.cluster.advertised-address="localhost:$((PORT + i))" \
        --logging.level.root=warn ${NODE_ARGS:-} > "$data/n$i.log" 2>&1 &
    pids+=("$!")
done
for ((i = 0; i < NODES; i++)); do
    until curl -sf -o /dev/null "localhost:$((PORT + i))/actuator/health/readiness"; do sleep 0.5; done
done
curl -sf -X PUT -H 'Content-Type: application/json' --data '{"conflictResolution":"lww"}' \
    "localhost:$PORT/v1/buckets/load/props" > /dev/null
curl -sf -X PUT --data 'a small value' "localhost:$PORT/v1/buckets/load/keys/k1?w=all" > /dev/null
url="http://localhost:$PORT${PATH_TO_GET:-/v1/buckets/load/keys/k1?r=$R}"

# every thread of every node: group (its name without numbers) utime stime; the name is between
# the parentheses of /proc/.../stat and may hold spaces, so the fields are counted after it
snapshot() {
    for p in "${pids[@]}"; do
        for t in /proc/"$p"/task/*; do
            stat="$(cat "$t/stat" 2>/dev/null)" || continue
            name="${stat#*(}"; name="${name%)*}"
            rest="${stat##*) }"
            set -- $rest
            echo "$(echo "$name" | sed 's/[0-9#-]*$//; s/-[0-9]*-/-/g; s/ /_/g') ${12} ${13}"
        done
    done | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}

echo "cpu-by-thread.sh: $NODES nodes, warm-up ${WARMUP}s of GET $url" >&2
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$url" > /dev/null
snapshot > "$data/before"
out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$url")"
snapshot > "$data/after"
hz="$(getconf CLK_TCK)"
reqs="$(echo "$out" | awk '/requests in/ {print $1}')"
echo "# $("$JAVA" -version 2>&1 | head -n 1); $NODES nodes; JVM options: $RINGKV_JVM_OPTS${NODE_ARGS:+; node arguments: $NODE_ARGS}; $(nproc) cores"
echo "# GET $url, wrk $CONNECTIONS connections, ${WARMUP}s warm-up, ${DURATION}s measured: $(echo "$out" | awk '/Requests\/sec/ {print $2}') requests/s, $(echo "$out" | grep -c 'Non-2xx' || true) lines of non-2xx"
join "$data/before" "$data/after" | awk -v hz="$hz" -v reqs="$reqs" '
    { du = $4 - $2; ds = $5 - $3; if (du + ds > 0) { name[++n] = $1; u[n] = du; s[n] = ds; total += du + ds } }
    END {
        printf "server CPU per request (all nodes): %.0f us\n\n", total / hz * 1e6 / reqs
        print "| thread group | user s | system s | share of the nodes'"'"' CPU |"
        print "|---|---:|---:|---:|"
        for (i = 1; i <= n; i++) if ((u[i] + s[i]) * 100 / total >= 0.5)
            printf "%012.4f| %s | %.2f | %.2f | %.0f %% |\n", (u[i] + s[i]) / total, name[i], u[i] / hz, s[i] / hz, (u[i] + s[i]) * 100 / total | "sort -r | cut -d\"|\" -f2- | sed \"s/^/|/\""
    }'
