#!/usr/bin/env bash
# YCSB 0.17 core workloads against, in one run and on this machine:
#   floor    nginx answering every GET with a fixed 1 KB JSON record and every PUT with 204, through
#            the same REST binding: what any HTTP/JSON store could at best reach with this client
#   redis    Redis with appendonly yes, appendfsync always, through Jedis
#   ringkv1  one ringkv node, bucket "usertable" last-write-wins, sync=always
#   ringkv3  three ringkv nodes (n=3, r=2, w=2), clients spread over the three
#   ringkv3c the same three nodes, driven by the ring-aware client (client/): each request goes to the
#            first serving node of the key's preference list, which coordinates it as a replica
#   ringkv5, ringkv5c  the same two ways on five nodes (n=3, r=2, w=2), where two nodes of five do
#            not hold a given key, so a ring-unaware client's request often takes one more hop
#   ringkv3s, ringkv5s  as ringkv3c and ringkv5c, the client taking the key's serving replicas in
#            turn (PREFERENCE_SPREAD) instead of the first
# For each: load RECORDS records (LOAD_THREADS threads), an untimed warm-up of workload A for
# WARMUP seconds, then each of WORKLOADS for RUN seconds with THREADS client threads. On ringkv1 a
# last run reads GET /ping (a fixed answer through the same server stack) for the no-op CPU floor.
# Server CPU per operation is the server processes' own CPU time (utime+stime from /proc) over the
# run, divided by its operations: the client's CPU is not in it.
# Prints one Markdown table and writes it to bench-results/ycsb-<date>.md.
#
# Environment: JAVA (JDK for the client and the nodes; default the newest under /usr/lib/jvm),
# RECORDS (20000), THREADS (16), LOAD_THREADS (8), WARMUP (90), RUN (20), WORKLOADS ("a b c f"),
# TARGETS ("floor redis ringkv1 ringkv3"; also ringkv3c, ringkv3s, ringkv5, ringkv5c, ringkv5s), SYNC (always), PORT (18400), RINGKV_JVM_OPTS (see
# bin/ringkv-jvm-options), NODE_ARGS (more arguments for every ringkv node, e.g.
# --ringkv.cluster.virtual-thread-calls=false), PROFILE (when set, each ringkv node records a JFR profile of each
# workload into target/ycsb/<target>-<workload>-<pid>.jfr; read it with bench/jfr-owners.sh). Installs nginx and redis-server from Debian when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/ringkv-jvm-options

newest_jdk() { ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -n 1 || true; }
if [[ -z "${JAVA:-}" ]]; then
    jdk="$(newest_jdk)"
    JAVA="${jdk:+$jdk/bin/java}"
    JAVA="${JAVA:-java}"
fi
RECORDS="${RECORDS:-20000}"; THREADS="${THREADS:-16}"; LOAD_THREADS="${LOAD_THREADS:-8}"
WARMUP="${WARMUP:-90}"; RUN="${RUN:-20}"; WORKLOADS="${WORKLOADS:-a b c f}"
TARGETS="${TARGETS:-floor redis ringkv1 ringkv3}"; SYNC="${SYNC:-always}"; PORT="${PORT:-18400}"

need() {
    if ! command -v "$1" > /dev/null; then
        echo "ycsb.sh: installing $2 from Debian..." >&2
        apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null
    fi
}
need nginx nginx-light
need redis-server redis-server

jar="$(ls target/ringkv-*.jar 2>/dev/null | grep -v original | head -n 1 || true)"
if [[ -z "$jar" ]] || [[ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]]; then
    echo "ycsb.sh: building the ringkv jar..." >&2
    ./mvnw -q -B -ntp -DskipTests package
    jar="$(ls target/ringkv-*.jar | grep -v original | head -n 1)"
fi
echo "ycsb.sh: building the client library and the YCSB bindings..." >&2
./mvnw -q -B -ntp -f client/pom.xml -DskipTests install
./mvnw -q -B -ntp -f bench/ycsb/pom.xml package
cp="bench/ycsb/target/ringkv-ycsb-0.1.0-SNAPSHOT.jar:bench/ycsb/target/lib/*"

work="$(pwd)/target/ycsb"
rm -rf "$work"; mkdir -p "$work" bench-results
pids=()
stop_servers() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
}
trap stop_servers EXIT

cpu_ticks() { # summed utime+stime of the server processes, in clock ticks
    local t=0 p
    for p in "${pids[@]}"; do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$t"
}

wait_http() {
    for _ in $(seq 1 240); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.5
    done
    echo "ycsb.sh: $1 did not answer" >&2
    return 1
}

start_floor() {
    local dir="$work/nginx" field record=""
    mkdir -p "$dir"
    field="$(printf 'x%.0s' $(seq 1 100))"
    for i in $(seq 0 9); do record+="${record:+,}\"field$i\":\"$field\""; done
    cat > "$dir/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    default_type application/json;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            if (\$request_method = GET) { return 200 '{$record}'; }
            return 204;
        }
    }
}
EOF
    nginx -c "$dir/nginx.conf" -p "$dir" &
    pids+=("$!")
    wait_http "http://127.0.0.1:$PORT/v1/buckets/usertable/keys/x"
    # nginx's workers are its children: count them too
    sleep 0.5
    pids+=($(pgrep -P "${pids[0]}"))
    db="io.ringkv.ycsb.RingkvRestDb"; dbprops=(-p "ringkv.hosts=127.0.0.1:$PORT")
}

start_redis() {
    mkdir -p "$work/redis"
    redis-server --port "$PORT" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --appendfsync always \
        --save "" --daemonize no --protected-mode no --logfile "$work/redis/redis.log" &
    pids+=("$!")
    for _ in $(seq 1 100); do redis-cli -p "$PORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
    db="io.ringkv.ycsb.RedisDb"; dbprops=(-p "redis.host=127.0.0.1" -p "redis.port=$PORT")
}

start_ringkv() { # nodes [name (data and log files; ringkv<nodes>)]
    local nodes="$1" name="${2:-ringkv$1}" seeds="" hosts="" i port
    if ((nodes > 1)); then
        for ((i = 0; i < nodes; i++)); do seeds+="${seeds:+,}localhost:$((PORT + i))"; done
    fi
    for ((i = 0; i < nodes; i++)); do
        port=$((PORT + i))
        hosts+="${hosts:+,}localhost:$port"
        # shellcheck disable=SC2086
        "$JAVA" $RINGKV_JVM_OPTS -jar "$jar" --server.port="$port" --ringkv.node-id="node$i" \
            --ringkv.data-dir="$work/$name/node$i" --ringkv.seeds="$seeds" \
            --ringkv.cluster.advertised-address="localhost:$port" --ringkv.commitlog.sync="$SYNC" \
            --logging.level.root=warn ${NODE_ARGS:-} > "$work/$name-node$i.log" 2>&1 &
        pids+=("$!")
    done
    for ((i = 0; i < nodes; i++)); do wait_http "http://localhost:$((PORT + i))/actuator/health/readiness"; done
    curl -sf -X PUT -H 'Content-Type: application/json' --data '{"conflictResolution":"lww"}' \
        "localhost:$PORT/v1/buckets/usertable/props" > /dev/null
    db="io.ringkv.ycsb.RingkvRestDb"; dbprops=(-p "ringkv.hosts=$hosts")
    if ((nodes > 1)); then dbprops+=(-p ringkv.r=2 -p ringkv.w=2); fi
}

ycsb() { # phase workload threads seconds out [extra -p ...]
    local phase="$1" workload="$2" threads="$3" seconds="$4" out="$5"
    shift 5
    "$JAVA" -cp "$cp" site.ycsb.Client "$phase" -db "$db" -P "bench/ycsb/workloads/workload$workload" \
        -threads "$threads" -p recordcount="$RECORDS" -p operationcount="${ops:-1000000000}" \
        -p maxexecutiontime="$seconds" -p measurementtype=hdrhistogram \
        -p hdrhistogram.percentiles=50,95,99,99.9 "${dbprops[@]}" "$@" > "$out" 2> "$out.err"
}

results="$work/results.tsv"
: > "$results"
record() { # target workload out ticks
    local target="$1" workload="$2" out="$3" ticks="$4"
    awk -F', ' -v t="$target" -v w="$workload" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" '
        $1 == "[OVERALL]" && $2 == "Throughput(ops/sec)" { tput = $3 }
        $1 ~ /^\[(READ|UPDATE|INSERT|READ-MODIFY-WRITE)\]$/ && $2 == "Operations" { ops[$1] = $3; total += ($1 == "[READ-MODIFY-WRITE]" ? 0 : $3) }
        $1 ~ /-FAILED\]$/ && $2 == "Operations" { failed += $3 }
        $2 ~ /PercentileLatency\(us\)$/ { p = $2; sub(/(th)?PercentileLatency\(us\)$/, "", p); lat[$1, p] = $3 }
        END {
            r = "[READ]"; wr = ("[READ-MODIFY-WRITE]" in ops) ? "[READ-MODIFY-WRITE]" : (("[UPDATE]" in ops) ? "[UPDATE]" : "[INSERT]")
            cpu = total > 0 ? ticks / hz * 1e6 / total : 0
            printf "%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%d\n", t, w, tput,
                lat[r, "50"], lat[r, "95"], lat[r, "99"], lat[r, "99.9"],
                lat[wr, "50"], lat[wr, "95"], lat[wr, "99"], lat[wr, "99.9"], cpu, failed
        }' "$out" >> "$results"
}

run_target() {
    local target="$1" w t0
    case "$target" in
        floor) start_floor ;;
        redis) start_redis ;;
        ringkv1) start_ringkv 1 ;;
        ringkv3) start_ringkv 3 ;;
        ringkv5) start_ringkv 5 ;;
        ringkv3c | ringkv5c)
            start_ringkv "${target:6:1}" "$target"
            db="io.ringkv.ycsb.RingkvClientDb" ;;
        ringkv3s | ringkv5s)
            start_ringkv "${target:6:1}" "$target"
            db="io.ringkv.ycsb.RingkvClientDb"; dbprops+=(-p ringkv.routing=PREFERENCE_SPREAD) ;;
        *) echo "ycsb.sh: unknown target $target" >&2; exit 2 ;;
    esac
    echo "ycsb.sh: $target: load $RECORDS records" >&2
    t0="$(cpu_ticks)"
    ops="$RECORDS" ycsb -load a "$LOAD_THREADS" 600 "$work/$target-load.txt"
    record "$target" load "$work/$target-load.txt" $(($(cpu_ticks) - t0))
    echo "ycsb.sh: $target: warm-up ${WARMUP}s" >&2
    ycsb -t a "$THREADS" "$WARMUP" "$work/$target-warmup.txt"
    for w in $WORKLOADS; do
        echo "ycsb.sh: $target: workload $w ${RUN}s" >&2
        if [[ -n "${PROFILE:-}" && "$target" == ringkv* ]]; then
            for p in "${pids[@]}"; do
                "$(dirname "$JAVA")/jcmd" "$p" JFR.start duration="${RUN}s" settings=profile \
                    filename="$work/$target-$w-$p.jfr" > /dev/null
            done
        fi
        t0="$(cpu_ticks)"
        ycsb -t "$w" "$THREADS" "$RUN" "$work/$target-$w.txt"
        record "$target" "$w" "$work/$target-$w.txt" $(($(cpu_ticks) - t0))
    done
    if [[ "$target" == ringkv1 ]]; then
        echo "ycsb.sh: $target: no-op GET /ping ${RUN}s" >&2
        t0="$(cpu_ticks)"
        ycsb -t c "$THREADS" "$RUN" "$work/$target-ping.txt" -p ringkv.readpath=/ping
        record "$target" ping "$work/$target-ping.txt" $(($(cpu_ticks) - t0))
    fi
    stop_servers
}

for target in $TARGETS; do run_target "$target"; done

report="bench-results/ycsb-$(date +%Y%m%d-%H%M%S).md"
{
    echo "# YCSB 0.17, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- JDK: $("$JAVA" -version 2>&1 | head -n 1) (client and nodes); node JVM options: $RINGKV_JVM_OPTS${NODE_ARGS:+; node arguments: $NODE_ARGS}"
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); client and servers share it"
    echo "- $RECORDS records of 10 fields x 100 bytes, zipfian; load with $LOAD_THREADS threads, then ${WARMUP}s of untimed workload A, then each workload for ${RUN}s with $THREADS threads"
    echo "- ringkv: sync=$SYNC, bucket lww, REST binding on OkHttp synchronous calls; 3 nodes: n=3 r=2 w=2, clients round-robin over the nodes; redis: appendfsync always, Jedis"
    echo "- ringkv3c, ringkv5c: the ring-aware client (client/, RingkvClientDb), each request to the first serving node of the key's preference list (ringkv3s, ringkv5s: its serving replicas in turn); ringkv5, ringkv5c, ringkv5s: five nodes, n=3 r=2 w=2"
    echo "- latency in ms; write = update (A, B), insert (load) or read-modify-write (F); CPU = server processes' CPU time per operation, µs"
    echo
    echo "| target | workload | ops/s | read p50 | p95 | p99 | p99.9 | write p50 | p95 | p99 | p99.9 | server CPU µs/op | failed |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' 'function ms(v) { return v == "" ? "" : sprintf("%.2f", v / 1000) }
        { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, ms($4), ms($5), ms($6), ms($7), ms($8), ms($9), ms($10), ms($11), $12, $13 }' "$results"
    echo
    echo "Ratios (same run):"
    echo
    awk -F'\t' '{ tput[$1, $2] = $3; rp99[$1, $2] = $6; wp99[$1, $2] = $10; cpu[$1, $2] = $12; seen[$2] = 1 }
        function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
        END {
            print "| workload | ringkv1 / floor | ringkv1 p99 / floor p99 (read, write) | ringkv3 / ringkv1 | ringkv3 p99 / ringkv1 p99 (read, write) | ringkv1 / redis |"
            print "|---|---:|---:|---:|---:|---:|"
            n = split("load a b c f", ws, " ")
            for (i = 1; i <= n; i++) { w = ws[i]; if (!(w in seen)) continue
                printf "| %s | %s | %s, %s | %s | %s, %s | %s |\n", w,
                    ratio(tput["ringkv1", w], tput["floor", w]), ratio(rp99["ringkv1", w], rp99["floor", w]), ratio(wp99["ringkv1", w], wp99["floor", w]),
                    ratio(tput["ringkv3", w], tput["ringkv1", w]), ratio(rp99["ringkv3", w], rp99["ringkv1", w]), ratio(wp99["ringkv3", w], wp99["ringkv1", w]),
                    ratio(tput["ringkv1", w], tput["redis", w])
            }
            if (("ringkv1", "ping") in cpu) {
                printf "\nServer CPU per operation: ringkv1 GET (workload c) %s µs, PUT (load) %s µs, no-op GET /ping %s µs: GET / no-op = %s",
                    cpu["ringkv1", "c"], cpu["ringkv1", "load"], cpu["ringkv1", "ping"], ratio(cpu["ringkv1", "c"], cpu["ringkv1", "ping"])
                if (("ringkv3", "c") in cpu) printf "; ringkv3 summed over the nodes, GET %s µs, PUT %s µs", cpu["ringkv3", "c"], cpu["ringkv3", "load"]
                print ""
            }
        }' "$results"
    if grep -q '^ringkv[35]c' "$results"; then
        echo
        echo "Client-driven routing (the ring-aware client) against clients round-robin over the nodes (same run):"
        echo
        awk -F'\t' '{ tput[$1, $2] = $3; rp99[$1, $2] = $6; wp99[$1, $2] = $10; cpu[$1, $2] = $12; seen[$2] = 1 }
            function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
            END {
                print "| workload | ringkv3c / ringkv3 | p99 (read, write) | server CPU | ringkv5c / ringkv5 | p99 (read, write) | server CPU |"
                print "|---|---:|---:|---:|---:|---:|---:|"
                n = split("load a b c f", ws, " ")
                for (i = 1; i <= n; i++) { w = ws[i]; if (!(w in seen)) continue
                    printf "| %s | %s | %s, %s | %s | %s | %s, %s | %s |\n", w,
                        ratio(tput["ringkv3c", w], tput["ringkv3", w]), ratio(rp99["ringkv3c", w], rp99["ringkv3", w]),
                        ratio(wp99["ringkv3c", w], wp99["ringkv3", w]), ratio(cpu["ringkv3c", w], cpu["ringkv3", w]),
                        ratio(tput["ringkv5c", w], tput["ringkv5", w]), ratio(rp99["ringkv5c", w], rp99["ringkv5", w]),
                        ratio(wp99["ringkv5c", w], wp99["ringkv5", w]), ratio(cpu["ringkv5c", w], cpu["ringkv5", w])
                }
            }' "$results"
    fi
} | tee "$report"
echo "ycsb.sh: written to $report; raw YCSB output in $work" >&2
