#!/usr/bin/env bash
# What streaming one key range costs (docs/transfer.md#benchmark): io.ringkv.bench.TransferBench
# loads about MB (256) megabytes of VALUE_BYTES (1000) byte objects into one range of a store on
# disk, serves it over loopback HTTP and pulls it through the OkHttp stream transport into a second
# store on disk, every object merged; prints the bytes, keys, chunks, time and MB/s. Extra arguments
# go to the benchmark (--chunk-bytes=N, --rate=N, --sync=always, --partitions=Q, --dir=PATH).
# JAVA picks the JVM (default: java on the PATH); JVM_OPTS its options.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"; MB="${MB:-256}"; VALUE_BYTES="${VALUE_BYTES:-1000}"
JVM_OPTS="${JVM_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
./mvnw -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/transfer-bench.classpath \
    -Dmdep.includeScope=test > /dev/null
exec "$JAVA" $JVM_OPTS -cp "target/test-classes:target/classes:$(cat target/transfer-bench.classpath)" \
    io.ringkv.bench.TransferBench --mb="$MB" --value-bytes="$VALUE_BYTES" "$@"
