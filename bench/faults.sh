#!/usr/bin/env bash
# The fault suite's long run (docs/faults.md): five node processes from the jar, random faults for
# FAULT_SECONDS (600), then the checkers; prints the counts table (also in target/faults-report.txt).
# Runs as root for partitions (iptables, a user per node) and needs libfaketime for clock faults
# (apt-get install faketime); without them those faults are skipped, and the report says so.
# SEED replays the fault and workload choices (not the timing); CLIENTS (4) and KEYS (12) size the
# workload; REPORT_ONLY (none) lists checks that are reported without failing the run.
set -euo pipefail
cd "$(dirname "$0")/.."
FAULT_SECONDS="${FAULT_SECONDS:-600}"
args=(-Dringkv.faults.seconds="$FAULT_SECONDS" -Dringkv.faults.clients="${CLIENTS:-4}"
    -Dringkv.faults.keys="${KEYS:-12}" -Dringkv.faults.report-only="${REPORT_ONLY:-}")
[[ -n "${SEED:-}" ]] && args+=(-Dringkv.faults.seed="$SEED")
status=0
flock /tmp/ringkv-bench.lock nice -n 19 ./mvnw -B -ntp verify -Dspotless.check.skip=true \
    -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIT "${args[@]}" || status=$?
cat target/faults-report.txt 2>/dev/null || echo "bench/faults.sh: no report was written" >&2
exit "$status"
